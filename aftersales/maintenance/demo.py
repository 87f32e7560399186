"""Demo maintenance: the checklists of the regulations, schedules for the demo's maintenance
contracts and a few installed units without one, the past months' visits recorded with their
readings and signatures (one inlet pressure out of range, with the repair it opened), and the
coming visits planned.

Call after the core demo and the warranty demo (the contracts):

    import random
    from django.utils import timezone
    from aftersales.maintenance import demo
    demo.seed(random.Random(1), timezone.now())

Everything goes through the services, so it is audited like a user's work.
"""

import datetime as dt
import random
from collections import defaultdict
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone

from aftersales.accounts.models import Role, User
from aftersales.customers.models import ProductCategory, Unit
from aftersales.dispatch.models import Technician
from aftersales.warranty.models import MaintenanceContract

from . import services
from .models import ChecklistTemplate, Frequency, MaintenanceSchedule, Visit

# name, product category code, notes, items (label, kind, unit, minimum, maximum, required)
CHECKLISTS: list[tuple[str, str | None, str, list[tuple]]] = [
    (
        "燃气设施月检",
        "gas_stove",
        "用户燃气设施每月检查一次：进出口压力记录，便携式检漏仪检测泄漏（000 篇5 第七条）。",
        [
            ("进口压力", "reading", "kPa", "2.0", "3.0", True),
            ("出口压力", "reading", "kPa", "1.6", "2.4", True),
            ("泄漏检测（便携式检漏仪）", "check", "", None, None, True),
            ("通风口是否通畅", "check", "", None, None, True),
            ("软管无老化、无龟裂", "check", "", None, None, True),
            ("消防器材是否齐备、有效", "check", "", None, None, False),
        ],
    ),
    (
        "调压箱巡检",
        "water_heater",
        "每两周巡检一次，不得少于两人，指定其中一人负责（000 篇5 第七、八条）。",
        [
            ("进口压力", "reading", "kPa", "200", "400", True),
            ("运行压力（U型压力计）", "reading", "kPa", "2.0", "3.0", True),
            ("关闭压力", "reading", "kPa", "2.5", "3.5", True),
            ("泄漏检测", "check", "", None, None, True),
            ("通风口是否通畅", "check", "", None, None, True),
            ("采暖设备、电源是否正常", "check", "", None, None, True),
            ("门窗有无破损", "check", "", None, None, True),
            ("打扫卫生", "check", "", None, None, False),
        ],
    ),
    (
        "空调春秋保养",
        "aircon",
        "每年春季、秋季各保养一次：清洗、检测、试运行。",
        [
            ("清洗过滤网及蒸发器", "check", "", None, None, True),
            ("出风温度（制冷）", "reading", "℃", "8", "15", True),
            ("运行电流", "reading", "A", None, "7.5", True),
            ("低压侧冷媒压力", "reading", "MPa", "0.40", "0.60", True),
            ("排水管通畅", "check", "", None, None, True),
            ("室外机支架牢固", "check", "", None, None, True),
        ],
    ),
    (
        "安防系统月检",
        "security",
        "月检：前端设备、管线、中心控制设备、系统功能逐点逐台检验（000 篇9 4.3.1）。",
        [
            ("前端设备运行状况（探测器、摄像机、云台）", "check", "", None, None, True),
            ("管线、防雷接地、线路接头", "check", "", None, None, True),
            ("中心控制设备（主机、监视器、录像）", "check", "", None, None, True),
            ("录像保存天数", "reading", "天", "30", None, True),
            ("UPS 输出电压", "reading", "V", "210", "230", True),
            ("回放清晰度", "check", "", None, None, True),
        ],
    ),
    (
        "家电年度保养",
        None,
        "每年一次：清洁、安全检测、试运行。",
        [
            ("外观及电源线检查", "check", "", None, None, True),
            ("绝缘电阻", "reading", "MΩ", "2", None, True),
            ("试运行正常", "check", "", None, None, True),
        ],
    ),
]

# The checklist, frequency and crew of a contract or unit of each category.
PLAN_BY_CATEGORY: dict[str, tuple[str, str, int]] = {
    "gas_stove": ("燃气设施月检", Frequency.MONTHLY, 1),
    "water_heater": ("燃气设施月检", Frequency.MONTHLY, 1),
    "aircon": ("空调春秋保养", Frequency.SPRING_AUTUMN, 1),
    "security": ("安防系统月检", Frequency.MONTHLY, 1),
}
DEFAULT_PLAN = ("家电年度保养", Frequency.YEARLY, 1)
NOTES = ["", "", "", "客户要求上午上门", "需提前一天电话预约物业", "设备间钥匙在物业值班室"]


