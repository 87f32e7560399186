from aftersales.billing.models import Quote
from aftersales.core.tests.test_api_client import ApiClient

from .test_services_invoices import _paid_job


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
