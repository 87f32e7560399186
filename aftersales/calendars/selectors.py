"""The working calendar of a branch, built from what it keeps in the database."""

import datetime as dt
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db.models import Q

from aftersales.accounts.models import Branch

from .models import CompanyHoliday, WorkingHours
from .rules import ALWAYS_OPEN, DEFAULT_PERIODS, WorkingCalendar


def default_periods() -> tuple[tuple[dt.time, dt.time], ...]:
    """settings.AFTERSALES["WORKING_HOURS"], as ("08:30", "12:00") pairs; 002 第五条 if unset."""
    configured = settings.AFTERSALES.get("WORKING_HOURS")
    if not configured:
        return DEFAULT_PERIODS
    return tuple((dt.time.fromisoformat(s), dt.time.fromisoformat(e)) for s, e in configured)


def calendar_for(branch: Branch | None, *, around_the_clock: bool = False) -> WorkingCalendar:
    """The branch's calendar in two queries: its own hours (or the default) and the company days
    for it and for all branches; a branch's own entry for a day wins over the company-wide one.
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
    days = CompanyHoliday.objects.filter(Q(branch__isnull=True) | Q(branch_id=branch_id))
    kinds: dict[dt.date, str] = {}
    # Company-wide first, so the branch's own entry for the same day overwrites it.
    for day, kind, _own in sorted(
        days.values_list("date", "kind", "branch_id"), key=lambda row: row[2] is not None
    ):
        kinds[day] = kind
    return WorkingCalendar(
        periods=periods or default_periods(),
        holidays=frozenset(d for d, k in kinds.items() if k == CompanyHoliday.Kind.HOLIDAY),
        workdays=frozenset(d for d, k in kinds.items() if k == CompanyHoliday.Kind.WORKDAY),
        tz=ZoneInfo(settings.TIME_ZONE),
    )