def _value(rng: random.Random, minimum: Decimal | None, maximum: Decimal | None) -> Decimal:
    """A plausible reading within the range."""
    low = minimum if minimum is not None else (maximum or Decimal("10")) * Decimal("0.5")
    high = maximum if maximum is not None else low * Decimal("1.5")
    value = low + (high - low) * Decimal(str(rng.uniform(0.2, 0.8)))
    return value.quantize(Decimal("0.01"))


def _planned_at(rng: random.Random, starts_on: dt.date, now: dt.datetime) -> dt.datetime:
    """When the supervisor filed the schedule: a few days before its first visit."""
    day = starts_on - dt.timedelta(days=rng.randint(3, 10))
    return min(now, timezone.make_aware(dt.datetime.combine(day, dt.time(rng.randint(9, 17)))))


def _checklists(by: User, now: dt.datetime) -> dict[str, ChecklistTemplate]:
    categories = {c.code: c for c in ProductCategory.objects.all()}
    made = {}
    for name, category, notes, items in CHECKLISTS:
        existing = ChecklistTemplate.objects.filter(name=name).first()
        made[name] = existing or services.checklist_template_create(
            by=by,
            now=now,
            name=name,
            product_category=categories.get(category) if category else None,
            notes=notes,
            items=[
                {
                    "label": label,
                    "kind": kind,
                    "unit": unit,
                    "minimum": minimum,
                    "maximum": maximum,
                    "required": required,
                }
                for label, kind, unit, minimum, maximum, required in items
            ],
        )
    return made


def _planners() -> dict[int, User]:
    planners: dict[int, User] = {}
    for user in User.objects.filter(
        role__in=[Role.MANAGER, Role.SUPERVISOR], is_active=True, branch__isnull=False
    ).order_by("-role", "pk"):  # supervisors first
        planners.setdefault(user.branch_id, user)
    return planners


def _plan_for(units: list[Unit]) -> tuple[str, str, int]:
    for unit in units:
        if unit.model.category.code in PLAN_BY_CATEGORY:
            return PLAN_BY_CATEGORY[unit.model.category.code]
    return DEFAULT_PLAN


def _record(
    rng: random.Random,
    visit: Visit,
    *,
    crews: dict[int, list[Technician]],
    signatures: list[bytes],
    abnormal: bool,
) -> Visit | None:
    schedule = visit.schedule
    pool = crews.get(schedule.branch_id, [])
    if len(pool) < schedule.min_people:
        return None
    crew = rng.sample(
        pool,
        k=schedule.min_people
        + (1 if len(pool) > schedule.min_people and rng.random() < 0.3 else 0),
    )
    readings: dict[int, dict[str, Any]] = {}
    spoiled = False
    for item in schedule.checklist.items.all():
        if item.is_reading:
            value = _value(rng, item.minimum, item.maximum)
            note = ""
            if abnormal and not spoiled and (item.maximum is not None or item.minimum is not None):
                if item.maximum is not None:
                    value = (item.maximum * Decimal("1.15")).quantize(Decimal("0.01"))
                else:
                    value = (item.minimum * Decimal("0.8")).quantize(Decimal("0.01"))
                note = "读数超出允许范围，已告知客户并报修"
                spoiled = True
            readings[item.pk] = {"value": value, "note": note}
        elif item.required or rng.random() < 0.7:
            readings[item.pk] = {"ok": True}
    at = timezone.make_aware(
        dt.datetime.combine(
            visit.planned_on, dt.time(rng.randint(9, 16), rng.choice([0, 15, 30, 45]))
        )
    )
    contact = schedule.customer.contacts.first()
    return services.visit_record(
        by=crew[0].user,
        now=at,
        visit=visit,
        technicians=crew,
        readings=readings,
        signer_name=contact.name if contact else schedule.customer.name[:60],
        signature_png=rng.choice(signatures),
        notes=rng.choice(["", "", "设备运行正常", "已向客户说明保养情况"]),
    )


