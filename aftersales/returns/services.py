"""Writes of returns and exchanges: filing, the general manager's decision, resolutions and
completion, each in a transaction with its audit entry.

A request outside the three-guarantee entitlement may still be filed; it is marked so, and the
customer bears the costs unless the general manager approves (001 篇2 十五). Only an approved
request gets resolutions (004 (十三)); a decided request is not decided again.
"""

import datetime as dt
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from aftersales.accounts.models import User
from aftersales.accounts.policy import Cap, require
from aftersales.core import audit
from aftersales.core.exceptions import Conflict, DomainError, NotFound
from aftersales.core.numbering import monthly_number
from aftersales.core.validation import required_text as _text
from aftersales.customers import services as customer_services
from aftersales.customers.models import ProductModel, Unit
from aftersales.warranty.selectors import entitlement
from aftersales.workorders import services as workorder_services
from aftersales.workorders.models import Kind as WorkKind
from aftersales.workorders.models import WorkOrder

from . import rules
from .models import Resolution, ReturnRequest

S = ReturnRequest.Status
R = Resolution.Kind
CENT = Decimal("0.01")
# Resolutions that pay money out to the customer: a zero amount would record nothing.
PAID_OUT = {R.CREDIT_NOTE, R.COMPENSATION, R.REFUND}


def _in_branch(by: User, branch_id: int) -> None:
    if not by.sees_all_branches and branch_id != by.branch_id:
        raise NotFound(_("No such record."))


def _locked(request: ReturnRequest) -> ReturnRequest:
    return (
        ReturnRequest.objects.select_for_update(of=("self",))
        .select_related("unit__model", "customer")
        .get(pk=request.pk)
    )


def _open_conflict() -> Conflict:
    return Conflict(
        _("This unit already has an open return or exchange request."),
        field="unit",
        code="open_request",
    )


def return_request_file(
    *,
    by: User,
    now: dt.datetime,
    kind: str,
    reason: str,
    unit: Unit | None = None,
    work_order: WorkOrder | None = None,
) -> ReturnRequest:
    """File a request for a unit, from its service file or from a work order on it; what the three
    guarantees allow that day is kept with it (002 二(1))."""
    require(by, Cap.REQUEST_RETURNS)
    if kind not in ReturnRequest.Kind.values:
        raise DomainError(_("Choose return or exchange."), field="kind")
    if work_order is not None:
        _in_branch(by, work_order.branch_id)
        if unit is None:
            unit = work_order.unit
        if work_order.unit_id is None or work_order.unit_id != unit.pk:
            raise DomainError(
                _("The work order is not about this unit."),
                field="work_order" if work_order.unit_id else "unit",
            )
    if unit is None:
        raise DomainError(_("Choose the unit to return or exchange."), field="unit")
    _in_branch(by, unit.customer.branch_id)
    reason = _text(reason, "reason", _("Say why the customer wants it."))
    today = timezone.localdate(now)
    allowed = entitlement(unit, today)
    request = ReturnRequest(
        number=monthly_number("TH", at=now),
        branch_id=unit.customer.branch_id,
        customer_id=unit.customer_id,
        unit=unit,
        work_order=work_order,
        kind=kind,
        reason=reason,
        requested_by=by,
        requested_at=now,
        purchased_on=unit.purchase_date,
        days_since_purchase=allowed.days,
        entitled_remedies=allowed.remedies,
        within_entitlement=rules.is_within_entitlement(kind, allowed.remedies),
    )
    if ReturnRequest.objects.filter(unit=unit, status__in=[S.REQUESTED, S.APPROVED]).exists():
        raise _open_conflict()
    try:
        with transaction.atomic():
            request.save()
            audit.record(request, by=by, action="return_request_file")
    except IntegrityError as exc:  # filed at the same instant by someone else
        raise _open_conflict() from exc
    return request


@transaction.atomic
def return_request_decide(
    *, by: User, now: dt.datetime, request: ReturnRequest, approve: bool, note: str = ""
) -> ReturnRequest:
    """Only the general manager decides (001 篇2 十五), once."""
    require(by, Cap.APPROVE_RETURNS)
    _in_branch(by, request.branch_id)
    request = _locked(request)
    if request.status != S.REQUESTED:
        raise Conflict(
            _("This request has already been decided: %(status)s.")
            % {"status": request.get_status_display()},
            field="status",
            code="already_decided",
        )
    if approve is None:
        raise DomainError(_("Approve or reject the request."), field="approve")
    note = (note or "").strip()
    if not approve and not note:
        raise DomainError(_("Say why the request is rejected."), field="note")
    before = audit.snapshot(request)
    request.status = S.APPROVED if approve else S.REJECTED
    request.decided_by, request.decided_at, request.decision_note = by, now, note
    request.save()
    audit.record(
        request, by=by, action=f"return_request_{request.status}", before=before, note=note
    )
    return request


