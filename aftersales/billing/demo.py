"""Demo charges for the demo database: a price list of about sixty items, and for the demo's
paid (category A) jobs their quotes, the customer's consent (signed on screen or by phone),
invoices, payments, a few discounts, and the technicians' cash handed over to finance — the
last days' cash partly still outstanding, so that the hand-over screen has work to show.

Call after the core demo has made branches, users and work orders:

    import random
    from django.utils import timezone
    from aftersales.billing import demo
    demo.seed(random.Random(1), timezone.now())

Past records are written directly, at their own past times (the services refuse to quote a job
that is already completed); the price list goes through the service.
"""

import datetime as dt
import random
from collections import defaultdict
from decimal import Decimal

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from aftersales.accounts.models import Role, User
from aftersales.core.numbering import monthly_number
from aftersales.workorders.models import ServiceCategory, State, WorkOrder

from . import services
from .models import (
    CashHandover,
    Consent,
    DiscountRequest,
    Invoice,
    InvoiceLine,
    Payment,
    PriceItem,
    Quote,
    QuoteLine,
)

# code, name, kind, unit, price, source, product category code (None: any)
PRICE_LIST: list[tuple[str, str, str, str, str, str, str | None]] = [
    ("SM01", "上门费（市区）", "travel", "次", "50", "price_bureau", None),
    ("SM02", "上门费（郊区）", "travel", "次", "80", "price_bureau", None),
    ("SM03", "远程上门交通费", "travel", "公里", "2.5", "own", None),
    ("JC01", "检测费", "labour", "次", "30", "price_bureau", None),
    ("JC02", "故障检测（整机）", "labour", "次", "60", "own", None),
    ("KT01", "加氟（R22，补充）", "labour", "次", "150", "price_bureau", "aircon"),
    ("KT02", "加氟（R410A，补充）", "labour", "次", "220", "price_bureau", "aircon"),
    ("KT03", "加氟（R32，补充）", "labour", "次", "200", "price_bureau", "aircon"),
    ("KT04", "更换压缩机工时", "labour", "次", "300", "manufacturer", "aircon"),
    ("KT05", "更换四通阀工时", "labour", "次", "220", "manufacturer", "aircon"),
    ("KT06", "更换室外风机电机工时", "labour", "次", "120", "manufacturer", "aircon"),
    ("KT07", "更换电脑板工时", "labour", "次", "80", "manufacturer", "aircon"),
    ("KT08", "焊漏补漏", "labour", "处", "120", "price_bureau", "aircon"),
    ("KT09", "空调清洗（挂机）", "labour", "台", "80", "own", "aircon"),
    ("KT10", "空调清洗（柜机）", "labour", "台", "120", "own", "aircon"),
    ("KT11", "移机（拆装）", "labour", "台", "260", "price_bureau", "aircon"),
    ("KT12", "加长铜管", "part", "米", "65", "own", "aircon"),
    ("KT13", "压缩机电容", "part", "个", "45", "manufacturer", "aircon"),
    ("KT14", "室外风机电容", "part", "个", "28", "manufacturer", "aircon"),
    ("KT15", "四通阀", "part", "个", "180", "manufacturer", "aircon"),
    ("KT16", "压缩机（1.5匹）", "part", "台", "980", "manufacturer", "aircon"),
    ("KT17", "电脑板（内机）", "part", "块", "260", "manufacturer", "aircon"),
    ("KT18", "遥控器", "part", "个", "60", "manufacturer", "aircon"),
    ("KT19", "感温包", "part", "个", "35", "manufacturer", "aircon"),
    ("RS01", "更换加热管工时", "labour", "次", "80", "manufacturer", "water_heater"),
    ("RS02", "热水器除垢清洗", "labour", "台", "100", "own", "water_heater"),
    ("RS03", "更换镁棒", "labour", "次", "40", "own", "water_heater"),
    ("RS04", "加热管", "part", "根", "120", "manufacturer", "water_heater"),
    ("RS05", "镁棒", "part", "根", "55", "manufacturer", "water_heater"),
    ("RS06", "温控器", "part", "个", "75", "manufacturer", "water_heater"),
    ("RS07", "燃气热水器点火针", "part", "个", "30", "manufacturer", "water_heater"),
    ("RS08", "水气联动阀", "part", "个", "150", "manufacturer", "water_heater"),
    ("RQ01", "燃气灶检修", "labour", "次", "50", "price_bureau", "gas_stove"),
    ("RQ02", "更换熄火保护针工时", "labour", "次", "40", "own", "gas_stove"),
    ("RQ03", "熄火保护针", "part", "个", "25", "manufacturer", "gas_stove"),
    ("RQ04", "燃气软管（1.5米）", "part", "根", "45", "own", "gas_stove"),
    ("RQ05", "脉冲点火器", "part", "个", "38", "manufacturer", "gas_stove"),
    ("BX01", "冰箱制冷系统检修", "labour", "次", "120", "price_bureau", "fridge"),
    ("BX02", "冰箱加氟（R600a）", "labour", "次", "180", "price_bureau", "fridge"),
    ("BX03", "门封条", "part", "条", "85", "manufacturer", "fridge"),
    ("BX04", "冰箱温控器", "part", "个", "65", "manufacturer", "fridge"),
    ("XY01", "洗衣机检修", "labour", "次", "60", "price_bureau", "washer"),
    ("XY02", "洗衣机清洗（滚筒）", "labour", "台", "120", "own", "washer"),
    ("XY03", "排水泵", "part", "个", "90", "manufacturer", "washer"),
    ("XY04", "门锁开关", "part", "个", "55", "manufacturer", "washer"),
    ("XY05", "电机皮带", "part", "条", "35", "manufacturer", "washer"),
    ("AF01", "监控系统调试", "labour", "小时", "100", "own", "security"),
    ("AF02", "摄像机更换工时", "labour", "台", "60", "own", "security"),
    ("AF03", "硬盘录像机硬盘（2TB）", "part", "块", "420", "manufacturer", "security"),
    ("AF04", "网络摄像机电源适配器", "part", "个", "40", "own", "security"),
    ("AF05", "水晶头及网线（5米）", "part", "套", "25", "own", "security"),
    ("QT01", "加班服务费（夜间/节假日）", "other", "次", "50", "own", None),
    ("QT02", "高空作业费", "other", "次", "100", "own", None),
    ("QT03", "搬运费", "other", "次", "30", "own", None),
    ("QT04", "辅材费（胶布、扎带等）", "part", "套", "15", "own", None),
    ("QT05", "维修工时（每小时）", "labour", "小时", "60", "price_bureau", None),
    ("QT06", "紧急抢修加急费", "other", "次", "80", "own", None),
    ("QT07", "旧机拆除", "labour", "台", "50", "own", None),
    ("QT08", "安装支架（不锈钢）", "part", "副", "120", "own", None),
    ("QT09", "漏电保护开关", "part", "个", "48", "own", None),
]

