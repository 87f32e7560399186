"""The working calendar of a branch, built from what it keeps in the database, and the reads of
the calendar pages and the duty roster, scoped to the user's branch."""

import datetime as dt
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db.models import Prefetch, Q, QuerySet

from aftersales.accounts.models import Branch, User
from aftersales.accounts.policy import scope_by_branch
from aftersales.customers.models import Customer
from aftersales.dispatch.models import Technician
from aftersales.warranty.models import MaintenanceContract

from .conf import unknown_year_policy
from .models import CompanyHoliday, DutyAssignment, WorkingHours
from .rules import ALWAYS_OPEN, DEFAULT_PERIODS, WorkingCalendar


def default_periods() -> tuple[tuple[dt.time, dt.time], ...]:
    """settings.AFTERSALES["WORKING_HOURS"], as ("08:30", "12:00") pairs; 002 第五条 if unset."""
    configured = settings.AFTERSALES.get("WORKING_HOURS")
    if not configured:
        return DEFAULT_PERIODS
    return tuple((dt.time.fromisoformat(s), dt.time.fromisoformat(e)) for s, e in configured)


def _company_kinds(branch_id: int | None, **filters) -> dict[dt.date, tuple[str, str]]:
    """date → (kind, name) of the company days for the branch and for all branches; the branch's
    own entry for a day wins over the company-wide one."""
    days = CompanyHoliday.objects.filter(Q(branch__isnull=True) | Q(branch_id=branch_id), **filters)
    kinds: dict[dt.date, tuple[str, str]] = {}
    # Company-wide first, so the branch's own entry for the same day overwrites it.
    for day, kind, name, _own in sorted(
        days.values_list("date", "kind", "name", "branch_id"), key=lambda row: row[3] is not None
    ):
        kinds[day] = (kind, name)
    return kinds


def calendar_for(branch: Branch | None, *, around_the_clock: bool = False) -> WorkingCalendar:
    """The branch's calendar in two queries: its own hours (or the default) and the company days
    for it and for all branches; a branch's own entry for a day wins over the company-wide one.
    A year the official schedule does not know follows settings.AFTERSALES["UNKNOWN_YEAR_CALENDAR"].
    `around_the_clock` is emergency repair's 24×7 calendar (003 方案1–2) and reads nothing."""
    if around_the_clock:
        return ALWAYS_OPEN
    branch_id = branch.pk if branch is not None else None
    periods: tuple[tuple[dt.time, dt.time], ...] = ()
    if branch_id is not None:
        periods = tuple(
            WorkingHours.objects.filter(branch_id=branch_id)
            .order_by("starts")
            .values_list("starts", "ends")
        )
    kinds = _company_kinds(branch_id)
    return WorkingCalendar(
        periods=periods or default_periods(),
        holidays=frozenset(d for d, (k, _n) in kinds.items() if k == CompanyHoliday.Kind.HOLIDAY),
        workdays=frozenset(d for d, (k, _n) in kinds.items() if k == CompanyHoliday.Kind.WORKDAY),
        tz=ZoneInfo(settings.TIME_ZONE),
        unknown_years=unknown_year_policy(),
    )


def company_day_names(branch: Branch | None, year: int) -> dict[dt.date, tuple[str, str]]:
    """The year's company days that apply to the branch (to all branches when None): date →
    (kind, name)."""
    return _company_kinds(branch.pk if branch else None, date__year=year)


# The pages ---------------------------------------------------------------------------------------


def visible_branches(user: User) -> QuerySet[Branch]:
    """The user's own branch; head office sees every branch."""
    return scope_by_branch(Branch.objects.all(), user, field="pk")


def branches_with_hours(user: User) -> QuerySet[Branch]:
    return visible_branches(user).prefetch_related(
        Prefetch("working_hours", queryset=WorkingHours.objects.order_by("starts"))
    )


def visible_company_days(user: User) -> QuerySet[CompanyHoliday]:
    """The days for all branches and those of the branches the user sees."""
    own = scope_by_branch(CompanyHoliday.objects.filter(branch__isnull=False), user)
    return CompanyHoliday.objects.filter(Q(branch__isnull=True) | Q(pk__in=own.values("pk")))


def company_days_of_year(user: User, year: int) -> QuerySet[CompanyHoliday]:
    return (
        visible_company_days(user)
        .filter(date__year=year)
        .select_related("branch")
        .order_by("date", "branch__code")
    )


def visible_duties(user: User) -> QuerySet[DutyAssignment]:
    return scope_by_branch(
        DutyAssignment.objects.select_related("branch", "site", "technician__user"), user
    )


def duties_between(
    user: User, start: dt.date, end: dt.date, *, branch: Branch | None = None
) -> QuerySet[DutyAssignment]:
    qs = visible_duties(user).filter(date__gte=start, date__lte=end)
    if branch is not None:
        qs = qs.filter(branch=branch)
    return qs.order_by("date", "starts", "site__name", "id")


def duty_technicians(user: User, branch: Branch | None = None) -> QuerySet[Technician]:
    qs = scope_by_branch(Technician.objects.filter(is_active=True), user)
    if branch is not None:
        qs = qs.filter(branch=branch)
    return qs.select_related("user", "branch").order_by("branch__code", "user__username")


def key_sites(
    user: User, on: dt.date | None = None, branch: Branch | None = None
) -> QuerySet[Customer]:
    """The sites duty may be kept at (000 篇9 4.2.4): key customers, and customers under an active
    maintenance contract (running on `on`, when given)."""
    contracts = MaintenanceContract.objects.filter(status=MaintenanceContract.Status.ACTIVE)
    if on is not None:
        contracts = contracts.filter(start__lte=on, end__gte=on)
    contracted = contracts.values("customer_id")
    qs = scope_by_branch(
        Customer.objects.filter(Q(tier=Customer.Tier.KEY) | Q(pk__in=contracted)), user
    )
    if branch is not None:
        qs = qs.filter(branch=branch)
    return qs.order_by("name")
