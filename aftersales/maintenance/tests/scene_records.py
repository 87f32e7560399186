"""Maintenance records of each side of the permission tests' scene (aftersales.core.tests.scene).

`add_scene` files, through the services, a checklist and a monthly schedule on each side's
maintenance contract (so that the schedule list shows each branch its own customer). The records
the pages and endpoints name are written straight to the tables, with no audit entry, so that
making them does not count as a change in the scene's footprint; one of each per side is kept,
and `fresh=True` makes a new one, for a move that must succeed.
"""

import datetime as dt
import itertools
from decimal import Decimal

from django.core.files.base import ContentFile
from django.utils import timezone

from aftersales.accounts.models import Role
from aftersales.factories import png_bytes
from aftersales.maintenance import services
from aftersales.maintenance.models import (
    ChecklistItem,
    ChecklistTemplate,
    Frequency,
    MaintenanceSchedule,
    Reading,
    Visit,
)

_numbers = itertools.count(1)
_days = itertools.count(1)

GAS_ITEMS = [
    {"label": "进口压力", "kind": "reading", "unit": "kPa", "minimum": "2.0", "maximum": "3.0"},
    {"label": "泄漏检测", "kind": "check"},
]


def add_scene(scene, now: dt.datetime) -> None:
    checklist = services.checklist_template_create(
        by=scene.users[Role.SUPERVISOR], now=now, name="燃气设施月检（场景）", items=GAS_ITEMS
    )
    today = timezone.localdate(now)
    for side, supervisor in (
        (scene.a, scene.users[Role.SUPERVISOR]),
        (scene.b, scene.b.flow.supervisor),
    ):
        side.extra["maintenance_checklist"] = checklist
        side.extra["maintenance_schedule"] = services.schedule_create(
            by=supervisor,
            now=now,
            contract=side.extra["contract"],
            frequency=Frequency.MONTHLY,
            checklist=checklist,
            starts_on=today - dt.timedelta(days=10),
        )


def schedule_of(side, *, fresh: bool = False) -> MaintenanceSchedule:
    """The side's schedule; fresh: a new active yearly schedule of the side's unit."""
    if not fresh:
        return side.extra["maintenance_schedule"]
    checklist = ChecklistTemplate.objects.create(
        name=f"场景检查表{next(_numbers):04d}",
        created_by=side.flow.supervisor,
        created_at=side.flow.now,
    )
    ChecklistItem.objects.create(template=checklist, order=1, label="外观检查", kind="check")
    return MaintenanceSchedule.objects.create(
        branch=side.branch,
        customer=side.customer,
        unit=side.unit,
        frequency=Frequency.YEARLY,
        checklist=checklist,
        starts_on=timezone.localdate(side.flow.now),
        created_by=side.flow.supervisor,
        created_at=side.flow.now,
    )


def _planned(side) -> Visit:
    """A planned visit of the side's schedule, on a day of its own far ahead."""
    day = dt.date(2200, 1, 1) + dt.timedelta(days=next(_days))
    return Visit.objects.create(schedule=side.extra["maintenance_schedule"], planned_on=day)


def planned_visit_of(side, *, fresh: bool = False) -> Visit:
    """A visit of the side's schedule waiting to be recorded."""
    if fresh:
        return _planned(side)
    if "_planned_visit" not in side.extra:
        side.extra["_planned_visit"] = _planned(side)
    return side.extra["_planned_visit"]


def visit_of(side, *, fresh: bool = False) -> Visit:
    """A recorded visit of the side's schedule, with its readings, signed."""
    if not fresh and "_done_visit" in side.extra:
        return side.extra["_done_visit"]
    visit = _planned(side)
    visit.status = Visit.Status.DONE
    visit.performed_at = side.flow.now
    visit.signer_name = "王经理"
    visit.signature.save("scene.png", ContentFile(png_bytes()), save=False)
    visit.recorded_by = side.technician.user
    visit.save()
    visit.technicians.set([side.technician])
    for item in side.extra["maintenance_checklist"].items.all():
        Reading.objects.create(
            visit=visit,
            item=item,
            value=Decimal("2.5") if item.is_reading else None,
            ok=None if item.is_reading else True,
            minimum=item.minimum,
            maximum=item.maximum,
            in_range=True,
        )
    if not fresh:
        side.extra["_done_visit"] = visit
    return visit


def record_body(side) -> dict:
    """What a technician sends to record a visit of the side's schedule: every reading in range,
    the side's technician, the customer's signature."""
    import base64

    readings = []
    for item in side.extra["maintenance_checklist"].items.all():
        readings.append(
            {"item": item.pk, "value": "2.5"} if item.is_reading else {"item": item.pk, "ok": True}
        )
    return {
        "technicians": [side.technician.pk],
        "readings": readings,
        "signer_name": "王经理",
        "signature": base64.b64encode(png_bytes()).decode(),
    }


def schedule_body(side) -> dict:
    """A request for a new schedule of the side's unit, with a checklist of its own."""
    checklist = ChecklistTemplate.objects.create(
        name=f"场景检查表{next(_numbers):04d}",
        created_by=side.flow.supervisor,
        created_at=side.flow.now,
    )
    ChecklistItem.objects.create(template=checklist, order=1, label="外观检查", kind="check")
    return {
        "unit": side.unit.pk,
        "frequency": "yearly",
        "checklist": checklist.pk,
        "starts_on": str(timezone.localdate(side.flow.now)),
        "min_people": 2,
    }
