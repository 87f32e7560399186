"""Outlet statements and rates of each side of the permission tests' scene
(aftersales.core.tests.scene).

Written straight to the tables, with no audit entry, so that making them does not count as a
change in the scene's footprint. One record per side is kept; `fresh=True` makes a new one, for a
move that must succeed. Each statement settles a month of its own, long past, with one job of
the side's outlet completed in it.
"""

import datetime as dt
import itertools
from decimal import Decimal

from django.utils import timezone

from aftersales.settlements.models import OutletRate, OutletSettlement, SettlementLine
from aftersales.workorders.models import State, WorkOrder

_months = itertools.count(0)
_numbers = itertools.count(1)
_dates = itertools.count(1)


def _next_month() -> dt.date:
    n = next(_months)
    return dt.date(2001 + n // 12, n % 12 + 1, 1)


def outlet_job(side, month: dt.date) -> WorkOrder:
    """A free (C) job of the side's outlet, completed at noon on the 10th of `month`."""
    at = dt.datetime.combine(
        month.replace(day=10), dt.time(12), tzinfo=timezone.get_default_timezone()
    )
    return WorkOrder.objects.create(
        number=f"WO-JS{next(_numbers):05d}",
        branch=side.branch,
        customer=side.customer,
        unit=side.unit,
        symptom="不制冷",
        address=side.customer.address,
        contact_phone=side.customer.phone,
        created_by=side.flow.agent,
        outlet=side.outlet,
        category="C",
        state=State.COMPLETED,
        dispatched_at=at,
        completed_at=at,
    )


def rate_of(side, *, fresh: bool = False) -> OutletRate:
    """The side's outlet's rate for free (C) jobs of any product."""
    if not fresh and "_outlet_rate" in side.extra:
        return side.extra["_outlet_rate"]
    rate = OutletRate.objects.create(
        outlet=side.outlet,
        service_category="C",
        amount=Decimal("60.00"),
        suburb_allowance=Decimal("20.00"),
        effective_from=dt.date(1990, 1, 1) + dt.timedelta(days=next(_dates)),
        created_by=side.flow.supervisor,
        created_at=side.flow.now,
    )
    if not fresh:
        side.extra["_outlet_rate"] = rate
    return rate


def build_body(side) -> dict:
    """What a request to draw up a statement sends: the side's outlet and a month past with a
    job of it to settle."""
    rate_of(side)
    month = _next_month()
    outlet_job(side, month)
    return {"outlet": side.outlet.pk, "month": month.strftime("%Y-%m")}


def _settlement(side, status: str) -> OutletSettlement:
    rate = rate_of(side)
    month = _next_month()
    order = outlet_job(side, month)
    now = side.flow.now
    confirmed = status != OutletSettlement.Status.DRAFT
    settlement = OutletSettlement.objects.create(
        number=f"JS-S{next(_numbers):05d}",
        outlet=side.outlet,
        branch=side.branch,
        month=month,
        status=status,
        jobs=1,
        labour_total=rate.amount,
        total=rate.amount,
        built_by=side.flow.supervisor,
        built_at=now,
        confirmed_by=side.flow.supervisor if confirmed else None,
        confirmed_at=now - dt.timedelta(days=1) if confirmed else None,
    )
    SettlementLine.objects.create(
        settlement=settlement,
        order=order,
        completed_at=order.completed_at,
        service_category="C",
        zone=side.customer.zone,
        rate=rate,
        labour=rate.amount,
        amount=rate.amount,
    )
    return settlement


def settlement_of(side, *, fresh: bool = False) -> OutletSettlement:
    """A draft statement of the side's outlet, with one rated job."""
    if fresh:
        return _settlement(side, OutletSettlement.Status.DRAFT)
    if "_settlement" not in side.extra:
        side.extra["_settlement"] = _settlement(side, OutletSettlement.Status.DRAFT)
    return side.extra["_settlement"]


def confirmed_settlement_of(side, *, fresh: bool = False) -> OutletSettlement:
    """A confirmed statement of the side's outlet, waiting to be paid."""
    if fresh:
        return _settlement(side, OutletSettlement.Status.CONFIRMED)
    if "_confirmed_settlement" not in side.extra:
        side.extra["_confirmed_settlement"] = _settlement(side, OutletSettlement.Status.CONFIRMED)
    return side.extra["_confirmed_settlement"]
