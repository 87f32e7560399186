"""Demo outlet settlements: the rates for all outlets and a few outlets' own, and the statements
of the outlets' jobs — the month before last confirmed and mostly paid, last month drawn up and
partly confirmed — every step through the services.

Call after the core demo has made the outlets, head office's finance and the work history:

    from aftersales.settlements import demo
    demo.seed(random.Random(1), timezone.now())
"""

import datetime as dt
import random
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from aftersales.accounts.models import Role, User
from aftersales.customers.models import Outlet, ProductCategory

from . import rules, services
from .models import OutletSettlement

# Per job, by service category: paid (A), contract (B), free (C); the suburb travel allowance.
DEFAULT_RATES = {"A": Decimal("40"), "B": Decimal("60"), "C": Decimal("80")}
SUBURB_ALLOWANCE = Decimal("30")
BANKS = ["工行", "建行", "农行", "招行"]


def _user(role: str) -> User | None:
    return (
        User.objects.filter(role=role, branch__is_head_office=True, is_active=True)
        .order_by("pk")
        .first()
    )


@transaction.atomic
def seed(rng: random.Random, now: dt.datetime) -> list[OutletSettlement]:
    finance, manager = _user(Role.FINANCE), _user(Role.MANAGER)
    if finance is None or manager is None:
        return []
    this_month = rules.first_of_month(timezone.localtime(now).date())
    last = rules.first_of_month(this_month - dt.timedelta(days=1))
    before_last = rules.first_of_month(last - dt.timedelta(days=1))
    since = before_last.replace(year=before_last.year - 1)
    for category, amount in DEFAULT_RATES.items():
        services.outlet_rate_create(
            by=manager,
            now=now,
            service_category=category,
            amount=amount,
            suburb_allowance=SUBURB_ALLOWANCE,
            effective_from=since,
            note="2025年度网点结算标准",
        )
    # A few outlets have their own terms: more for air conditioners, a raise from last month on.
    aircon = ProductCategory.objects.filter(code="aircon").first()
    outlets = list(Outlet.objects.order_by("pk"))
    for outlet in rng.sample(outlets, min(4, len(outlets))):
        services.outlet_rate_create(
            by=manager,
            now=now,
            outlet=outlet,
            service_category="C",
            product_category=aircon,
            amount=Decimal(rng.choice([90, 95, 100])),
            suburb_allowance=Decimal("40"),
            effective_from=since,
            note="空调保内维修协议价",
        )
        services.outlet_rate_create(
            by=manager,
            now=now,
            outlet=outlet,
            service_category="B",
            amount=Decimal(rng.choice([65, 70])),
            effective_from=last,
            note="契约客户上门费调整",
        )
    built: list[OutletSettlement] = []
    older = services.settlement_build_all(by=finance, now=now, month=before_last)
    for settlement in older:
        services.settlement_confirm(by=finance, now=now, settlement=settlement)
        if rng.random() < 0.8:
            services.settlement_mark_paid(
                by=finance,
                now=now,
                settlement=settlement,
                paid_on=timezone.localtime(now).date(),
                reference=f"{rng.choice(BANKS)}{rng.randint(10**9, 10**10 - 1)}",
            )
    built += older
    recent = services.settlement_build_all(by=finance, now=now, month=last)
    for settlement in recent[: len(recent) // 2]:
        services.settlement_confirm(by=finance, now=now, settlement=settlement)
    built += recent
    return built
