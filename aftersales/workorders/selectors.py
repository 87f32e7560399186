"""Reads of work orders: scoped to the user, joined once, never a query per row."""

from datetime import datetime

from django.db.models import Q, QuerySet

from aftersales.accounts.models import Role, User
from aftersales.accounts.policy import scope_by_branch
from aftersales.core.models import AuditEntry

from .models import OPEN_STATES, State, WorkOrder


def visible_work_orders(user: User) -> QuerySet[WorkOrder]:
    """A branch sees its own jobs, head office all; a technician sees the jobs sent to him."""
    qs = scope_by_branch(
        WorkOrder.objects.select_related(
            "customer",
            "unit__model__category",
            "technician__user",
            "outlet",
            "branch",
            "fault_type",
        ),
        user,
    )
    if user.role == Role.TECHNICIAN and not user.is_superuser:
        qs = qs.filter(technician__user=user)
    return qs


def filter_work_orders(
    qs: QuerySet[WorkOrder],
    *,
    state: str = "",
    kind: str = "",
    category: str = "",
    branch: int | None = None,
    technician: int | None = None,
    query: str = "",
    repeat_only: bool = False,
) -> QuerySet[WorkOrder]:
    if state == "open":
        qs = qs.filter(state__in=OPEN_STATES)
    elif state:
        qs = qs.filter(state=state)
    if kind:
        qs = qs.filter(kind=kind)
    if category:
        qs = qs.filter(category=category)
    if branch:
        qs = qs.filter(branch_id=branch)
    if technician:
        qs = qs.filter(technician_id=technician)
    if repeat_only:
        qs = qs.filter(is_repeat=True)
    query = query.strip()
    if query:
        digits = "".join(ch for ch in query if ch.isdigit())
        condition = (
            Q(number__icontains=query)
            | Q(customer__name__icontains=query)
            | Q(unit__serial__iexact=query)
            | Q(address__icontains=query)
        )
        if len(digits) >= 4:
            condition |= Q(contact_phone__endswith=digits)
        qs = qs.filter(condition)
    return qs


def board(user: User, *, now: datetime) -> dict[str, QuerySet[WorkOrder]]:
    """The dispatcher's board: jobs waiting for dispatch, oldest first (work not dispatched today
    is dispatched first tomorrow, 004 (十八)), and jobs running late."""
    qs = visible_work_orders(user)
    waiting = qs.filter(state=State.REGISTERED).order_by("created_at", "id")
    overdue = (
        qs.filter(state__in=OPEN_STATES)
        .filter(
            Q(promised_by__lt=now)
            | Q(state__in=(State.DISPATCHED, State.SCHEDULED), appointment_end__lt=now)
        )
        .order_by("promised_by", "appointment_end", "id")
    )
    return {"waiting": waiting, "overdue": overdue}


def jobs_for_technician_today(user: User, *, day_start: datetime, day_end: datetime):
    """My jobs today: open jobs sent to me that are due today or have no appointment yet."""
    return (
        visible_work_orders(user)
        .filter(technician__user=user, state__in=OPEN_STATES)
        .filter(
            Q(appointment_start__lt=day_end, appointment_start__gte=day_start)
            | Q(appointment_start__isnull=True)
            | Q(appointment_start__lt=day_start)  # carried over from an earlier day
        )
        .order_by("appointment_start", "created_at")
    )


def audit_trail(order: WorkOrder) -> QuerySet[AuditEntry]:
    return AuditEntry.objects.for_object(order).select_related("actor")
