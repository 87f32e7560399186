"""Writes of warranty claims and claim part orders: every move audited, in one transaction.

A claim is built from finished in-warranty (category C) jobs of one brand: labour at the
manufacturer's rate, a travel allowance per visit, and each part issued to the job at its cost
times the manufacturer's factor, linked to the defective part returned for it (以坏换新) as the
evidence the manufacturer asks for. A part without its defective part is left out unless someone
includes it with a note.
"""

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from aftersales.accounts.models import Branch, User
from aftersales.accounts.policy import Cap, require
from aftersales.billing.cash import cash_entry_add
from aftersales.billing.models import CashEntry, Payment
from aftersales.core import audit
from aftersales.core.exceptions import Conflict, DomainError, Forbidden, NotFound
from aftersales.core.numbering import monthly_number
from aftersales.core.validation import required as _required
from aftersales.customers.models import ProductCategory
from aftersales.parts import services as stock
from aftersales.parts.models import (
    Condition,
    Part,
    StockDocument,
    StockDocumentLine,
    StockLevel,
    Warehouse,
)
from aftersales.workorders.models import OPEN_STATES, ServiceCategory, State, WorkOrder

from . import rules
from .models import (
    ClaimLine,
    ClaimOrder,
    ClaimPartOrder,
    ManufacturerRate,
    WarrantyClaim,
    director_threshold,
)

C = WarrantyClaim.Status
P = ClaimPartOrder.Status
LIMIT = Decimal(10) ** 10


def _text(value: str | None) -> str:
    return (value or "").strip()


def _amount(value: Any, field: str, *, positive: bool = False) -> Decimal:
    try:
        amount = Decimal(value)
    except (InvalidOperation, TypeError, ValueError):
        amount = None
    if amount is None or not amount.is_finite() or not 0 <= amount < LIMIT:
        raise DomainError(_("Enter an amount of 0 or more."), field=field)
    if positive and amount <= 0:
        raise DomainError(_("Enter an amount above 0."), field=field)
    return rules.money(amount)


def _branch_for(by: User, branch: Branch | None) -> Branch:
    if not by.sees_all_branches:
        return by.branch
    if branch is None:
        raise DomainError(_("Choose the branch."), field="branch")
    return branch


def _in_branch(by: User, branch_id: int) -> None:
    if not by.sees_all_branches and branch_id != by.branch_id:
        raise NotFound(_("No such record."))


def _illegal(what: str, status_display: str) -> Conflict:
    return Conflict(
        _("%(refusal)s: it is %(status)s.") % {"refusal": what, "status": status_display},
        field="status",
        code="illegal_move",
    )


# Manufacturer's rates ------------------------------------------------------------------------


def manufacturer_rate_create(
    *,
    by: User,
    now: dt.datetime,
    brand: str,
    labour_basis: str,
    labour_rate: Decimal,
    effective_from: dt.date,
    category: ProductCategory | None = None,
    travel_allowance: Decimal = Decimal("0"),
    parts_factor: Decimal = Decimal("1"),
    note: str = "",
) -> ManufacturerRate:
    """A manufacturer's rate from a date on; a later rate of the same brand replaces it."""
    require(by, Cap.MANAGE_CLAIMS)
    brand = _required(brand, "brand", _("Brand"))
    if labour_basis not in ManufacturerRate.Basis.values:
        raise DomainError(_("Choose how labour is paid."), field="labour_basis")
    if effective_from is None:
        raise DomainError(_("Enter the date the rate takes effect."), field="effective_from")
    try:
        factor = Decimal(parts_factor)
    except (InvalidOperation, TypeError, ValueError):
        factor = Decimal(0)
    if not factor.is_finite() or not 0 < factor <= 10:
        raise DomainError(
            _("The parts factor must be above 0 and at most 10."), field="parts_factor"
        )
    rate = ManufacturerRate(
        brand=brand,
        category=category,
        labour_basis=labour_basis,
        labour_rate=_amount(labour_rate, "labour_rate"),
        travel_allowance=_amount(travel_allowance or 0, "travel_allowance"),
        parts_factor=factor.quantize(Decimal("0.001")),
        effective_from=effective_from,
        note=_text(note)[:200],
        created_by=by,
        created_at=now,
    )
    duplicate = Conflict(
        _("%(brand)s already has a rate from %(date)s for this category.")
        % {"brand": brand, "date": effective_from.isoformat()},
        field="effective_from",
        code="duplicate",
    )
    same = ManufacturerRate.objects.filter(
        brand=brand, category=category, effective_from=effective_from
    )
    if same.exists():
        raise duplicate
    try:
        with transaction.atomic():
            rate.save()
            audit.record(rate, by=by, action="manufacturer_rate_create", before={})
    except IntegrityError as exc:
        raise duplicate from exc
    return rate


