"""Reads of preventive maintenance, scoped to the user's branch (head office sees all); and the
quarterly maintenance report of a customer (每季提交书面维护工作报告, 000 篇9 4.1.5)."""

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Prefetch, Q, QuerySet

from aftersales.accounts.models import User
from aftersales.accounts.policy import scope_by_branch
from aftersales.customers.models import Customer, Unit
from aftersales.customers.selectors import visible_units
from aftersales.dispatch.models import Technician
from aftersales.warranty.models import MaintenanceContract
from aftersales.warranty.selectors import visible_contracts
from aftersales.workorders.models import WorkOrder

from . import rules
from .models import ChecklistItem, ChecklistTemplate, MaintenanceSchedule, Reading, Visit

St = Visit.Status


def visible_schedules(user: User) -> QuerySet[MaintenanceSchedule]:
    return scope_by_branch(
        MaintenanceSchedule.objects.select_related(
            "branch", "customer", "contract", "unit__model", "checklist", "created_by"
        ),
        user,
    )


def schedules_filtered(
    user: User, *, query: str = "", frequency: str = "", status: str = ""
) -> QuerySet[MaintenanceSchedule]:
    """`status`: active (the default of the page), stopped, or all."""
    qs = visible_schedules(user)
    if status == "active":
        qs = qs.filter(active=True)
    elif status == "stopped":
        qs = qs.filter(active=False)
    if frequency:
        qs = qs.filter(frequency=frequency)
    query = (query or "").strip()
    if query:
        qs = qs.filter(
            Q(customer__name__icontains=query)
            | Q(contract__number__icontains=query)
            | Q(unit__serial__icontains=query)
            | Q(customer__phone__endswith=query)
        )
    return qs


def visible_visits(user: User) -> QuerySet[Visit]:
    return scope_by_branch(
        Visit.objects.select_related(
            "schedule__branch",
            "schedule__customer",
            "schedule__contract",
            "schedule__unit__model",
            "schedule__checklist",
            "work_order",
            "recorded_by",
        ),
        user,
        field="schedule__branch",
    )


def visits_filtered(
    user: User,
    *,
    today: dt.date,
    when: str = "",
    query: str = "",
    schedule: int | None = None,
) -> QuerySet[Visit]:
    """`when`: open (planned, the default of the page: overdue first), due (planned up to a week
    ahead), overdue, done, abnormal (done with findings), cancelled, or all."""
    qs = visible_visits(user)
    if when == "open":
        qs = qs.filter(status=St.PLANNED)
    elif when == "due":
        qs = qs.filter(status=St.PLANNED, planned_on__lte=today + dt.timedelta(days=7))
    elif when == "overdue":
        qs = qs.filter(status=St.PLANNED, planned_on__lt=today)
    elif when == "done":
        qs = qs.filter(status=St.DONE).order_by("-performed_at", "-id")
    elif when == "abnormal":
        qs = qs.filter(status=St.DONE, abnormal=True).order_by("-performed_at", "-id")
    elif when == "cancelled":
        qs = qs.filter(status=St.CANCELLED).order_by("-planned_on", "-id")
    if schedule:
        qs = qs.filter(schedule_id=schedule)
    query = (query or "").strip()
    if query:
        qs = qs.filter(
            Q(schedule__customer__name__icontains=query)
            | Q(schedule__contract__number__icontains=query)
            | Q(schedule__unit__serial__icontains=query)
        )
    return qs


def due_visits(user: User, *, today: dt.date, days: int = 7) -> QuerySet[Visit]:
    """Planned visits overdue or due within `days`, the earliest first."""
    return visible_visits(user).filter(
        status=St.PLANNED, planned_on__lte=today + dt.timedelta(days=days)
    )


def schedule_visits(schedule: MaintenanceSchedule) -> QuerySet[Visit]:
    return schedule.visits.select_related("work_order", "recorded_by").order_by(
        "-planned_on", "-id"
    )


def visit_readings(visit: Visit) -> QuerySet[Reading]:
    return visit.readings.select_related("item")


