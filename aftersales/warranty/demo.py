"""Demo maintenance contracts over the demo's customers and units.

Call after `seed_demo` (from the lead's integration in core/demo.py, or a shell):

    import random
    from django.utils import timezone
    from aftersales.warranty.demo import seed
    seed(random.Random(7), timezone.now())

Key and long-term customers are picked first (they are the ones who sign maintenance contracts);
some contracts ended last year and were renewed, some end within the month, a few were cancelled.
Every contract goes through the real services, so it is numbered and audited like a user's.

Renewal notices (004 (二十)): last year's contracts had theirs filed a month before they ended and
closed by the renewal; the contracts ending within the month get theirs from the periodic sweep,
as the worker would file them today, some with the expiry notice sent and a few declined.
"""

import random
from datetime import datetime, timedelta
from decimal import Decimal

from django.db.models import Count
from django.utils import timezone

from aftersales.accounts.models import Role, User
from aftersales.customers.models import Customer, add_months
from aftersales.warranty import services
from aftersales.warranty.conf import renewal_notice_days
from aftersales.warranty.models import MaintenanceContract, RenewalNotice
from aftersales.warranty.renewals import file_notice
from aftersales.warranty.sweeps import sweep

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
DECLINE_REASONS = [
    "客户预算削减，今年不再续约",
    "客户设备计划更新，暂不续约",
    "客户已与其他服务商签约",
]
# Contracts that name their own arrival time for faults (000 篇9 4.2.5: 較遠的市、縣和省外，按合同
# 約定時間到達); the rest go by the customer's zone.
ARRIVAL_HOURS = [None, None, None, None, Decimal("8"), Decimal("12"), Decimal("24")]


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
            arrival_hours=rng.choice(ARRIVAL_HOURS),
        )
        filed.append(contract)
        if end < today:
            # The sweep filed its notice a month before the end; the renewal closes it.
            file_notice(
                contract,
                now=timezone.make_aware(
                    datetime.combine(
                        end - timedelta(days=renewal_notice_days()), datetime.min.time()
                    )
                )
                + timedelta(hours=2),
            )
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
    _pursue_renewals(rng, now)
    return filed


def _pursue_renewals(rng: random.Random, now: datetime) -> None:
    """The notices of the last month, as the worker filed them night by night; then what their
    assignees did so far."""
    night = timezone.localtime(now).replace(hour=2, minute=0, second=0, microsecond=0)
    for days_ago in range(renewal_notice_days(), -1, -1):
        sweep(now=min(now, night - timedelta(days=days_ago)))
    today = timezone.localdate(now)
    open_notices = RenewalNotice.objects.filter(status=RenewalNotice.Status.OPEN).select_related(
        "assigned_to", "contract"
    )
    for notice in open_notices.order_by("due", "pk"):
        by = notice.assigned_to
        if by is None:
            continue
        roll = rng.random()
        if roll < 0.55:
            services.renewal_notice_letter_sent(
                by=by,
                notice=notice,
                sent_on=max(
                    notice.contract.start,
                    min(
                        today, timezone.localdate(notice.created_at) + timedelta(rng.randint(0, 3))
                    ),
                ),
                now=now,
            )
        if roll < 0.15:
            services.renewal_notice_close(
                by=by, notice=notice, reason=rng.choice(DECLINE_REASONS), now=now
            )