# Building a claim ----------------------------------------------------------------------------


@dataclass
class _Line:
    order: WorkOrder
    kind: str
    description: str
    quantity: Decimal
    unit_amount: Decimal
    part: Part | None = None
    issue_line: StockDocumentLine | None = None
    evidence: StockDocumentLine | None = None

    @property
    def amount(self) -> Decimal:
        return rules.money(self.quantity * self.unit_amount)


def _eligible(order: WorkOrder, *, brand: str, start: dt.date, end: dt.date, branch: Branch):
    """Refuses a job that may not be claimed, naming it and why."""
    number = order.number
    if order.branch_id != branch.pk:
        raise DomainError(
            _("Work order %(order)s is of another branch.") % {"order": number}, field="orders"
        )
    if order.category != ServiceCategory.FREE:
        raise DomainError(
            _("Work order %(order)s is not free warranty work (category C).") % {"order": number},
            field="orders",
        )
    if order.state not in (State.COMPLETED, State.CLOSED) or order.completed_at is None:
        raise DomainError(
            _("Work order %(order)s is not completed.") % {"order": number}, field="orders"
        )
    if order.unit_id is None or order.unit.model.brand != brand:
        raise DomainError(
            _("Work order %(order)s is not for a unit of %(brand)s.")
            % {"order": number, "brand": brand},
            field="orders",
        )
    done = timezone.localtime(order.completed_at).date()
    if not start <= done <= end:
        raise DomainError(
            _("Work order %(order)s was completed on %(date)s, outside the claim's period.")
            % {"order": number, "date": done.isoformat()},
            field="orders",
        )


def _lines_of(order: WorkOrder, rate: ManufacturerRate) -> list[_Line]:
    lines: list[_Line] = []
    card = getattr(order, "repair_card", None)
    if rate.labour_basis == ManufacturerRate.Basis.PER_HOUR:
        hours = (
            card.hours
            if card is not None
            else rules.on_site_hours(order.arrived_at, order.completed_at)
        )
        where = _("repair card") if card is not None else _("on site")
        lines.append(
            _Line(
                order,
                ClaimLine.Kind.LABOUR,
                _("Labour, %(hours)s h (%(where)s)") % {"hours": hours, "where": where},
                Decimal(hours),
                rate.labour_rate,
            )
        )
    else:
        lines.append(
            _Line(order, ClaimLine.Kind.LABOUR, _("Labour, per job"), Decimal(1), rate.labour_rate)
        )
    if order.arrived_at is not None and rate.travel_allowance > 0:
        lines.append(
            _Line(
                order,
                ClaimLine.Kind.TRAVEL,
                _("Travel allowance"),
                Decimal(1),
                rate.travel_allowance,
            )
        )
    documents = (
        StockDocumentLine.objects.filter(
            document__work_order=order,
            document__kind__in=[StockDocument.Kind.ISSUE, StockDocument.Kind.OLD_PART_RETURN],
        )
        .select_related("part", "document")
        .order_by("document__at", "id")
    )
    issued = [line for line in documents if line.document.kind == StockDocument.Kind.ISSUE]
    # Each defective part returned is evidence for as many new parts as it counts, once.
    left: dict[int, list[list[Any]]] = defaultdict(list)
    for line in documents:
        if line.document.kind == StockDocument.Kind.OLD_PART_RETURN:
            left[line.part_id].append([line, line.quantity])
    for line in issued:
        price = rules.money(line.unit_cost * rate.parts_factor)
        wanted = line.quantity
        for entry in left[line.part_id]:
            if wanted == 0:
                break
            taken = min(wanted, entry[1])
            if taken == 0:
                continue
            entry[1] -= taken
            wanted -= taken
            lines.append(
                _Line(
                    order,
                    ClaimLine.Kind.PART,
                    str(line.part),
                    Decimal(taken),
                    price,
                    part=line.part,
                    issue_line=line,
                    evidence=entry[0],
                )
            )
        if wanted:
            lines.append(
                _Line(
                    order,
                    ClaimLine.Kind.PART,
                    str(line.part),
                    Decimal(wanted),
                    price,
                    part=line.part,
                    issue_line=line,
                )
            )
    return lines


