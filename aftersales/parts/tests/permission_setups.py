"""Setups of the parts services for the capability table of
workorders/tests/test_services_permissions.py: each returns the call that the role makes."""

from collections.abc import Callable
from decimal import Decimal
from typing import Any

from aftersales.accounts.models import Role, User
from aftersales.factories import UserFactory
from aftersales.parts import services
from aftersales.parts.models import Part, Warehouse
from aftersales.parts.services import LineIn
from aftersales.workorders.models import State


def _stocked(ctx, user: User) -> tuple[Warehouse, Part]:
    """A warehouse the user may take from, with stock: a technician's own van, else the branch's."""
    keeper = UserFactory(username="parts_keeper", role=Role.WAREHOUSE, branch=ctx.branch_a)
    part = Part.objects.create(code="PERM-CAP", name="启动电容", unit_cost=Decimal("18"))
    technician = ctx.own_technician(user)
    if technician is not None:
        warehouse = Warehouse.objects.create(
            code="PERM-VAN",
            name="车载库",
            kind=Warehouse.Kind.VAN,
            branch=ctx.branch_a,
            technician=technician,
        )
    else:
        warehouse = Warehouse.objects.create(
            code="PERM-WH", name="北京仓", kind=Warehouse.Kind.BRANCH, branch=ctx.branch_a
        )
    services.stock_receive(
        by=keeper, now=ctx.now, warehouse=warehouse, lines=[LineIn(part=part, quantity=5)]
    )
    return warehouse, part


def stock_receive(ctx, user: User) -> Callable[[], Any]:
    warehouse = Warehouse.objects.create(
        code="PERM-WH", name="北京仓", kind=Warehouse.Kind.BRANCH, branch=ctx.branch_a
    )
    part = Part.objects.create(code="PERM-CAP", name="启动电容")
    return lambda: services.stock_receive(
        by=user, now=ctx.now, warehouse=warehouse, lines=[LineIn(part=part, quantity=5)]
    )


def stock_issue_to_order(ctx, user: User) -> Callable[[], Any]:
    warehouse, part = _stocked(ctx, user)
    order = ctx.order(State.ON_SITE, user)
    return lambda: services.stock_issue_to_order(
        by=user,
        now=ctx.now,
        warehouse=warehouse,
        order=order,
        lines=[LineIn(part=part, quantity=1)],
    )


def purchase_request_decide(ctx, user: User) -> Callable[[], Any]:
    """Approving a request that has its three quotes."""
    keeper = UserFactory(username="parts_keeper", role=Role.WAREHOUSE, branch=ctx.branch_a)
    warehouse = Warehouse.objects.create(
        code="PERM-WH", name="北京仓", kind=Warehouse.Kind.BRANCH, branch=ctx.branch_a
    )
    part = Part.objects.create(code="PERM-CAP", name="启动电容")
    request = services.purchase_request_create(
        by=keeper, now=ctx.now, warehouse=warehouse, part=part, quantity=20
    )
    for supplier, price in [("格力电器配件部", "17.5"), ("成都恒通机电", "16.8"), ("美的", "18")]:
        services.purchase_quote_add(
            by=keeper, now=ctx.now, request=request, supplier=supplier, unit_price=Decimal(price)
        )
    return lambda: services.purchase_request_decide(
        by=user, now=ctx.now, request=request, approve=True
    )
