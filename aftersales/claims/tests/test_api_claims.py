"""The claims API: building a claim, the manufacturer's answer, claim part orders."""

from decimal import Decimal

from django.utils import timezone

from aftersales.claims.models import ClaimPartOrder, WarrantyClaim
from aftersales.core.tests.test_api_client import ApiClient
from aftersales.workorders.models import State


def test_it_builds_a_claim_and_records_the_manufacturers_answer(
    manager_hq, gree_rate, finished_job, branch_a, now
):
    order = finished_job(issued=2, returned=2)
    api = ApiClient(manager_hq)
    body = {
        "brand": "格力",
        "period_start": "2020-01-01",
        "period_end": str(timezone.localdate(now)),
        "work_orders": [order.pk],
        "branch": branch_a.pk,
    }

    created = api.post("/claims", body, key="claim-1")

    assert created.status_code == 201, created.json()
    claim = created.json()
    assert claim["claimed_amount"] == "193.20" and claim["work_orders"] == [order.pk]
    part = next(line for line in claim["lines"] if line["kind"] == "part")
    assert part["evidence"] is not None
    again = api.post("/claims", body)
    assert again.status_code == 409 and again.json()["errors"][0]["field"] == "orders"

    path = f"/claims/{claim['id']}"
    assert api.post(f"{path}/submit", {}).json()["status"] == "submitted"
    accepted = api.post(f"{path}/accept", {"amount": "180.00", "note": "差旅费按标准核减"})
    assert accepted.json()["outstanding"] == "180.00"
    paid = api.post(
        f"{path}/payment",
        {"amount": "180.00", "paid_on": str(timezone.localdate(now)), "reference": "HT-7"},
    )
    assert paid.status_code == 200 and paid.json()["status"] == "paid"
    (row,) = api.get("/claims/outstanding").json()
    assert (row["brand"], row["paid"], row["outstanding"]) == ("格力", "180.00", "0.00")
    assert WarrantyClaim.objects.get().paid_amount == Decimal("180.00")


def test_an_illegal_move_answers_409(manager_hq, gree_rate, finished_job, branch_a, now):
    api = ApiClient(manager_hq)
    claim = api.post(
        "/claims",
        {
            "brand": "格力",
            "period_start": "2020-01-01",
            "period_end": str(timezone.localdate(now)),
            "work_orders": [finished_job().pk],
            "branch": branch_a.pk,
        },
    ).json()
    response = api.post(
        f"/claims/{claim['id']}/payment", {"amount": "1", "paid_on": "2026-01-01", "reference": "X"}
    )
    assert response.status_code == 409 and response.json()["code"] == "illegal_move"


def test_a_claim_part_order_is_requested_signed_and_fitted(
    agent_a, supervisor_a, warehouse_a, store_a, flow, compressor
):
    order = flow.reach(State.ON_SITE)
    agent = ApiClient(agent_a)
    created = agent.post(
        "/claim-part-orders",
        {
            "work_order": order.pk,
            "part": compressor.pk,
            "deposit_amount": "300",
            "deposit_method": "cash",
        },
        key="po-1",
    )
    assert created.status_code == 201, created.json()
    path = f"/claim-part-orders/{created.json()['id']}"
    assert agent.post(f"{path}/approve", {}).status_code == 403
    supervisor = ApiClient(supervisor_a)
    assert supervisor.post(f"{path}/approve", {}).json()["status"] == "approved"
    agent.post(f"{path}/ordered", {"reference": "GL-1"})
    assert agent.post(f"{path}/arrived", {}).status_code == 403  # the warehouse receives it
    arrived = ApiClient(warehouse_a).post(f"{path}/arrived", {}).json()
    assert arrived["status"] == "arrived" and arrived["receipt"] is not None
    fitted = supervisor.post(f"{path}/fit", {})
    assert fitted.json()["deposit_refunded_amount"] == "300.00"
    assert fitted.json()["issue"] is not None
    assert supervisor.post(f"{path}/fit", {}).status_code == 409
    listed = agent.get("/claim-part-orders", status="fitted").json()
    assert [item["id"] for item in listed["items"]] == [created.json()["id"]]
    assert ClaimPartOrder.objects.get().status == "fitted"
