"""Decisions of billing taken from their inputs alone."""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.conf import settings
from django.utils.translation import gettext as _

from aftersales.accounts.models import User
from aftersales.workorders.models import ServiceCategory, State, WorkOrder

CENT = Decimal("0.01")
ZERO = Decimal("0.00")


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


# An invoice is issued when the work is done: after the customer signed the completion on site
# or took his unit back from the workshop (both end in "completed"), or later, once closed.
INVOICE_STATES = (State.COMPLETED, State.CLOSED)


def invoice_too_early(order: WorkOrder) -> str | None:
    """Why the job may not be invoiced yet, or None: the invoice is for work done, not for work
    promised (002 第11条: the customer pays what he agreed to, for the work done)."""
    if order.state in INVOICE_STATES:
        return None
    return _(
        "An invoice is issued when the work is done: work order %(order)s is “%(state)s”. "
        "Complete it, with the customer's signature, first."
    ) % {"order": order.number, "state": order.get_state_display()}


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


@dataclass
class LineDraft:
    """A line of an invoice about to be issued."""

    kind: str
    name: str
    unit: str
    quantity: Decimal
    price: Decimal
    amount: Decimal
    coverage: str = "charged"
    part: Any = None
    serial_number: str = ""
    warranty_until: date | None = None
    note: str = ""


def invoice_lines(quote_lines: Iterable[Any], used_parts: Iterable[Any]) -> list[LineDraft]:
    """The invoice of a paid job: what the customer consented to, for what was actually done.

    - Labour, travel and other lines of the consented quote are charged as quoted, and so is a
      part line of the quote that names no spare part (materials the stock does not track).
    - Spare parts are charged from what was issued to the job (见单发料, 002 第3章), one line per
      issued part with its serial number, its coverage and its repair guarantee:
      a part covered (under warranty or contract) is free, with the reason;
      a quoted part that was issued is charged at the quoted price, up to the quoted quantity;
      a quoted part that was not issued is not charged;
      an issued part that was not quoted, or issued beyond the quoted quantity, is listed but
      not charged: the customer agreed to the quote's total, and anything more needs a new
      quote and a new consent (002 第11条, 第56条4).
    So the invoice's total never exceeds the consented total."""
    from .models import InvoiceLine, PriceItem

    drafts: list[LineDraft] = []
    # Quoted spare parts: quantity still to match, the quoted price and unit.
    pool: dict[int, dict[str, Any]] = {}
    for line in quote_lines:
        item = line.item
        if item.kind == PriceItem.Kind.PART and item.part_id:
            quoted = pool.setdefault(
                item.part_id, {"quantity": Decimal(0), "price": line.price, "unit": line.unit}
            )
            quoted["quantity"] += line.quantity
            continue
        drafts.append(
            LineDraft(
                kind=item.kind,
                name=line.name,
                unit=line.unit,
                quantity=line.quantity,
                price=line.price,
                amount=line.amount,
            )
        )
    for used in used_parts:
        part = used.part
        quantity = Decimal(used.quantity)
        quoted = pool.get(part.pk)
        common = {
            "kind": PriceItem.Kind.PART,
            "name": part.name,
            "unit": quoted["unit"] if quoted else "个",
            "part": part,
            "serial_number": used.serial_number or "",
            "warranty_until": used.warranty_until,
        }
        if used.is_free:
            if quoted:
                quoted["quantity"] = max(quoted["quantity"] - quantity, Decimal(0))
            reason = getattr(used, "reason", "") or _("Under warranty or contract")
            drafts.append(
                LineDraft(
                    **common,
                    quantity=quantity,
                    price=ZERO,
                    amount=ZERO,
                    coverage=InvoiceLine.Coverage.COVERED,
                    note=str(reason),
                )
            )
            continue
        charged = min(quantity, quoted["quantity"]) if quoted else Decimal(0)
        if charged > 0:
            quoted["quantity"] -= charged
            drafts.append(
                LineDraft(
                    **common,
                    quantity=charged,
                    price=quoted["price"],
                    amount=money(quoted["price"] * charged),
                )
            )
        if quantity > charged:
            drafts.append(
                LineDraft(
                    **common,
                    quantity=quantity - charged,
                    price=ZERO,
                    amount=ZERO,
                    coverage=InvoiceLine.Coverage.UNQUOTED,
                    note=_("Not in the consented quote: not charged without a new consent."),
                )
            )
    return drafts