CONSENT_PHONE_SHARE = 0.2
METHODS = [("cash", 40), ("wechat", 35), ("alipay", 20), ("transfer", 5)]


def _png(rng: random.Random) -> bytes:
    from aftersales.core.demo import signature_images

    return rng.choice(signature_images(rng, count=1))


def seed_price_list(*, by: User) -> list[PriceItem]:
    from aftersales.customers.models import ProductCategory

    categories = {c.code: c for c in ProductCategory.objects.all()}
    items = []
    for code, name, kind, unit, price, source, category in PRICE_LIST:
        items.append(
            services.price_item_create(
                by=by,
                code=code,
                name=name,
                kind=kind,
                unit=unit,
                price=Decimal(price),
                source=source,
                category=categories.get(category) if category else None,
            )
        )
    return items


def _lines(rng: random.Random, order: WorkOrder, items: list[PriceItem]) -> list[tuple]:
    by_code = {i.code: i for i in items}
    category = order.unit.model.category.code if order.unit_id else None
    own = [i for i in items if i.category_id and i.category.code == category]
    general = [i for i in items if i.category_id is None and i.kind in ("labour", "part")]
    chosen = [(by_code["SM01" if rng.random() < 0.8 else "SM02"], Decimal(1))]
    chosen.append((by_code["JC01"], Decimal(1)))
    pool = own or general
    for item in rng.sample(pool, min(len(pool), rng.randint(1, 2))):
        qty = Decimal(rng.choice([1, 1, 1, 2])) if item.kind == "part" else Decimal(1)
        chosen.append((item, qty))
    return chosen


