"""Reads of the outlet settlement, scoped to the user's branch (head office sees all)."""

import datetime as dt

from django.db.models import Q, QuerySet

from aftersales.accounts.models import User
from aftersales.accounts.policy import Cap, can, scope_by_branch
from aftersales.customers.models import Outlet

from .models import OutletRate, OutletSettlement, SettlementLine


def visible_settlements(user: User) -> QuerySet[OutletSettlement]:
    """The statements of the user's branch (head office: all); pages and endpoints ask for the
    capability besides, so that one of another branch is not found whoever asks."""
    return scope_by_branch(OutletSettlement.objects.select_related("outlet", "branch"), user)


def settlements_filtered(
    user: User,
    *,
    month: dt.date | None = None,
    outlet: int | None = None,
    status: str = "",
) -> QuerySet[OutletSettlement]:
    qs = visible_settlements(user)
    if month is not None:
        qs = qs.filter(month=month.replace(day=1))
    if outlet:
        qs = qs.filter(outlet_id=outlet)
    if status:
        qs = qs.filter(status=status)
    return qs


def settlement_lines(settlement: OutletSettlement) -> QuerySet[SettlementLine]:
    return settlement.lines.select_related(
        "order__customer", "order__unit__model", "product_category", "rate__product_category"
    )


def outlets_for(user: User) -> QuerySet[Outlet]:
    """The outlets whose statements the user draws up: those of his branch (head office: all)."""
    qs = Outlet.objects.select_related("branch").order_by("name")
    if not can(user, Cap.SETTLE_OUTLETS):
        return qs.none()
    if user.sees_all_branches:
        return qs
    return qs.filter(branch_id=user.branch_id)


def visible_rates(user: User) -> QuerySet[OutletRate]:
    """The rates for all outlets, and those of the outlets the user settles."""
    qs = OutletRate.objects.select_related("outlet", "product_category", "created_by")
    if not can(user, Cap.VIEW):
        return qs.none()
    if user.sees_all_branches:
        return qs
    return qs.filter(Q(outlet__isnull=True) | Q(outlet__branch_id=user.branch_id))


def rates_filtered(
    user: User,
    *,
    outlet: int | None = None,
    defaults_only: bool = False,
    service_category: str = "",
) -> QuerySet[OutletRate]:
    qs = visible_rates(user)
    if defaults_only:
        qs = qs.filter(outlet__isnull=True)
    elif outlet:
        qs = qs.filter(outlet_id=outlet)
    if service_category:
        qs = qs.filter(service_category=service_category)
    return qs