def _total(claim: WarrantyClaim) -> Decimal:
    total = claim.lines.filter(included=True).aggregate(total=Sum("amount"))["total"]
    return rules.money(total or 0)


def warranty_claim_build(
    *,
    by: User,
    now: dt.datetime,
    brand: str,
    period_start: dt.date,
    period_end: dt.date,
    orders: list[WorkOrder],
    branch: Branch | None = None,
    note: str = "",
) -> WarrantyClaim:
    """A draft claim to the manufacturer of `brand` for finished in-warranty jobs of the period.

    A job already on a live claim is refused: the database itself keeps a job on one claim."""
    require(by, Cap.MANAGE_CLAIMS)
    brand = _required(brand, "brand", _("Brand"))
    if period_start is None or period_end is None:
        raise DomainError(_("Enter the claim's period."), field="period_start")
    if period_end < period_start:
        raise DomainError(_("The period ends before it starts."), field="period_end")
    branch = _branch_for(by, branch)
    if not orders:
        raise DomainError(_("Choose at least one work order."), field="orders")
    ids = [order.pk for order in orders]
    if len(set(ids)) != len(ids):
        raise DomainError(_("A work order is chosen twice."), field="orders")
    orders = list(
        WorkOrder.objects.filter(pk__in=ids)
        .select_related("unit__model", "repair_card")
        .order_by("completed_at", "id")
    )
    rates = list(ManufacturerRate.objects.filter(brand=brand))
    built: list[_Line] = []
    for order in orders:
        _eligible(order, brand=brand, start=period_start, end=period_end, branch=branch)
        done = timezone.localtime(order.completed_at).date()
        rate = rules.rate_for(rates, brand=brand, category_id=order.unit.model.category_id, on=done)
        if rate is None:
            raise DomainError(
                _("There is no rate of %(brand)s in force on %(date)s (work order %(order)s).")
                % {"brand": brand, "date": done.isoformat(), "order": order.number},
                field="orders",
            )
        built += _lines_of(order, rate)
    try:
        with transaction.atomic():
            claimed = ClaimOrder.objects.filter(work_order__in=orders, released=False)
            taken = claimed.select_related("work_order", "claim").first()
            if taken is not None:
                raise _on_another_claim(taken)
            claim = WarrantyClaim.objects.create(
                number=monthly_number("SB", at=now),
                branch=branch,
                brand=brand,
                period_start=period_start,
                period_end=period_end,
                note=_text(note),
                created_by=by,
                created_at=now,
            )
            ClaimOrder.objects.bulk_create(
                [ClaimOrder(claim=claim, work_order=order) for order in orders]
            )
            ClaimLine.objects.bulk_create(
                [
                    ClaimLine(
                        claim=claim,
                        work_order=line.order,
                        kind=line.kind,
                        description=line.description[:200],
                        quantity=line.quantity,
                        unit_amount=line.unit_amount,
                        amount=line.amount,
                        part=line.part,
                        issue_line=line.issue_line,
                        evidence=line.evidence,
                        # A part without its defective part stays out until someone says why.
                        included=not (line.kind == ClaimLine.Kind.PART and line.evidence is None),
                    )
                    for line in built
                ]
            )
            claim.claimed_amount = _total(claim)
            claim.save(update_fields=["claimed_amount"])
            audit.record(
                claim,
                by=by,
                action="warranty_claim_build",
                before={},
                note=", ".join(order.number for order in orders)[:500],
            )
    except IntegrityError as exc:  # claimed at the same instant on another claim
        raise Conflict(
            _("One of these work orders has just been claimed on another claim."),
            field="orders",
            code="already_claimed",
        ) from exc
    return claim


