"""Demo warranty claims: the manufacturers' rates of the demo brands, claims in every status built
from the demo's finished warranty jobs, and a few claim part orders, all through the services.

Call after the core demo and the parts demo (the parts fitted and the defective parts returned
are the claims' evidence):

    from aftersales.claims import demo
    demo.seed(random.Random(1), timezone.now())
"""

import datetime as dt
import random
from collections import defaultdict
from decimal import Decimal

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from aftersales.accounts.models import Branch, Role, User
from aftersales.billing.models import Payment
from aftersales.customers.models import ProductCategory, ProductModel
from aftersales.parts.models import Condition, Part, StockLevel
from aftersales.workorders.models import OPEN_STATES, ServiceCategory, State, WorkOrder

from . import services
from .models import ClaimPartOrder, WarrantyClaim

# brand → (labour per job, travel allowance, parts factor); air conditioners paid by the hour.
RATES: dict[str, tuple[int, int, str]] = {
    "格力": (120, 30, "1.15"),
    "美的": (100, 25, "1.10"),
    "海尔": (110, 30, "1.10"),
    "海信": (90, 20, "1.05"),
    "奥克斯": (80, 20, "1.05"),
    "大金": (150, 40, "1.20"),
    "TCL": (80, 20, "1.05"),
    "方太": (130, 35, "1.15"),
    "创维": (80, 20, "1.00"),
    "长虹": (70, 20, "1.00"),
    "海康威视": (100, 30, "1.10"),
}
NOTES_LESS = ["远程费超出标准，按标准核减", "部分配件超出保修范围", "工时按厂家标准工时核定"]
NOTES_REJECTED = ["缺少购机发票复印件", "旧件未返厂，无法核实故障"]


def _user(role: str, branch: Branch | None = None) -> User | None:
    qs = User.objects.filter(role=role, is_active=True)
    if branch is not None:
        found = qs.filter(branch=branch).order_by("pk").first()
        if found:
            return found
    return (
        qs.filter(branch__is_head_office=True).order_by("pk").first() or qs.order_by("pk").first()
    )


@transaction.atomic
def seed(rng: random.Random, now: dt.datetime, *, part_orders: int = 6) -> dict[str, int]:
    manager = _user(Role.MANAGER)
    finance = _user(Role.FINANCE) or manager
    if manager is None:
        return {"rates": 0, "claims": 0, "claim part orders": 0}
    start = dt.date(2020, 1, 1)
    brands = set(ProductModel.objects.values_list("brand", flat=True))
    aircon = ProductCategory.objects.filter(code="aircon").first()
    rates = 0
    for brand in sorted(brands):
        labour, travel, factor = RATES.get(brand, (90, 20, "1.00"))
        services.manufacturer_rate_create(
            by=manager,
            now=now - dt.timedelta(days=400),
            brand=brand,
            labour_basis="per_job",
            labour_rate=Decimal(labour),
            travel_allowance=Decimal(travel),
            parts_factor=Decimal(factor),
            effective_from=start,
            note="厂家三包结算标准",
        )
        rates += 1
        if aircon is not None and brand in ("格力", "美的", "海尔"):
            services.manufacturer_rate_create(
                by=manager,
                now=now - dt.timedelta(days=120),
                brand=brand,
                category=aircon,
                labour_basis="per_hour",
                labour_rate=Decimal(60),
                travel_allowance=Decimal(travel),
                parts_factor=Decimal(factor),
                effective_from=(now - dt.timedelta(days=180)).date(),
                note="空调按工时结算（厂家2024版标准）",
            )
            rates += 1

    claims = _claims(rng, now, manager, finance)
    orders = _part_orders(rng, now, manager, part_orders)
    return {"rates": rates, "claims": len(claims), "claim part orders": len(orders)}


