"""Demo loaner units (替补品): a few per branch, some lent to customers whose unit is in the
workshop (one or two overdue), some returned, one damaged — made through the services.

Call after the core demo has made branches, product models, customers and work orders:

    from aftersales.loaners import demo
    demo.seed(random.Random(1), timezone.now())
"""

import datetime as dt
import random
from decimal import Decimal

from django.db import transaction

from aftersales.accounts.models import Branch, Role, User
from aftersales.customers.models import ProductModel
from aftersales.workorders.models import OPEN_STATES, State, WorkOrder

from . import services
from .models import LoanerUnit


def _lender_for(branch: Branch) -> User | None:
    for role in (Role.WAREHOUSE, Role.SUPERVISOR, Role.DISPATCHER):
        user = User.objects.filter(role=role, branch=branch, is_active=True).first()
        if user is not None:
            return user
    return User.objects.filter(role=Role.MANAGER, branch__is_head_office=True).first()


@transaction.atomic
def seed(rng: random.Random, now: dt.datetime, *, count: int = 15) -> list[LoanerUnit]:
    """About `count` loaners over the branches that have open work orders."""
    open_orders = list(
        WorkOrder.objects.filter(state__in=OPEN_STATES, unit__isnull=False)
        .select_related("unit__model", "customer", "branch")
        .order_by("-created_at")
    )
    branches = sorted({order.branch for order in open_orders}, key=lambda b: b.code)
    if not branches:
        branches = list(Branch.objects.filter(is_head_office=False))
    models = list(ProductModel.objects.filter(is_active=True).select_related("category"))
    if not branches or not models:
        return []
    loaners: list[LoanerUnit] = []
    number = LoanerUnit.objects.count()
    for index in range(count):
        branch = branches[index % len(branches)]
        by = _lender_for(branch)
        # Loaners of the models the branch repairs most, so that one of the same class is at hand.
        repaired = [o.unit.model for o in open_orders if o.branch_id == branch.pk]
        model = rng.choice(repaired or models)
        number += 1
        loaners.append(
            services.loaner_register(
                by=by,
                asset_number=f"TB-{branch.code}-{number:03d}",
                model=model,
                serial=f"{model.code.replace('-', '')[:8]}{rng.randint(100000, 999999)}",
                branch=branch,
                condition=rng.choice(["完好", "九成新", "外壳轻微划痕"]),
                notes="备件仓库替补品（002 第15条）",
            )
        )
    # Lend to customers whose unit is in the workshop first: that is what loaners are for.
    workshop = [o for o in open_orders if o.state in (State.CARRIED_BACK, State.REPAIRED)]
    others = [o for o in open_orders if o not in workshop]
    candidates = workshop + others
    used: set[int] = set()
    for loaner in loaners:
        # A loaner of the same class as the customer's unit (SPEC §15).
        order = next(
            (
                o
                for o in candidates
                if o.branch_id == loaner.branch_id
                and o.pk not in used
                and o.unit.model.category_id == loaner.model.category_id
            ),
            None,
        )
        roll = rng.random()
        if order is None or roll < 0.3:
            continue  # stays available in store
        used.add(order.pk)
        by = _lender_for(loaner.branch)
        overdue = roll < 0.45
        lent_at = now - dt.timedelta(days=rng.randint(6, 12) if overdue else rng.randint(0, 3))
        lent_at = max(lent_at, order.created_at)
        # Overdue: due back a few days after it went out, and not back; a job opened too
        # recently for that gets a loan still running.
        expected = lent_at + dt.timedelta(days=rng.randint(1, 3))
        if not overdue or expected >= now:
            expected = now + dt.timedelta(days=rng.randint(2, 7))
        loan = services.loaner_lend(
            by=by,
            now=lent_at,
            loaner=loaner,
            customer=order.customer,
            work_order=order,
            expected_return=expected,
            deposit=rng.choice([None, Decimal("300.00"), Decimal("500.00"), Decimal("1000.00")]),
            note="维修超时，免费提供同类替补品" if rng.random() < 0.5 else "客户急用",
        )
        if roll > 0.9:
            services.loaner_return(
                by=by,
                now=min(now, lent_at + dt.timedelta(days=2)),
                loan=loan,
                condition="遥控器丢失，面板有裂纹",
                damaged=True,
            )
    return loaners
