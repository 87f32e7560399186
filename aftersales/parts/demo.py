"""Demo spare parts: a central warehouse at head office, one warehouse per service centre, a van
per technician, about 80 believable parts with stock, reorder points, and documents of every kind
written through the real services (so that stock, documents and the audit trail agree).

Call after the core demo has loaded (it needs branches, technicians and work orders):

    from aftersales.parts.demo import seed
    seed(random.Random(1), timezone.now())
"""

import copy
import random
from collections import defaultdict
from datetime import datetime, timedelta
from decimal import Decimal

from django.db import transaction

from aftersales.accounts.models import Branch, Role, User
from aftersales.customers.models import ProductCategory
from aftersales.dispatch.models import Technician
from aftersales.workorders.models import OPEN_STATES, Kind, ServiceCategory, State, WorkOrder

from . import selectors, services
from .models import Condition, Part, StockLevel, Warehouse
from .services import LineIn

# (code, name, categories, unit cost, sale price, serialised, repair warranty days)
PARTS: list[tuple[str, str, tuple[str, ...], str, str, bool, int]] = [
    # 空调
    ("AC-COMP-15", "旋转式压缩机 1.5匹", ("aircon",), "680", "1180", True, 365),
    ("AC-COMP-30", "涡旋式压缩机 3匹", ("aircon",), "1350", "2280", True, 365),
    ("AC-CAP-35", "压缩机启动电容 35μF/450V", ("aircon",), "18", "45", False, 90),
    ("AC-CAP-2.5", "风机电容 2.5μF/450V", ("aircon",), "6", "20", False, 90),
    ("AC-PCB-IN", "室内机主板（变频）", ("aircon",), "260", "480", True, 180),
    ("AC-PCB-OUT", "室外机主板（变频）", ("aircon",), "420", "760", True, 180),
    ("AC-DISP", "显示板", ("aircon",), "45", "90", False, 90),
    ("AC-TS-ROOM", "室内环境温度传感器 15kΩ", ("aircon",), "8", "30", False, 90),
    ("AC-TS-PIPE", "管温传感器 20kΩ", ("aircon",), "8", "30", False, 90),
    ("AC-TS-EXH", "排气温度传感器 50kΩ", ("aircon",), "12", "40", False, 90),
    ("AC-4WV", "四通阀（含线圈）", ("aircon",), "85", "180", False, 180),
    ("AC-4WV-COIL", "四通阀线圈 220V", ("aircon",), "18", "45", False, 90),
    ("AC-EEV", "电子膨胀阀", ("aircon",), "95", "190", False, 180),
    ("AC-FAN-IN", "室内风扇电机（贯流）", ("aircon",), "120", "230", False, 180),
    ("AC-FAN-OUT", "室外风扇电机 YDK-40", ("aircon",), "150", "280", False, 180),
    ("AC-STEP", "摆风步进电机", ("aircon",), "22", "55", False, 90),
    ("AC-RC", "遥控器", ("aircon",), "25", "60", False, 30),
    ("AC-R32", "R32 制冷剂（3kg 瓶装）", ("aircon",), "160", "300", False, 30),
    ("AC-R410", "R410A 制冷剂（10kg 瓶装）", ("aircon",), "420", "760", False, 30),
    ("AC-DRAIN", "排水管 2m", ("aircon",), "5", "15", False, 30),
    ("AC-CROSS", "贯流风叶", ("aircon",), "40", "85", False, 90),
    ("AC-FILTER", "过滤网（对）", ("aircon",), "10", "30", False, 30),
    ("AC-IPM", "IPM 功率模块", ("aircon",), "180", "350", True, 180),
    ("AC-REACT", "PFC 电抗器", ("aircon",), "55", "110", False, 90),
    # 冰箱
    ("FR-COMP", "冰箱压缩机 R600a", ("fridge",), "380", "680", True, 365),
    ("FR-PCB", "冰箱主控板", ("fridge",), "150", "290", True, 180),
    ("FR-TS", "冷藏室温度传感器", ("fridge",), "10", "35", False, 90),
    ("FR-DEF-HTR", "化霜加热管", ("fridge",), "35", "80", False, 90),
    ("FR-DEF-TMR", "化霜定时器", ("fridge",), "28", "65", False, 90),
    ("FR-FAN", "冷冻室风扇电机", ("fridge",), "45", "95", False, 90),
    ("FR-GASKET", "门封条（冷藏室）", ("fridge",), "30", "75", False, 90),
    ("FR-PTC", "PTC 启动器", ("fridge",), "12", "35", False, 90),
    ("FR-OLP", "过载保护器", ("fridge",), "10", "30", False, 90),
    ("FR-DOOR-SW", "门灯开关", ("fridge",), "6", "20", False, 30),
    # 洗衣机
    ("WA-MOTOR", "直驱变频电机", ("washer",), "420", "780", True, 365),
    ("WA-PCB", "洗衣机电脑板", ("washer",), "160", "320", True, 180),
    ("WA-DRAIN", "排水泵", ("washer",), "45", "95", False, 90),
    ("WA-INLET", "进水阀（双头）", ("washer",), "28", "65", False, 90),
    ("WA-LOCK", "门锁开关", ("washer",), "32", "75", False, 90),
    ("WA-BELT", "皮带 1270J", ("washer",), "15", "40", False, 90),
    ("WA-BEAR", "滚筒轴承套件", ("washer",), "65", "150", False, 180),
    ("WA-SEAL", "门封圈", ("washer",), "55", "120", False, 90),
    ("WA-PRESS", "水位传感器", ("washer",), "25", "60", False, 90),
    ("WA-HEATER", "加热管 1950W", ("washer",), "40", "90", False, 90),
    ("WA-SHOCK", "减震器（对）", ("washer",), "38", "85", False, 90),
    # 热水器
    ("WH-IGN", "点火针", ("water_heater", "gas_stove"), "8", "30", False, 90),
    ("WH-FLOW-SW", "水流开关", ("water_heater",), "35", "80", False, 90),
    ("WH-FLOW-SNS", "水流量传感器", ("water_heater",), "40", "90", False, 90),
    ("WH-PCB", "燃气热水器控制器", ("water_heater",), "180", "340", True, 180),
    ("WH-FAN", "燃气热水器风机", ("water_heater",), "120", "240", False, 180),
    ("WH-VALVE", "燃气比例阀", ("water_heater",), "95", "190", False, 180),
    ("WH-EXCH", "热交换器（水箱）", ("water_heater",), "260", "480", True, 365),
    ("WH-NTC", "出水温度传感器", ("water_heater",), "12", "35", False, 90),
    ("WH-FLAME", "火焰检测针", ("water_heater",), "10", "30", False, 90),
    ("WH-ANODE", "镁棒（电热水器）", ("water_heater",), "25", "60", False, 90),
    ("WH-ELEM", "电热管 2000W", ("water_heater",), "60", "130", False, 180),
    ("WH-THERM", "温控器", ("water_heater",), "25", "60", False, 90),
    ("WH-LEAK", "漏电保护插头", ("water_heater",), "30", "70", False, 90),
    # 燃气灶、吸油烟机
    ("GS-THERMO", "熄火保护热电偶", ("gas_stove",), "12", "35", False, 90),
    ("GS-VALVE", "电磁阀", ("gas_stove",), "35", "80", False, 90),
    ("GS-IGN-BOX", "脉冲点火器", ("gas_stove",), "22", "50", False, 90),
    ("GS-KNOB", "旋钮（只）", ("gas_stove",), "6", "20", False, 30),
    ("GS-BURNER", "炉头组件", ("gas_stove",), "65", "140", False, 180),
    ("RH-MOTOR", "吸油烟机电机", ("range_hood",), "150", "290", True, 365),
    ("RH-SWITCH", "按键开关板", ("range_hood",), "35", "80", False, 90),
    ("RH-CAP", "电机电容 6μF", ("range_hood",), "8", "25", False, 90),
    ("RH-IMP", "叶轮", ("range_hood",), "45", "95", False, 90),
    ("RH-LAMP", "照明灯", ("range_hood",), "8", "25", False, 30),
    ("RH-CHECK", "止回阀", ("range_hood",), "20", "50", False, 90),
    # 电视
    ("TV-PSU", "电源板", ("tv",), "120", "240", True, 180),
    ("TV-MAIN", "电视主板", ("tv",), "260", "520", True, 180),
    ("TV-TCON", "逻辑板（T-CON）", ("tv",), "90", "190", False, 180),
    ("TV-LED", "LED 背光灯条（套）", ("tv",), "85", "180", False, 180),
    ("TV-RC", "语音遥控器", ("tv",), "35", "80", False, 30),
    # 安防监控
    ("SE-CAM", "网络摄像机 400万像素", ("security",), "180", "360", True, 365),
    ("SE-NVR-HDD", "硬盘 4TB（监控级）", ("security",), "420", "680", True, 365),
    ("SE-PSU", "12V/2A 电源适配器", ("security",), "15", "40", False, 90),
    ("SE-POE", "PoE 交换机 8口", ("security",), "160", "320", True, 365),
    ("SE-IR", "红外对射探测器", ("security",), "120", "240", True, 180),
    ("SE-BNC", "BNC 接头（10只）", ("security",), "10", "30", False, 30),
]

