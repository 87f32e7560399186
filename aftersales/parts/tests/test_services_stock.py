"""Stock moves only through documents; it never goes negative; a used part never returns to good
stock; every refusal changes nothing."""

from decimal import Decimal

import pytest
from django.utils import translation

from aftersales.core.exceptions import DomainError, Forbidden
from aftersales.core.models import AuditEntry
from aftersales.parts import services
from aftersales.parts.models import (
    Condition,
    StockDocument,
    StockDocumentLine,
    StockLevel,
    Warehouse,
)
from aftersales.parts.services import LineIn
from aftersales.workorders.models import State

G, D = Condition.GOOD, Condition.DEFECTIVE


@pytest.fixture(autouse=True)
def in_english():
    """The messages are matched in English; the Chinese is checked in the concurrency test."""
    with translation.override("en"):
        yield


def qty(warehouse, part, condition=G) -> int:
    level = StockLevel.objects.filter(warehouse=warehouse, part=part, condition=condition).first()
    return level.quantity if level else 0


def footprint():
    return (
        StockDocument.objects.count(),
        StockDocumentLine.objects.count(),
        list(StockLevel.objects.order_by("pk").values_list("quantity", flat=True)),
        AuditEntry.objects.count(),
    )


def refused(call, match: str):
    before = footprint()
    with pytest.raises(DomainError, match=match) as error:
        call()
    assert footprint() == before
    return error.value


# Receipt -------------------------------------------------------------------------------------


def test_it_receives_new_parts_into_good_stock_with_a_document_and_audit(
    warehouse_a, store_a, capacitor, now
):
    document = services.stock_receive(
        by=warehouse_a,
        now=now,
        warehouse=store_a,
        supplier="格力电器配件部",
        lines=[LineIn(part=capacitor, quantity=5)],
    )
    assert document.number.startswith("SD")
    assert document.kind == StockDocument.Kind.RECEIPT
    assert document.to_warehouse == store_a and document.branch == store_a.branch
    line = document.lines.get()
    assert (line.quantity, line.condition, line.unit_cost) == (5, G, Decimal("18.00"))
    assert qty(store_a, capacitor) == 5
    level = StockLevel.objects.get(warehouse=store_a, part=capacitor)
    entry = AuditEntry.objects.get(
        content_type__model="stocklevel", object_id=str(level.pk), action="stock_receipt"
    )
    assert entry.changes == {"quantity": [0, 5]} and entry.actor == warehouse_a
    assert entry.note == document.number


def test_it_refuses_a_receipt_into_defective_stock(warehouse_a, store_a, capacitor, now):
    refused(
        lambda: services.stock_receive(
            by=warehouse_a,
            now=now,
            warehouse=store_a,
            lines=[LineIn(part=capacitor, quantity=1, condition=D)],
        ),
        "cannot move",
    )


def test_it_refuses_a_receipt_without_lines_or_with_zero(warehouse_a, store_a, capacitor, now):
    refused(
        lambda: services.stock_receive(by=warehouse_a, now=now, warehouse=store_a, lines=[]),
        "at least one",
    )
    refused(
        lambda: services.stock_receive(
            by=warehouse_a, now=now, warehouse=store_a, lines=[LineIn(part=capacitor, quantity=0)]
        ),
        "1 or more",
    )


def test_it_does_not_let_a_technician_receive(technician_a, van_a, capacitor, now):
    with pytest.raises(Forbidden):
        services.stock_receive(
            by=technician_a.user,
            now=now,
            warehouse=van_a,
            lines=[LineIn(part=capacitor, quantity=1)],
        )


def test_it_does_not_let_a_branch_use_another_branchs_warehouse(
    warehouse_a, store_b, capacitor, now
):
    refused(
        lambda: services.stock_receive(
            by=warehouse_a, now=now, warehouse=store_b, lines=[LineIn(part=capacitor, quantity=1)]
        ),
        "another branch",
    )


# Transfer ------------------------------------------------------------------------------------


def test_it_transfers_stock_to_a_van_keeping_its_condition(
    warehouse_a, stocked, van_a, capacitor, now
):
    services.stock_transfer(
        by=warehouse_a,
        now=now,
        from_warehouse=stocked,
        to_warehouse=van_a,
        lines=[LineIn(part=capacitor, quantity=4)],
    )
    assert (qty(stocked, capacitor), qty(van_a, capacitor)) == (6, 4)


def test_it_refuses_a_transfer_of_more_than_there_is(warehouse_a, stocked, van_a, capacitor, now):
    error = refused(
        lambda: services.stock_transfer(
            by=warehouse_a,
            now=now,
            from_warehouse=stocked,
            to_warehouse=van_a,
            lines=[LineIn(part=capacitor, quantity=11)],
        ),
        "has only 10",
    )
    assert error.code == "out_of_stock"


