"""The outlet settlement API: drawing up (idempotent), reading with lines, confirm, pay, rates."""

import pytest

from aftersales.core.tests.test_api_client import ApiClient, error_fields
from aftersales.settlements.models import OutletRate, OutletSettlement

from .conftest import at


@pytest.fixture
def may_job(job, rate):
    rate("C", "60")
    return job(at(2025, 5, 31, 23, 59))


def test_it_draws_up_a_statement_once_per_idempotency_key(finance_a, outlet_a, may_job):
    api = ApiClient(finance_a)
    body = {"outlet": outlet_a.pk, "month": "2025-05"}
    first = api.post("/outlet-settlements", body, key="k-1")
    again = api.post("/outlet-settlements", body, key="k-1")
    assert first.status_code == again.status_code == 201
    assert first.content == again.content
    assert OutletSettlement.objects.count() == 1
    assert (first.json()["month"], first.json()["jobs"], first.json()["total"]) == (
        "2025-05",
        1,
        "60.00",
    )
    duplicate = api.post("/outlet-settlements", body)
    assert duplicate.status_code == 409 and error_fields(duplicate) == ["month"]


def test_a_bad_month_is_told_on_its_field(finance_a, outlet_a):
    response = ApiClient(finance_a).post(
        "/outlet-settlements", {"outlet": outlet_a.pk, "month": "May"}
    )
    assert response.status_code == 400 and error_fields(response) == ["month"]


def test_it_reads_confirms_and_pays_a_statement(finance_a, outlet_a, may_job):
    api = ApiClient(finance_a)
    sid = api.post("/outlet-settlements", {"outlet": outlet_a.pk, "month": "2025-05"}).json()["id"]
    detail = api.get(f"/outlet-settlements/{sid}").json()
    (line,) = detail["lines"]
    assert line["order_number"] == may_job.number
    assert line["completed_at"].endswith("23:59:00+08:00")
    assert line["amount"] == "60.00" and line["reason"]
    assert api.post(f"/outlet-settlements/{sid}/confirm").json()["status"] == "confirmed"
    assert api.post(f"/outlet-settlements/{sid}/rebuild").status_code == 409
    paid = api.post(
        f"/outlet-settlements/{sid}/pay", {"paid_on": "2099-01-01", "reference": "ICBC-1"}
    )
    assert paid.status_code == 400 and error_fields(paid) == ["paid_on"]
    assert api.get("/outlet-settlements", month="2025-05").json()["count"] == 1
    assert api.get("/outlet-settlements", status="draft").json()["count"] == 0


def test_another_branch_and_other_roles_are_kept_out(finance_b, agent_a, outlet_a, may_job):
    refused = ApiClient(finance_b).post(
        "/outlet-settlements", {"outlet": outlet_a.pk, "month": "2025-05"}
    )
    assert refused.status_code == 400 and error_fields(refused) == ["outlet"]
    assert ApiClient(agent_a).get("/outlet-settlements").status_code == 403
    assert not OutletSettlement.objects.exists()


def test_it_adds_and_lists_rates(finance_a, finance_b, outlet_a):
    api = ApiClient(finance_a)
    body = {
        "outlet": outlet_a.pk,
        "service_category": "B",
        "amount": "70",
        "effective_from": "2025-01-01",
    }
    created = api.post("/outlet-rates", body, key="r-1")
    assert created.status_code == 201 and created.json()["outlet_name"] == "朝阳家电维修网点"
    assert api.post("/outlet-rates", body).status_code == 409
    assert api.post("/outlet-rates", {**body, "service_category": "D"}).status_code == 400
    assert [r["id"] for r in api.get("/outlet-rates").json()["items"]] == [created.json()["id"]]
    assert ApiClient(finance_b).get("/outlet-rates").json()["count"] == 0
    assert OutletRate.objects.count() == 1