# The manufacturer that takes back the defective parts of each product category (返厂).
BRANDS = {
    "aircon": "格力",
    "fridge": "海尔",
    "washer": "小天鹅",
    "water_heater": "万和",
    "gas_stove": "方太",
    "range_hood": "老板",
    "tv": "海信",
    "security": "海康威视",
}

SUPPLIERS = ["格力电器配件部", "美的售后备件中心", "海尔备件物流", "方太配件中心", "成都恒通机电"]


def _keeper() -> User:
    """Head office's warehouse login (seen in the core demo as 'warehouse'), or any manager."""
    return (
        User.objects.filter(role=Role.WAREHOUSE, branch__is_head_office=True).first()
        or User.objects.filter(role=Role.MANAGER).first()
        or User.objects.filter(is_superuser=True).first()
    )


@transaction.atomic
def seed(rng: random.Random, now: datetime) -> dict[str, int]:
    """Warehouses, parts, stock and documents; returns the counts loaded."""
    keeper = _keeper()
    head_office = Branch.objects.get(is_head_office=True)
    categories = {c.code: c for c in ProductCategory.objects.all()}

    central = services.warehouse_create(
        by=keeper, code="CD-00", name="成都总仓", kind=Warehouse.Kind.CENTRAL, branch=head_office
    )
    stores = {head_office.pk: central}
    for branch in Branch.objects.filter(is_head_office=False):
        stores[branch.pk] = services.warehouse_create(
            by=keeper,
            code=f"{branch.code}-01",
            name=f"{branch.name}备件库",
            kind=Warehouse.Kind.BRANCH,
            branch=branch,
        )
    vans = {}
    for technician in Technician.objects.filter(is_active=True).select_related("user", "branch"):
        vans[technician.pk] = services.warehouse_create(
            by=keeper,
            code=f"VAN-{technician.user.username.upper()}"[:20],
            name=f"{technician}车载库",
            kind=Warehouse.Kind.VAN,
            branch=technician.branch,
            technician=technician,
        )

    parts = []
    for code, name, cats, cost, price, serialised, days in PARTS:
        parts.append(
            services.part_create(
                by=keeper,
                code=code,
                name=name,
                categories=[categories[c] for c in cats if c in categories],
                unit_cost=Decimal(cost),
                sale_price=Decimal(price),
                is_serialised=serialised,
                repair_warranty_days=days,
            )
        )

    parts = list(Part.objects.prefetch_related("categories").order_by("code"))

    # The quarter's receipt comes before the oldest job of the history, so that the finished
    # jobs below can have their parts from stock: the central warehouse gets everything, each
    # centre a share.
    oldest = WorkOrder.objects.order_by("created_at").values_list("created_at", flat=True).first()
    start = min(now - timedelta(days=60), (oldest or now) - timedelta(days=14))
    services.stock_receive(
        by=keeper,
        now=start,
        warehouse=central,
        supplier=rng.choice(SUPPLIERS),
        note="季度备件采购入库",
        # Enough for every centre's share (at most 15 each) whatever the draw.
        lines=[LineIn(part=p, quantity=rng.randint(15 * len(stores), 150)) for p in parts],
    )
    for index, store in enumerate(s for s in stores.values() if s.pk != central.pk):
        services.stock_transfer(
            by=keeper,
            now=start + timedelta(days=2 + index),
            from_warehouse=central,
            to_warehouse=store,
            note="总仓调拨至服务中心",
            lines=[
                LineIn(part=p, quantity=rng.randint(3, 15))
                for p in rng.sample(parts, k=min(50, len(parts)))
            ],
        )
    # Each van is loaded from its centre's warehouse with the parts of its categories.
    for technician in Technician.objects.filter(pk__in=vans).prefetch_related("certifications"):
        store = stores[technician.branch_id]
        codes = {c.code for c in technician.certifications.all()}
        fitting = [p for p in parts if {c.code for c in p.categories.all()} & codes]
        on_hand = dict(
            StockLevel.objects.filter(warehouse=store, condition=Condition.GOOD).values_list(
                "part_id", "quantity"
            )
        )
        lines = [
            LineIn(part=p, quantity=min(on_hand[p.pk], rng.randint(1, 3)))
            for p in rng.sample(fitting, k=min(6, len(fitting)))
            if on_hand.get(p.pk, 0) > 0
        ]
        if lines:
            services.stock_transfer(
                by=keeper,
                now=start + timedelta(days=10),
                from_warehouse=store,
                to_warehouse=vans[technician.pk],
                note="技术员车载备件补充",
                lines=lines,
            )

    # Finished warranty jobs of the history had their parts too, so that their claims to the
    # manufacturer carry part lines with the old part as evidence.
    issued, returned = _history(rng, now, keeper, stores, parts)
    reworked = _rework_free_part(rng, now, keeper, stores, parts)
    issued += 2 * reworked
    returned += 2 * reworked

    # Parts issued to open jobs of the last weeks, and the old parts taken back (以坏换新).
    orders = list(
        WorkOrder.objects.filter(state__in=OPEN_STATES, unit__isnull=False)
        .exclude(category=ServiceCategory.INTERNAL)
        .select_related("unit__model__category", "branch")
        .order_by("-created_at")[:60]
    )
    for order in orders:
        store = stores.get(order.branch_id)
        fitting = [
            p for p in parts if order.unit.model.category_id in {c.pk for c in p.categories.all()}
        ]
        if store is None or not fitting or rng.random() < 0.4:
            continue
        on_hand = dict(
            StockLevel.objects.filter(warehouse=store, condition=Condition.GOOD).values_list(
                "part_id", "quantity"
            )
        )
        part = rng.choice(fitting)
        if on_hand.get(part.pk, 0) < 1:
            continue
        at = max(order.created_at, now - timedelta(days=20)) + timedelta(hours=rng.randint(1, 30))
        at = min(at, now)
        services.stock_issue_to_order(
            by=keeper,
            now=at,
            warehouse=store,
            order=order,
            lines=[_line(rng, part, at)],
        )
        issued += 1
        if rng.random() < 0.7:
            services.stock_return_old_part(
                by=keeper,
                now=min(at + timedelta(hours=4), now),
                warehouse=store,
                order=order,
                lines=[LineIn(part=part, quantity=1)],
                note="旧件已贴标签，待返厂",
            )
            returned += 1

    # Defective stock leaves: most old parts go back to the manufacturer of the brand under its
    # return authorisation (返厂); what it will not take back is scrapped.
    sent_back = scrapped = 0
    flip = False
    for store in stores.values():
        # A few kinds stay in defective stock, waiting for the next shipment.
        defective = list(
            StockLevel.objects.filter(
                warehouse=store, condition=Condition.DEFECTIVE, quantity__gt=0
            )
            .select_related("part")
            .prefetch_related("part__categories")
            .order_by("-quantity", "part__code")[:12]
        )
        if not defective:
            continue
        if len(defective) > 1:
            to_scrap, to_return = defective[:1], defective[1:]
        else:  # one kind of old part in store: sent back here, scrapped in the next
            flip = not flip
            to_scrap, to_return = ([], defective) if flip else (defective, [])
        by_brand: dict[str, list[LineIn]] = {}
        for level in to_return:
            category = next(iter(level.part.categories.all()), None)
            brand = BRANDS.get(category.code if category else "", "格力")
            by_brand.setdefault(brand, []).append(LineIn(part=level.part, quantity=level.quantity))
        for brand, lines in by_brand.items():
            services.stock_return_to_manufacturer(
                by=keeper,
                now=now - timedelta(days=2),
                warehouse=store,
                manufacturer=brand,
                reference=f"RMA{now:%Y%m}-{rng.randint(1000, 9999)}",
                lines=lines,
                note="旧件按厂家三包索赔要求返厂",
            )
            sent_back += sum(line.quantity for line in lines)
        if to_scrap:
            services.stock_scrap(
                by=keeper,
                now=now - timedelta(days=1),
                warehouse=store,
                lines=[LineIn(part=level.part, quantity=1) for level in to_scrap],
                note="厂家不予回收，经鉴定报废",
            )
            scrapped += len(to_scrap)
    van = next(
        (
            v
            for v in vans.values()
            if StockLevel.objects.filter(warehouse=v, quantity__gt=0).exists()
        ),
        None,
    )
    if van is not None:
        level = StockLevel.objects.filter(warehouse=van, quantity__gt=0).select_related("part")[0]
        services.stock_charge_to_person(
            by=keeper,
            now=now - timedelta(days=3),
            warehouse=van,
            person=van.technician.user,
            lines=[LineIn(part=level.part, quantity=1, condition=level.condition)],
            note="上门途中遗失，按成本赔偿",
        )

    # Reorder points: the fast movers in every centre, some of them already due.
    for store in stores.values():
        for part in rng.sample(parts, k=15):
            services.reorder_point_set(
                by=keeper,
                warehouse=store,
                part=part,
                minimum=rng.choice([5, 8, 10, 15]),
                reorder_quantity=rng.choice([20, 30, 50]),
            )
    # Purchases for the reorder list: one approved after three quotes, one still collecting.
    approver = User.objects.filter(role__in=[Role.GM, Role.MANAGER], is_active=True).first()
    for index, point in enumerate(selectors.reorder_list(keeper)[:2]):
        request = services.purchase_request_create(
            by=keeper,
            now=now - timedelta(days=2 - index),
            warehouse=point.warehouse,
            part=point.part,
            quantity=point.reorder_quantity,
            reason="库存已到补货点",
        )
        suppliers = rng.sample(SUPPLIERS, k=3 if index == 0 else 2)
        for supplier in suppliers:
            services.purchase_quote_add(
                by=keeper,
                now=now - timedelta(days=1),
                request=request,
                supplier=supplier,
                unit_price=(point.part.unit_cost * Decimal(rng.uniform(0.9, 1.15))).quantize(
                    Decimal("0.01")
                ),
                lead_days=rng.randint(2, 10),
            )
        if index == 0 and approver is not None:
            services.purchase_request_decide(by=approver, now=now, request=request, approve=True)
    return {
        "warehouses": Warehouse.objects.count(),
        "parts": len(parts),
        "parts issued to jobs": issued,
        "parts free on paid jobs (repair warranty)": reworked,
        "old parts returned": returned,
        "defective parts sent back to the manufacturer": sent_back,
        "defective parts scrapped": scrapped,
    }


