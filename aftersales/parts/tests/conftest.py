"""Warehouses and parts for the parts tests: branch A's warehouse, technician_a's van, a capacitor
and a serialised main board, and the work-order `flow` of the workorders tests."""

from decimal import Decimal

import pytest

from aftersales.accounts.models import Role
from aftersales.factories import UserFactory
from aftersales.parts import services
from aftersales.parts.models import Part, Warehouse
from aftersales.parts.services import LineIn
from aftersales.workorders.tests.conftest import flow  # noqa: F401  (a fixture)


@pytest.fixture
def warehouse_a(branch_a):
    return UserFactory(username="warehouse_a", role=Role.WAREHOUSE, branch=branch_a)


@pytest.fixture
def keeper_hq(head_office):
    return UserFactory(username="keeper_hq", role=Role.WAREHOUSE, branch=head_office)


@pytest.fixture
def store_a(branch_a):
    return Warehouse.objects.create(
        code="BJ-01", name="北京中心仓", kind=Warehouse.Kind.BRANCH, branch=branch_a
    )


@pytest.fixture
def store_b(branch_b):
    return Warehouse.objects.create(
        code="SH-01", name="上海中心仓", kind=Warehouse.Kind.BRANCH, branch=branch_b
    )


@pytest.fixture
def van_a(branch_a, technician_a):
    return Warehouse.objects.create(
        code="VAN-A",
        name="甲技师车载库",
        kind=Warehouse.Kind.VAN,
        branch=branch_a,
        technician=technician_a,
    )


@pytest.fixture
def van_a2(branch_a, technician_a2):
    return Warehouse.objects.create(
        code="VAN-A2",
        name="甲二技师车载库",
        kind=Warehouse.Kind.VAN,
        branch=branch_a,
        technician=technician_a2,
    )


@pytest.fixture
def capacitor(aircon):
    part = Part.objects.create(
        code="CAP-35UF",
        name="压缩机启动电容 35μF",
        unit_cost=Decimal("18.00"),
        sale_price=Decimal("45.00"),
        repair_warranty_days=90,
    )
    part.categories.set([aircon])
    return part


@pytest.fixture
def board(aircon):
    part = Part.objects.create(
        code="PCB-KFR35",
        name="室内机主板",
        unit_cost=Decimal("210.00"),
        sale_price=Decimal("380.00"),
        is_serialised=True,
        repair_warranty_days=180,
    )
    part.categories.set([aircon])
    return part


@pytest.fixture
def stocked(warehouse_a, store_a, capacitor, board, now):
    """Ten capacitors and two boards in branch A's warehouse."""
    services.stock_receive(
        by=warehouse_a,
        now=now,
        warehouse=store_a,
        supplier="格力电器配件部",
        lines=[LineIn(part=capacitor, quantity=10), LineIn(part=board, quantity=2)],
    )
    return store_a
