"""Demo maintenance contracts over the demo's customers and units.

Call after `seed_demo` (from the lead's integration in core/demo.py, or a shell):

    import random
    from django.utils import timezone
    from aftersales.warranty.demo import seed
    seed(random.Random(7), timezone.now())

Key and long-term customers are picked first (they are the ones who sign maintenance contracts);
some contracts ended last year and were renewed, some end within the month, a few were cancelled.
Every contract goes through the real services, so it is numbered and audited like a user's.
"""

import random
from datetime import datetime, timedelta
from decimal import Decimal

from django.db.models import Count
from django.utils import timezone

from aftersales.accounts.models import Role, User
from aftersales.customers.models import Customer, add_months
from aftersales.warranty import services
from aftersales.warranty.models import MaintenanceContract

NOTES = [
    "含每年两次清洗保养，零件另计",
    "春秋两季巡检，故障 4 小时内到场",
    "含滤网、皮带等易损件更换",
    "节假日值班，重点设备优先响应",
    "每月巡检一次，提交季度保养报告",
    "",
    "",
]
CANCEL_REASONS = ["客户设备已报废", "客户迁址，不再续约", "客户改由厂家直接保养"]


def _fee(rng: random.Random, units: int, visits: int) -> Decimal:
    per_unit = rng.choice([300, 380, 450, 600, 800, 1200])
    return Decimal(per_unit * units + 50 * visits).quantize(Decimal("1"))


def seed(rng: random.Random, now: datetime, *, count: int = 60) -> list[MaintenanceContract]:
    """About `count` contracts; returns those filed. Safe to call on a database with contracts:
    units already under contract are skipped."""
    today = timezone.localdate(now)
    signers = {
        user.branch_id: user
        for user in User.objects.filter(
            role__in=[Role.SUPERVISOR, Role.MANAGER], is_active=True
        ).order_by("role", "id")
    }
    head_office = User.objects.filter(role=Role.MANAGER, branch__is_head_office=True).first()
    customers = list(
        Customer.objects.annotate(n=Count("units"))
        .filter(n__gt=0)
        .exclude(units__contracts__status=MaintenanceContract.Status.ACTIVE)
        .order_by("id")
    )
    preferred = [c for c in customers if c.tier != Customer.Tier.REGULAR]
    others = [c for c in customers if c.tier == Customer.Tier.REGULAR]
    rng.shuffle(preferred)
    rng.shuffle(others)
    chosen = (preferred + others)[:count]
    filed: list[MaintenanceContract] = []
    for customer in chosen:
        by = signers.get(customer.branch_id) or head_office
        if by is None:
            continue
        units = list(customer.units.all())
        units = rng.sample(units, k=min(len(units), rng.randint(1, 3)))
        visits = rng.choice([2, 2, 2, 4, 4, 12])
        roll = rng.random()
        if roll < 0.15:  # ends within the month: renewal due (004 (二十))
            end = today + timedelta(days=rng.randint(3, 29))
            start = add_months(end, -12) + timedelta(days=1)
        elif roll < 0.30:  # last year's, renewed for this year
            start = add_months(today, -12 - rng.randint(1, 10))
            end = add_months(start, 12) - timedelta(days=1)
        else:
            start = today - timedelta(days=rng.randint(0, 330))
            end = add_months(start, rng.choice([12, 12, 24])) - timedelta(days=1)
        signed = timezone.make_aware(
            datetime.combine(start - timedelta(days=rng.randint(1, 20)), datetime.min.time())
        ) + timedelta(hours=rng.randint(9, 17))
        contract = services.contract_create(
            by=by,
            customer=customer,
            units=units,
            start=start,
            end=end,
            annual_fee=_fee(rng, len(units), visits),
            visits_per_year=visits,
            notes=rng.choice(NOTES),
            now=min(signed, now),
        )
        filed.append(contract)
        if end < today:
            renewal = services.contract_renew(
                by=by,
                contract=contract,
                end=add_months(end, 12),
                now=timezone.make_aware(
                    datetime.combine(end - timedelta(days=10), datetime.min.time())
                ),
            )
            filed.append(renewal)
            contract = renewal
        if rng.random() < 0.05:
            services.contract_cancel(
                by=by, contract=contract, reason=rng.choice(CANCEL_REASONS), now=now
            )
    return filed