def _on_another_claim(taken: ClaimOrder) -> Conflict:
    return Conflict(
        _("Work order %(order)s is already on claim %(claim)s.")
        % {"order": taken.work_order.number, "claim": taken.claim.number},
        field="orders",
        code="already_claimed",
    )


def _locked_claim(by: User, claim: WarrantyClaim) -> WarrantyClaim:
    _in_branch(by, claim.branch_id)
    return WarrantyClaim.objects.select_for_update().get(pk=claim.pk)


def _may(claim: WarrantyClaim, move: str, refusal: str) -> None:
    if claim.status not in rules.CLAIM_MOVES[move]:
        raise _illegal(refusal, claim.get_status_display())


@transaction.atomic
def warranty_claim_include_line(
    *,
    by: User,
    now: dt.datetime,
    claim: WarrantyClaim,
    line_id: int,
    included: bool,
    note: str = "",
) -> ClaimLine:
    """Includes a part that has no defective part as evidence, with a note saying why (or leaves
    it out again); only while the claim is a draft."""
    require(by, Cap.MANAGE_CLAIMS)
    claim = _locked_claim(by, claim)
    _may(claim, "include", _("Only a draft claim can be changed"))
    line = ClaimLine.objects.filter(claim=claim, pk=line_id).first()
    if line is None:
        raise DomainError(_("Choose a line of this claim."), field="line")
    if not line.lacks_evidence:
        raise DomainError(
            _("Only a part without its defective part can be included or left out."), field="line"
        )
    note = _text(note)
    if included and not note:
        raise DomainError(
            _("Say why the part is claimed without its defective part."), field="note"
        )
    before = audit.snapshot(line)
    line.included = included
    line.note = note[:200] if included else ""
    line.save(update_fields=["included", "note"])
    audit.record(line, by=by, action="warranty_claim_include_line", before=before)
    claim_before = audit.snapshot(claim)
    claim.claimed_amount = _total(claim)
    claim.save(update_fields=["claimed_amount"])
    audit.record(claim, by=by, action="warranty_claim_include_line", before=claim_before)
    return line


@transaction.atomic
def warranty_claim_submit(*, by: User, now: dt.datetime, claim: WarrantyClaim) -> WarrantyClaim:
    require(by, Cap.MANAGE_CLAIMS)
    claim = _locked_claim(by, claim)
    _may(claim, "submit", _("Only a draft claim can be submitted"))
    if claim.claimed_amount <= 0:
        raise DomainError(_("The claim has nothing to claim."), field="status")
    before = audit.snapshot(claim)
    claim.status = C.SUBMITTED
    claim.submitted_by, claim.submitted_at = by, now
    claim.save()
    audit.record(claim, by=by, action="warranty_claim_submit", before=before)
    return claim


