"""Claims fixtures: the Gree rate, a warehouse with parts, and finished warranty jobs with parts
fitted and defective parts returned, all made through the real services."""

import datetime as dt
from decimal import Decimal

import pytest

from aftersales.accounts.models import Role
from aftersales.claims import services
from aftersales.factories import UserFactory
from aftersales.parts import services as parts
from aftersales.parts.models import Condition, Part, Warehouse
from aftersales.parts.services import LineIn
from aftersales.workorders.models import State
from aftersales.workorders.tests.conftest import flow  # noqa: F401  (a fixture)


@pytest.fixture
def manager_a(branch_a):
    return UserFactory(username="manager_a", role=Role.MANAGER, branch=branch_a)


@pytest.fixture
def warehouse_a(branch_a):
    return UserFactory(username="warehouse_a", role=Role.WAREHOUSE, branch=branch_a)


@pytest.fixture
def store_a(branch_a):
    return Warehouse.objects.create(
        code="BJ-01", name="北京中心仓", kind=Warehouse.Kind.BRANCH, branch=branch_a
    )


@pytest.fixture
def capacitor(aircon):
    return Part.objects.create(
        code="CAP-35UF", name="压缩机启动电容", unit_cost=Decimal("18.00"), sale_price=Decimal("45")
    )


@pytest.fixture
def compressor(aircon):
    """Not kept in stock: ordered from the manufacturer when needed."""
    return Part.objects.create(
        code="COMP-35", name="压缩机", unit_cost=Decimal("1000.00"), sale_price=Decimal("1800")
    )


@pytest.fixture
def gree_rate(manager_hq, now):
    return services.manufacturer_rate_create(
        by=manager_hq,
        now=now,
        brand="格力",
        labour_basis="per_job",
        labour_rate=Decimal("120"),
        travel_allowance=Decimal("30"),
        parts_factor=Decimal("1.2"),
        effective_from=dt.date(2020, 1, 1),
    )


@pytest.fixture
def finished_job(flow, warehouse_a, store_a, capacitor):  # noqa: F811
    """A completed warranty job (category C); `issued` capacitors fitted and `returned`
    defective ones taken back for them."""

    def make(*, issued: int = 0, returned: int = 0, state: str = State.COMPLETED):
        order = flow.reach(State.ON_SITE)
        if issued:
            parts.stock_receive(
                by=warehouse_a,
                now=flow.now,
                warehouse=store_a,
                lines=[LineIn(part=capacitor, quantity=issued)],
            )
            parts.stock_issue_to_order(
                by=warehouse_a,
                now=flow.now,
                warehouse=store_a,
                order=order,
                lines=[LineIn(part=capacitor, quantity=issued)],
            )
        if returned:
            parts.stock_return_old_part(
                by=warehouse_a,
                now=flow.now,
                warehouse=store_a,
                order=order,
                lines=[LineIn(part=capacitor, quantity=returned, condition=Condition.DEFECTIVE)],
            )
        if state in (State.COMPLETED, State.CLOSED):
            flow.do("complete", order)
        if state == State.CLOSED:
            flow.do("close", order)
        order.refresh_from_db()
        assert order.category == "C"
        return order

    return make


@pytest.fixture
def build(manager_hq, branch_a, now):
    def make(orders, **values):
        today = now.date()
        return services.warranty_claim_build(
            by=values.pop("by", manager_hq),
            now=now,
            brand=values.pop("brand", "格力"),
            period_start=values.pop("period_start", today - dt.timedelta(days=30)),
            period_end=values.pop("period_end", today + dt.timedelta(days=1)),
            orders=orders,
            branch=values.pop("branch", branch_a),
            **values,
        )

    return make
