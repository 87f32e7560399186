"""Reads of work orders: scoped to the user, joined once, never a query per row."""

from datetime import datetime

from django.db.models import Count, Q, QuerySet

from aftersales.accounts.models import Role, User
from aftersales.accounts.policy import Cap, can, scope_by_branch
from aftersales.core.models import AuditEntry

from .models import ASSIGNED_STATES, OPEN_STATES, Request, State, WorkOrder


def visible_work_orders(user: User) -> QuerySet[WorkOrder]:
    """A branch sees its own jobs, head office all; a technician sees the jobs sent to him."""
    qs = WorkOrder.objects.select_related(
        "customer",
        "unit__model__category",
        "technician__user",
        "outlet",
        "branch",
        "fault_type",
    )
    if user.role == Role.TECHNICIAN and not user.is_superuser:
        # Head office may send a technician to another branch's job: he sees it all the same.
        return qs.filter(technician__user=user) if can(user, Cap.VIEW) else qs.none()
    return scope_by_branch(qs, user)


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
    """The dispatcher's board: jobs waiting for dispatch and jobs running late, each sorted by
    what breaches first (SPEC §6); jobs without a clock after them, oldest first, so that work not
    dispatched today is dispatched first tomorrow (004 (十八))."""
    from aftersales.deadlines.models import Deadline
    from aftersales.deadlines.selectors import by_first_due

    qs = visible_work_orders(user)
    waiting = by_first_due(qs.filter(state=State.REGISTERED))
    late_deadline = Deadline.objects.filter(status=Deadline.Status.RUNNING, due_at__lt=now)
    overdue = by_first_due(
        qs.filter(state__in=OPEN_STATES).filter(
            Q(pk__in=late_deadline.values("order_id"))
            | Q(promised_by__lt=now)
            | Q(state__in=(State.DISPATCHED, State.SCHEDULED), appointment_end__lt=now)
        )
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


def supervisor_overview(
    user: User,
    *,
    day_start: datetime,
    day_end: datetime,
    month_start: datetime,
    branch: int | None = None,
    limit: int = 50,
) -> dict:
    """The supervisor's view of his branch: counted by the database, never row by row."""
    from aftersales.dispatch.models import Technician

    orders = visible_work_orders(user)
    technicians = scope_by_branch(Technician.objects.filter(is_active=True), user)
    if branch:
        orders = orders.filter(branch_id=branch)
        technicians = technicians.filter(branch_id=branch)
    state_counts = dict(
        orders.order_by().values_list("state").annotate(n=Count("id")).values_list("state", "n")
    )
    due_today = Q(
        work_orders__appointment_start__gte=day_start, work_orders__appointment_start__lt=day_end
    ) | Q(work_orders__appointment_start__isnull=True)
    technicians = (
        technicians.select_related("user")
        .annotate(
            open_total=Count("work_orders", filter=Q(work_orders__state__in=OPEN_STATES)),
            load_today=Count(
                "work_orders", filter=Q(work_orders__state__in=ASSIGNED_STATES) & due_today
            ),
        )
        .order_by("-load_today", "user__username")
    )
    repeats = orders.filter(is_repeat=True, created_at__gte=month_start)
    return {
        "state_counts": state_counts,
        "technicians": technicians,
        "awaiting_check": orders.filter(state=State.REPAIRED).order_by("updated_at")[:limit],
        "pending_requests": Request.objects.filter(
            status=Request.Status.PENDING,
            order__in=orders.filter(state__in=OPEN_STATES).values("pk"),
        )
        .select_related("order__customer", "requested_by")
        .order_by("requested_at")[:limit],
        "escalated": orders.filter(escalated=True, state__in=OPEN_STATES)[:limit],
        "repeats": repeats[:limit],
        "repeats_count": repeats.count(),
    }


def page_of(qs: QuerySet[WorkOrder], *, offset: int, limit: int) -> list[WorkOrder]:
    """One page of a sorted list of orders, fast on a large table: the sort and the slice run
    over the work-order table alone, then only the page's rows are joined (select_related)."""
    pks = list(qs.values_list("pk", flat=True)[offset : offset + limit])
    rows = qs.model._default_manager.none()
    if pks:
        rows = qs.order_by().filter(pk__in=pks)
    by_pk = {order.pk: order for order in rows}
    return [by_pk[pk] for pk in pks if pk in by_pk]
