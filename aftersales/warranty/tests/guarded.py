"""The warranty services in the capability table of workorders/tests/test_services_permissions."""

import datetime as dt
from collections.abc import Callable
from typing import Any

from aftersales.accounts.models import User
from aftersales.accounts.policy import Cap
from aftersales.warranty import services
from aftersales.workorders import services as workorders
from aftersales.workorders.models import ServiceCategory, State


def _override_category(ctx: Any, user: User) -> Callable[[], Any]:
    order = ctx.order(State.REGISTERED, user)
    return lambda: workorders.work_order_override_category(
        order=order, by=user, category=ServiceCategory.PAID, reason="人为损坏", now=ctx.now
    )


def _contract_create(ctx: Any, user: User) -> Callable[[], Any]:
    today = ctx.now.date()
    return lambda: services.contract_create(
        by=user,
        customer=ctx.flow.unit.customer,
        units=[ctx.flow.unit],
        start=today,
        end=today + dt.timedelta(days=364),
        annual_fee="800",
        visits_per_year=2,
        now=ctx.now,
    )


GUARDED: dict[str, tuple[str, Callable[[Any, User], Callable[[], Any]]]] = {
    "work_order_override_category": (Cap.OVERRIDE_CATEGORY, _override_category),
    "contract_create": (Cap.EDIT_CONTRACTS, _contract_create),
}