@transaction.atomic
def warranty_claim_accept(
    *, by: User, now: dt.datetime, claim: WarrantyClaim, amount: Decimal, note: str = ""
) -> WarrantyClaim:
    """The manufacturer accepts the claim, in full or for less; for less, its note says why."""
    require(by, Cap.MANAGE_CLAIMS)
    claim = _locked_claim(by, claim)
    _may(claim, "accept", _("Only a submitted claim can be accepted"))
    amount = _amount(amount, "amount", positive=True)
    if amount > claim.claimed_amount:
        raise DomainError(
            _("The amount accepted cannot exceed the amount claimed (%(claimed)s).")
            % {"claimed": claim.claimed_amount},
            field="amount",
        )
    note = _text(note)
    if amount < claim.claimed_amount and not note:
        raise DomainError(
            _("Enter the manufacturer's note on why less was accepted."), field="note"
        )
    before = audit.snapshot(claim)
    claim.status = C.ACCEPTED
    claim.accepted_amount = amount
    claim.manufacturer_note = note
    claim.decided_by, claim.decided_at = by, now
    claim.save()
    audit.record(claim, by=by, action="warranty_claim_accept", before=before)
    return claim


@transaction.atomic
def warranty_claim_reject(
    *, by: User, now: dt.datetime, claim: WarrantyClaim, note: str
) -> WarrantyClaim:
    """The manufacturer refuses the claim; its jobs are free to be claimed again, corrected."""
    require(by, Cap.MANAGE_CLAIMS)
    claim = _locked_claim(by, claim)
    _may(claim, "reject", _("Only a submitted claim can be rejected"))
    note = _required(note, "note", _("The manufacturer's note"))
    before = audit.snapshot(claim)
    claim.status = C.REJECTED
    claim.accepted_amount = Decimal("0.00")
    claim.manufacturer_note = note
    claim.decided_by, claim.decided_at = by, now
    claim.save()
    claim.orders.update(released=True)
    audit.record(claim, by=by, action="warranty_claim_reject", before=before)
    return claim


@transaction.atomic
def warranty_claim_record_payment(
    *,
    by: User,
    now: dt.datetime,
    claim: WarrantyClaim,
    amount: Decimal,
    paid_on: dt.date,
    reference: str,
    note: str = "",
) -> WarrantyClaim:
    """The manufacturer's payment settles the claim; a payment short of the amount accepted is
    recorded with a note."""
    require(by, Cap.MANAGE_CLAIMS)
    claim = _locked_claim(by, claim)
    _may(claim, "pay", _("Only an accepted claim can be paid"))
    amount = _amount(amount, "amount", positive=True)
    if amount > claim.accepted_amount:
        raise DomainError(
            _("The amount paid cannot exceed the amount accepted (%(accepted)s).")
            % {"accepted": claim.accepted_amount},
            field="amount",
        )
    if paid_on is None:
        raise DomainError(_("Enter the date of payment."), field="paid_on")
    if paid_on > timezone.localtime(now).date():
        raise DomainError(_("The date of payment is in the future."), field="paid_on")
    reference = _required(reference, "reference", _("Payment reference"))
    note = _text(note)
    if amount < claim.accepted_amount and not note:
        raise DomainError(_("Say why less than the amount accepted was paid."), field="note")
    before = audit.snapshot(claim)
    claim.status = C.PAID
    claim.paid_amount = amount
    claim.paid_on = paid_on
    claim.payment_reference = reference[:60]
    claim.paid_recorded_by, claim.paid_recorded_at = by, now
    if note:
        claim.note = f"{claim.note}\n{note}".strip()
    claim.save()
    audit.record(claim, by=by, action="warranty_claim_record_payment", before=before, note=note)
    return claim


@transaction.atomic
def warranty_claim_cancel(
    *, by: User, now: dt.datetime, claim: WarrantyClaim, reason: str
) -> WarrantyClaim:
    """A draft that will not be sent; its jobs may go on another claim."""
    require(by, Cap.MANAGE_CLAIMS)
    claim = _locked_claim(by, claim)
    _may(claim, "cancel", _("Only a draft claim can be cancelled"))
    reason = _required(reason, "reason", _("Reason"))
    before = audit.snapshot(claim)
    claim.status = C.CANCELLED
    claim.note = f"{claim.note}\n{reason}".strip()
    claim.save()
    claim.orders.update(released=True)
    audit.record(claim, by=by, action="warranty_claim_cancel", before=before, note=reason)
    return claim


