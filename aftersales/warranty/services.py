"""Writes of maintenance contracts and of the three-guarantee table, each audited."""

from collections.abc import Iterable
from datetime import date, datetime, timedelta
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from aftersales.accounts.models import User
from aftersales.accounts.policy import Cap, require
from aftersales.core import audit
from aftersales.core.exceptions import DomainError, NotFound
from aftersales.core.numbering import monthly_number
from aftersales.core.validation import required_text
from aftersales.customers.models import Customer, ProductCategory, Unit

from . import renewals
from .models import MaintenanceContract, Remedy, RenewalNotice, ThreeGuaranteeRule

MAX_VISITS_PER_YEAR = 52  # weekly
MAX_ARRIVAL_HOURS = Decimal(720)  # a month: beyond it the contract names no arrival time at all

# contract_renew: keep the contract's arrival time (None would mean "by zone").
KEEP: Any = object()


# Maintenance contracts -----------------------------------------------------------------------


def _fee(value: Any) -> Decimal:
    try:
        fee = Decimal(str(value))
    except (InvalidOperation, ValueError) as exc:
        raise DomainError(
            _("The annual fee must be an amount in yuan."), field="annual_fee"
        ) from exc
    if not fee.is_finite() or fee < 0 or fee >= Decimal("1e10"):
        raise DomainError(_("The annual fee must be an amount in yuan."), field="annual_fee")
    return fee.quantize(Decimal("0.01"))


def _visits(value: Any) -> int:
    try:
        visits = int(value)
    except (TypeError, ValueError) as exc:
        raise DomainError(
            _("Give the number of visits per year."), field="visits_per_year"
        ) from exc
    if not 0 <= visits <= MAX_VISITS_PER_YEAR:
        raise DomainError(
            _("Visits per year must be between 0 and %(max)d.") % {"max": MAX_VISITS_PER_YEAR},
            field="visits_per_year",
        )
    return visits


def _arrival_hours(value: Any) -> Decimal | None:
    """The contract's own arrival time (000 篇9 4.2.5: 較遠的市、縣和省外，按合同約定時間到達);
    empty: the customer's zone decides."""
    if value in (None, ""):
        return None
    try:
        hours = Decimal(str(value))
    except (InvalidOperation, ValueError) as exc:
        raise DomainError(
            _("Give the arrival time in hours, or leave it empty."), field="arrival_hours"
        ) from exc
    if not hours.is_finite() or not 0 < hours <= MAX_ARRIVAL_HOURS:
        raise DomainError(
            _("The arrival time must be more than 0 and at most %(max)s hours.")
            % {"max": MAX_ARRIVAL_HOURS},
            field="arrival_hours",
        )
    return hours.quantize(Decimal("0.1"))


def _units(customer: Customer, units: Iterable[Unit]) -> list[Unit]:
    units = list({unit.pk: unit for unit in units}.values())
    if not units:
        raise DomainError(_("Choose at least one unit."), field="units")
    if any(unit.customer_id != customer.pk for unit in units):
        raise DomainError(
            _("Only the customer's own units can be under his contract."), field="units"
        )
    return units


def _no_overlap(units: list[Unit], start: date, end: date, *, exclude: int | None = None) -> None:
    """A unit is under one contract at a time, or it would be paid for twice."""
    clash = (
        MaintenanceContract.objects.filter(
            units__in=units,
            status=MaintenanceContract.Status.ACTIVE,
            start__lte=end,
            end__gte=start,
        )
        .exclude(pk=exclude)
        .prefetch_related("units")
        .first()
    )
    if clash is not None:
        unit = next(u for u in clash.units.all() if u in units)
        raise DomainError(
            _("%(unit)s is already under contract %(number)s from %(start)s to %(end)s.")
            % {"unit": unit, "number": clash.number, "start": clash.start, "end": clash.end},
            field="units",
            code="contract_overlap",
        )


def _period(start: date | None, end: date | None) -> tuple[date, date]:
    if start is None:
        raise DomainError(_("Give the start date."), field="start")
    if end is None:
        raise DomainError(_("Give the end date."), field="end")
    if end < start:
        raise DomainError(_("The contract must end after it starts."), field="end")
    if end > start + timedelta(days=366 * 10):
        raise DomainError(_("A contract runs ten years at most."), field="end")
    return start, end


def _record_units(contract: MaintenanceContract, units: list[Unit]) -> list[str]:
    contract.units.set(units)
    return sorted(str(unit) for unit in units)


