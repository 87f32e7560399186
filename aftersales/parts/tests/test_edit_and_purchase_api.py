"""Parts and warehouses are corrected on their own pages; a warehouse is closed only when empty.
Purchases through the API: requests, supplier quotes (created once per Idempotency-Key), and the
decision, each branch seeing its own."""

from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import translation

from aftersales.core.models import AuditEntry
from aftersales.core.tests.test_api_client import ApiClient
from aftersales.parts import services
from aftersales.parts.models import Part, PurchaseRequest, SupplierQuote, Warehouse
from aftersales.parts.services import LineIn

from .test_services_stock import refused


@pytest.fixture(autouse=True)
def in_english():
    with translation.override("en"):
        yield


# Edit pages ------------------------------------------------------------------------------------


def test_the_part_page_changes_a_part_but_not_its_code(client, warehouse_a, board, aircon):
    client.force_login(warehouse_a)
    url = reverse("parts:part_edit", args=[board.pk])
    page = client.get(url).content.decode()
    assert 'value="室内机主板"' in page and 'name="code"' not in page
    response = client.post(
        url,
        {
            "name": "室内机主板（变频）",
            "categories": [aircon.pk],
            "unit_cost": "220.00",
            "sale_price": "400.00",
            "is_serialised": "on",
            "repair_warranty_days": "365",
        },
    )
    assert response.status_code == 302
    board.refresh_from_db()
    assert (board.code, board.name, board.sale_price) == (
        "PCB-KFR35",
        "室内机主板（变频）",
        Decimal("400.00"),
    )
    assert (board.repair_warranty_days, board.is_active) == (365, False)
    entry = AuditEntry.objects.filter(action="part_update").get()
    assert entry.changes["sale_price"] == ["380.00", "400.00"]


def test_a_role_without_stock_rights_cannot_edit_a_part(client, agent_a, board):
    client.force_login(agent_a)
    assert client.get(reverse("parts:part_edit", args=[board.pk])).status_code == 403


def test_the_warehouse_page_renames_a_warehouse(client, warehouse_a, store_a):
    client.force_login(warehouse_a)
    url = reverse("parts:warehouse_edit", args=[store_a.pk])
    assert 'value="北京中心仓"' in client.get(url).content.decode()
    response = client.post(url, {"name": "北京备件库", "is_active": "on"})
    assert response.status_code == 302
    store_a.refresh_from_db()
    assert (store_a.name, store_a.is_active) == ("北京备件库", True)
    assert AuditEntry.objects.filter(action="warehouse_update").count() == 1


def test_another_branchs_warehouse_is_not_found(client, warehouse_a, store_b):
    client.force_login(warehouse_a)
    assert client.get(reverse("parts:warehouse_edit", args=[store_b.pk])).status_code == 404


