"""The maintenance app's entries in the issue-wide tables of core/tests and workorders/tests:

- GUARDED: services in the capability table of workorders/tests/test_services_permissions;
- PAGES, PAGE_RECORDS: pages of core/tests/test_permissions_pages and the records they name;
- OPS, API_RECORDS: API operations of core/tests/test_permissions_api and their records;
- CREATIONS, OPERATIONS: the creating endpoints of core/tests/test_api_idempotency.
Each table's own record type is passed in, so that these entries are written in its terms.
"""

import datetime as dt
from collections.abc import Callable
from typing import Any

from django.utils import timezone

from aftersales.accounts.models import Role
from aftersales.accounts.policy import Cap

from .scene_records import (
    add_scene,
    planned_visit_of,
    record_body,
    schedule_body,
    schedule_of,
    visit_of,
)

# Services -------------------------------------------------------------------------------------


def _checklist(ctx: Any):
    from aftersales.maintenance.models import ChecklistItem, ChecklistTemplate

    checklist = ChecklistTemplate.objects.create(
        name="燃气设施月检", created_by=ctx.flow.supervisor, created_at=ctx.now
    )
    ChecklistItem.objects.create(
        template=checklist,
        order=1,
        label="进口压力",
        kind="reading",
        unit="kPa",
        minimum="2.0",
        maximum="3.0",
    )
    ChecklistItem.objects.create(template=checklist, order=2, label="泄漏检测", kind="check")
    return checklist


def _schedule(ctx: Any):
    from aftersales.maintenance.models import MaintenanceSchedule

    return MaintenanceSchedule.objects.create(
        branch=ctx.branch_a,
        customer=ctx.customer_a,
        unit=ctx.flow.unit,
        frequency="monthly",
        checklist=_checklist(ctx),
        starts_on=timezone.localdate(ctx.now),
        created_by=ctx.flow.supervisor,
        created_at=ctx.now,
    )


def _planned(ctx: Any):
    from aftersales.maintenance.models import Visit

    return Visit.objects.create(schedule=_schedule(ctx), planned_on=timezone.localdate(ctx.now))


def _checklist_template_create(ctx: Any, user: Any) -> Callable[[], Any]:
    from aftersales.maintenance import services

    return lambda: services.checklist_template_create(
        by=user,
        now=ctx.now,
        name="空调春秋保养",
        items=[{"label": "清洗滤网", "kind": "check"}],
    )


def _schedule_create(ctx: Any, user: Any) -> Callable[[], Any]:
    from aftersales.maintenance import services

    checklist = _checklist(ctx)
    return lambda: services.schedule_create(
        by=user,
        now=ctx.now,
        unit=ctx.flow.unit,
        frequency="monthly",
        checklist=checklist,
        starts_on=timezone.localdate(ctx.now),
    )


def _schedule_update(ctx: Any, user: Any) -> Callable[[], Any]:
    from aftersales.maintenance import services

    schedule = _schedule(ctx)
    return lambda: services.schedule_update(
        by=user,
        now=ctx.now,
        schedule=schedule,
        frequency=schedule.frequency,
        checklist=schedule.checklist,
        starts_on=schedule.starts_on,
        min_people=2,
    )


def _schedule_stop(ctx: Any, user: Any) -> Callable[[], Any]:
    from aftersales.maintenance import services

    schedule = _schedule(ctx)
    return lambda: services.schedule_stop(
        by=user, now=ctx.now, schedule=schedule, reason="客户设备已拆除"
    )


def _visit_plan(ctx: Any, user: Any) -> Callable[[], Any]:
    from aftersales.maintenance import services

    schedule = _schedule(ctx)
    today = timezone.localdate(ctx.now)
    return lambda: services.visit_plan(
        by=user, now=ctx.now, schedule=schedule, start=today, until=today + dt.timedelta(days=60)
    )


def _visit_record(ctx: Any, user: Any) -> Callable[[], Any]:
    from aftersales.factories import png_bytes
    from aftersales.maintenance import services

    visit = _planned(ctx)
    items = list(visit.schedule.checklist.items.all())
    return lambda: services.visit_record(
        by=user,
        now=ctx.now,
        visit=visit,
        technicians=[ctx.own_technician(user) or ctx.technician_a],
        readings={items[0].pk: {"value": "2.5"}, items[1].pk: {"ok": True}},
        signer_name="王经理",
        signature_png=png_bytes(),
    )


def _visit_cancel(ctx: Any, user: Any) -> Callable[[], Any]:
    from aftersales.maintenance import services

    visit = _planned(ctx)
    return lambda: services.visit_cancel(by=user, now=ctx.now, visit=visit, reason="客户春节停业")


GUARDED: dict[str, tuple[str, Callable[..., Callable[[], Any]]]] = {
    "checklist_template_create": (Cap.PLAN_MAINTENANCE, _checklist_template_create),
    "schedule_create": (Cap.PLAN_MAINTENANCE, _schedule_create),
    "schedule_update": (Cap.PLAN_MAINTENANCE, _schedule_update),
    "schedule_stop": (Cap.PLAN_MAINTENANCE, _schedule_stop),
    "visit_plan": (Cap.PLAN_MAINTENANCE, _visit_plan),
    "visit_record": (Cap.FIELD_WORK, _visit_record),
    "visit_cancel": (Cap.PLAN_MAINTENANCE, _visit_cancel),
}

