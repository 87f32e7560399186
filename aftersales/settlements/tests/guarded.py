"""The outlet-settlement services in the capability table of
workorders/tests/test_services_permissions."""

import datetime as dt
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from django.utils import timezone

from aftersales.accounts.models import User
from aftersales.accounts.policy import Cap
from aftersales.factories import OutletFactory
from aftersales.settlements import services
from aftersales.settlements.models import OutletRate
from aftersales.workorders.models import State, WorkOrder

MONTH = dt.date(2024, 3, 1)


def _outlet_with_a_job(ctx: Any):
    """An outlet of branch A that completed a free job for customer A in March 2024."""
    outlet = OutletFactory(name="甲网点", branch=ctx.branch_a)
    at = dt.datetime(2024, 3, 15, 10, tzinfo=timezone.get_default_timezone())
    WorkOrder.objects.create(
        number="WO-JS-G0001",
        branch=ctx.branch_a,
        customer=ctx.customer_a,
        symptom="不制冷",
        address=ctx.customer_a.address,
        contact_phone=ctx.customer_a.phone,
        created_by=ctx.flow.agent,
        outlet=outlet,
        category="C",
        state=State.COMPLETED,
        completed_at=at,
    )
    OutletRate.objects.create(
        outlet=outlet,
        service_category="C",
        amount=Decimal("60"),
        effective_from=dt.date(2024, 1, 1),
        created_by=ctx.flow.supervisor,
        created_at=at,
    )
    return outlet


def _settlement_build(ctx: Any, user: User) -> Callable[[], Any]:
    outlet = _outlet_with_a_job(ctx)
    return lambda: services.settlement_build(by=user, now=ctx.now, outlet=outlet, month=MONTH)


def _settlement_confirm(ctx: Any, user: User) -> Callable[[], Any]:
    outlet = _outlet_with_a_job(ctx)
    settlement = services.settlement_build(
        by=_finance(ctx), now=ctx.now, outlet=outlet, month=MONTH
    )
    return lambda: services.settlement_confirm(by=user, now=ctx.now, settlement=settlement)


def _finance(ctx: Any) -> User:
    from aftersales.factories import UserFactory

    return UserFactory(username="finance_builder", role="finance", branch=ctx.branch_a)


def _outlet_rate_create(ctx: Any, user: User) -> Callable[[], Any]:
    outlet = OutletFactory(name="甲网点", branch=ctx.branch_a)
    return lambda: services.outlet_rate_create(
        by=user,
        now=ctx.now,
        outlet=outlet,
        service_category="B",
        amount=Decimal("80"),
        effective_from=dt.date(2024, 1, 1),
    )


GUARDED: dict[str, tuple[str, Callable[[Any, User], Callable[[], Any]]]] = {
    "settlement_build": (Cap.SETTLE_OUTLETS, _settlement_build),
    "settlement_confirm": (Cap.SETTLE_OUTLETS, _settlement_confirm),
    "outlet_rate_create": (Cap.SETTLE_OUTLETS, _outlet_rate_create),
}
