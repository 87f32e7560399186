"""The renewal notices through the API (004 (二十)), and a contract's arrival time."""

import datetime as dt

import pytest
from django.utils import timezone

from aftersales.accounts.models import Role
from aftersales.core.tests.test_api_client import ApiClient, error_fields
from aftersales.factories import UserFactory
from aftersales.warranty.models import RenewalNotice

pytestmark = pytest.mark.django_db


@pytest.fixture
def notice(contract_a, now):
    return RenewalNotice.objects.create(contract=contract_a, created_at=now, due=contract_a.end)


def test_it_lists_and_reads_the_branchs_notices(agent_a, outsider_b, supervisor_a, notice):
    items = ApiClient(agent_a).get("/renewal-notices").json()["items"]
    assert [(i["id"], i["contract_number"], i["status"]) for i in items] == [
        (notice.pk, notice.contract.number, "open")
    ]
    assert items[0]["annual_fee"] == "1200.00" and items[0]["assigned_to"] is None
    assert ApiClient(outsider_b).get("/renewal-notices").json()["items"] == []
    assert ApiClient(outsider_b).get(f"/renewal-notices/{notice.pk}").status_code == 404
    assert ApiClient(supervisor_a).get("/renewal-notices", mine=True).json()["items"] == []


def test_a_supervisor_pursues_the_renewal(supervisor_a, branch_a, notice):
    manager_a = UserFactory(username="manager_a", role=Role.MANAGER, branch=branch_a)
    api = ApiClient(supervisor_a)

    assigned = api.post(f"/renewal-notices/{notice.pk}/assign", {"assignee": manager_a.pk})
    assert assigned.status_code == 200
    assert (assigned.json()["assigned_to"], assigned.json()["assigned_to_name"]) == (
        manager_a.pk,
        str(manager_a),
    )
    today = timezone.localdate()
    sent = api.post(f"/renewal-notices/{notice.pk}/letter-sent", {"sent_on": str(today)})
    assert sent.json()["letter_sent_on"] == today.isoformat()
    closed = api.post(f"/renewal-notices/{notice.pk}/close", {"reason": "客户设备已报废"})
    assert closed.status_code == 200
    assert (closed.json()["status"], closed.json()["outcome"]) == ("declined", "客户设备已报废")


def test_it_refuses_bad_moves_naming_the_field(supervisor_a, agent_a, notice):
    api = ApiClient(supervisor_a, language="zh-hans")
    wrong = api.post(f"/renewal-notices/{notice.pk}/assign", {"assignee": agent_a.pk})
    assert wrong.status_code == 400 and error_fields(wrong) == ["assignee"]
    future = str(timezone.localdate() + dt.timedelta(days=3))
    late = api.post(f"/renewal-notices/{notice.pk}/letter-sent", {"sent_on": future})
    assert late.status_code == 400 and error_fields(late) == ["sent_on"]
    assert late.json()["errors"][0]["message"] == "通知书的寄出日期不能晚于今天。"
    empty = api.post(f"/renewal-notices/{notice.pk}/close", {"reason": " "})
    assert empty.status_code == 400 and error_fields(empty) == ["reason"]
    assert (
        ApiClient(agent_a).post(f"/renewal-notices/{notice.pk}/close", {"reason": "x"}).status_code
        == 403
    )
    notice.refresh_from_db()
    assert notice.status == "open" and notice.letter_sent_on is None


def test_a_renewal_through_the_api_closes_the_notice(supervisor_a, contract_a, notice):
    end = (contract_a.end + dt.timedelta(days=365)).isoformat()
    renewed = ApiClient(supervisor_a).post(f"/contracts/{contract_a.pk}/renew", {"end": end})
    assert renewed.status_code == 201
    data = ApiClient(supervisor_a).get(f"/renewal-notices/{notice.pk}").json()
    assert (data["status"], data["outcome"]) == ("renewed", renewed.json()["number"])


def test_a_contract_has_its_arrival_time_in_the_api(supervisor_a, customer_a, unit_a):
    body = {
        "customer": customer_a.pk,
        "units": [unit_a.pk],
        "start": "2030-01-01",
        "end": "2030-12-31",
        "annual_fee": "1200.00",
        "visits_per_year": 4,
        "arrival_hours": "10",
    }
    api = ApiClient(supervisor_a)
    created = api.post("/contracts", body)
    assert created.status_code == 201 and created.json()["arrival_hours"] == "10.0"
    contract_id = created.json()["id"]
    kept = api.post(f"/contracts/{contract_id}/renew", {"end": "2031-12-31"})
    assert kept.json()["arrival_hours"] == "10.0"
    cleared = api.post(
        f"/contracts/{kept.json()['id']}/renew", {"end": "2032-12-31", "arrival_hours": None}
    )
    assert cleared.json()["arrival_hours"] is None
    bad = api.post(
        "/contracts", {**body, "start": "2040-01-01", "end": "2040-12-31", "arrival_hours": "0"}
    )
    assert bad.status_code == 400 and error_fields(bad) == ["arrival_hours"]
