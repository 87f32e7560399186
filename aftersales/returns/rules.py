"""Pure decisions about returns and exchanges: no clock, no database."""

from collections.abc import Iterable
from datetime import date
from decimal import Decimal

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from aftersales.warranty.models import Remedy

from .models import ReturnRequest


def is_within_entitlement(kind: str, remedies: Iterable[str]) -> bool:
    """A return is within the three guarantees when the rule allowed a return that day, an
    exchange when it allowed an exchange (002 二(1)); otherwise the request may still be filed,
    and the customer bears the costs unless the general manager approves (001 篇2 十五)."""
    wanted = Remedy.RETURN if kind == ReturnRequest.Kind.RETURN else Remedy.EXCHANGE
    return wanted.value in set(remedies)


def remedies_text(remedies: Iterable[str]) -> str:
    names = dict(Remedy.choices)
    labels = [str(names[remedy]) for remedy in remedies if remedy in names]
    if not labels:
        return _("nothing under the three guarantees")
    return _(" or ").join(labels)


def entitlement_text(
    *, purchased_on: date | None, days: int | None, remedies: Iterable[str]
) -> str:
    """'Purchased 2026-11-10, 13 days ago: exchange or repair.'"""
    if purchased_on is None or days is None:
        return _("Purchase date unknown: %(remedies)s.") % {"remedies": remedies_text(remedies)}
    return ngettext(
        "Purchased %(date)s, %(days)s day ago: %(remedies)s.",
        "Purchased %(date)s, %(days)s days ago: %(remedies)s.",
        days,
    ) % {"date": purchased_on.isoformat(), "days": days, "remedies": remedies_text(remedies)}


def total_of(amounts: Iterable[Decimal]) -> Decimal:
    return sum((Decimal(amount) for amount in amounts), Decimal("0.00"))
