import datetime as dt
from decimal import Decimal

import pytest

from aftersales.accounts.models import Role
from aftersales.factories import UserFactory
from aftersales.tools import services
from aftersales.workorders import services as workorder_services


@pytest.fixture
def warehouse_a(branch_a):
    return UserFactory(username="warehouse_a", role=Role.WAREHOUSE, branch=branch_a)


@pytest.fixture
def warehouse_b(branch_b):
    return UserFactory(username="warehouse_b", role=Role.WAREHOUSE, branch=branch_b)


@pytest.fixture
def make_tool(warehouse_a, now):
    """A tool registered in branch A through the service; `price` in yuan."""
    numbers = iter(range(1, 10_000))

    def make(price: str = "350.00", name: str = "数字万用表", **values):
        return services.tool_register(
            by=values.pop("by", warehouse_a),
            now=now,
            asset_number=values.pop("asset_number", f"GJ-{next(numbers):04d}"),
            name=name,
            spec=values.pop("spec", "FLUKE 17B+"),
            purchase_price=Decimal(price),
            purchase_date=values.pop("purchase_date", dt.date(2025, 3, 2)),
            **values,
        )

    return make


@pytest.fixture
def make_order(agent_a, customer_a, unit_a, now):
    """An open repair job of customer A's unit in branch A."""

    def make():
        return workorder_services.work_order_create(
            by=agent_a, customer=customer_a, unit=unit_a, symptom="不制冷", now=now
        )

    return make