# Claim part orders (索赔订货) --------------------------------------------------------------------


def _in_stock(order: WorkOrder, part: Part) -> StockLevel | None:
    return (
        StockLevel.objects.filter(
            warehouse__branch=order.branch_id,
            warehouse__is_active=True,
            part=part,
            condition=Condition.GOOD,
            quantity__gt=0,
        )
        .select_related("warehouse")
        .first()
    )


@transaction.atomic
def claim_part_order_request(
    *,
    by: User,
    now: dt.datetime,
    work_order: WorkOrder,
    part: Part,
    quantity: int,
    deposit_amount: Decimal,
    deposit_method: str,
    note: str = "",
) -> ClaimPartOrder:
    """A part not in stock, ordered from the manufacturer under warranty for an open C job; the
    customer pays a deposit, refunded when the part is fitted (004 篇8). A deposit paid in cash
    is in the hands of the person who took it and due at finance the same day (002 第21条): it
    goes on his cash hand-over."""
    require(by, Cap.CLAIM_ORDERS)
    if work_order is None:
        raise DomainError(_("Choose the work order."), field="work_order")
    _in_branch(by, work_order.branch_id)
    if work_order.category != ServiceCategory.FREE:
        raise DomainError(
            _("Parts are ordered under a warranty claim only for free warranty work (category C)."),
            field="work_order",
        )
    if work_order.state not in OPEN_STATES:
        raise DomainError(
            _("Work order %(order)s is %(state)s: parts are ordered only for an open job.")
            % {"order": work_order.number, "state": work_order.get_state_display()},
            field="work_order",
        )
    if part is None:
        raise DomainError(_("Choose the part."), field="part")
    if not part.is_active:
        raise DomainError(_("This part is no longer used."), field="part")
    if quantity is None or not 0 < int(quantity) <= 999:
        raise DomainError(_("Enter a quantity from 1 to 999."), field="quantity")
    quantity = int(quantity)
    level = _in_stock(work_order, part)
    if level is not None:
        raise DomainError(
            _("%(part)s is in stock in %(warehouse)s: issue it from there instead.")
            % {"part": part, "warehouse": level.warehouse},
            field="part",
            code="in_stock",
        )
    deposit = _amount(deposit_amount, "deposit_amount", positive=True)
    if deposit_method not in Payment.Method.values:
        raise DomainError(_("Choose how the deposit was paid."), field="deposit_method")
    value = rules.money(part.unit_cost * quantity)
    order = ClaimPartOrder.objects.create(
        number=monthly_number("SP", at=now),
        branch_id=work_order.branch_id,
        work_order=work_order,
        part=part,
        quantity=quantity,
        unit_cost=part.unit_cost,
        amount=value,
        needs_director=rules.director_needed(value, director_threshold()),
        note=_text(note),
        requested_by=by,
        requested_at=now,
        deposit_amount=deposit,
        deposit_method=deposit_method,
        deposit_taken_by=by,
        deposit_taken_at=now,
    )
    audit.record(order, by=by, action="claim_part_order_request", before={})
    cash_entry_add(
        kind=CashEntry.Kind.DEPOSIT,
        person=by,
        now=now,
        amount=deposit,
        method=deposit_method,
        reference=order.number,
        work_order=work_order,
    )
    return order


def _refund(order: ClaimPartOrder, *, by: User, now: dt.datetime) -> dict[str, Any]:
    """The deposit goes back the way it was paid; in cash, out of the refunding person's cash,
    which reduces what he owes finance on his hand-over."""
    cash_entry_add(
        kind=CashEntry.Kind.DEPOSIT_REFUND,
        person=by,
        now=now,
        amount=order.deposit_amount,
        method=order.deposit_method,
        reference=order.number,
        work_order=order.work_order,
    )
    return {
        "deposit_refunded_amount": order.deposit_amount,
        "deposit_refunded_at": now,
        "deposit_refunded_by": by,
    }


