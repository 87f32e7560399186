"""Reads of return and exchange requests, scoped to the user's branch (head office sees all)."""

from django.db.models import Prefetch, Q, QuerySet

from aftersales.accounts.models import User
from aftersales.accounts.policy import scope_by_branch
from aftersales.customers.models import Unit

from .models import Resolution, ReturnRequest


def visible_returns(user: User) -> QuerySet[ReturnRequest]:
    return scope_by_branch(
        ReturnRequest.objects.select_related(
            "branch", "customer", "unit__model", "work_order", "requested_by", "decided_by"
        ),
        user,
    )


def returns_filtered(
    user: User, *, status: str = "", kind: str = "", branch: int | None = None, q: str = ""
) -> QuerySet[ReturnRequest]:
    qs = visible_returns(user)
    if status:
        qs = qs.filter(status=status)
    if kind:
        qs = qs.filter(kind=kind)
    if branch:
        qs = qs.filter(branch_id=branch)
    q = (q or "").strip()
    if q:
        qs = qs.filter(
            Q(number__icontains=q)
            | Q(customer__name__icontains=q)
            | Q(unit__serial__icontains=q)
            | Q(customer__phone__endswith=q)
        )
    return qs


def return_detail(user: User) -> QuerySet[ReturnRequest]:
    """One request with its resolutions, the new units and rework jobs joined."""
    return (
        visible_returns(user)
        .select_related("completed_by", "unit__model__category")
        .prefetch_related(
            Prefetch(
                "resolutions",
                queryset=Resolution.objects.select_related(
                    "replacement_unit__model", "rework_order", "recorded_by"
                ),
            )
        )
    )


def returns_of_unit(unit: Unit) -> QuerySet[ReturnRequest]:
    """The unit's returns and exchanges, for its service file."""
    return ReturnRequest.objects.filter(unit=unit).select_related("requested_by", "decided_by")


def exchange_of(unit: Unit) -> Resolution | None:
    """The exchange that brought this unit to the customer, if it was one."""
    return (
        Resolution.objects.filter(replacement_unit=unit)
        .select_related("return_request__unit__model")
        .first()
    )