def test_a_warehouse_holding_stock_is_not_closed(client, warehouse_a, stocked):
    error = refused(
        lambda: services.warehouse_update(by=warehouse_a, warehouse=stocked, is_active=False),
        "still holds 12 parts",
    )
    assert error.field == "is_active"
    client.force_login(warehouse_a)
    response = client.post(
        reverse("parts:warehouse_edit", args=[stocked.pk]),
        {"name": stocked.name},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 200 and "still holds 12 parts" in response.content.decode()
    assert Warehouse.objects.get(pk=stocked.pk).is_active


def test_an_empty_warehouse_is_closed_and_takes_no_more_documents(
    warehouse_a, store_a, capacitor, now
):
    closed = services.warehouse_update(by=warehouse_a, warehouse=store_a, is_active=False)
    assert not Warehouse.objects.get(pk=store_a.pk).is_active
    refused(
        lambda: services.stock_receive(
            by=warehouse_a, now=now, warehouse=closed, lines=[LineIn(capacitor, 1)]
        ),
        "is closed",
    )


def test_a_warehouse_name_stays_unique(warehouse_a, store_a, store_b):
    refused(
        lambda: services.warehouse_update(by=warehouse_a, warehouse=store_a, name="上海中心仓"),
        "already used",
    )


# Purchase API ----------------------------------------------------------------------------------


@pytest.fixture
def purchase(warehouse_a, store_a, capacitor, now):
    return services.purchase_request_create(
        by=warehouse_a, now=now, warehouse=store_a, part=capacitor, quantity=30, reason="补货"
    )


def test_it_creates_a_purchase_request_once_per_key(warehouse_a, store_a, capacitor):
    api = ApiClient(warehouse_a)
    body = {"warehouse": store_a.pk, "part": capacitor.pk, "quantity": 40, "reason": "旺季备货"}
    first = api.post("/purchase-requests", body, key="pr-1")
    again = api.post("/purchase-requests", body, key="pr-1")
    assert first.status_code == again.status_code == 201 and first.json() == again.json()
    assert first.json()["number"].startswith("PR") and first.json()["status"] == "open"
    assert PurchaseRequest.objects.count() == 1


def test_it_refuses_a_request_for_another_branchs_warehouse(warehouse_a, store_b, capacitor):
    response = ApiClient(warehouse_a).post(
        "/purchase-requests", {"warehouse": store_b.pk, "part": capacitor.pk, "quantity": 1}
    )
    assert response.status_code == 400 and response.json()["errors"][0]["field"] == "warehouse"


def test_quotes_are_added_and_the_cheapest_is_approved(warehouse_a, manager_hq, purchase):
    api = ApiClient(warehouse_a)
    for supplier, price in [("格力电器配件部", "17.50"), ("成都恒通机电", "16.80"), ("美的", "18")]:
        response = api.post(
            f"/purchase-requests/{purchase.pk}/quotes",
            {"supplier": supplier, "unit_price": price, "lead_days": 3},
            key=f"q-{supplier}",
        )
        assert response.status_code == 201, response.json()
    again = api.post(
        f"/purchase-requests/{purchase.pk}/quotes",
        {"supplier": "美的", "unit_price": "18", "lead_days": 3},
        key="q-美的",
    )
    assert again.status_code == 201 and SupplierQuote.objects.count() == 3
    detail = api.get(f"/purchase-requests/{purchase.pk}").json()
    assert [q["supplier"] for q in detail["quotes"]] == ["成都恒通机电", "格力电器配件部", "美的"]
    # The warehouse may not decide; the manager may.
    assert (
        api.post(f"/purchase-requests/{purchase.pk}/decide", {"approve": True}).status_code == 403
    )
    decided = ApiClient(manager_hq).post(
        f"/purchase-requests/{purchase.pk}/decide", {"approve": True}
    )
    assert decided.status_code == 200
    assert decided.json()["status"] == "approved"
    cheapest = SupplierQuote.objects.get(supplier="成都恒通机电")
    assert decided.json()["chosen_quote"] == cheapest.pk


def test_approval_before_three_quotes_is_refused(manager_hq, purchase):
    response = ApiClient(manager_hq).post(
        f"/purchase-requests/{purchase.pk}/decide", {"approve": True}
    )
    assert response.status_code == 400 and response.json()["code"] == "quotes_missing"


def test_a_refusal_needs_its_reason(manager_hq, purchase):
    api = ApiClient(manager_hq)
    path = f"/purchase-requests/{purchase.pk}/decide"
    assert api.post(path, {"approve": False}).status_code == 400
    response = api.post(path, {"approve": False, "note": "库存足够"})
    assert response.status_code == 200 and response.json()["status"] == "rejected"


def test_purchases_are_listed_by_branch(warehouse_a, outsider_b, purchase):
    api = ApiClient(warehouse_a)
    assert [p["number"] for p in api.get("/purchase-requests").json()["items"]] == [purchase.number]
    assert api.get("/purchase-requests", status="approved").json()["items"] == []
    assert ApiClient(outsider_b).get("/purchase-requests").json()["items"] == []
    assert ApiClient(outsider_b).get(f"/purchase-requests/{purchase.pk}").status_code == 404


def test_the_part_api_is_unchanged_for_an_unknown_part(warehouse_a):
    assert not Part.objects.exists()
    assert ApiClient(warehouse_a).get("/parts").json()["items"] == []
