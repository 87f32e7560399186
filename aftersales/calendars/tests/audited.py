"""The calendar services in the table of core/tests/test_audit_services: each leaves its entry,
with the field it changes before and after."""

import datetime as dt
from collections.abc import Callable
from typing import Any

from django.utils import timezone

from aftersales.accounts.models import Role
from aftersales.calendars import services
from aftersales.calendars.models import CompanyHoliday, DutyAssignment


def CHANGES(Change: type) -> dict[str, Callable[[Any], Any]]:  # noqa: N802 — the table's name
    def result(value: Any) -> Any:
        return value

    def working_hours_set(scene: Any) -> Any:
        by = scene.users[Role.SUPERVISOR]
        return Change(
            by=by,
            run=lambda: services.working_hours_set(
                by=by, branch=scene.a.branch, periods=[(dt.time(9), dt.time(17, 30))]
            ),
            expect=[(result, "working_hours", "", "09:00–17:30")],
        )

    def company_day_add(scene: Any) -> Any:
        by = scene.manager_hq
        return Change(
            by=by,
            run=lambda: services.company_day_add(
                by=by,
                date=dt.date(2026, 12, 31),
                name="公司年会",
                kind="holiday",
                now=timezone.now(),
            ),
            expect=[(result, "name", None, "公司年会")],
        )

    def company_day_remove(scene: Any) -> Any:
        # The day is gone after the call, so the table cannot re-read it: its entry (every field
        # before, nothing after) is checked in calendars/tests/test_services_calendars.py.
        by = scene.users[Role.SUPERVISOR]
        day = CompanyHoliday.objects.create(
            date=dt.date(2026, 12, 30), name="盘点", branch=scene.a.branch
        )
        return Change(by=by, run=lambda: services.company_day_remove(by=by, day=day), expect=[])

    def duty_assign(scene: Any) -> Any:
        by = scene.users[Role.MANAGER]
        technician = scene.a.technician
        return Change(
            by=by,
            run=lambda: services.duty_assign(
                by=by,
                technician=technician,
                date=dt.date(2026, 10, 1),
                starts=dt.time(8, 30),
                ends=dt.time(17, 30),
                now=timezone.now(),
            ),
            expect=[(result, "technician", None, technician.pk)],
        )

    def duty_remove(scene: Any) -> Any:
        # Gone after the call, like company_day_remove.
        by = scene.users[Role.SUPERVISOR]
        duty = DutyAssignment.objects.create(
            branch=scene.a.branch,
            date=dt.date(2026, 10, 2),
            technician=scene.a.technician,
            starts=dt.time(8, 30),
            ends=dt.time(17, 30),
            phone=scene.a.technician.phone,
            created_by=by,
            created_at=timezone.now(),
        )
        return Change(by=by, run=lambda: services.duty_remove(by=by, duty=duty), expect=[])

    return {
        "working_hours_set": working_hours_set,
        "company_day_add": company_day_add,
        "company_day_remove": company_day_remove,
        "duty_assign": duty_assign,
        "duty_remove": duty_remove,
    }