def _amount(value: Any, kind: str) -> Decimal:
    try:
        amount = Decimal(str(value).strip()) if value is not None and str(value).strip() else None
    except (InvalidOperation, ValueError):
        amount = None
    if amount is None or not amount.is_finite():
        raise DomainError(_("Enter the amount in yuan."), field="amount")
    if amount < 0 or amount >= 10**10:
        raise DomainError(_("The amount cannot be negative."), field="amount")
    if amount != amount.quantize(CENT):
        raise DomainError(_("Enter the amount to the fen: at most two decimals."), field="amount")
    if kind in PAID_OUT and amount == 0:
        raise DomainError(_("Enter the amount paid or credited to the customer."), field="amount")
    return amount.quantize(CENT)


def _fits(request: ReturnRequest, kind: str) -> None:
    """A refund ends a return, a new unit an exchange; once per request."""
    if kind == R.REFUND and request.kind != ReturnRequest.Kind.RETURN:
        raise DomainError(_("A refund ends a return request, not an exchange."), field="kind")
    if kind == R.EXCHANGE and request.kind != ReturnRequest.Kind.EXCHANGE:
        raise DomainError(_("A new unit ends an exchange request, not a return."), field="kind")
    if kind in (R.REFUND, R.EXCHANGE) and request.resolutions.filter(kind=kind).exists():
        raise Conflict(
            _("This request already has its %(kind)s.") % {"kind": R(kind).label},
            field="kind",
            code="duplicate",
        )


def _replacement(
    request: ReturnRequest,
    *,
    by: User,
    now: dt.datetime,
    serial: str,
    model: ProductModel | None,
) -> Unit:
    """The new unit goes into the customer's file through the unit service, with its own
    serial number; its three guarantees count from the day of the exchange."""
    serial = _text(serial, "replacement_serial", _("Enter the serial number of the new unit."))
    old = request.unit
    today = timezone.localdate(now)
    try:
        return customer_services.unit_register(
            by=by,
            customer=request.customer,
            model=model or old.model,
            serial=serial,
            purchase_date=today,
            invoice_no=old.invoice_no,
            sold_by=old.sold_by,
            address=old.address,
            today=today,
        )
    except DomainError as error:
        if error.field == "serial":
            error.field = "replacement_serial"
        raise


def _rework(request: ReturnRequest, *, by: User, now: dt.datetime, note: str) -> WorkOrder:
    """The job is registered through the work-order service; its category comes from the
    warranty rule like any other job's."""
    return workorder_services.work_order_create(
        by=by,
        customer=request.customer,
        unit=request.unit,
        kind=WorkKind.REPAIR,
        symptom=_("Rework decided on %(number)s: %(text)s")
        % {"number": request.number, "text": note or request.reason},
        customer_request=request.reason,
        now=now,
    )


@transaction.atomic
def resolution_record(
    *,
    by: User,
    now: dt.datetime,
    request: ReturnRequest,
    kind: str,
    amount: Any = Decimal("0.00"),
    note: str = "",
    replacement_serial: str = "",
    replacement_model: ProductModel | None = None,
) -> Resolution:
    """What was done for the customer on an approved request, with its amount (004 (十三))."""
    require(by, Cap.REQUEST_RETURNS)
    _in_branch(by, request.branch_id)
    request = _locked(request)
    if request.status != S.APPROVED:
        raise Conflict(
            _("Resolutions are recorded only on a request the general manager approved."),
            field="status",
            code="not_approved",
        )
    if kind not in R.values:
        raise DomainError(_("Choose what was done for the customer."), field="kind")
    amount = _amount(amount, kind)
    _fits(request, kind)
    note = (note or "").strip()
    resolution = Resolution(
        return_request=request,
        kind=kind,
        amount=amount,
        note=note,
        recorded_by=by,
        recorded_at=now,
    )
    if kind == R.EXCHANGE:
        unit = _replacement(
            request, by=by, now=now, serial=replacement_serial, model=replacement_model
        )
        resolution.replacement_unit, resolution.replacement_serial = unit, unit.serial
    elif kind == R.REWORK:
        resolution.rework_order = _rework(request, by=by, now=now, note=note)
    resolution.save()
    audit.record(resolution, by=by, action="resolution_record", note=note)
    return resolution


@transaction.atomic
def return_request_complete(*, by: User, now: dt.datetime, request: ReturnRequest) -> ReturnRequest:
    """Closes an approved request with the total of its resolutions' amounts."""
    require(by, Cap.REQUEST_RETURNS)
    _in_branch(by, request.branch_id)
    request = _locked(request)
    if request.status != S.APPROVED:
        raise Conflict(
            _("Only an approved request can be completed."), field="status", code="not_approved"
        )
    amounts = list(request.resolutions.values_list("amount", flat=True))
    if not amounts:
        raise DomainError(
            _("Record what was done for the customer before completing."), field="status"
        )
    before = audit.snapshot(request)
    request.status = S.COMPLETED
    request.completed_by, request.completed_at = by, now
    request.total_amount = rules.total_of(amounts)
    request.save()
    audit.record(request, by=by, action="return_request_complete", before=before)
    return request
