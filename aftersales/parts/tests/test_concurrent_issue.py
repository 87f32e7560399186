"""Two technicians take the last unit at the same instant: one gets it, the other is told there is
none left, and stock stays at zero. Two real transactions on two connections (PostgreSQL)."""

import threading
from decimal import Decimal

import pytest
from django.db import connection, connections
from django.utils import translation

from aftersales.accounts.models import Role
from aftersales.core.exceptions import DomainError
from aftersales.factories import UserFactory
from aftersales.parts import services
from aftersales.parts.models import Part, StockDocument, StockLevel, Warehouse
from aftersales.parts.services import LineIn
from aftersales.workorders.models import State

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="needs two real concurrent transactions: SQLite locks the whole database",
    ),
]


def test_two_technicians_taking_the_last_unit_at_once_one_succeeds(
    flow, branch_a, technician_a, technician_a2, now
):
    keeper = UserFactory(username="keeper", role=Role.WAREHOUSE, branch=branch_a)
    store = Warehouse.objects.create(
        code="BJ-01", name="北京中心仓", kind=Warehouse.Kind.BRANCH, branch=branch_a
    )
    part = Part.objects.create(code="FAN-M1", name="室外风扇电机", unit_cost=Decimal("120"))
    services.stock_receive(
        by=keeper, now=now, warehouse=store, lines=[LineIn(part=part, quantity=1)]
    )
    orders = [flow.reach(State.ON_SITE), flow.reach(State.ON_SITE, technician=technician_a2)]

    barrier = threading.Barrier(2)
    results: list[object] = [None, None]

    def take(index: int) -> None:
        try:
            with translation.override("zh-hans"):
                barrier.wait(timeout=10)
                results[index] = services.stock_issue_to_order(
                    by=keeper,
                    now=now,
                    warehouse=store,
                    order=orders[index],
                    lines=[LineIn(part=part, quantity=1)],
                )
        except DomainError as error:
            results[index] = error
        finally:
            connections.close_all()

    threads = [threading.Thread(target=take, args=(i,)) for i in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    documents = [r for r in results if isinstance(r, StockDocument)]
    errors = [r for r in results if isinstance(r, DomainError)]
    assert len(documents) == 1 and len(errors) == 1, results
    assert errors[0].code == "out_of_stock"
    assert "仓库 北京中心仓 的" in errors[0].message and "库存只有 0 件" in errors[0].message
    assert StockLevel.objects.get(warehouse=store, part=part).quantity == 0
    assert StockDocument.objects.filter(kind=StockDocument.Kind.ISSUE).count() == 1


def test_the_database_refuses_negative_stock_whatever_the_code_does(branch_a):
    from django.db import IntegrityError

    store = Warehouse.objects.create(
        code="BJ-02", name="北京二仓", kind=Warehouse.Kind.BRANCH, branch=branch_a
    )
    part = Part.objects.create(code="IGN-1", name="点火针")
    with pytest.raises(IntegrityError):
        StockLevel.objects.create(warehouse=store, part=part, quantity=-1)


def test_the_same_serial_issued_twice_at_once_is_fitted_once(
    flow, branch_a, technician_a, technician_a2, now
):
    """Two warehouses of the branch each hold a board; two keepers issue them at the same instant
    under the same serial number. The unique index lets one through; the other is told."""
    keeper = UserFactory(username="keeper", role=Role.WAREHOUSE, branch=branch_a)
    stores = [
        Warehouse.objects.create(
            code=f"BJ-0{i}", name=f"北京{i}号仓", kind=Warehouse.Kind.BRANCH, branch=branch_a
        )
        for i in (1, 2)
    ]
    board = Part.objects.create(
        code="PCB-KFR35", name="室内机主板", unit_cost=Decimal("210"), is_serialised=True
    )
    for store in stores:
        services.stock_receive(
            by=keeper, now=now, warehouse=store, lines=[LineIn(part=board, quantity=1)]
        )
    orders = [flow.reach(State.ON_SITE), flow.reach(State.ON_SITE, technician=technician_a2)]

    barrier = threading.Barrier(2)
    results: list[object] = [None, None]

    def issue(index: int) -> None:
        try:
            with translation.override("en"):
                barrier.wait(timeout=10)
                results[index] = services.stock_issue_to_order(
                    by=keeper,
                    now=now,
                    warehouse=stores[index],
                    order=orders[index],
                    lines=[LineIn(part=board, quantity=1, serial_number="PCB-0001")],
                )
        except DomainError as error:
            results[index] = error
        finally:
            connections.close_all()

    threads = [threading.Thread(target=issue, args=(i,)) for i in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    errors = [r for r in results if isinstance(r, DomainError)]
    assert len(errors) == 1 and errors[0].code == "serial_already_issued", results
    assert "PCB-0001" in errors[0].message
    assert StockDocument.objects.filter(kind=StockDocument.Kind.ISSUE).count() == 1
    # The refused keeper's board is still in his warehouse: nothing half-done.
    assert sorted(StockLevel.objects.values_list("quantity", flat=True)) == [0, 1]
