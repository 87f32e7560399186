"""Company days and duties of each side of the permission tests' scene (core/tests/scene.py),
written straight to the tables with no audit entry, so that making them is not counted as a
change. One of each per side is kept until a test removes it; `fresh=True` makes a new one."""

import datetime as dt
import itertools

from aftersales.calendars.models import CompanyHoliday, DutyAssignment

_days = itertools.count(1)


def _next_day() -> dt.date:
    """A day of its own for each record, in a year no test plans for."""
    return dt.date(2030, 1, 1) + dt.timedelta(days=next(_days))


def calendar_branch_of(side, *, fresh: bool = False):
    return side.branch


def company_day_of(side, *, fresh: bool = False) -> CompanyHoliday:
    """A holiday of the side's own branch."""
    kept = side.extra.get("_company_day")
    if not fresh and kept is not None and CompanyHoliday.objects.filter(pk=kept.pk).exists():
        return kept
    day = CompanyHoliday.objects.create(date=_next_day(), name="盘点休息", branch=side.branch)
    side.extra["_company_day"] = day
    return day


def duty_of(side, *, fresh: bool = False) -> DutyAssignment:
    """The side's technician on call for its branch on a day of its own."""
    kept = side.extra.get("_duty")
    if not fresh and kept is not None and DutyAssignment.objects.filter(pk=kept.pk).exists():
        return kept
    duty = DutyAssignment.objects.create(
        branch=side.branch,
        date=_next_day(),
        technician=side.technician,
        starts=dt.time(8, 30),
        ends=dt.time(17, 30),
        phone=side.technician.phone,
        created_by=side.flow.supervisor,
        created_at=side.flow.now,
    )
    side.extra["_duty"] = duty
    return duty


def duty_body(side) -> dict[str, str]:
    """A duty of the side's technician on a day of its own."""
    return {
        "technician": side.technician.pk,
        "date": _next_day().isoformat(),
        "starts": "08:30",
        "ends": "17:30",
        "note": "春节值班",
    }