_serials = iter(range(1, 10**6))


def _line(rng: random.Random, part: Part, at: datetime) -> LineIn:
    """One new part; a serialised one with a serial unique per piece, as the manufacturer's
    label is (the issue refuses a serial twice)."""
    serial = ""
    if part.is_serialised:
        serial = f"{part.code.split('-')[0]}{at:%y%m}{rng.randint(10, 99)}{next(_serials):05d}"
    return LineIn(part=part, quantity=1, serial_number=serial)


def _as_it_was(order: WorkOrder) -> WorkOrder:
    """The job as it stood while the part was fitted. The history is written in its final state;
    the part was issued during the visit, when the job was still open, so the issue is replayed
    on the job as it was then (the record itself is not changed)."""
    if order.state in OPEN_STATES:
        return order
    then = copy.copy(order)
    then.state = State.ON_SITE
    return then


def _fitting(parts: list[Part], order: WorkOrder) -> list[Part]:
    category = order.unit.model.category_id
    return [p for p in parts if category in {c.pk for c in p.categories.all()}]


def _on_hand(stores: dict[int, Warehouse]) -> dict[int, dict[int, int]]:
    """Good stock per warehouse and part, read once and kept up to date by the callers."""
    levels: dict[int, dict[int, int]] = defaultdict(dict)
    rows = StockLevel.objects.filter(
        warehouse__in=list(stores.values()), condition=Condition.GOOD
    ).values_list("warehouse_id", "part_id", "quantity")
    for warehouse_id, part_id, quantity in rows:
        levels[warehouse_id][part_id] = quantity
    return levels


