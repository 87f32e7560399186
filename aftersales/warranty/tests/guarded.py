"""The warranty services in the capability table of workorders/tests/test_services_permissions."""

import datetime as dt
from collections.abc import Callable
from typing import Any

from django.utils import timezone

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


def _notice(ctx: Any) -> Any:
    """An open renewal notice of a contract of branch A, in a past year of its own."""
    from aftersales.warranty.models import RenewalNotice

    year = 1950 + RenewalNotice.objects.count()
    contract = services.contract_create(
        by=ctx.flow.supervisor,
        customer=ctx.flow.unit.customer,
        units=[ctx.flow.unit],
        start=dt.date(year, 1, 1),
        end=dt.date(year, 12, 31),
        annual_fee="800",
        visits_per_year=2,
        now=ctx.now,
    )
    return RenewalNotice.objects.create(contract=contract, created_at=ctx.now, due=contract.end)


def _notice_assign(ctx: Any, user: User) -> Callable[[], Any]:
    notice = _notice(ctx)
    # The caller sends himself: a role that may edit contracts may be sent.
    return lambda: services.renewal_notice_assign(
        by=user, notice=notice, assignee=user, now=ctx.now
    )


def _notice_letter_sent(ctx: Any, user: User) -> Callable[[], Any]:
    notice = _notice(ctx)
    return lambda: services.renewal_notice_letter_sent(
        by=user, notice=notice, sent_on=timezone.localdate(ctx.now), now=ctx.now
    )


def _notice_close(ctx: Any, user: User) -> Callable[[], Any]:
    notice = _notice(ctx)
    return lambda: services.renewal_notice_close(
        by=user, notice=notice, reason="客户设备已报废", now=ctx.now
    )


GUARDED: dict[str, tuple[str, Callable[[Any, User], Callable[[], Any]]]] = {
    "work_order_override_category": (Cap.OVERRIDE_CATEGORY, _override_category),
    "contract_create": (Cap.EDIT_CONTRACTS, _contract_create),
    # Renewal notices (004 (二十)).
    "renewal_notice_assign": (Cap.EDIT_CONTRACTS, _notice_assign),
    "renewal_notice_letter_sent": (Cap.EDIT_CONTRACTS, _notice_letter_sent),
    "renewal_notice_close": (Cap.EDIT_CONTRACTS, _notice_close),
}
