"""Pure decisions of the outlet settlement: which month a job falls in, which rate applies,
and why."""

import datetime as dt
from collections.abc import Iterable
from decimal import Decimal
from typing import TYPE_CHECKING

from django.utils import timezone
from django.utils.translation import gettext as _

from aftersales.customers.models import Zone

if TYPE_CHECKING:
    from .models import OutletRate, SettlementLine


def first_of_month(day: dt.date) -> dt.date:
    return day.replace(day=1)


def next_month(month: dt.date) -> dt.date:
    return (month.replace(day=28) + dt.timedelta(days=4)).replace(day=1)


def month_bounds(month: dt.date) -> tuple[dt.datetime, dt.datetime]:
    """The month as [start, end) in the company's time zone (Asia/Shanghai): a job completed at
    23:59 on the last day is in it, one completed at 00:00 on the first of the next is not."""
    zone = timezone.get_default_timezone()
    start = dt.datetime.combine(first_of_month(month), dt.time.min, tzinfo=zone)
    end = dt.datetime.combine(next_month(first_of_month(month)), dt.time.min, tzinfo=zone)
    return start, end


def month_is_over(month: dt.date, *, now: dt.datetime) -> bool:
    """A month is settled once it has ended: a job may still be completed on its last evening."""
    return now >= month_bounds(month)[1]


def pick_rate(
    rates: Iterable["OutletRate"],
    *,
    outlet_id: int,
    service_category: str,
    product_category_id: int | None,
    on: dt.date,
) -> "OutletRate | None":
    """The rate in force on the day the job was completed: the outlet's own before the default
    for all outlets, one for the product's category before one for any category, and of those
    the one that took effect last."""
    candidates = [
        rate
        for rate in rates
        if rate.service_category == service_category
        and rate.effective_from <= on
        and rate.outlet_id in (None, outlet_id)
        and rate.product_category_id in (None, product_category_id)
    ]
    if not candidates:
        return None
    return max(
        candidates,
        key=lambda rate: (
            rate.outlet_id is not None,
            rate.product_category_id is not None,
            rate.effective_from,
            rate.pk or 0,
        ),
    )


def line_amounts(rate: "OutletRate | None", *, zone: str) -> tuple[Decimal, Decimal]:
    """Labour and travel allowance of one job: the allowance only for a customer in the
    suburbs (neighbouring cities and counties, or farther)."""
    if rate is None:
        return Decimal("0.00"), Decimal("0.00")
    allowance = rate.suburb_allowance if Zone.is_suburb(zone) else Decimal("0.00")
    return rate.amount, allowance


def line_reason(line: "SettlementLine") -> str:
    """Why a line has its amount, in the reader's language."""
    from .models import SettledCategory

    category = SettledCategory(line.service_category).label
    product = line.product_category.name if line.product_category_id else _("any product")
    rate = line.rate
    if rate is None:
        return _(
            "No rate for %(category)s, %(product)s on the day of completion: add one and "
            "rebuild the draft."
        ) % {"category": category, "product": product}
    whose = _("Outlet's own rate") if rate.outlet_id else _("Rate for all outlets")
    rate_product = rate.product_category.name if rate.product_category_id else _("any product")
    text = _("%(whose)s for %(category)s, %(product)s, from %(date)s: ¥%(amount)s") % {
        "whose": whose,
        "category": category,
        "product": rate_product,
        "date": rate.effective_from.isoformat(),
        "amount": rate.amount,
    }
    if line.allowance:
        text += _("; suburb travel allowance ¥%(amount)s (%(zone)s)") % {
            "amount": line.allowance,
            "zone": Zone(line.zone).label,
        }
    if line.collected:
        text += _("; less ¥%(amount)s the outlet collected from the customer") % {
            "amount": line.collected
        }
    return text