def _history(
    rng: random.Random,
    now: datetime,
    keeper: User,
    stores: dict[int, Warehouse],
    parts: list[Part],
) -> tuple[int, int]:
    """About half the finished warranty (C) repairs had a part replaced during the visit, and
    nearly always the old part came back to defective stock (以坏换新); returns the counts."""
    on_hand = _on_hand(stores)
    finished = (
        WorkOrder.objects.filter(
            category=ServiceCategory.FREE,
            kind__in=[Kind.REPAIR, Kind.EMERGENCY],
            state__in=[State.COMPLETED, State.CLOSED],
            unit__isnull=False,
            arrived_at__isnull=False,
            completed_at__isnull=False,
        )
        .select_related("unit__model", "branch")
        .order_by("arrived_at", "id")
    )
    issued = returned = 0
    for order in finished:
        store = stores.get(order.branch_id)
        if store is None or rng.random() < 0.5:
            continue
        stock = on_hand[store.pk]
        fitting = [p for p in _fitting(parts, order) if stock.get(p.pk, 0) > 0]
        if not fitting:
            continue
        part = rng.choice(fitting)
        visit = order.completed_at - order.arrived_at
        at = order.arrived_at + min(visit / 2, timedelta(minutes=rng.randint(15, 60)))
        then = _as_it_was(order)
        services.stock_issue_to_order(
            by=keeper, now=at, warehouse=store, order=then, lines=[_line(rng, part, at)]
        )
        stock[part.pk] -= 1
        issued += 1
        # Now and then the old part was left with the customer: the claim then lacks evidence.
        if rng.random() < 0.9:
            services.stock_return_old_part(
                by=keeper,
                now=min(at + timedelta(minutes=20), order.completed_at),
                warehouse=store,
                order=then,
                lines=[LineIn(part=part, quantity=1)],
                note="旧件已贴标签，随三包索赔返厂",
            )
            returned += 1
    return issued, returned


