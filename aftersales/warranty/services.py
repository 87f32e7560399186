"""Writes of maintenance contracts and of the three-guarantee table, each audited."""

from collections.abc import Iterable
from datetime import date, datetime, timedelta
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from aftersales.accounts.models import User
from aftersales.accounts.policy import Cap, require
from aftersales.core import audit
from aftersales.core.exceptions import DomainError, NotFound
from aftersales.core.numbering import monthly_number
from aftersales.customers.models import Customer, ProductCategory, Unit

from .models import MaintenanceContract, Remedy, ThreeGuaranteeRule

MAX_VISITS_PER_YEAR = 52  # weekly


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
) -> MaintenanceContract:
    """A maintenance contract for some of the customer's units (保养契约, 004 篇2)."""
    require(by, Cap.EDIT_CONTRACTS)
    if not by.sees_all_branches and customer.branch_id != by.branch_id:
        raise NotFound()
    chosen = _units(customer, units)
    start, end = _period(start, end)
    fee, visits = _fee(annual_fee), _visits(visits_per_year)
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
) -> MaintenanceContract:
    """The next period, from the day after this one ends (renewal, 004 (二十)); the terms stay
    unless new ones are given."""
    require(by, Cap.EDIT_CONTRACTS)
    contract = _locked(contract)
    if contract.status != MaintenanceContract.Status.ACTIVE:
        raise DomainError(_("A cancelled contract cannot be renewed."), field="status")
    if MaintenanceContract.objects.filter(renewal_of=contract).exists():
        raise DomainError(_("This contract has already been renewed."), field="status")
    return contract_create(
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
    )


@transaction.atomic
def contract_cancel(
    *, by: User, contract: MaintenanceContract, reason: str, now: datetime
) -> MaintenanceContract:
    """From now on the units are no longer covered; jobs already registered keep their category."""
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
    return contract


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
