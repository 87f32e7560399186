"""Demo returns and exchanges: a handful in each status, filed by each branch's service desk,
decided by the general manager and resolved with credit notes, compensation, refunds, exchanges
and rework, every step through the services at its own time in the past.

Call after the core demo has made branches, users, customers and units:

    from aftersales.returns import demo
    demo.seed(random.Random(1), timezone.now())
"""

import datetime as dt
import random
from decimal import Decimal

from django.db import transaction

from aftersales.accounts.models import Role, User
from aftersales.core.exceptions import DomainError
from aftersales.customers.models import Unit

from . import services
from .models import ReturnRequest

REASONS = {
    "return": [
        "安装后第三天开机即报E1故障，客户要求退货",
        "外机运行噪音过大，多次调整无效，客户要求退货",
        "收货时发现面板裂纹，客户拒收要求退货",
    ],
    "exchange": [
        "购买一周内不制冷，检测为压缩机故障，客户要求换新机",
        "显示屏不亮，更换主板后故障依旧，客户要求换货",
        "热水器漏水，内胆焊缝渗漏，客户要求换货",
        "燃气灶点火不良，打火针更换后仍无法点火，客户要求换货",
    ],
}
# status wanted, and for an approved request what was done
PLAN = [
    ("requested", []),
    ("requested", []),
    ("requested", []),
    ("rejected", []),
    ("rejected", []),
    ("approved", []),
    ("approved", ["credit_note"]),
    ("approved", ["rework"]),
    ("completed", ["exchange"]),
    ("completed", ["refund"]),
    ("completed", ["credit_note", "compensation"]),
    ("completed", ["rework", "compensation"]),
]


def _desk(branch_id: int) -> User | None:
    return (
        User.objects.filter(role=Role.AGENT, branch_id=branch_id, is_active=True).first()
        or User.objects.filter(role=Role.SUPERVISOR, branch_id=branch_id, is_active=True).first()
        or User.objects.filter(role=Role.MANAGER, is_active=True).first()
    )


@transaction.atomic
def seed(rng: random.Random, now: dt.datetime, *, count: int = len(PLAN)) -> list[ReturnRequest]:
    gm = User.objects.filter(role=Role.GM, is_active=True).first()
    if gm is None:
        return []
    # The most recently sold units first, so that some requests fall within the three guarantees;
    # a return is counted from the sale, so a unit without its purchase date is not one of them.
    units = list(
        Unit.objects.filter(purchase_date__isnull=False)
        .select_related("customer", "model")
        .order_by("-purchase_date", "-id")[:60]
    )
    if not units:
        return []
    recent, older = units[: len(units) // 2], units[len(units) // 2 :]
    made: list[ReturnRequest] = []
    plan = (PLAN * (count // len(PLAN) + 1))[:count]
    for index, (status, outcomes) in enumerate(plan):
        pool = recent if index % 2 == 0 else older
        unit = pool.pop(rng.randrange(len(pool))) if pool else None
        if unit is None:
            break
        by = _desk(unit.customer.branch_id)
        if by is None:
            continue
        kind = (
            "return"
            if "refund" in outcomes
            else "exchange"
            if "exchange" in outcomes
            else (rng.choice(["return", "exchange"]))
        )
        if status == "requested":
            at = now - dt.timedelta(days=rng.randint(0, 2), hours=rng.randint(1, 8))
        elif index % 2 == 0:
            # Filed a few days after the sale, as most three-guarantee returns are.
            at = dt.datetime.combine(
                unit.purchase_date + dt.timedelta(days=rng.randint(2, 14)),
                dt.time(rng.randint(9, 17)),
                tzinfo=now.tzinfo,
            )
        else:
            at = now - dt.timedelta(days=rng.randint(4, 25), hours=rng.randint(1, 8))
        at = min(at, now - dt.timedelta(days=3)) if status != "requested" else at
        at = max(at, dt.datetime.combine(unit.purchase_date, dt.time(12), tzinfo=now.tzinfo))
        try:
            request = services.return_request_file(
                by=by, now=at, kind=kind, reason=rng.choice(REASONS[kind]), unit=unit
            )
        except DomainError:
            continue
        made.append(request)
        if status == "requested":
            continue
        decided_at = min(at + dt.timedelta(hours=rng.randint(3, 30)), now)
        if status == "rejected":
            services.return_request_decide(
                by=gm,
                now=decided_at,
                request=request,
                approve=False,
                note=rng.choice(
                    ["人为损坏，不属三包范围，费用由客户承担", "已超过三包期限，按正常维修处理"]
                ),
            )
            continue
        services.return_request_decide(
            by=gm, now=decided_at, request=request, approve=True, note="同意，按三包规定处理"
        )
        when = min(decided_at + dt.timedelta(hours=rng.randint(2, 48)), now)
        for outcome in outcomes:
            values: dict = {"amount": Decimal("0.00")}
            if outcome == "credit_note":
                values = {
                    "amount": Decimal(rng.choice([100, 200, 300])),
                    "note": "下次维修费用折让",
                }
            elif outcome == "compensation":
                values = {"amount": Decimal(rng.choice([150, 500])), "note": "误工赔偿"}
            elif outcome == "refund":
                values = {"amount": Decimal(rng.randrange(1999, 5999, 100)), "note": "全额退款"}
            elif outcome == "exchange":
                values = {"replacement_serial": f"{unit.serial}-H", "note": "同型号整机更换"}
            elif outcome == "rework":
                values = {"amount": Decimal("0.00"), "note": "返厂重新检修，更换压缩机"}
            services.resolution_record(by=by, now=when, request=request, kind=outcome, **values)
        if status == "completed":
            services.return_request_complete(
                by=by, now=min(when + dt.timedelta(hours=4), now), request=request
            )
    return made
