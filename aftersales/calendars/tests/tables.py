"""The working calendar's entries in the issue-wide tables of core/tests and workorders/tests:

- GUARDED: services in the capability table of workorders/tests/test_services_permissions;
- PAGES, PAGE_RECORDS: pages of core/tests/test_permissions_pages and the records they name;
- OPS, API_RECORDS: API operations of core/tests/test_permissions_api and their records;
- CREATIONS, OPERATIONS: the creating endpoints of core/tests/test_api_idempotency.
Each table's own record type is passed in, so that these entries are written in its terms.
Everyone reads the calendar and the duty roster; the service heads (Cap.PLAN_MAINTENANCE) keep
them.
"""

import datetime as dt
import itertools
from collections.abc import Callable
from typing import Any

from aftersales.accounts.models import Role
from aftersales.accounts.policy import Cap

from .scene_records import calendar_branch_of, company_day_of, duty_body, duty_of

_dates = itertools.count(1)


def _day() -> dt.date:
    return dt.date(2026, 3, 1) + dt.timedelta(days=next(_dates))


def _working_hours_set(ctx: Any, user: Any) -> Callable[[], Any]:
    from aftersales.calendars import services

    return lambda: services.working_hours_set(
        by=user,
        branch=ctx.branch_a,
        periods=[(dt.time(9), dt.time(12)), (dt.time(13), dt.time(17))],
    )


def _company_day_add(ctx: Any, user: Any) -> Callable[[], Any]:
    from aftersales.calendars import services

    return lambda: services.company_day_add(
        by=user, date=_day(), name="公司年会", kind="holiday", branch=ctx.branch_a, now=ctx.now
    )


def _company_day_remove(ctx: Any, user: Any) -> Callable[[], Any]:
    from aftersales.calendars import services
    from aftersales.calendars.models import CompanyHoliday

    day = CompanyHoliday.objects.create(date=_day(), name="盘点", branch=ctx.branch_a)
    return lambda: services.company_day_remove(by=user, day=day)


def _duty_assign(ctx: Any, user: Any) -> Callable[[], Any]:
    from aftersales.calendars import services

    return lambda: services.duty_assign(
        by=user,
        technician=ctx.technician_a,
        date=dt.date(2026, 10, 1),
        starts=dt.time(8, 30),
        ends=dt.time(17, 30),
        now=ctx.now,
    )


def _duty_remove(ctx: Any, user: Any) -> Callable[[], Any]:
    from aftersales.calendars import services
    from aftersales.calendars.models import DutyAssignment

    duty = DutyAssignment.objects.create(
        branch=ctx.branch_a,
        date=dt.date(2026, 10, 2),
        technician=ctx.technician_a,
        starts=dt.time(8, 30),
        ends=dt.time(17, 30),
        phone=ctx.technician_a.phone,
        created_by=ctx.flow.supervisor,
        created_at=ctx.now,
    )
    return lambda: services.duty_remove(by=user, duty=duty)


GUARDED: dict[str, tuple[str, Callable[..., Callable[[], Any]]]] = {
    "working_hours_set": (Cap.PLAN_MAINTENANCE, _working_hours_set),
    "company_day_add": (Cap.PLAN_MAINTENANCE, _company_day_add),
    "company_day_remove": (Cap.PLAN_MAINTENANCE, _company_day_remove),
    "duty_assign": (Cap.PLAN_MAINTENANCE, _duty_assign),
    "duty_remove": (Cap.PLAN_MAINTENANCE, _duty_remove),
}

# The records the paths name, made on first use without an audit entry.
PAGE_RECORDS: dict[str, Callable[..., Any]] = {
    "calendar_branch": calendar_branch_of,
    "company_day": company_day_of,
    "duty": duty_of,
}
API_RECORDS: dict[str, tuple[str, Callable[..., Any]]] = {}
OPERATIONS: dict[str, str] = {"duty_assignment": "/duty-assignments"}


def PAGES(Rule: type) -> dict[str, Any]:  # noqa: N802 — the table's name
    return {
        "calendars:index": Rule(Cap.VIEW),
        "calendars:branch": Rule(Cap.VIEW, record="calendar_branch"),
        "calendars:hours_edit": Rule(Cap.PLAN_MAINTENANCE, record="calendar_branch", form=True),
        "calendars:days": Rule(Cap.VIEW),
        "calendars:day_add": Rule(Cap.PLAN_MAINTENANCE, post_only=True),
        "calendars:day_remove": Rule(Cap.PLAN_MAINTENANCE, record="company_day", post_only=True),
        "calendars:roster": Rule(Cap.VIEW),
        "calendars:roster_print": Rule(Cap.VIEW),
        "calendars:duty_assign": Rule(Cap.PLAN_MAINTENANCE, post_only=True),
        "calendars:duty_remove": Rule(Cap.PLAN_MAINTENANCE, record="duty", post_only=True),
    }


def OPS(Op: type) -> dict[tuple[str, str], Any]:  # noqa: N802 — the table's name
    return {
        ("GET", "/duty-assignments"): Op(Cap.VIEW),
        ("POST", "/duty-assignments"): Op(
            Cap.PLAN_MAINTENANCE, ok=201, body=lambda scene, side: duty_body(side)
        ),
    }


def CREATIONS(Creation: type) -> dict[str, Any]:  # noqa: N802 — the table's name
    from aftersales.calendars.models import DutyAssignment

    return {
        "duty_assignment": Creation(
            Role.SUPERVISOR,
            DutyAssignment,
            lambda scene: "/duty-assignments",
            lambda scene: {
                "technician": scene.a.technician.pk,
                "date": "2026-10-01",
                "starts": "08:30",
                "ends": "17:30",
                "note": "国庆值班",
            },
            other={"note": "国庆值班（改）"},
            again=409,  # one duty per technician, site and day
        ),
    }


def add_records(scene: Any, now: Any) -> None:
    """Records of this app that every scene starts with: none (made on first use above)."""