def test_it_refuses_a_transfer_to_the_same_warehouse(warehouse_a, stocked, capacitor, now):
    refused(
        lambda: services.stock_transfer(
            by=warehouse_a,
            now=now,
            from_warehouse=stocked,
            to_warehouse=stocked,
            lines=[LineIn(part=capacitor, quantity=1)],
        ),
        "two different",
    )


def test_a_failing_line_undoes_the_lines_before_it(
    warehouse_a, stocked, van_a, capacitor, board, now
):
    refused(
        lambda: services.stock_transfer(
            by=warehouse_a,
            now=now,
            from_warehouse=stocked,
            to_warehouse=van_a,
            lines=[LineIn(part=capacitor, quantity=3), LineIn(part=board, quantity=3)],
        ),
        "has only 2",
    )
    assert qty(stocked, capacitor) == 10


# Issue against a work order ------------------------------------------------------------------


@pytest.fixture
def loaded_van(warehouse_a, stocked, van_a, capacitor, board, now):
    services.stock_transfer(
        by=warehouse_a,
        now=now,
        from_warehouse=stocked,
        to_warehouse=van_a,
        lines=[LineIn(part=capacitor, quantity=2), LineIn(part=board, quantity=1)],
    )
    return van_a


def test_a_technician_issues_from_his_van_for_his_own_job(
    flow, technician_a, loaded_van, capacitor, board, now
):
    order = flow.reach(State.ON_SITE)
    document = services.stock_issue_to_order(
        by=technician_a.user,
        now=now,
        warehouse=loaded_van,
        order=order,
        lines=[
            LineIn(part=capacitor, quantity=1),
            LineIn(part=board, quantity=1, serial_number="PCB2611-0042"),
        ],
    )
    assert document.work_order == order and document.kind == StockDocument.Kind.ISSUE
    assert (qty(loaded_van, capacitor), qty(loaded_van, board)) == (1, 0)
    assert document.lines.get(part=board).serial_number == "PCB2611-0042"


def test_a_technician_may_not_issue_for_another_technicians_job(
    flow, technician_a, technician_a2, loaded_van, capacitor, now
):
    order = flow.reach(State.ON_SITE, technician=technician_a2)
    refused(
        lambda: services.stock_issue_to_order(
            by=technician_a.user,
            now=now,
            warehouse=loaded_van,
            order=order,
            lines=[LineIn(part=capacitor, quantity=1)],
        ),
        "own van, for his own job",
    )


def test_a_technician_may_not_issue_from_the_branch_warehouse_or_another_van(
    flow, technician_a, stocked, van_a2, capacitor, now
):
    order = flow.reach(State.ON_SITE)
    for warehouse in (stocked, van_a2):
        refused(
            lambda warehouse=warehouse: services.stock_issue_to_order(
                by=technician_a.user,
                now=now,
                warehouse=warehouse,
                order=order,
                lines=[LineIn(part=capacitor, quantity=1)],
            ),
            "own van",
        )


@pytest.mark.parametrize("state", [State.COMPLETED, State.CLOSED, State.CANCELLED])
def test_it_issues_only_against_an_open_work_order(
    flow, warehouse_a, stocked, capacitor, now, state
):
    order = flow.reach(state)
    refused(
        lambda: services.stock_issue_to_order(
            by=warehouse_a,
            now=now,
            warehouse=stocked,
            order=order,
            lines=[LineIn(part=capacitor, quantity=1)],
        ),
        "open work order",
    )


def test_it_issues_only_against_an_order_of_the_warehouses_branch(
    flow, keeper_hq, store_b, capacitor, now
):
    order = flow.reach(State.ON_SITE)  # branch A
    refused(
        lambda: services.stock_issue_to_order(
            by=keeper_hq,
            now=now,
            warehouse=store_b,
            order=order,
            lines=[LineIn(part=capacitor, quantity=1)],
        ),
        "not of the branch",
    )


def test_a_serialised_part_needs_its_new_serial_number(flow, warehouse_a, stocked, board, now):
    order = flow.reach(State.ON_SITE)
    refused(
        lambda: services.stock_issue_to_order(
            by=warehouse_a,
            now=now,
            warehouse=stocked,
            order=order,
            lines=[LineIn(part=board, quantity=1)],
        ),
        "serial number",
    )
    refused(
        lambda: services.stock_issue_to_order(
            by=warehouse_a,
            now=now,
            warehouse=stocked,
            order=order,
            lines=[LineIn(part=board, quantity=2, serial_number="X1")],
        ),
        "one serial number per piece — 2 pieces, 1 serial numbers",
    )


