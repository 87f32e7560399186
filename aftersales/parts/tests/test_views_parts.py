"""The parts pages as users see them: own branch only, forms that file documents or say why not,
the parts used on a work order, and lists whose query count does not grow with their rows."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from aftersales.accounts.models import Role
from aftersales.factories import UserFactory
from aftersales.parts import services
from aftersales.parts.models import Condition, Part, StockDocument, StockLevel
from aftersales.parts.services import LineIn
from aftersales.workorders.models import ServiceCategory, State


@pytest.fixture
def stocked_b(keeper_hq, store_b, capacitor, now):
    services.stock_receive(
        by=keeper_hq, now=now, warehouse=store_b, lines=[LineIn(part=capacitor, quantity=7)]
    )
    return store_b


def test_it_lists_only_the_own_branchs_stock(client, warehouse_a, stocked, stocked_b):
    client.force_login(warehouse_a)
    body = client.get(reverse("parts:stock")).content.decode()
    assert "北京中心仓" in body and "上海中心仓" not in body


def test_head_office_sees_every_branchs_stock(client, keeper_hq, stocked, stocked_b):
    client.force_login(keeper_hq)
    body = client.get(reverse("parts:stock")).content.decode()
    assert "北京中心仓" in body and "上海中心仓" in body


def test_it_filters_stock_by_part_and_condition(client, warehouse_a, stocked, board):
    client.force_login(warehouse_a)
    body = client.get(reverse("parts:stock"), {"part": "主板"}).content.decode()
    assert "PCB-KFR35" in body and "CAP-35UF" not in body
    body = client.get(reverse("parts:stock"), {"condition": "defective"}).content.decode()
    assert "PCB-KFR35" not in body


def test_another_branchs_document_is_not_found(client, outsider_b, warehouse_a, stocked):
    document = StockDocument.objects.get()
    client.force_login(outsider_b)
    assert client.get(reverse("parts:document_detail", args=[document.pk])).status_code == 404
    client.force_login(warehouse_a)
    response = client.get(reverse("parts:document_detail", args=[document.pk]))
    assert response.status_code == 200 and "CAP-35UF" in response.content.decode()


def test_a_role_without_the_capability_cannot_receive(client, agent_a, store_a, capacitor):
    client.force_login(agent_a)
    assert client.get(reverse("parts:receive")).status_code == 403
    assert client.post(reverse("parts:receive"), {}).status_code == 403
    assert not StockDocument.objects.exists()


def _lines(*rows):
    data = {"lines-TOTAL_FORMS": str(max(len(rows), 1)), "lines-INITIAL_FORMS": "0"}
    for i, row in enumerate(rows):
        data.update({f"lines-{i}-{key}": value for key, value in row.items()})
    return data


def test_the_receipt_form_files_a_document(client, warehouse_a, store_a, capacitor):
    client.force_login(warehouse_a)
    response = client.post(
        reverse("parts:receive"),
        {
            "to_warehouse": store_a.pk,
            "supplier": "格力配件部",
            **_lines({"part": capacitor.pk, "quantity": "6"}),
        },
    )
    document = StockDocument.objects.get()
    assert response.status_code == 302 and response["Location"].endswith(f"/{document.pk}/")
    assert StockLevel.objects.get(warehouse=store_a, part=capacitor).quantity == 6


def test_a_technician_issues_from_his_van_by_order_number(
    client, flow, technician_a, warehouse_a, stocked, van_a, capacitor, now
):
    services.stock_transfer(
        by=warehouse_a,
        now=now,
        from_warehouse=stocked,
        to_warehouse=van_a,
        lines=[LineIn(part=capacitor, quantity=1)],
    )
    order = flow.reach(State.ON_SITE)
    client.force_login(technician_a.user)
    page = client.get(reverse("parts:issue"), {"order": order.number}).content.decode()
    assert order.number in page and "甲技师车载库" in page and "北京中心仓" not in page
    response = client.post(
        reverse("parts:issue"),
        {
            "from_warehouse": van_a.pk,
            "work_order": order.number,
            **_lines({"part": capacitor.pk, "quantity": "1"}),
        },
    )
    assert response.status_code == 302
    # The van is empty now: the second try is told so, on the page, and nothing changes.
    response = client.post(
        reverse("parts:issue"),
        {
            "from_warehouse": van_a.pk,
            "work_order": order.number,
            **_lines({"part": capacitor.pk, "quantity": "1"}),
        },
    )
    assert response.status_code == 200
    assert "库存只有 0 件" in response.content.decode()
    assert StockDocument.objects.filter(kind="issue").count() == 1


def test_the_return_form_refuses_an_unknown_order(client, warehouse_a, stocked, capacitor):
    client.force_login(warehouse_a)
    response = client.post(
        reverse("parts:return_old"),
        {
            "to_warehouse": stocked.pk,
            "work_order": "WO000000-99999",
            **_lines({"part": capacitor.pk, "quantity": "1"}),
        },
    )
    assert response.status_code == 200 and "没有工单" in response.content.decode()
    assert not StockDocument.objects.filter(kind="old_part_return").exists()


def test_the_catalogue_form_adds_a_part(client, warehouse_a, aircon):
    client.force_login(warehouse_a)
    response = client.post(
        reverse("parts:part_create"),
        {
            "code": "4WV-01",
            "name": "四通阀",
            "categories": [aircon.pk],
            "unit_cost": "85",
            "sale_price": "160",
            "repair_warranty_days": "90",
        },
    )
    assert response.status_code == 302
    assert Part.objects.get(code="4WV-01").categories.get() == aircon


# The parts used on a work order ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("category", "free"),
    [(ServiceCategory.FREE, True), (ServiceCategory.CONTRACT, True), (ServiceCategory.PAID, False)],
)
def test_it_shows_each_part_used_with_its_coverage_and_new_serial(
    client, flow, warehouse_a, stocked, capacitor, board, now, category, free
):
    order = flow.reach(State.ON_SITE)
    order.category = category
    order.save(update_fields=["category"])
    services.stock_issue_to_order(
        by=warehouse_a,
        now=now,
        warehouse=stocked,
        order=order,
        lines=[
            LineIn(part=capacitor, quantity=2),
            LineIn(part=board, quantity=1, serial_number="PCB-NEW-7"),
        ],
    )
    client.force_login(warehouse_a)
    body = client.get(reverse("parts:order_parts", args=[order.pk])).content.decode()
    assert "PCB-NEW-7" in body
    if free:
        words = "保修内服务（C）" if category == ServiceCategory.FREE else "保养契约服务（B）"
        assert "免费" in body and words in body and "¥0.00" in body
    else:
        assert "收费：有费服务（A）" in body and "¥470.00" in body  # 2 × 45 + 380


def test_the_work_order_page_loads_the_parts_panel(client, flow, supervisor_a):
    order = flow.reach(State.ON_SITE)
    client.force_login(supervisor_a)
    body = client.get(reverse("workorders:detail", args=[order.pk])).content.decode()
    assert reverse("parts:order_parts", args=[order.pk]) in body


def test_another_branchs_order_has_no_parts_panel(client, flow, outsider_b):
    order = flow.reach(State.ON_SITE)
    client.force_login(outsider_b)
    assert client.get(reverse("parts:order_parts", args=[order.pk])).status_code == 404


# Reorder list ---------------------------------------------------------------------------------


def test_the_reorder_list_shows_levels_at_or_below_the_point(
    client, warehouse_a, stocked, capacitor, board, store_b, keeper_hq
):
    services.reorder_point_set(
        by=warehouse_a, warehouse=stocked, part=capacitor, minimum=10, reorder_quantity=20
    )
    services.reorder_point_set(
        by=warehouse_a, warehouse=stocked, part=board, minimum=1, reorder_quantity=5
    )
    services.reorder_point_set(
        by=keeper_hq, warehouse=store_b, part=board, minimum=1, reorder_quantity=5
    )
    client.force_login(warehouse_a)
    body = client.get(reverse("parts:reorder")).content.decode()
    assert "CAP-35UF" in body  # 10 on hand, point 10
    assert "PCB-KFR35" not in body  # 2 on hand, point 1; branch B's board is not his


# Query counts ---------------------------------------------------------------------------------


def _grow(keeper, warehouse, now, n, offset):
    parts = [
        Part.objects.create(
            code=f"Q-{offset + i}", name=f"配件{offset + i}", unit_cost=Decimal("1")
        )
        for i in range(n)
    ]
    for part in parts:
        services.stock_receive(
            by=keeper, now=now, warehouse=warehouse, lines=[LineIn(part=part, quantity=1)]
        )
        services.reorder_point_set(
            by=keeper, warehouse=warehouse, part=part, minimum=5, reorder_quantity=5
        )


@pytest.mark.parametrize(
    "name",
    ["parts:stock", "parts:documents", "parts:reorder", "parts:catalogue", "parts:warehouses"],
)
def test_lists_cost_the_same_queries_for_3_rows_as_for_12(client, keeper_hq, store_a, now, name):
    client.force_login(keeper_hq)
    _grow(keeper_hq, store_a, now, 3, 0)
    with CaptureQueriesContext(connection) as few:
        assert client.get(reverse(name)).status_code == 200
    _grow(keeper_hq, store_a, now, 9, 100)
    with CaptureQueriesContext(connection) as many:
        assert client.get(reverse(name)).status_code == 200
    assert len(many) == len(few)


def test_the_parts_panel_costs_the_same_queries_for_1_line_as_for_6(
    client, flow, keeper_hq, store_a, now
):
    order = flow.reach(State.ON_SITE)
    keeper = UserFactory(username="keeper_a", role=Role.WAREHOUSE, branch=store_a.branch)
    parts = [Part.objects.create(code=f"L-{i}", name=f"配件{i}") for i in range(6)]
    services.stock_receive(
        by=keeper, now=now, warehouse=store_a, lines=[LineIn(part=p, quantity=5) for p in parts]
    )
    services.stock_issue_to_order(
        by=keeper,
        now=now,
        warehouse=store_a,
        order=order,
        lines=[LineIn(part=parts[0], quantity=1)],
    )
    client.force_login(keeper)
    url = reverse("parts:order_parts", args=[order.pk])
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    services.stock_issue_to_order(
        by=keeper,
        now=now,
        warehouse=store_a,
        order=order,
        lines=[LineIn(part=p, quantity=1) for p in parts[1:]],
    )
    services.stock_return_old_part(
        by=keeper,
        now=now,
        warehouse=store_a,
        order=order,
        lines=[LineIn(part=p, quantity=1, condition=Condition.DEFECTIVE) for p in parts],
    )
    with CaptureQueriesContext(connection) as many:
        client.get(url)
    assert len(many) == len(few)
