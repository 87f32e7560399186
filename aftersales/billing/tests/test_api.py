from aftersales.billing.models import Quote
from aftersales.billing.tests.conftest import make_done
from aftersales.core.tests.test_api_client import ApiClient

from .test_services_invoices import _paid_job
from .test_views import DATA_URL


def test_it_lists_and_creates_prices(prices, manager_hq, agent_a):
    assert ApiClient(agent_a).get("/prices").json()["count"] == 3
    body = {"code": "QX01", "name": "清洗", "kind": "labour", "price": "80", "source": "own"}
    assert ApiClient(agent_a).post("/prices", body).status_code == 403
    response = ApiClient(manager_hq).post("/prices", body)
    assert response.status_code == 201, response.json()
    assert response.json()["price"] in ("80.00", 80.0, "80")


def test_it_quotes_a_paid_job_and_reports_consent(paid_order, prices, outsider_b):
    api = ApiClient(paid_order.technician.user)
    response = api.post(
        f"/work-orders/{paid_order.pk}/quotes",
        {
            "fault": "缺氟",
            "expected_hours": "1.5",
            "lines": [{"item": prices["gas"].pk, "quantity": "2"}],
        },
    )
    assert response.status_code == 201, response.json()
    assert Quote.objects.get().total == 300
    billing = api.get(f"/work-orders/{paid_order.pk}/billing").json()
    assert billing["consent_missing"] and billing["quotes"][0]["status"] == "awaiting"
    assert ApiClient(outsider_b).get(f"/work-orders/{paid_order.pk}/billing").status_code == 404


def test_it_refuses_a_quote_on_an_unknown_item(paid_order):
    response = ApiClient(paid_order.technician.user).post(
        f"/work-orders/{paid_order.pk}/quotes",
        {"fault": "缺氟", "expected_hours": "1", "lines": [{"item": 999999}]},
    )
    assert response.status_code == 400
    assert response.json()["errors"][0]["field"] == "lines"


def test_cash_positions_for_finance_only(flow, prices, now, signature_png, technician_a, finance_a):
    _paid_job(flow, prices, now, signature_png, technician=technician_a, amount=120)
    rows = ApiClient(finance_a).get("/cash-positions").json()["rows"]
    assert [(r["technician"], r["outstanding"]) for r in rows] in (
        [(technician_a.user.pk, "120.00")],
        [(technician_a.user.pk, 120.0)],
    )
    assert ApiClient(technician_a.user).get("/cash-positions").status_code == 403


def _consented_job(paid_order, prices, now, signature_png):
    from aftersales.billing import services

    tech = paid_order.technician.user
    quote = services.quote_create(
        order=paid_order,
        by=tech,
        now=now,
        fault="缺氟",
        expected_hours=1,
        lines=[(prices["visit"], 1), (prices["gas"], 2)],
    )
    return quote


def test_it_takes_a_paid_job_from_consent_to_cash_through_the_api(
    paid_order, prices, now, finance_a, outsider_b
):
    from decimal import Decimal

    from aftersales.billing.models import CashHandover, Invoice

    tech = ApiClient(paid_order.technician.user)
    quote = _consented_job(paid_order, prices, now, None)
    # No invoice before consent, in the user's language and naming the field.
    refused = tech.post(f"/work-orders/{paid_order.pk}/invoices", {})
    assert refused.status_code == 400
    assert refused.json()["errors"][0]["field"] == "order"
    signed = tech.post(
        f"/quotes/{quote.pk}/consent-signature", {"signer_name": "张伟", "signature": DATA_URL}
    )
    assert signed.status_code == 200, signed.json()
    assert signed.json()["status"] == "consented"
    assert signed.json()["consent"]["method"] == "signature"
    # Nor before the work is done.
    early = tech.post(f"/work-orders/{paid_order.pk}/invoices", {"quote": quote.pk})
    assert early.status_code == 400 and early.json()["errors"][0]["field"] == "order"
    make_done(paid_order)

    issued = tech.post(f"/work-orders/{paid_order.pk}/invoices", {"quote": quote.pk})
    assert issued.status_code == 201, issued.json()
    body = issued.json()
    assert (body["total"], body["outstanding"]) in (("350.00", "350.00"), (350.0, 350.0))
    assert [line["name"] for line in body["lines"]] == ["上门费", "加氟"]
    invoice_id = body["id"]

    too_much = tech.post(f"/invoices/{invoice_id}/payments", {"amount": "400", "method": "cash"})
    assert too_much.status_code == 400
    assert "350.00" in too_much.json()["detail"]
    paid = tech.post(f"/invoices/{invoice_id}/payments", {"amount": "350", "method": "cash"})
    assert paid.status_code == 201, paid.json()
    assert paid.json()["invoice_status"] == "paid"

    finance = ApiClient(finance_a)
    (row,) = finance.get("/cash-positions").json()["rows"]
    assert row["payments"] == [paid.json()["id"]]
    received = finance.post(
        "/cash-handovers", {"technician": row["technician"], "payments": row["payments"]}
    )
    assert received.status_code == 201, received.json()
    assert CashHandover.objects.get().total == Decimal("350.00")
    again = finance.post(
        "/cash-handovers", {"technician": row["technician"], "payments": row["payments"]}
    )
    assert again.status_code == 400 and again.json()["code"] == "handed_over"
    assert Invoice.objects.get().status == "paid"
    assert ApiClient(outsider_b).get(f"/invoices/{invoice_id}").status_code == 404


