"""The holiday duty roster through the API: listed by branch and date, created once per key."""

import pytest

from aftersales.calendars.models import DutyAssignment
from aftersales.core.tests.test_api_client import ApiClient, error_fields
from aftersales.customers.models import Customer
from aftersales.factories import CustomerFactory

pytestmark = pytest.mark.django_db


def _body(technician, **kw):
    return {
        "technician": technician.pk,
        "date": "2026-10-01",
        "starts": "08:30",
        "ends": "17:30",
        **kw,
    }


def test_a_supervisor_puts_a_technician_on_duty_once_per_key(supervisor_a, technician_a, branch_a):
    site = CustomerFactory(name="国贸大厦", tier=Customer.Tier.KEY, branch=branch_a)
    api = ApiClient(supervisor_a)
    first = api.post("/duty-assignments", _body(technician_a, site=site.pk), key="d1")
    again = api.post("/duty-assignments", _body(technician_a, site=site.pk), key="d1")
    assert first.status_code == again.status_code == 201
    assert first.content == again.content
    data = first.json()
    assert (data["site_name"], data["technician_name"], data["overnight"]) == (
        "国贸大厦",
        str(technician_a),
        False,
    )
    assert data["phone"] == technician_a.phone
    assert DutyAssignment.objects.count() == 1
    duplicate = api.post("/duty-assignments", _body(technician_a, site=site.pk))
    assert duplicate.status_code == 409 and error_fields(duplicate) == ["technician"]


def test_it_refuses_what_is_not_his_naming_the_field(
    supervisor_a, technician_b, technician_a, customer_b, agent_a
):
    api = ApiClient(supervisor_a)
    other = api.post("/duty-assignments", _body(technician_b))
    assert other.status_code == 400 and error_fields(other) == ["technician"]
    site = api.post("/duty-assignments", _body(technician_a, site=customer_b.pk))
    assert site.status_code == 400 and error_fields(site) == ["site"]
    same = api.post("/duty-assignments", _body(technician_a, ends="08:30"))
    assert same.status_code == 400 and error_fields(same) == ["ends"]
    assert ApiClient(agent_a).post("/duty-assignments", _body(technician_a)).status_code == 403
    assert not DutyAssignment.objects.exists()


def test_it_lists_the_branchs_duties_between_two_days(
    supervisor_a, technician_a, outsider_b, agent_a
):
    api = ApiClient(supervisor_a)
    api.post("/duty-assignments", _body(technician_a, date="2026-02-17"))
    api.post("/duty-assignments", _body(technician_a, date="2026-10-01"))
    items = ApiClient(agent_a).get("/duty-assignments", start="2026-02-15", end="2026-02-23")
    assert [item["date"] for item in items.json()["items"]] == ["2026-02-17"]
    assert ApiClient(outsider_b).get("/duty-assignments").json()["items"] == []
