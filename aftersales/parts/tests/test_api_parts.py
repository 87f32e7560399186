"""The parts API: catalogue, warehouses, stock levels, documents (created idempotently), the parts
used on a work order; each branch sees its own."""

import pytest

from aftersales.core.tests.test_api_client import ApiClient
from aftersales.parts import services
from aftersales.parts.models import Part, StockDocument, StockLevel
from aftersales.parts.services import LineIn
from aftersales.workorders.models import ServiceCategory, State


def test_it_lists_the_catalogue_and_creates_a_part_once_per_key(warehouse_a, aircon):
    api = ApiClient(warehouse_a)
    body = {"code": "fan-m1", "name": "室外风扇电机", "categories": [aircon.pk], "unit_cost": "120"}
    first = api.post("/parts", body, key="k-1")
    again = api.post("/parts", body, key="k-1")
    assert first.status_code == again.status_code == 201
    assert first.json() == again.json() and first.json()["code"] == "FAN-M1"
    assert Part.objects.count() == 1
    assert [p["code"] for p in api.get("/parts", q="风扇").json()["items"]] == ["FAN-M1"]


def test_a_technician_cannot_add_parts(technician_a):
    response = ApiClient(technician_a.user).post("/parts", {"code": "X", "name": "x"})
    assert response.status_code == 403 and not Part.objects.exists()


def test_it_files_a_receipt_once_per_key_and_lists_levels_of_the_branch(
    warehouse_a, outsider_b, store_a, capacitor
):
    api = ApiClient(warehouse_a)
    body = {
        "kind": "receipt",
        "to_warehouse": store_a.pk,
        "supplier": "格力配件部",
        "lines": [{"part": capacitor.pk, "quantity": 3}],
    }
    first = api.post("/stock-documents", body, key="r-1")
    again = api.post("/stock-documents", body, key="r-1")
    assert first.status_code == 201 and first.json() == again.json()
    assert first.json()["lines"][0]["quantity"] == 3
    assert StockDocument.objects.count() == 1
    assert StockLevel.objects.get().quantity == 3
    levels = api.get("/stock-levels").json()["items"]
    assert [(level["part_code"], level["quantity"]) for level in levels] == [("CAP-35UF", 3)]
    assert ApiClient(outsider_b).get("/stock-levels").json()["items"] == []
    document_id = first.json()["id"]
    assert ApiClient(outsider_b).get(f"/stock-documents/{document_id}").status_code == 404
    assert api.get(f"/stock-documents/{document_id}").status_code == 200


def test_it_refuses_another_branchs_warehouse_as_a_bad_choice(warehouse_a, store_b, capacitor):
    response = ApiClient(warehouse_a).post(
        "/stock-documents",
        {
            "kind": "receipt",
            "to_warehouse": store_b.pk,
            "lines": [{"part": capacitor.pk, "quantity": 1}],
        },
    )
    assert response.status_code == 400
    assert response.json()["errors"][0]["field"] == "to_warehouse"
    assert not StockDocument.objects.exists()


def test_running_out_is_told_clearly(flow, warehouse_a, stocked, board):
    order = flow.reach(State.ON_SITE)
    api = ApiClient(warehouse_a)
    body = {
        "kind": "issue",
        "from_warehouse": stocked.pk,
        "work_order": order.pk,
        "lines": [{"part": board.pk, "quantity": 1, "serial_number": "S1"}],
    }
    assert api.post("/stock-documents", body).status_code == 201
    assert (
        api.post(
            "/stock-documents",
            {**body, "lines": [{"part": board.pk, "quantity": 1, "serial_number": "S2"}]},
        ).status_code
        == 201
    )
    response = api.post(
        "/stock-documents",
        {**body, "lines": [{"part": board.pk, "quantity": 1, "serial_number": "S3"}]},
    )
    assert response.status_code == 400 and response.json()["code"] == "out_of_stock"
    assert "has only 0 of PCB-KFR35" in response.json()["detail"]
    chinese = ApiClient(warehouse_a, language=None).post(
        "/stock-documents",
        {**body, "lines": [{"part": board.pk, "quantity": 1, "serial_number": "S4"}]},
    )
    assert "的 PCB-KFR35 室内机主板（良品）库存只有 0 件" in chinese.json()["detail"]


def test_an_old_part_sent_to_good_stock_is_refused(flow, warehouse_a, stocked, capacitor, now):
    order = flow.reach(State.ON_SITE)
    services.stock_issue_to_order(
        by=warehouse_a,
        now=now,
        warehouse=stocked,
        order=order,
        lines=[LineIn(part=capacitor, quantity=1)],
    )
    response = ApiClient(warehouse_a).post(
        "/stock-documents",
        {
            "kind": "old_part_return",
            "to_warehouse": stocked.pk,
            "work_order": order.pk,
            "lines": [{"part": capacitor.pk, "quantity": 1, "condition": "good"}],
        },
    )
    assert response.status_code == 400 and response.json()["code"] == "used_part_to_good_stock"


@pytest.mark.parametrize(
    ("category", "amount"), [(ServiceCategory.PAID, "90.00"), (ServiceCategory.FREE, "0.00")]
)
def test_it_lists_the_parts_used_on_an_order(
    flow, warehouse_a, stocked, capacitor, now, outsider_b, category, amount
):
    order = flow.reach(State.ON_SITE)
    order.category = category
    order.save(update_fields=["category"])
    services.stock_issue_to_order(
        by=warehouse_a,
        now=now,
        warehouse=stocked,
        order=order,
        lines=[LineIn(part=capacitor, quantity=2)],
    )
    used = ApiClient(warehouse_a).get(f"/work-orders/{order.pk}/parts").json()
    assert [(u["part_code"], u["quantity"], u["amount"]) for u in used] == [("CAP-35UF", 2, amount)]
    assert ApiClient(outsider_b).get(f"/work-orders/{order.pk}/parts").status_code == 404


def test_warehouses_are_listed_by_branch(warehouse_a, keeper_hq, store_a, store_b):
    assert [w["name"] for w in ApiClient(warehouse_a).get("/warehouses").json()["items"]] == [
        "北京中心仓"
    ]
    assert len(ApiClient(keeper_hq).get("/warehouses").json()["items"]) == 2