def _claims(
    rng: random.Random, now: dt.datetime, manager: User, finance: User
) -> list[WarrantyClaim]:
    finished = (
        WorkOrder.objects.filter(
            category=ServiceCategory.FREE,
            state__in=[State.COMPLETED, State.CLOSED],
            completed_at__isnull=False,
            unit__isnull=False,
        )
        .select_related("unit__model")
        .order_by("completed_at", "id")
    )
    groups: dict[tuple[int, str], list[WorkOrder]] = defaultdict(list)
    for order in finished:
        groups[order.branch_id, order.unit.model.brand].append(order)
    statuses = ["paid", "paid", "accepted", "accepted_less", "submitted", "rejected", "draft"]
    claims = []
    for index, ((branch_id, brand), orders) in enumerate(sorted(groups.items())):
        # Leave the latest jobs unclaimed, to be claimed on the screens.
        orders = orders[: max(1, len(orders) * 2 // 3)][:12]
        if not orders:
            continue
        first = timezone.localtime(orders[0].completed_at).date()
        last = timezone.localtime(orders[-1].completed_at).date()
        made = now - dt.timedelta(days=rng.randint(10, 40))
        claim = services.warranty_claim_build(
            by=manager,
            now=made,
            brand=brand,
            period_start=first.replace(day=1),
            period_end=last,
            orders=orders,
            branch=Branch.objects.get(pk=branch_id),
        )
        status = statuses[index % len(statuses)]
        claims.append(claim)
        if status == "draft" or claim.claimed_amount <= 0:
            continue
        services.warranty_claim_submit(by=manager, now=made + dt.timedelta(days=1), claim=claim)
        decided = made + dt.timedelta(days=rng.randint(5, 9))
        if status == "rejected":
            services.warranty_claim_reject(
                by=manager, now=decided, claim=claim, note=rng.choice(NOTES_REJECTED)
            )
            continue
        if status == "submitted":
            continue
        amount, note = claim.claimed_amount, ""
        if status == "accepted_less":
            amount = (claim.claimed_amount * Decimal("0.85")).quantize(Decimal("0.01"))
            note = rng.choice(NOTES_LESS)
        services.warranty_claim_accept(
            by=manager, now=decided, claim=claim, amount=amount, note=note
        )
        if status == "paid":
            paid = decided + dt.timedelta(days=rng.randint(3, 8))
            services.warranty_claim_record_payment(
                by=finance,
                now=min(paid, now),
                claim=claim,
                amount=amount,
                paid_on=timezone.localtime(min(paid, now)).date(),
                reference=f"HK{timezone.localtime(paid):%Y%m%d}{rng.randint(100, 999)}",
            )
    return claims


def _part_orders(
    rng: random.Random, now: dt.datetime, director: User, count: int
) -> list[ClaimPartOrder]:
    open_jobs = list(
        WorkOrder.objects.filter(category=ServiceCategory.FREE, state__in=OPEN_STATES)
        .exclude(branch__is_head_office=True)
        .select_related("branch")
        .order_by("id")[: count * 3]
    )
    if not open_jobs:
        return []
    stocked = StockLevel.objects.filter(condition=Condition.GOOD, quantity__gt=0)
    made = []
    for job in rng.sample(open_jobs, min(count, len(open_jobs))):
        in_stock = stocked.filter(warehouse__branch=job.branch_id).values("part_id")
        parts = list(
            Part.objects.filter(is_active=True).filter(~Q(pk__in=in_stock)).order_by("code")
        )
        if not parts:
            continue
        agent = _user(Role.AGENT, job.branch)
        supervisor = _user(Role.SUPERVISOR, job.branch)
        if agent is None or supervisor is None:
            continue
        part = rng.choice(parts)
        when = now - dt.timedelta(days=rng.randint(2, 12))
        quantity = rng.choice([1, 1, 2])
        order = services.claim_part_order_request(
            by=agent,
            now=when,
            work_order=job,
            part=part,
            quantity=quantity,
            deposit_amount=max(Decimal(50), (part.unit_cost * quantity / 5).quantize(Decimal(1))),
            deposit_method=rng.choice(Payment.Method.values),
            note="客户同意预交订金，到货后电话通知",
        )
        made.append(order)
        stage = len(made) % 5
        if stage == 0:
            continue  # waiting for the signatures
        services.claim_part_order_approve(
            by=supervisor, now=when + dt.timedelta(hours=3), order=order
        )
        if order.needs_director:
            if director.pk == supervisor.pk:
                continue
            services.claim_part_order_confirm(
                by=director, now=when + dt.timedelta(hours=6), order=order
            )
        if stage == 1:
            continue
        services.claim_part_order_mark_ordered(
            by=supervisor,
            now=when + dt.timedelta(days=1),
            order=order,
            reference=f"SB{rng.randint(100000, 999999)}",
        )
        if stage == 2:
            continue
        # The part arrives at the branch's warehouse, where the storekeeper receives it; the
        # supervisor issues it to the job when it is fitted.
        storekeeper = _user(Role.WAREHOUSE, job.branch) or _user(Role.MANAGER, job.branch)
        if storekeeper is None:
            continue
        services.claim_part_order_mark_arrived(
            by=storekeeper, now=when + dt.timedelta(days=2), order=order
        )
        if stage == 3:
            services.claim_part_order_fit(
                by=supervisor,
                now=when + dt.timedelta(days=2, hours=4),
                order=order,
                serial_number=" ".join(
                    f"SN{rng.randint(10**7, 10**8 - 1)}" for _piece in range(quantity)
                )
                if part.is_serialised
                else "",
            )
        else:
            services.claim_part_order_cancel(
                by=agent,
                now=when + dt.timedelta(days=2, hours=1),
                order=order,
                reason="客户到货后不来换件",
                refund=False,
                kept_reason="多次电话通知未到店，订金按约定不退",
            )
    return made
