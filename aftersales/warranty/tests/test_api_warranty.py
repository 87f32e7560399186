"""The API of contracts, the three-guarantee table and the category override."""

import datetime as dt

import pytest

from aftersales.core.tests.test_api_client import ApiClient, error_fields
from aftersales.warranty.models import MaintenanceContract
from aftersales.workorders.services import work_order_create

pytestmark = pytest.mark.django_db


def _body(customer, unit, year=2030):
    return {
        "customer": customer.pk,
        "units": [unit.pk],
        "start": f"{year}-01-01",
        "end": f"{year}-12-31",
        "annual_fee": "1200.00",
        "visits_per_year": 4,
    }


def test_it_files_a_contract_once_per_key(supervisor_a, customer_a, unit_a):
    api = ApiClient(supervisor_a)
    first = api.post("/contracts", _body(customer_a, unit_a), key="k1")
    again = api.post("/contracts", _body(customer_a, unit_a), key="k1")
    assert first.status_code == again.status_code == 201
    assert first.content == again.content
    assert MaintenanceContract.objects.count() == 1
    data = first.json()
    assert data["units"][0]["serial"] == unit_a.serial and data["status"] == "active"


def test_it_refuses_a_unit_of_another_branch(supervisor_a, customer_a, unit_b):
    response = ApiClient(supervisor_a).post("/contracts", _body(customer_a, unit_b))
    assert response.status_code == 400 and error_fields(response) == ["units"]


def test_it_lists_and_reads_only_the_branchs_contracts(outsider_b, agent_a, contract_a):
    assert ApiClient(agent_a).get("/contracts").json()["items"][0]["number"] == contract_a.number
    assert ApiClient(outsider_b).get("/contracts").json()["items"] == []
    assert ApiClient(outsider_b).get(f"/contracts/{contract_a.pk}").status_code == 404
    assert ApiClient(agent_a).get("/contracts", expiring=True).json()["items"] == []


def test_an_agent_may_not_file_a_contract(agent_a, customer_a, unit_a):
    response = ApiClient(agent_a).post("/contracts", _body(customer_a, unit_a))
    assert response.status_code == 403
    assert MaintenanceContract.objects.count() == 0


def test_it_reads_the_three_guarantee_table(finance_a):
    rows = ApiClient(finance_a).get("/three-guarantee-rules").json()
    assert [(r["category"], r["days"], r["remedies"]) for r in rows] == [
        (None, 7, ["return", "exchange", "repair"]),
        (None, 15, ["exchange", "repair"]),
    ]


def test_the_order_tells_its_category_reason_and_may_be_overridden(
    agent_a, supervisor_a, customer_a, unit_a, now
):
    order = work_order_create(by=agent_a, customer=customer_a, unit=unit_a, symptom="摔坏", now=now)
    data = ApiClient(agent_a).get(f"/work-orders/{order.pk}").json()
    assert data["category"] == "C" and "in warranty until" in data["category_reason"]
    assert (
        ApiClient(agent_a)
        .post(f"/work-orders/{order.pk}/category", {"category": "A", "reason": "x"})
        .status_code
        == 403
    )
    missing = ApiClient(supervisor_a).post(
        f"/work-orders/{order.pk}/category", {"category": "A", "reason": " "}
    )
    assert missing.status_code == 400 and error_fields(missing) == ["reason"]
    done = (
        ApiClient(supervisor_a)
        .post(f"/work-orders/{order.pk}/category", {"category": "A", "reason": "人为摔坏"})
        .json()
    )
    assert (done["category"], done["category_overridden"], done["category_note"]) == (
        "A",
        True,
        "人为摔坏",
    )


def test_contract_dates_are_the_contracts_own(supervisor_a, customer_a, unit_a):
    body = _body(customer_a, unit_a) | {"end": "2029-12-31"}
    response = ApiClient(supervisor_a).post("/contracts", body)
    assert response.status_code == 400 and error_fields(response) == ["end"]
    assert dt.date(2030, 1, 1)  # the start stays as sent