def test_it_voids_an_unpaid_invoice_and_invoices_again(invoice, finance_a, agent_a):
    assert (
        ApiClient(agent_a).post(f"/invoices/{invoice.pk}/void", {"reason": "x"}).status_code == 403
    )
    empty = ApiClient(finance_a).post(f"/invoices/{invoice.pk}/void", {"reason": " "})
    assert empty.status_code == 400 and empty.json()["errors"][0]["field"] == "reason"
    voided = ApiClient(finance_a).post(f"/invoices/{invoice.pk}/void", {"reason": "开错抬头"})
    assert voided.status_code == 200
    assert (voided.json()["status"], voided.json()["void_reason"]) == ("void", "开错抬头")
    again = ApiClient(invoice.order.technician.user).post(
        f"/work-orders/{invoice.order.pk}/invoices", {}
    )
    assert again.status_code == 201 and again.json()["id"] != invoice.pk


def test_a_discount_above_the_limit_waits_and_is_decided_through_the_api(
    invoice, supervisor_a, gm_a
):
    asked = ApiClient(invoice.order.technician.user).post(
        f"/invoices/{invoice.pk}/discounts", {"amount": "70", "reason": "老客户"}
    )
    assert asked.status_code == 201 and asked.json()["status"] == "pending"
    listed = ApiClient(supervisor_a).get("/discounts").json()
    assert [d["id"] for d in listed["items"]] == [asked.json()["id"]]
    # 20 % is above a supervisor's 10 %.
    decide = f"/discounts/{asked.json()['id']}/decide"
    assert ApiClient(supervisor_a).post(decide, {"approve": True}).status_code == 403
    refused = ApiClient(gm_a).post(decide, {"approve": False})
    assert refused.status_code == 400 and refused.json()["errors"][0]["field"] == "note"
    approved = ApiClient(gm_a).post(decide, {"approve": True, "note": "同意"})
    assert approved.status_code == 200 and approved.json()["status"] == "approved"
    invoice.refresh_from_db()
    assert str(invoice.amount_due) == "280.00"


def test_phone_consent_decline_and_price_update(quoted, agent_a, manager_hq, prices):
    declined = ApiClient(quoted.order.technician.user).post(
        f"/quotes/{quoted.pk}/decline", {"note": "客户嫌贵"}
    )
    assert declined.status_code == 200 and declined.json()["status"] == "declined"
    late = ApiClient(agent_a).post(f"/quotes/{quoted.pk}/consent-phone", {"signer_name": "张伟"})
    assert late.status_code == 400 and late.json()["errors"][0]["field"] == "quote"
    changed = ApiClient(manager_hq).patch(f"/prices/{prices['gas'].pk}", {"price": "180"})
    assert changed.status_code == 200 and changed.json()["price"] in ("180.00", 180.0)
    bad = ApiClient(manager_hq).patch(f"/prices/{prices['gas'].pk}", {"price": "-1"})
    assert bad.status_code == 400 and bad.json()["errors"][0]["field"] == "price"
    assert (
        ApiClient(agent_a).patch(f"/prices/{prices['gas'].pk}", {"price": "1"}).status_code == 403
    )