def _rework_free_part(
    rng: random.Random,
    now: datetime,
    keeper: User,
    stores: dict[int, Warehouse],
    parts: list[Part],
) -> int:
    """A paid (A) job on a unit that had the same part fitted on an earlier job a few weeks
    before: the part is free this time, under the repair's own guarantee (000 篇4 六,
    rules.part_coverage). Open paid jobs first, as they are not invoiced yet; returns how many
    such jobs were made."""
    on_hand = _on_hand(stores)
    jobs = (
        WorkOrder.objects.filter(unit__isnull=False, arrived_at__isnull=False)
        .exclude(state=State.CANCELLED)
        .exclude(category=ServiceCategory.INTERNAL)
        .select_related("unit__model", "branch")
        .order_by("arrived_at", "id")
    )
    by_unit: dict[int, list[WorkOrder]] = defaultdict(list)
    for job in jobs:
        by_unit[job.unit_id].append(job)
    pairs = []
    for unit_jobs in by_unit.values():
        for index, later in enumerate(unit_jobs):
            if later.category != ServiceCategory.PAID:
                continue
            for earlier in unit_jobs[:index]:
                gap = (later.arrived_at - earlier.arrived_at).days
                if 1 <= gap <= 80 and earlier.completed_at and earlier.state != State.CANCELLED:
                    pairs.append((later.state not in OPEN_STATES, gap, earlier, later))
    pairs.sort(key=lambda pair: (pair[0], pair[1], pair[3].pk))
    made = 0
    used: set[int] = set()
    for _finished, gap, earlier, later in pairs:
        store = stores.get(later.branch_id)
        if made == 2 or store is None or {earlier.pk, later.pk} & used:
            continue
        if earlier.branch_id != later.branch_id:
            continue
        stock = on_hand[store.pk]
        fitting = [
            p
            for p in _fitting(parts, later)
            if p.repair_warranty_days > gap and stock.get(p.pk, 0) >= 2
        ]
        if not fitting:
            continue
        part = rng.choice(fitting)
        for order in (earlier, later):
            end = order.completed_at or now
            at = min(order.arrived_at + timedelta(minutes=30), end)
            then = _as_it_was(order)
            services.stock_issue_to_order(
                by=keeper, now=at, warehouse=store, order=then, lines=[_line(rng, part, at)]
            )
            services.stock_return_old_part(
                by=keeper,
                now=min(at + timedelta(minutes=10), end),
                warehouse=store,
                order=then,
                lines=[LineIn(part=part, quantity=1)],
                note="旧件已贴标签" if order is earlier else "同一配件保修期内再次损坏，旧件待鉴定",
            )
        stock[part.pk] -= 2
        used |= {earlier.pk, later.pk}
        made += 1
    return made
