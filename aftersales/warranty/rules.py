"""Who pays for a job, and what the three guarantees give the customer: decided from inputs only.

`decide_category` is the one place that decides a work order's service category (004 篇2 (六));
`remedies_on` reads the three-guarantee table (002 二(1)). Neither reads the clock or the database.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Protocol

from django.utils.translation import gettext as _

from aftersales.customers.models import Unit
from aftersales.workorders.models import Kind, ServiceCategory

from .models import Remedy

# Work for the company itself, not for a customer: training of staff, inspection of work, parts
# management, tool care (一般行政, 004 篇2 (六)).
INTERNAL_KINDS = frozenset({Kind.TRAINING})


class Covering(Protocol):
    number: str
    end: date

    def covers_on(self, day: date) -> bool: ...


@dataclass(frozen=True)
class Decision:
    """A service category and why: `basis` holds the facts, `reason` tells them in the user's
    language (stored as facts so that each reader sees the reason in his own language)."""

    category: str
    basis: dict[str, Any] = field(default_factory=dict)

    @property
    def reason(self) -> str:
        return basis_text(self.basis)


def decide_category(
    *, unit: Unit | None, kind: str, on: date, contract: Covering | None
) -> Decision:
    """D for internal work; B under a maintenance contract that covers the unit that day; C in
    the manufacturer's warranty (parts and labour free, 002 第11条); A otherwise, and A when no
    unit, hence no purchase date, is known.

    `contract` is the unit's contract that the caller found for the day; one not in force that
    day (cancelled, not begun, or ended) counts as none.
    """
    if kind in INTERNAL_KINDS:
        return Decision(ServiceCategory.INTERNAL, {"code": "internal", "kind": kind})
    if contract is not None and contract.covers_on(on):
        return Decision(
            ServiceCategory.CONTRACT,
            {"code": "contract", "contract": contract.number, "until": contract.end.isoformat()},
        )
    if unit is None:
        return Decision(ServiceCategory.PAID, {"code": "no_unit"})
    if unit.purchase_date is None:
        return Decision(ServiceCategory.PAID, {"code": "no_purchase_date"})
    facts = {
        "purchased": unit.purchase_date.isoformat(),
        "months": unit.model.warranty_months,
    }
    if on < unit.purchase_date:
        return Decision(ServiceCategory.PAID, {"code": "before_purchase", **facts})
    if unit.model.warranty_months == 0:
        return Decision(ServiceCategory.PAID, {"code": "no_warranty", **facts})
    end = unit.warranty_end
    if unit.in_warranty_on(on):
        return Decision(
            ServiceCategory.FREE, {"code": "in_warranty", **facts, "until": end.isoformat()}
        )
    since = date.fromordinal(end.toordinal() + 1)
    return Decision(
        ServiceCategory.PAID, {"code": "out_of_warranty", **facts, "since": since.isoformat()}
    )


def basis_text(basis: dict[str, Any] | None) -> str:
    """The reason of a decision, as a sentence in the active language."""
    basis = basis or {}
    code = basis.get("code")
    if code == "internal":
        kind = dict(Kind.choices).get(basis.get("kind"), basis.get("kind"))
        return _("Internal work (%(kind)s): not charged to a customer.") % {"kind": kind}
    if code == "contract":
        return _("Under maintenance contract %(contract)s until %(until)s.") % basis
    if code == "no_unit":
        return _("No unit registered, so no purchase date to count a warranty from: paid work.")
    if code == "no_purchase_date":
        return _(
            "No purchase date on file: paid work until the customer shows the invoice or a copy."
        )
    if code == "before_purchase":
        return _("Purchase date %(purchased)s is after the day of the work: check the invoice.") % (
            basis
        )
    if code == "no_warranty":
        return _("Purchased %(purchased)s; the model has no manufacturer's warranty.") % basis
    if code == "in_warranty":
        return (
            _("Purchased %(purchased)s, %(months)s-month warranty, in warranty until %(until)s.")
            % basis
        )
    if code == "out_of_warranty":
        return (
            _(
                "Purchased %(purchased)s, %(months)s-month warranty, out of warranty since "
                "%(since)s."
            )
            % basis
        )
    return ""


def days_since_purchase(unit: Unit, on: date) -> int | None:
    """Counted from the day after the sale (民法典 第二百零一条): bought on the 2nd, the 9th is
    day 7. None while the purchase date is unknown."""
    if unit.purchase_date is None:
        return None
    return (on - unit.purchase_date).days


class GuaranteeRow(Protocol):
    category_id: int | None
    days: int

    @property
    def remedies(self) -> list[str]: ...


def rows_for(unit: Unit, rules: Iterable[GuaranteeRow]) -> list[GuaranteeRow]:
    """The category's own rows if it has any, else the default rows; shortest period first."""
    rules = list(rules)
    own = [row for row in rules if row.category_id == unit.model.category_id]
    chosen = own or [row for row in rules if row.category_id is None]
    return sorted(chosen, key=lambda row: row.days)


def remedies_on(*, unit: Unit, on: date, rules: Iterable[GuaranteeRow]) -> list[str]:
    """What the customer may ask for on `on` (002 二(1)): the first row whose period has not run
    out; after the last row, free repair while the manufacturer's warranty lasts; then nothing.

    Default rows (SPEC §5): within 7 days return, exchange or repair; within 15 days exchange or
    repair.
    """
    days = days_since_purchase(unit, on)
    if days is None or days < 0:
        return []
    for row in rows_for(unit, rules):
        if days <= row.days:
            return [remedy for remedy in Remedy.values if remedy in row.remedies]
    if unit.model.warranty_months and unit.in_warranty_on(on):
        return [Remedy.REPAIR.value]
    return []


class Candidate(Protocol):
    pk: int
    role: str


def choose_renewal_assignee(
    candidates: Iterable[Candidate], roles: Iterable[str]
) -> Candidate | None:
    """Who is sent to win a contract's renewal (004 (二十): 派員前往爭取續約): of the candidates
    (active people who may edit contracts), the first by the order of `roles` (by default the
    branch manager, then the supervisor), the longest-standing account first; None if none of
    them holds one of the roles."""
    order = {role: n for n, role in enumerate(roles)}
    ranked = sorted((c for c in candidates if c.role in order), key=lambda c: (order[c.role], c.pk))
    return ranked[0] if ranked else None