def test_the_last_unit_goes_once_and_the_second_asker_is_told_there_is_none(
    flow, technician_a, loaded_van, board, now
):
    order = flow.reach(State.ON_SITE)
    services.stock_issue_to_order(
        by=technician_a.user,
        now=now,
        warehouse=loaded_van,
        order=order,
        lines=[LineIn(part=board, quantity=1, serial_number="SN1")],
    )
    error = refused(
        lambda: services.stock_issue_to_order(
            by=technician_a.user,
            now=now,
            warehouse=loaded_van,
            order=order,
            lines=[LineIn(part=board, quantity=1, serial_number="SN2")],
        ),
        "has only 0",
    )
    assert "甲技师车载库" in error.message


# Old part returned (以坏换新) ------------------------------------------------------------------


@pytest.fixture
def issued(flow, warehouse_a, stocked, capacitor, now):
    order = flow.reach(State.ON_SITE)
    services.stock_issue_to_order(
        by=warehouse_a,
        now=now,
        warehouse=stocked,
        order=order,
        lines=[LineIn(part=capacitor, quantity=2)],
    )
    return order


def test_the_old_part_goes_to_defective_stock(warehouse_a, stocked, issued, capacitor, now):
    services.stock_return_old_part(
        by=warehouse_a,
        now=now,
        warehouse=stocked,
        order=issued,
        lines=[LineIn(part=capacitor, quantity=2)],
    )
    assert (qty(stocked, capacitor, G), qty(stocked, capacitor, D)) == (8, 2)


def test_a_used_part_can_never_go_back_to_good_stock(warehouse_a, stocked, issued, capacitor, now):
    error = refused(
        lambda: services.stock_return_old_part(
            by=warehouse_a,
            now=now,
            warehouse=stocked,
            order=issued,
            lines=[LineIn(part=capacitor, quantity=1, condition=G)],
        ),
        "never go back to good stock",
    )
    assert error.code == "used_part_to_good_stock"


def test_no_more_old_parts_come_back_than_new_ones_were_issued(
    warehouse_a, stocked, issued, capacitor, board, now
):
    services.stock_return_old_part(
        by=warehouse_a,
        now=now,
        warehouse=stocked,
        order=issued,
        lines=[LineIn(part=capacitor, quantity=1)],
    )
    refused(
        lambda: services.stock_return_old_part(
            by=warehouse_a,
            now=now,
            warehouse=stocked,
            order=issued,
            lines=[LineIn(part=capacitor, quantity=2)],
        ),
        "Only 1 old",
    )
    refused(
        lambda: services.stock_return_old_part(
            by=warehouse_a,
            now=now,
            warehouse=stocked,
            order=issued,
            lines=[LineIn(part=board, quantity=1)],
        ),
        "Only 0 old",
    )


def test_defective_stock_cannot_be_issued(flow, warehouse_a, stocked, issued, capacitor, now):
    services.stock_return_old_part(
        by=warehouse_a,
        now=now,
        warehouse=stocked,
        order=issued,
        lines=[LineIn(part=capacitor, quantity=1)],
    )
    refused(
        lambda: services.stock_issue_to_order(
            by=warehouse_a,
            now=now,
            warehouse=stocked,
            order=issued,
            lines=[LineIn(part=capacitor, quantity=1, condition=D)],
        ),
        "cannot move",
    )


# Scrap and charge ----------------------------------------------------------------------------


def test_it_scraps_defective_stock_with_a_reason(warehouse_a, stocked, issued, capacitor, now):
    services.stock_return_old_part(
        by=warehouse_a,
        now=now,
        warehouse=stocked,
        order=issued,
        lines=[LineIn(part=capacitor, quantity=2)],
    )
    refused(
        lambda: services.stock_scrap(
            by=warehouse_a, now=now, warehouse=stocked, lines=[LineIn(part=capacitor, quantity=1)]
        ),
        "Reason is required",
    )
    services.stock_scrap(
        by=warehouse_a,
        now=now,
        warehouse=stocked,
        note="厂家不回收，报废",
        lines=[LineIn(part=capacitor, quantity=2)],
    )
    assert (qty(stocked, capacitor, G), qty(stocked, capacitor, D)) == (8, 0)


def test_it_scraps_good_stock_when_asked(warehouse_a, stocked, capacitor, now):
    services.stock_scrap(
        by=warehouse_a,
        now=now,
        warehouse=stocked,
        note="受潮损坏",
        lines=[LineIn(part=capacitor, quantity=1, condition=G)],
    )
    assert qty(stocked, capacitor) == 9