@transaction.atomic
def contract_create(
    *,
    by: User,
    customer: Customer,
    units: Iterable[Unit],
    start: date | None,
    end: date | None,
    annual_fee: Any,
    visits_per_year: Any,
    now: datetime,
    notes: str = "",
    renewal_of: MaintenanceContract | None = None,
    arrival_hours: Any = None,
) -> MaintenanceContract:
    """A maintenance contract for some of the customer's units (保养契约, 004 篇2); its arrival
    time for faults, when the contract names one, else the customer's zone's (000 篇9 4.2.5)."""
    require(by, Cap.EDIT_CONTRACTS)
    if not by.sees_all_branches and customer.branch_id != by.branch_id:
        raise NotFound()
    chosen = _units(customer, units)
    start, end = _period(start, end)
    fee, visits = _fee(annual_fee), _visits(visits_per_year)
    arrival = _arrival_hours(arrival_hours)
    # Lock the units: two contracts for one unit filed at once must not both pass the check.
    list(Unit.objects.select_for_update().filter(pk__in=[u.pk for u in chosen]))
    _no_overlap(chosen, start, end)
    contract = MaintenanceContract.objects.create(
        number=monthly_number("MC", at=now),
        branch=customer.branch,
        customer=customer,
        start=start,
        end=end,
        annual_fee=fee,
        visits_per_year=visits,
        arrival_hours=arrival,
        notes=(notes or "").strip(),
        renewal_of=renewal_of,
        created_by=by,
    )
    changes = audit.diff({}, audit.snapshot(contract))
    changes["units"] = [None, _record_units(contract, chosen)]
    audit.record(
        contract,
        by=by,
        action="contract_renew" if renewal_of else "contract_create",
        changes=changes,
        note=renewal_of.number if renewal_of else "",
    )
    return contract


def _locked(contract: MaintenanceContract) -> MaintenanceContract:
    return MaintenanceContract.objects.select_for_update().get(pk=contract.pk)


@transaction.atomic
def contract_renew(
    *,
    by: User,
    contract: MaintenanceContract,
    end: date | None,
    now: datetime,
    annual_fee: Any = None,
    visits_per_year: Any = None,
    units: Iterable[Unit] | None = None,
    notes: str = "",
    arrival_hours: Any = KEEP,
) -> MaintenanceContract:
    """The next period, from the day after this one ends (renewal, 004 (二十)); the terms stay
    unless new ones are given. The contract's open renewal notice is closed as renewed."""
    require(by, Cap.EDIT_CONTRACTS)
    contract = _locked(contract)
    if contract.status != MaintenanceContract.Status.ACTIVE:
        raise DomainError(_("A cancelled contract cannot be renewed."), field="status")
    if MaintenanceContract.objects.filter(renewal_of=contract).exists():
        raise DomainError(_("This contract has already been renewed."), field="status")
    renewal = contract_create(
        by=by,
        customer=contract.customer,
        units=contract.units.all() if units is None else units,
        start=contract.end + timedelta(days=1),
        end=end,
        annual_fee=contract.annual_fee if annual_fee in (None, "") else annual_fee,
        visits_per_year=contract.visits_per_year
        if visits_per_year in (None, "")
        else visits_per_year,
        now=now,
        notes=notes or contract.notes,
        renewal_of=contract,
        arrival_hours=contract.arrival_hours if arrival_hours is KEEP else arrival_hours,
    )
    renewals.close_open_notice(
        contract, status=RenewalNotice.Status.RENEWED, by=by, now=now, outcome=renewal.number
    )
    return renewal


@transaction.atomic
def contract_cancel(
    *, by: User, contract: MaintenanceContract, reason: str, now: datetime
) -> MaintenanceContract:
    """From now on the units are no longer covered; jobs already registered keep their category.
    An open renewal notice is closed as declined, for the same reason."""
    require(by, Cap.EDIT_CONTRACTS)
    contract = _locked(contract)
    if contract.status == MaintenanceContract.Status.CANCELLED:
        raise DomainError(_("The contract is already cancelled."), field="status")
    reason = (reason or "").strip()
    if not reason:
        raise DomainError(_("Give the reason for cancelling."), field="reason")
    before = audit.snapshot(contract)
    contract.status = MaintenanceContract.Status.CANCELLED
    contract.cancel_reason = reason
    contract.cancelled_at = now
    contract.save()
    audit.record(contract, by=by, action="contract_cancel", before=before, note=reason)
    renewals.close_open_notice(
        contract, status=RenewalNotice.Status.DECLINED, by=by, now=now, outcome=reason
    )
    return contract


# Renewal notices (004 (二十)) ------------------------------------------------------------------


def _open_notice(by: User, notice: RenewalNotice) -> RenewalNotice:
    """The notice, locked, of a contract of the user's branch (head office: any), still open."""
    notice = (
        RenewalNotice.objects.select_for_update(of=("self",))
        .select_related("contract__customer", "contract__branch", "assigned_to")
        .get(pk=notice.pk)
    )
    if not by.sees_all_branches and notice.contract.branch_id != by.branch_id:
        raise NotFound()
    if not notice.is_open:
        raise DomainError(
            _("The renewal notice is closed (%(status)s).")
            % {"status": notice.get_status_display()},
            field="status",
        )
    return notice