def _locked_part_order(by: User, order: ClaimPartOrder) -> ClaimPartOrder:
    _in_branch(by, order.branch_id)
    return (
        ClaimPartOrder.objects.select_for_update(of=("self",))
        .select_related("work_order", "part")
        .get(pk=order.pk)
    )


def _may_move(order: ClaimPartOrder, move: str, refusal: str) -> None:
    if order.status not in rules.PART_ORDER_MOVES[move]:
        raise _illegal(refusal, order.get_status_display())


def _move(order: ClaimPartOrder, *, by: User, action: str, note: str = "", **values) -> None:
    before = audit.snapshot(order)
    for name, value in values.items():
        setattr(order, name, value)
    order.save()
    audit.record(order, by=by, action=action, before=before, note=note)


@transaction.atomic
def claim_part_order_approve(
    *, by: User, now: dt.datetime, order: ClaimPartOrder
) -> ClaimPartOrder:
    """The workshop manager's signature (车间经理签字); up to the threshold it is enough."""
    require(by, Cap.APPROVE_CLAIM_ORDERS)
    order = _locked_part_order(by, order)
    _may_move(order, "approve", _("Only a requested order can be signed"))
    if order.workshop_approved_at is not None:
        raise Conflict(
            _("The workshop manager has signed already; it waits for the director."),
            field="status",
            code="illegal_move",
        )
    status = P.REQUESTED if order.needs_director else P.APPROVED
    _move(
        order,
        by=by,
        action="claim_part_order_approve",
        status=status,
        workshop_approved_by=by,
        workshop_approved_at=now,
    )
    return order


@transaction.atomic
def claim_part_order_confirm(
    *, by: User, now: dt.datetime, order: ClaimPartOrder
) -> ClaimPartOrder:
    """The after-sales director's signature on an order above the threshold (大金额备件需售后总监签字
    确认), after the workshop manager's and by someone else."""
    require(by, Cap.CONFIRM_CLAIM_ORDERS)
    order = _locked_part_order(by, order)
    _may_move(order, "confirm", _("Only a requested order can be confirmed"))
    if not order.needs_director:
        raise Conflict(
            _("This order is within the workshop manager's authority."),
            field="status",
            code="illegal_move",
        )
    if order.workshop_approved_at is None:
        raise Conflict(_("The workshop manager signs first."), field="status", code="illegal_move")
    if order.workshop_approved_by_id == by.pk:
        raise Forbidden(_("The director's signature must be another person's."))
    _move(
        order,
        by=by,
        action="claim_part_order_confirm",
        status=P.APPROVED,
        director_approved_by=by,
        director_approved_at=now,
    )
    return order


@transaction.atomic
def claim_part_order_mark_ordered(
    *, by: User, now: dt.datetime, order: ClaimPartOrder, reference: str = ""
) -> ClaimPartOrder:
    require(by, Cap.CLAIM_ORDERS)
    order = _locked_part_order(by, order)
    _may_move(order, "ordered", _("Only an approved order can be sent to the manufacturer"))
    _move(
        order,
        by=by,
        action="claim_part_order_mark_ordered",
        status=P.ORDERED,
        ordered_by=by,
        ordered_at=now,
        manufacturer_reference=_text(reference)[:60],
    )
    return order


def _receiving_warehouse(order: ClaimPartOrder) -> Warehouse:
    """The branch's own warehouse (the first by code when it has several)."""
    warehouse = (
        Warehouse.objects.filter(
            branch_id=order.branch_id, kind=Warehouse.Kind.BRANCH, is_active=True
        )
        .order_by("code")
        .first()
    )
    if warehouse is None:
        raise DomainError(
            _("The branch has no warehouse to receive the part into: open one first."),
            field="status",
        )
    return warehouse


