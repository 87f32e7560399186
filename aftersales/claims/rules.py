"""Pure decisions of warranty claims: which rate applies, how much labour, which status moves."""

import datetime as dt
import math
from collections.abc import Iterable
from decimal import ROUND_HALF_UP, Decimal

from .models import ClaimPartOrder, ManufacturerRate, WarrantyClaim

CENT = Decimal("0.01")
HALF_HOUR = Decimal("0.5")

C = WarrantyClaim.Status
# The claim's moves: from which statuses each may be made.
CLAIM_MOVES: dict[str, tuple[str, ...]] = {
    "submit": (C.DRAFT,),
    "accept": (C.SUBMITTED,),
    "reject": (C.SUBMITTED,),
    "pay": (C.ACCEPTED,),
    "cancel": (C.DRAFT,),
    "include": (C.DRAFT,),
}

P = ClaimPartOrder.Status
PART_ORDER_MOVES: dict[str, tuple[str, ...]] = {
    "approve": (P.REQUESTED,),
    "confirm": (P.REQUESTED,),
    "ordered": (P.APPROVED,),
    "arrived": (P.ORDERED,),
    "fit": (P.ARRIVED,),
    "cancel": (P.REQUESTED, P.APPROVED, P.ORDERED, P.ARRIVED),
}


def money(value: Decimal) -> Decimal:
    return Decimal(value).quantize(CENT, rounding=ROUND_HALF_UP)


def rate_for(
    rates: Iterable[ManufacturerRate], *, brand: str, category_id: int | None, on: dt.date
) -> ManufacturerRate | None:
    """The rate in force on the day: the brand's rate for the product category if there is one,
    else its general rate; of those, the latest that had started by then."""
    best: ManufacturerRate | None = None
    for rate in rates:
        if rate.brand != brand or rate.effective_from > on:
            continue
        if rate.category_id is not None and rate.category_id != category_id:
            continue
        key = (rate.category_id is not None, rate.effective_from)
        if best is None or key > (best.category_id is not None, best.effective_from):
            best = rate
    return best


def on_site_hours(arrived_at: dt.datetime | None, completed_at: dt.datetime | None) -> Decimal:
    """Hours on site for a per-hour rate when the job has no repair card: from arrival to
    completion, rounded up to the half hour, at least half an hour."""
    if arrived_at is None or completed_at is None or completed_at <= arrived_at:
        return HALF_HOUR
    halves = math.ceil((completed_at - arrived_at).total_seconds() / 1800)
    return max(HALF_HOUR, Decimal(halves) * HALF_HOUR)


def director_needed(amount: Decimal, threshold: Decimal) -> bool:
    """Above the threshold, not at it."""
    return amount > threshold