# Pages and endpoints ----------------------------------------------------------------------------

# The records the paths name, made on first use without an audit entry.
PAGE_RECORDS: dict[str, Callable[..., Any]] = {
    "maintenance_schedule": schedule_of,
    "maintenance_visit": visit_of,
    "maintenance_planned_visit": planned_visit_of,
}
API_RECORDS: dict[str, tuple[str, Callable[..., Any]]] = {
    "maintenance_schedule": ("schedule_id", schedule_of),
    "maintenance_visit": ("visit_id", visit_of),
    "maintenance_planned_visit": ("visit_id", planned_visit_of),
}


def PAGES(Rule: type) -> dict[str, Any]:  # noqa: N802 — the table's name
    """Everyone on the staff reads the schedules and visits of his branch; the service heads plan
    them (000 篇9 4.2.1); those doing field work record the visits."""
    schedule, visit, planned = (
        "maintenance_schedule",
        "maintenance_visit",
        "maintenance_planned_visit",
    )
    return {
        "maintenance:schedules": Rule(Cap.VIEW, lists="customer"),
        "maintenance:schedule_create": Rule(Cap.PLAN_MAINTENANCE, form=True),
        "maintenance:schedule_detail": Rule(Cap.VIEW, record=schedule),
        "maintenance:schedule_edit": Rule(Cap.PLAN_MAINTENANCE, record=schedule, form=True),
        "maintenance:schedule_plan": Rule(Cap.PLAN_MAINTENANCE, record=schedule, post_only=True),
        "maintenance:schedule_stop": Rule(Cap.PLAN_MAINTENANCE, record=schedule, post_only=True),
        "maintenance:visits": Rule(Cap.VIEW, lists="customer"),
        "maintenance:visit_detail": Rule(Cap.VIEW, record=visit),
        "maintenance:visit_record": Rule(Cap.FIELD_WORK, record=planned, form=True),
        "maintenance:visit_cancel": Rule(Cap.PLAN_MAINTENANCE, record=planned, post_only=True),
        "maintenance:checklists": Rule(Cap.VIEW),  # the company's, shared by every branch
        "maintenance:checklist_create": Rule(Cap.PLAN_MAINTENANCE, form=True),
        "maintenance:report": Rule(Cap.VIEW, record="customer"),
    }


def OPS(Op: type) -> dict[tuple[str, str], Any]:  # noqa: N802 — the table's name
    schedule, visit, planned = (
        "maintenance_schedule",
        "maintenance_visit",
        "maintenance_planned_visit",
    )

    def plan_body(scene: Any, side: Any) -> dict[str, Any]:
        today = timezone.localdate(side.flow.now)
        return {"start": str(today), "until": str(today + dt.timedelta(days=400))}

    return {
        ("GET", "/maintenance/checklists"): Op(Cap.VIEW),
        ("GET", "/maintenance/schedules"): Op(Cap.VIEW),
        ("POST", "/maintenance/schedules"): Op(
            Cap.PLAN_MAINTENANCE, ok=201, body=lambda scene, side: schedule_body(side)
        ),
        ("GET", "/maintenance/schedules/{schedule_id}"): Op(Cap.VIEW, record=schedule),
        ("POST", "/maintenance/schedules/{schedule_id}/plan"): Op(
            Cap.PLAN_MAINTENANCE, record=schedule, body=plan_body
        ),
        ("POST", "/maintenance/schedules/{schedule_id}/stop"): Op(
            Cap.PLAN_MAINTENANCE, record=schedule, body=lambda scene, side: {"reason": "设备已拆除"}
        ),
        ("GET", "/maintenance/visits"): Op(Cap.VIEW),
        ("GET", "/maintenance/visits/{visit_id}"): Op(Cap.VIEW, record=visit),
        ("POST", "/maintenance/visits/{visit_id}/record"): Op(
            Cap.FIELD_WORK, record=planned, body=lambda scene, side: record_body(side)
        ),
        ("POST", "/maintenance/visits/{visit_id}/cancel"): Op(
            Cap.PLAN_MAINTENANCE, record=planned, body=lambda scene, side: {"reason": "客户停业"}
        ),
        ("GET", "/maintenance/reports/{customer_id}"): Op(Cap.VIEW, record="customer"),
    }


def CREATIONS(Creation: type) -> dict[str, Any]:  # noqa: N802 — the table's name
    from aftersales.maintenance.models import MaintenanceSchedule

    return {
        "maintenance_schedule": Creation(
            Role.SUPERVISOR,
            MaintenanceSchedule,
            lambda scene: "/maintenance/schedules",
            lambda scene: schedule_body(scene.a),
            other={"notes": "再次提交"},
            again=409,  # one active schedule per contract or unit, frequency and checklist
        ),
    }


# The operation of the OpenAPI document each creation above goes to.
OPERATIONS: dict[str, str] = {"maintenance_schedule": "/maintenance/schedules"}


def add_records(scene: Any, now: Any) -> None:
    """A checklist, and a monthly schedule on each side's maintenance contract."""
    add_scene(scene, now)