@transaction.atomic
def claim_part_order_mark_arrived(
    *, by: User, now: dt.datetime, order: ClaimPartOrder
) -> ClaimPartOrder:
    """The part arrived from the manufacturer: it enters the branch's warehouse on a stock
    receipt, at its cost, so that it is counted until it is fitted (receiving stock is the
    warehouse's)."""
    require(by, Cap.CLAIM_ORDERS)
    require(by, Cap.MANAGE_STOCK)
    order = _locked_part_order(by, order)
    _may_move(order, "arrived", _("Only an ordered part can arrive"))
    receipt = stock.stock_receive(
        by=by,
        now=now,
        warehouse=_receiving_warehouse(order),
        lines=[stock.LineIn(part=order.part, quantity=order.quantity, unit_cost=order.unit_cost)],
        note=_("Claim part order %(number)s for work order %(order)s")
        % {"number": order.number, "order": order.work_order.number},
    )
    _move(
        order,
        by=by,
        action="claim_part_order_mark_arrived",
        note=receipt.number,
        status=P.ARRIVED,
        arrived_by=by,
        arrived_at=now,
        receipt=receipt,
    )
    return order


def _refusal_if_refunded(order: ClaimPartOrder) -> None:
    if order.deposit_refunded_at is not None:
        raise Conflict(
            _("The deposit was refunded already on %(date)s.")
            % {"date": timezone.localtime(order.deposit_refunded_at).strftime("%Y-%m-%d %H:%M")},
            field="status",
            code="already_refunded",
        )


@transaction.atomic
def claim_part_order_fit(
    *,
    by: User,
    now: dt.datetime,
    order: ClaimPartOrder,
    note: str = "",
    serial_number: str = "",
) -> ClaimPartOrder:
    """The part is fitted to the customer's unit: it is issued from the warehouse it arrived in
    to the work order (见单发料, with the new part's serial number when the part is serialised),
    and the deposit goes back to him, once."""
    require(by, Cap.FIT_CLAIM_PARTS)
    order = _locked_part_order(by, order)
    _refusal_if_refunded(order)
    _may_move(order, "fit", _("Only an arrived part can be fitted"))
    if order.receipt_id is None:
        raise DomainError(
            _("The part was never received into stock: it cannot be issued."), field="status"
        )
    issue = stock.stock_issue_to_order(
        by=by,
        now=now,
        warehouse=order.receipt.to_warehouse,
        order=order.work_order,
        lines=[
            stock.LineIn(
                part=order.part,
                quantity=order.quantity,
                unit_cost=order.unit_cost,
                serial_number=serial_number or "",
            )
        ],
        note=order.number,
    )
    _move(
        order,
        by=by,
        action="claim_part_order_fit",
        note=_text(note) or issue.number,
        status=P.FITTED,
        fitted_by=by,
        fitted_at=now,
        issue=issue,
        **_refund(order, by=by, now=now),
    )
    return order


@transaction.atomic
def claim_part_order_cancel(
    *,
    by: User,
    now: dt.datetime,
    order: ClaimPartOrder,
    reason: str,
    refund: bool,
    kept_reason: str = "",
) -> ClaimPartOrder:
    """Cancelled before fitting: the deposit is refunded, or kept with a reason (the customer
    did not come back for the part, 避免积压件). A part that arrived stays in the warehouse it
    was received into, as good stock."""
    require(by, Cap.CLAIM_ORDERS)
    order = _locked_part_order(by, order)
    _refusal_if_refunded(order)
    _may_move(order, "cancel", _("Only an order not yet fitted can be cancelled"))
    reason = _required(reason, "reason", _("Reason"))
    values: dict[str, Any] = {
        "status": P.CANCELLED,
        "cancelled_by": by,
        "cancelled_at": now,
        "cancel_reason": reason[:200],
    }
    if refund:
        values.update(_refund(order, by=by, now=now))
    else:
        values["deposit_kept_reason"] = _required(
            kept_reason, "kept_reason", _("Why the deposit is kept")
        )[:200]
    _move(order, by=by, action="claim_part_order_cancel", note=reason, **values)
    return order