@transaction.atomic
def seed(rng: random.Random, now: dt.datetime, *, limit: int = 40) -> dict[str, int]:
    """Checklists, up to `limit` schedules of active contracts and a few of units without one,
    the visits of the past three months recorded, the coming month's planned."""
    from aftersales.core.demo import signature_images

    planners = _planners()
    if not planners:
        return {"checklists": 0, "schedules": 0, "visits recorded": 0}
    anyone = next(iter(planners.values()))
    checklists = _checklists(anyone, now - dt.timedelta(days=200))
    today = timezone.localdate(now)
    crews: dict[int, list[Technician]] = defaultdict(list)
    for technician in Technician.objects.filter(is_active=True).select_related("user"):
        crews[technician.branch_id].append(technician)

    schedules: list[MaintenanceSchedule] = []
    contracts = list(
        MaintenanceContract.objects.filter(
            status=MaintenanceContract.Status.ACTIVE, start__lte=today, end__gte=today
        )
        .exclude(maintenance_schedules__active=True)
        .select_related("customer", "branch")
        .prefetch_related("units__model__category")
        .order_by("pk")[:limit]
    )
    for contract in contracts:
        by = planners.get(contract.branch_id)
        if by is None:
            continue
        name, frequency, people = _plan_for(list(contract.units.all()))
        starts_on = max(contract.start, today - dt.timedelta(days=rng.randint(60, 150)))
        schedules.append(
            services.schedule_create(
                by=by,
                now=_planned_at(rng, starts_on, now),
                contract=contract,
                frequency=frequency,
                checklist=checklists[name],
                starts_on=starts_on,
                min_people=people,
                notes=rng.choice(NOTES),
            )
        )
    # Installed units without a contract: gas water heaters and security systems of organisations,
    # inspected by two (000 篇5 第八条).
    units = (
        []
        if MaintenanceSchedule.objects.filter(contract__isnull=True).exists()
        else list(
            Unit.objects.filter(
                model__category__code__in=["water_heater", "security"],
                contracts__isnull=True,
                maintenance_schedules__isnull=True,
            )
            .select_related("customer__branch", "model__category")
            .order_by("pk")[:6]
        )
    )
    for unit in units:
        by = planners.get(unit.customer.branch_id)
        if by is None:
            continue
        gas = unit.model.category.code == "water_heater"
        starts_on = today - dt.timedelta(days=rng.randint(70, 90))
        schedules.append(
            services.schedule_create(
                by=by,
                now=_planned_at(rng, starts_on, now),
                unit=unit,
                frequency=Frequency.BIWEEKLY if gas else Frequency.MONTHLY,
                checklist=checklists["调压箱巡检" if gas else "安防系统月检"],
                starts_on=starts_on,
                min_people=2 if gas else 1,
                notes="调压箱巡检不得少于两人" if gas else "",
            )
        )

    signatures = signature_images(rng)
    recorded = 0
    # One gas facility (or, without one, the first schedule) had its inlet pressure out of range
    # at its latest visit, and the repair was opened.
    gas = [s for s in schedules if s.checklist.name == "燃气设施月检"]
    spoiled = (gas or schedules or [None])[0]
    for schedule in schedules:
        by = planners[schedule.branch_id]
        if schedule.starts_on <= today - dt.timedelta(days=4):
            services.visit_plan(
                by=by,
                now=now,
                schedule=schedule,
                start=schedule.starts_on,
                until=today - dt.timedelta(days=4),
            )
        past = list(
            schedule.visits.filter(
                status=Visit.Status.PLANNED, planned_on__lte=today - dt.timedelta(days=4)
            ).order_by("planned_on")
        )
        for visit in past:
            abnormal = schedule is spoiled and visit is past[-1]
            if not abnormal and rng.random() < 0.05:
                services.visit_cancel(
                    by=by,
                    now=timezone.make_aware(dt.datetime.combine(visit.planned_on, dt.time(9))),
                    visit=visit,
                    reason=rng.choice(["客户节假日停业", "设备已停用，本次免检"]),
                )
                continue
            if _record(rng, visit, crews=crews, signatures=signatures, abnormal=abnormal):
                recorded += 1
        # The last few days' visits are still to be recorded (overdue), and the coming weeks are
        # planned as the daily sweep would have.
        services.visit_plan(
            by=by,
            now=now,
            schedule=schedule,
            start=today - dt.timedelta(days=3),
            until=today + dt.timedelta(days=30),
        )
    return {
        "checklists": len(checklists),
        "schedules": len(schedules),
        "visits recorded": recorded,
    }