def _quote(order, version, status, lines, at, by) -> Quote:
    total = sum((item.price * qty for item, qty in lines), Decimal("0"))
    quote = Quote.objects.create(
        order=order,
        version=version,
        status=status,
        fault=(order.fault_type.name if order.fault_type_id else "") or order.symptom[:60],
        expected_hours=Decimal(len(lines)) / 2,
        total=total,
        created_by=by,
        created_at=at,
    )
    QuoteLine.objects.bulk_create(
        QuoteLine(
            quote=quote,
            item=item,
            name=item.name,
            unit=item.unit,
            quantity=qty,
            price=item.price,
            amount=item.price * qty,
        )
        for item, qty in lines
    )
    return quote


@transaction.atomic
def seed(rng: random.Random, now: dt.datetime, *, limit: int = 600) -> dict[str, int]:
    finance = User.objects.filter(role=Role.FINANCE).order_by("pk")
    head_finance = finance.filter(branch__is_head_office=True).first() or finance.first()
    if head_finance is None:
        return {}
    items = seed_price_list(by=head_finance)
    items = list(PriceItem.objects.select_related("category"))
    agents = list(User.objects.filter(role=Role.AGENT))
    supervisors = {u.branch_id: u for u in User.objects.filter(role=Role.SUPERVISOR)}
    finance_of = {u.branch_id: u for u in finance}
    png = _png(rng)

    orders = list(
        WorkOrder.objects.filter(
            category=ServiceCategory.PAID,
            technician__isnull=False,
            state__in=(State.COMPLETED, State.CLOSED),
            completed_at__isnull=False,
        )
        .select_related("technician__user", "unit__model__category", "fault_type", "branch")
        .order_by("completed_at")[:limit]
    )
    cash_by_day: dict[tuple[int, dt.date], list[Payment]] = defaultdict(list)
    counts = defaultdict(int)
    for order in orders:
        tech = order.technician.user
        start = order.arrived_at or order.completed_at - dt.timedelta(hours=2)
        lines = _lines(rng, order, items)
        version = 1
        if rng.random() < 0.08:  # the scope grew on site: a first quote superseded
            _quote(
                order, 1, Quote.Status.SUPERSEDED, lines[:2], start + dt.timedelta(minutes=5), tech
            )
            version = 2
        quote = _quote(
            order, version, Quote.Status.CONSENTED, lines, start + dt.timedelta(minutes=15), tech
        )
        by_phone = rng.random() < CONSENT_PHONE_SHARE and agents
        consent = Consent(
            quote=quote,
            method=Consent.Method.PHONE if by_phone else Consent.Method.SIGNATURE,
            signer_name=order.customer.name[:60],
            recorded_by=rng.choice(agents) if by_phone else tech,
            at=start + dt.timedelta(minutes=25),
        )
        if not by_phone:
            consent.image = ContentFile(png, name=f"consent-v{version}.png")
        consent.save()
        counts["quotes"] += 1
        invoice = Invoice.objects.create(
            number=monthly_number("IV", at=order.completed_at),
            order=order,
            branch=order.branch,
            quote=quote,
            total=quote.total,
            issued_by=tech,
            issued_at=order.completed_at,
        )
        InvoiceLine.objects.bulk_create(
            InvoiceLine(
                invoice=invoice,
                name=line.name,
                unit=line.unit,
                quantity=line.quantity,
                price=line.price,
                amount=line.amount,
            )
            for line in quote.lines.all()
        )
        counts["invoices"] += 1
        if rng.random() < 0.06 and order.branch_id in supervisors:
            amount = (invoice.total * Decimal("0.08")).quantize(Decimal("1"))
            if amount > 0:
                DiscountRequest.objects.create(
                    invoice=invoice,
                    amount=amount,
                    percent=Decimal("8.00"),
                    reason=rng.choice(["老客户", "等候时间较长", "重点客户优惠"]),
                    status=DiscountRequest.Status.APPROVED,
                    requested_by=tech,
                    requested_at=order.completed_at,
                    decided_by=supervisors[order.branch_id],
                    decided_at=order.completed_at + dt.timedelta(minutes=20),
                )
                invoice.discount = amount
        if rng.random() < 0.9:  # a few customers still owe
            method = rng.choices([m for m, _w in METHODS], [w for _m, w in METHODS])[0]
            payment = Payment.objects.create(
                invoice=invoice,
                branch=order.branch,
                amount=invoice.total - invoice.discount,
                method=method,
                collected_by=tech,
                at=order.completed_at + dt.timedelta(minutes=5),
            )
            invoice.paid = payment.amount
            invoice.status = Invoice.Status.PAID
            counts["payments"] += 1
            if method == "cash":
                day = timezone.localtime(payment.at).date()
                cash_by_day[(tech.pk, day)].append(payment)
        invoice.save()

    # Cash goes to finance the same day; of the last two days' cash some is still outstanding.
    today = timezone.localdate(now)
    for (tech_id, day), payments in sorted(cash_by_day.items(), key=lambda kv: kv[0][1]):
        if (today - day).days <= 2 and rng.random() < 0.5:
            continue
        branch_id = payments[0].branch_id
        receiver = finance_of.get(branch_id) or head_finance
        at = timezone.make_aware(dt.datetime.combine(day, dt.time(17, 30)))
        handover = CashHandover.objects.create(
            technician_id=tech_id,
            branch_id=branch_id,
            received_by=receiver,
            at=max(at, max(p.at for p in payments)),
            total=sum((p.amount for p in payments), Decimal("0")),
        )
        Payment.objects.filter(pk__in=[p.pk for p in payments]).update(handover=handover)
        counts["handovers"] += 1

    # Some open paid jobs on site wait for the customer's consent.
    waiting = WorkOrder.objects.filter(
        category=ServiceCategory.PAID, state=State.ON_SITE, technician__isnull=False
    ).select_related("technician__user", "unit__model__category", "fault_type")
    for order in waiting:
        if rng.random() < 0.5:
            _quote(
                order,
                1,
                Quote.Status.AWAITING,
                _lines(rng, order, items),
                order.arrived_at or now,
                order.technician.user,
            )
            counts["awaiting"] += 1
    counts["price_items"] = len(items)
    return dict(counts)


# Price-list part lines and the spare part each sells (parts/demo.py), so that a quoted part
# is matched to the part issued when the job is invoiced.
PART_LINKS = {
    "KT13": "AC-CAP-35",
    "KT14": "AC-CAP-2.5",
    "KT15": "AC-4WV",
    "KT18": "AC-RC",
    "BX03": "FR-GASKET",
    "XY03": "WA-DRAIN",
    "RS05": "WH-ANODE",
}


def link_parts() -> dict[str, int]:
    """Call after the parts demo: names the spare part of each part line that has one."""
    from aftersales.parts.models import Part

    finance = User.objects.filter(role=Role.FINANCE).order_by("pk")
    by = finance.filter(branch__is_head_office=True).first() or finance.first()
    parts = Part.objects.in_bulk(PART_LINKS.values(), field_name="code")
    linked = 0
    for item in PriceItem.objects.filter(code__in=PART_LINKS, part__isnull=True):
        part = parts.get(PART_LINKS[item.code])
        if by is not None and part is not None:
            services.price_item_update(by=by, item=item, part=part)
            linked += 1
    return {"price_items_linked_to_parts": linked}
