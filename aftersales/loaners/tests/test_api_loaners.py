"""The loaners API: register (idempotent), read, lend for a work order, return, loans out."""

import datetime as dt

from django.utils import timezone

from aftersales.core.models import AuditEntry
from aftersales.core.tests.test_api_client import ApiClient, error_fields
from aftersales.loaners.models import LoanerLoan, LoanerUnit


def _due(days=3) -> str:
    return (timezone.localtime() + dt.timedelta(days=days)).replace(microsecond=0).isoformat()


def test_it_registers_a_loaner_once_per_idempotency_key(supervisor_a, aircon_model, branch_a):
    api = ApiClient(supervisor_a)
    body = {"asset_number": "TB-0900", "model": aircon_model.pk, "serial": "S1"}
    first = api.post("/loaners", body, key="k-1")
    again = api.post("/loaners", body, key="k-1")
    assert first.status_code == again.status_code == 201
    assert first.content == again.content
    assert LoanerUnit.objects.count() == 1
    assert first.json()["branch"] == branch_a.pk and first.json()["is_available"] is True


def test_an_agent_may_not_register_a_loaner(agent_a, aircon_model):
    response = ApiClient(agent_a).post(
        "/loaners", {"asset_number": "TB-1", "model": aircon_model.pk}
    )
    assert response.status_code == 403
    assert not LoanerUnit.objects.exists()


def test_it_lends_for_an_open_order_and_takes_the_return(dispatcher_a, make_loaner, make_order):
    loaner, order = make_loaner(), make_order()
    api = ApiClient(dispatcher_a)
    response = api.post(
        f"/loaners/{loaner.pk}/lend",
        {"work_order": order.pk, "expected_return": _due(), "deposit": "200.00"},
    )
    assert response.status_code == 200, response.json()
    loan = response.json()
    assert (loan["work_order"], loan["customer"], loan["deposit"]) == (
        order.pk,
        order.customer_id,
        "200.00",
    )
    assert api.get(f"/loaners/{loaner.pk}").json()["is_available"] is False
    assert [item["id"] for item in api.get(f"/work-orders/{order.pk}/loaners").json()] == [
        loan["id"]
    ]
    assert api.get("/loaners/loans").json()["count"] == 1

    second = api.post(
        f"/loaners/{loaner.pk}/lend", {"work_order": order.pk, "expected_return": _due()}
    )
    assert second.status_code == 409
    assert LoanerLoan.objects.count() == 1

    response = api.post(f"/loaner-loans/{loan['id']}/return", {"condition": "完好"})
    assert response.status_code == 200
    assert api.get(f"/loaners/{loaner.pk}").json()["is_available"] is True
    again = api.post(f"/loaner-loans/{loan['id']}/return", {})
    assert again.status_code == 409


def test_a_lending_for_a_missing_or_foreign_order_is_a_bad_work_order(
    supervisor_a, make_loaner, customer_b, outsider_b
):
    loaner = make_loaner()
    entries = AuditEntry.objects.count()
    response = ApiClient(supervisor_a).post(
        f"/loaners/{loaner.pk}/lend", {"work_order": 999999, "expected_return": _due()}
    )
    assert response.status_code == 400
    assert error_fields(response) == ["work_order"]
    assert AuditEntry.objects.count() == entries


def test_another_branch_sees_no_loaner_and_no_loan(
    supervisor_a, outsider_b, make_loaner, make_order
):
    loaner, order = make_loaner(), make_order()
    ApiClient(supervisor_a).post(
        f"/loaners/{loaner.pk}/lend", {"work_order": order.pk, "expected_return": _due()}
    )
    loan = LoanerLoan.objects.get()
    other = ApiClient(outsider_b)
    assert other.get("/loaners").json()["count"] == 0
    assert other.get("/loaners/loans").json()["count"] == 0
    assert other.get(f"/loaners/{loaner.pk}").status_code == 404
    assert other.post(f"/loaner-loans/{loan.pk}/return", {}).status_code == 404
    assert LoanerLoan.objects.get().returned_at is None


def test_overdue_loans_only_on_request(supervisor_a, make_loaner, make_order, now):
    from aftersales.loaners import services

    services.loaner_lend(
        by=supervisor_a,
        now=now - dt.timedelta(days=5),
        loaner=make_loaner(),
        customer=make_order().customer,
        work_order=make_order(),
        expected_return=now - dt.timedelta(days=1),
    )
    api = ApiClient(supervisor_a)
    assert api.get("/loaners/loans", overdue="true").json()["count"] == 1
    assert api.get("/loaners/loans").json()["count"] == 1
