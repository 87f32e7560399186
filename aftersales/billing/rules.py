"""Decisions of billing taken from their inputs alone."""

from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.utils.translation import gettext as _

from aftersales.accounts.models import User
from aftersales.workorders.models import ServiceCategory, WorkOrder

CENT = Decimal("0.01")


def money(value: Decimal) -> Decimal:
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def consent_missing(order: WorkOrder, *, declined_ok: bool = False) -> str | None:
    """Why paid work may not start yet, or None: out of warranty the technician first states
    the fault, the price and the expected time, and works only after the customer agrees
    (002 第11条, 第56条4). A scope changed after consent needs a new consent.

    `declined_ok`: the visit may still be completed, as "declined, no repair", when the
    customer refused the quote."""
    if order.category != ServiceCategory.PAID:
        return None
    from .models import Quote  # billing reads work orders, not the other way round

    current = Quote.objects.filter(order=order).order_by("-version").first()
    if current is None:
        return _("This is paid work: give the customer a quote and record his consent first.")
    if current.status == Quote.Status.CONSENTED:
        return None
    if current.status == Quote.Status.DECLINED:
        if declined_ok:
            return None
        return _(
            "The customer declined the quote: no repair may be done. "
            "Record the visit as declined, without repair."
        )
    return _(
        "Quote v%(version)s has no consent yet: the customer must sign it, or an agent record "
        "his consent by phone, before the work starts."
    ) % {"version": current.version}


def discount_limit(user: User) -> Decimal:
    """The largest discount in percent that the user's role may give (核决权限, 004 篇8)."""
    if user.is_superuser:
        return Decimal(100)
    limits = settings.AFTERSALES.get("DISCOUNT_LIMITS", {})
    return Decimal(str(limits.get(user.role, 0)))


def discount_percent(amount: Decimal, total: Decimal) -> Decimal:
    if total <= 0:
        return Decimal(100)
    return money(amount * 100 / total)
