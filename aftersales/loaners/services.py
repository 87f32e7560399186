"""Writes to the loaner units: registering one, lending it for a work order, its return.

002 第15条: the spare-parts store keeps loaner units for customers whose unit is being repaired.
SPEC §15: a repair that takes longer than the set time earns a loaner of the same class, free.
"""

import datetime as dt
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from aftersales.accounts.models import Branch, User
from aftersales.accounts.policy import Cap, require
from aftersales.core import audit
from aftersales.core.exceptions import Conflict, DomainError, NotFound
from aftersales.core.validation import required as _required
from aftersales.customers.models import Customer, ProductModel
from aftersales.workorders.models import WorkOrder

from .models import LoanerLoan, LoanerUnit


def _branch_for(by: User, branch: Branch | None) -> Branch:
    if not by.sees_all_branches:
        return by.branch
    if branch is None:
        raise DomainError(_("Choose the branch."), field="branch")
    return branch


def _in_branch(by: User, branch_id: int) -> None:
    if not by.sees_all_branches and branch_id != by.branch_id:
        raise NotFound(_("No such record."))


def _duplicate(asset_number: str) -> Conflict:
    return Conflict(
        _("A loaner unit with asset number %(number)s is already registered.")
        % {"number": asset_number},
        field="asset_number",
        code="duplicate",
    )


def loaner_register(
    *,
    by: User,
    asset_number: str,
    model: ProductModel,
    serial: str = "",
    branch: Branch | None = None,
    condition: str = "",
    notes: str = "",
) -> LoanerUnit:
    require(by, Cap.MANAGE_LOANERS)
    asset_number = _required(asset_number, "asset_number", _("Asset number")).upper()
    if model is None:
        raise DomainError(_("Choose the model."), field="model")
    if LoanerUnit.objects.filter(asset_number=asset_number).exists():
        raise _duplicate(asset_number)
    loaner = LoanerUnit(
        asset_number=asset_number,
        model=model,
        serial=(serial or "").strip(),
        branch=_branch_for(by, branch),
        condition=(condition or "").strip()[:200],
        notes=notes or "",
    )
    try:
        with transaction.atomic():
            loaner.save()
            audit.record(loaner, by=by, action="loaner_register")
    except IntegrityError as exc:
        raise _duplicate(asset_number) from exc
    return loaner


@transaction.atomic
def loaner_lend(
    *,
    by: User,
    now: dt.datetime,
    loaner: LoanerUnit,
    customer: Customer,
    work_order: WorkOrder,
    expected_return: dt.datetime,
    deposit: Decimal | None = None,
    note: str = "",
) -> LoanerLoan:
    """Lend an available loaner of the order's branch to the customer of an open work order."""
    require(by, Cap.MANAGE_LOANERS)
    _in_branch(by, loaner.branch_id)
    loaner = LoanerUnit.objects.select_for_update().get(pk=loaner.pk)
    open_loan = (
        LoanerLoan.objects.filter(loaner=loaner, returned_at__isnull=True)
        .select_related("customer", "work_order")
        .first()
    )
    if open_loan is not None:
        raise Conflict(
            _("This loaner is already lent to %(customer)s for %(order)s.")
            % {"customer": open_loan.customer, "order": open_loan.work_order},
            field="loaner",
            code="illegal_move",
        )
    if not loaner.is_available:
        raise Conflict(
            _("This loaner is not available (condition: %(condition)s).")
            % {"condition": loaner.condition or "—"},
            field="loaner",
            code="illegal_move",
        )
    if work_order is None:
        raise DomainError(_("Choose the work order."), field="work_order")
    if loaner.branch_id != work_order.branch_id:
        raise DomainError(
            _("The loaner belongs to another branch than the work order."), field="loaner"
        )
    if not work_order.is_open:
        raise DomainError(
            _("Work order %(order)s is no longer open.") % {"order": work_order},
            field="work_order",
        )
    if customer is None or work_order.customer_id != customer.pk:
        raise DomainError(
            _("Work order %(order)s is not this customer's.") % {"order": work_order},
            field="work_order",
        )
    if expected_return is None or expected_return <= now:
        raise DomainError(_("The expected return must be later than now."), field="expected_return")
    if deposit is not None:
        if not 0 <= Decimal(deposit) < 10**10:
            raise DomainError(_("The deposit cannot be negative."), field="deposit")
        deposit = Decimal(deposit).quantize(Decimal("0.01"))
    before = audit.snapshot(loaner)
    loaner.is_available = False
    loaner.save()
    loan = LoanerLoan.objects.create(
        loaner=loaner,
        customer=customer,
        work_order=work_order,
        lent_at=now,
        expected_return=expected_return,
        lent_by=by,
        deposit=deposit,
        note=(note or "").strip()[:200],
    )
    audit.record(loaner, by=by, action="loaner_lend", before=before, note=str(work_order))
    audit.record(loan, by=by, action="loaner_lend")
    return loan


@transaction.atomic
def loaner_return(
    *, by: User, now: dt.datetime, loan: LoanerLoan, condition: str = "", damaged: bool = False
) -> LoanerLoan:
    """Back to available, unless it came back damaged."""
    require(by, Cap.MANAGE_LOANERS)
    loan = LoanerLoan.objects.select_for_update().select_related("loaner").get(pk=loan.pk)
    _in_branch(by, loan.loaner.branch_id)
    if loan.returned_at is not None:
        raise Conflict(
            _("This loaner was already returned on %(date)s.")
            % {"date": loan.returned_at.date().isoformat()},
            field="loan",
            code="illegal_move",
        )
    condition = (condition or "").strip()[:200]
    if damaged and not condition:
        raise DomainError(_("Describe the damage."), field="condition")
    loaner = LoanerUnit.objects.select_for_update().get(pk=loan.loaner_id)
    loan_before, loaner_before = audit.snapshot(loan), audit.snapshot(loaner)
    loan.returned_at = now
    loan.received_by = by
    loan.return_condition = condition
    loan.damaged = damaged
    loan.save()
    loaner.is_available = not damaged
    if condition:
        loaner.condition = condition
    loaner.save()
    audit.record(loan, by=by, action="loaner_return", before=loan_before)
    audit.record(loaner, by=by, action="loaner_return", before=loaner_before)
    return loan


@transaction.atomic
def loaner_repaired(*, by: User, loaner: LoanerUnit, condition: str = "") -> LoanerUnit:
    """A damaged loaner, mended, is available again."""
    require(by, Cap.MANAGE_LOANERS)
    _in_branch(by, loaner.branch_id)
    loaner = LoanerUnit.objects.select_for_update().get(pk=loaner.pk)
    if loaner.is_available:
        raise Conflict(_("This loaner is already available."), field="loaner", code="illegal_move")
    if LoanerLoan.objects.filter(loaner=loaner, returned_at__isnull=True).exists():
        raise Conflict(
            _("This loaner is out on loan: record its return first."),
            field="loaner",
            code="illegal_move",
        )
    before = audit.snapshot(loaner)
    loaner.is_available = True
    loaner.condition = (condition or "").strip()[:200]
    loaner.save()
    audit.record(loaner, by=by, action="loaner_repaired", before=before)
    return loaner
