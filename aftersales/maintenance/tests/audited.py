"""The maintenance services in the table of core/tests/test_audit_services: each leaves its entry,
with the field it changes before and after."""

import datetime as dt
from collections.abc import Callable
from typing import Any

from django.utils import timezone

from aftersales.accounts.models import Role


def CHANGES(Change: type) -> dict[str, Callable[[Any], Any]]:  # noqa: N802 — the table's name
    from aftersales.factories import png_bytes
    from aftersales.maintenance import services

    from .scene_records import planned_visit_of, schedule_of

    def result(value: Any) -> Any:
        return value

    def planner(scene: Any):
        return scene.users[Role.SUPERVISOR]

    def checklist_template_create(scene: Any) -> Any:
        by = planner(scene)
        return Change(
            by=by,
            run=lambda: services.checklist_template_create(
                by=by,
                now=timezone.now(),
                name="安防系统月检",
                items=[
                    {"label": "摄像机画面", "kind": "check"},
                    {"label": "UPS 输出电压", "kind": "reading", "unit": "V", "minimum": "210"},
                ],
            ),
            expect=[(result, "name", None, "安防系统月检")],
        )

    def schedule_create(scene: Any) -> Any:
        by = planner(scene)
        return Change(
            by=by,
            run=lambda: services.schedule_create(
                by=by,
                now=timezone.now(),
                unit=scene.a.unit,
                frequency="triennial",
                checklist=scene.a.extra["maintenance_checklist"],
                starts_on=timezone.localdate(),
            ),
            expect=[(result, "frequency", None, "triennial")],
        )

    def schedule_update(scene: Any) -> Any:
        by = planner(scene)
        schedule = schedule_of(scene.a, fresh=True)
        return Change(
            by=by,
            run=lambda: services.schedule_update(
                by=by,
                now=timezone.now(),
                schedule=schedule,
                frequency=schedule.frequency,
                checklist=schedule.checklist,
                starts_on=schedule.starts_on,
                min_people=2,
            ),
            expect=[(result, "min_people", 1, 2)],
        )

    def schedule_stop(scene: Any) -> Any:
        by = planner(scene)
        schedule = schedule_of(scene.a, fresh=True)
        return Change(
            by=by,
            run=lambda: services.schedule_stop(
                by=by, now=timezone.now(), schedule=schedule, reason="客户设备已拆除"
            ),
            expect=[(result, "active", True, False)],
        )

    def visit_plan(scene: Any) -> Any:
        by = planner(scene)
        schedule = schedule_of(scene.a, fresh=True)
        today = timezone.localdate()
        return Change(
            by=by,
            run=lambda: services.visit_plan(
                by=by,
                now=timezone.now(),
                schedule=schedule,
                start=today,
                until=today + dt.timedelta(days=400),
            ),
            expect=[(lambda visits: visits[0], "status", None, "planned")],
        )

    def visit_record(scene: Any) -> Any:
        by = scene.users[Role.TECHNICIAN]
        visit = planned_visit_of(scene.a, fresh=True)
        items = list(scene.a.extra["maintenance_checklist"].items.all())
        return Change(
            by=by,
            run=lambda: services.visit_record(
                by=by,
                now=timezone.now(),
                visit=visit,
                technicians=[scene.a.technician],
                readings={items[0].pk: {"value": "2.6"}, items[1].pk: {"ok": True}},
                signer_name="王经理",
                signature_png=png_bytes(),
            ),
            expect=[(result, "status", "planned", "done")],
        )

    def visit_cancel(scene: Any) -> Any:
        by = planner(scene)
        visit = planned_visit_of(scene.a, fresh=True)
        return Change(
            by=by,
            run=lambda: services.visit_cancel(
                by=by, now=timezone.now(), visit=visit, reason="客户春节停业"
            ),
            expect=[(result, "status", "planned", "cancelled")],
        )

    return {
        "checklist_template_create": checklist_template_create,
        "schedule_create": schedule_create,
        "schedule_update": schedule_update,
        "schedule_stop": schedule_stop,
        "visit_plan": visit_plan,
        "visit_record": visit_record,
        "visit_cancel": visit_cancel,
    }