@transaction.atomic
def renewal_notice_assign(
    *, by: User, notice: RenewalNotice, assignee: User | None, now: datetime
) -> RenewalNotice:
    """Send someone else to win the renewal: of the contract's branch or of head office, allowed
    to edit contracts. He is told once."""
    require(by, Cap.EDIT_CONTRACTS)
    notice = _open_notice(by, notice)
    if assignee is None:
        raise DomainError(_("Choose who pursues the renewal."), field="assignee")
    if not renewals.may_pursue(assignee, notice.contract):
        raise DomainError(
            _("%(user)s may not handle this branch's contracts.") % {"user": assignee},
            field="assignee",
        )
    if notice.assigned_to_id == assignee.pk:
        return notice  # sent already: nothing changes, nobody is told again
    before = audit.snapshot(notice)
    notice.assigned_to = assignee
    notice.save()
    audit.record(notice, by=by, action="renewal_notice_assign", before=before)
    renewals.tell_assignee(notice, now=now)
    return notice


@transaction.atomic
def renewal_notice_letter_sent(
    *, by: User, notice: RenewalNotice, sent_on: date | None, now: datetime
) -> RenewalNotice:
    """The expiry notice (保养到期通知书) went to the customer on `sent_on`."""
    require(by, Cap.EDIT_CONTRACTS)
    notice = _open_notice(by, notice)
    if sent_on is None:
        raise DomainError(_("Give the day the letter was sent."), field="sent_on")
    if sent_on > timezone.localdate(now):
        raise DomainError(_("The letter cannot be sent in the future."), field="sent_on")
    if sent_on < notice.contract.start:
        raise DomainError(
            _("The letter cannot be sent before the contract began (%(start)s).")
            % {"start": notice.contract.start.isoformat()},
            field="sent_on",
        )
    before = audit.snapshot(notice)
    notice.letter_sent_on = sent_on
    notice.save()
    audit.record(notice, by=by, action="renewal_notice_letter_sent", before=before)
    return notice


@transaction.atomic
def renewal_notice_close(
    *, by: User, notice: RenewalNotice, reason: str, now: datetime
) -> RenewalNotice:
    """The customer declines to renew: the notice is closed with his reason. A renewed contract
    closes its notice itself, as renewed."""
    require(by, Cap.EDIT_CONTRACTS)
    notice = _open_notice(by, notice)
    reason = required_text(reason, "reason", _("Give the reason the customer declines."))
    if MaintenanceContract.objects.filter(renewal_of_id=notice.contract_id).exists():
        raise DomainError(_("This contract has already been renewed."), field="status")
    renewals.close_open_notice(
        notice.contract, status=RenewalNotice.Status.DECLINED, by=by, now=now, outcome=reason
    )
    notice.refresh_from_db()
    return notice


# Three guarantees ----------------------------------------------------------------------------


def _remedy_flags(remedies: Iterable[str]) -> dict[str, bool]:
    remedies = set(remedies or [])
    if remedies - set(Remedy.values):
        raise DomainError(_("Unknown remedy."), field="remedies")
    if not remedies:
        raise DomainError(_("Choose at least one remedy."), field="remedies")
    return {
        "allows_return": Remedy.RETURN in remedies,
        "allows_exchange": Remedy.EXCHANGE in remedies,
        "allows_repair": Remedy.REPAIR in remedies,
    }


def _days(value: Any) -> int:
    try:
        days = int(value)
    except (TypeError, ValueError) as exc:
        raise DomainError(_("Give the number of days, more than 0."), field="days") from exc
    if not 0 < days <= 3660:
        raise DomainError(_("Give the number of days, more than 0."), field="days")
    return days


@transaction.atomic
def three_guarantee_rule_save(
    *,
    by: User,
    category: ProductCategory | None,
    days: Any,
    remedies: Iterable[str],
    rule: ThreeGuaranteeRule | None = None,
) -> ThreeGuaranteeRule:
    """Add a row to the three-guarantee table, or change one (002 二(1))."""
    require(by, Cap.EDIT_CATALOG)
    days = _days(days)
    flags = _remedy_flags(remedies)
    clash = ThreeGuaranteeRule.objects.filter(category=category, days=days)
    if rule is not None:
        rule = ThreeGuaranteeRule.objects.select_for_update().get(pk=rule.pk)
        clash = clash.exclude(pk=rule.pk)
    if clash.exists():
        raise DomainError(
            _("There is already a row for %(days)d days in this table.") % {"days": days},
            field="days",
            code="duplicate",
        )
    before = audit.snapshot(rule) if rule is not None else {}
    rule = rule or ThreeGuaranteeRule()
    rule.category, rule.days = category, days
    for name, value in flags.items():
        setattr(rule, name, value)
    rule.save()
    audit.record(
        rule,
        by=by,
        action="three_guarantee_rule_update" if before else "three_guarantee_rule_create",
        before=before,
    )
    return rule


@transaction.atomic
def three_guarantee_rule_delete(*, by: User, rule: ThreeGuaranteeRule) -> None:
    require(by, Cap.EDIT_CATALOG)
    rule = ThreeGuaranteeRule.objects.select_for_update().get(pk=rule.pk)
    before = audit.snapshot(rule)
    audit.record(
        rule,
        by=by,
        action="three_guarantee_rule_delete",
        changes={name: [value, None] for name, value in before.items()},
    )
    rule.delete()