def checklist_templates() -> QuerySet[ChecklistTemplate]:
    """The checklists are the company's, shared by every branch."""
    return ChecklistTemplate.objects.select_related("product_category").prefetch_related(
        Prefetch("items", queryset=ChecklistItem.objects.order_by("order", "id"))
    )


def crew_for(visit: Visit) -> QuerySet[Technician]:
    """Whom the recorder may name as having done the visit: the active technicians of the
    schedule's branch."""
    return (
        Technician.objects.filter(branch_id=visit.schedule.branch_id, is_active=True)
        .select_related("user")
        .order_by("user__last_name", "user__first_name", "user__username")
    )


def contracts_to_plan(user: User, *, today: dt.date) -> QuerySet[MaintenanceContract]:
    """The active contracts, not ended, of the user's branch (head office: all)."""
    return (
        visible_contracts(user)
        .filter(status=MaintenanceContract.Status.ACTIVE, end__gte=today)
        .order_by("customer__name", "number")
    )


def units_by_serial(user: User, serial: str) -> QuerySet[Unit]:
    return visible_units(user).filter(serial__iexact=(serial or "").strip())


# The quarterly report --------------------------------------------------------------------------


@dataclass
class QuarterlyReport:
    """A customer's maintenance in one quarter: what was done, what was found, what was opened."""

    customer: Customer
    year: int
    quarter: int
    first: dt.date
    last: dt.date
    schedules: list[MaintenanceSchedule]
    done: list[Visit]  # recorded in the quarter, with their readings
    not_done: list[Visit]  # planned in the quarter, not recorded yet
    cancelled: list[Visit]
    findings: list[Reading] = field(default_factory=list)
    work_orders: list[WorkOrder] = field(default_factory=list)

    @property
    def previous(self) -> tuple[int, int]:
        return rules.shift_quarter(self.year, self.quarter, -1)

    @property
    def next(self) -> tuple[int, int]:
        return rules.shift_quarter(self.year, self.quarter, 1)

    @property
    def planned_count(self) -> int:
        return len(self.done) + len(self.not_done) + len(self.cancelled)

    @property
    def abnormal_count(self) -> int:
        return sum(1 for visit in self.done if visit.abnormal)


def quarterly_report(customer: Customer, *, year: int, quarter: int) -> QuarterlyReport:
    """The customer's visits of the quarter, in the company's time zone: those recorded in it with
    every reading, those planned in it and not done, those cancelled; the findings out of range
    and the repair work orders they opened."""
    first, last = rules.quarter_dates(year, quarter)
    start, end = rules.quarter_bounds(year, quarter)
    visits = Visit.objects.filter(schedule__customer=customer).select_related(
        "schedule__unit__model", "schedule__contract", "schedule__checklist", "work_order"
    )
    done = list(
        visits.filter(status=St.DONE, performed_at__gte=start, performed_at__lt=end)
        .prefetch_related(
            Prefetch("readings", queryset=Reading.objects.select_related("item")),
            Prefetch("technicians", queryset=Technician.objects.select_related("user")),
        )
        .order_by("performed_at", "id")
    )
    in_quarter = visits.filter(planned_on__gte=first, planned_on__lte=last).order_by(
        "planned_on", "id"
    )
    schedules = list(
        MaintenanceSchedule.objects.filter(customer=customer, starts_on__lte=last)
        .filter(Q(ends_on__isnull=True) | Q(ends_on__gte=first))
        .filter(Q(active=True) | Q(stopped_at__gte=start))
        .select_related("contract", "unit__model", "checklist")
        .order_by("starts_on", "id")
    )
    findings = [
        reading for visit in done for reading in visit.readings.all() if not reading.in_range
    ]
    orders = {visit.work_order_id: visit.work_order for visit in done if visit.work_order_id}
    return QuarterlyReport(
        customer=customer,
        year=year,
        quarter=quarter,
        first=first,
        last=last,
        schedules=schedules,
        done=done,
        not_done=list(in_quarter.filter(status=St.PLANNED)),
        cancelled=list(in_quarter.filter(status=St.CANCELLED)),
        findings=findings,
        work_orders=list(orders.values()),
    )