def test_it_charges_a_lost_part_to_the_person_at_cost_or_the_amount_given(
    warehouse_a, stocked, capacitor, board, technician_a, now
):
    document = services.stock_charge_to_person(
        by=warehouse_a,
        now=now,
        warehouse=stocked,
        person=technician_a.user,
        note="遗失",
        lines=[LineIn(part=capacitor, quantity=2)],
    )
    assert document.amount == Decimal("36.00") and document.person == technician_a.user
    document = services.stock_charge_to_person(
        by=warehouse_a,
        now=now,
        warehouse=stocked,
        person=technician_a.user,
        note="摔坏",
        amount=Decimal("100"),
        lines=[LineIn(part=board, quantity=1)],
    )
    assert document.amount == Decimal("100.00")
    assert (qty(stocked, capacitor), qty(stocked, board)) == (8, 1)


def test_it_refuses_a_charge_without_a_person_or_with_a_negative_amount(
    warehouse_a, stocked, capacitor, technician_a, technician_b, now
):
    refused(
        lambda: services.stock_charge_to_person(
            by=warehouse_a,
            now=now,
            warehouse=stocked,
            person=None,
            note="遗失",
            lines=[LineIn(part=capacitor, quantity=1)],
        ),
        "person to charge",
    )
    refused(
        lambda: services.stock_charge_to_person(
            by=warehouse_a,
            now=now,
            warehouse=stocked,
            person=technician_b.user,
            note="遗失",
            lines=[LineIn(part=capacitor, quantity=1)],
        ),
        "another branch",
    )
    refused(
        lambda: services.stock_charge_to_person(
            by=warehouse_a,
            now=now,
            warehouse=stocked,
            person=technician_a.user,
            note="遗失",
            amount=Decimal("-1"),
            lines=[LineIn(part=capacitor, quantity=1)],
        ),
        "negative",
    )


# Warehouses, catalogue, reorder points -------------------------------------------------------


def test_there_is_one_central_warehouse_at_head_office(manager_hq, head_office, branch_a):
    with pytest.raises(DomainError, match="head office"):
        services.warehouse_create(
            by=manager_hq, code="C1", name="总仓", kind=Warehouse.Kind.CENTRAL, branch=branch_a
        )
    services.warehouse_create(
        by=manager_hq, code="C1", name="总仓", kind=Warehouse.Kind.CENTRAL, branch=head_office
    )
    with pytest.raises(DomainError, match="already a central"):
        services.warehouse_create(
            by=manager_hq, code="C2", name="总仓二", kind=Warehouse.Kind.CENTRAL, branch=head_office
        )


def test_a_van_belongs_to_a_technician_of_its_branch(manager_hq, branch_a, branch_b, technician_a):
    with pytest.raises(DomainError, match="technician"):
        services.warehouse_create(
            by=manager_hq, code="V1", name="车1", kind=Warehouse.Kind.VAN, branch=branch_a
        )
    with pytest.raises(DomainError, match="another branch"):
        services.warehouse_create(
            by=manager_hq,
            code="V1",
            name="车1",
            kind=Warehouse.Kind.VAN,
            branch=branch_b,
            technician=technician_a,
        )
    van = services.warehouse_create(
        by=manager_hq,
        code="V1",
        name="车1",
        kind=Warehouse.Kind.VAN,
        branch=branch_a,
        technician=technician_a,
    )
    assert van.technician == technician_a


def test_it_refuses_a_duplicate_part_code(warehouse_a, capacitor):
    with pytest.raises(DomainError, match="already exists"):
        services.part_create(by=warehouse_a, code="cap-35uf", name="电容")


def test_it_updates_a_part_with_audit(warehouse_a, capacitor, aircon, heater):
    services.part_update(
        by=warehouse_a, part=capacitor, sale_price="50", categories=[aircon, heater]
    )
    capacitor.refresh_from_db()
    assert capacitor.sale_price == Decimal("50.00")
    assert set(capacitor.categories.all()) == {aircon, heater}
    entry = AuditEntry.objects.get(action="part_update")
    assert entry.changes == {"sale_price": ["45.00", "50.00"]}


def test_it_sets_a_reorder_point_once_per_warehouse_and_part(warehouse_a, store_a, capacitor):
    services.reorder_point_set(
        by=warehouse_a, warehouse=store_a, part=capacitor, minimum=5, reorder_quantity=20
    )
    point = services.reorder_point_set(
        by=warehouse_a, warehouse=store_a, part=capacitor, minimum=3, reorder_quantity=10
    )
    assert (point.minimum, point.reorder_quantity) == (3, 10)
    with pytest.raises(DomainError):
        services.reorder_point_set(
            by=warehouse_a, warehouse=store_a, part=capacitor, minimum=3, reorder_quantity=0
        )
