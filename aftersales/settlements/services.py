"""Writes of the outlet settlement: rates, and each month's statement from draft to paid.

A statement lists the outlet's jobs completed in the month (in the company's time zone) that are
on no other statement, each at the rate in force on the day it was completed. A draft may be
rebuilt as often as needed — after a rate was added, or a late job completed; once finance has
confirmed it nothing on it changes, and it is then only marked paid.

On a job the customer paid for (A), the money the outlet itself collected from the customer
(billing's payments recorded as collected by the outlet) stays with the outlet: it is deducted
from what we pay for that job, and a job can leave the outlet owing us.
"""

import datetime as dt
from decimal import Decimal
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Q, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from aftersales.accounts.models import User
from aftersales.accounts.policy import Cap, require
from aftersales.billing.models import Invoice, Payment
from aftersales.core import audit
from aftersales.core.exceptions import Conflict, DomainError, Forbidden, NotFound
from aftersales.core.numbering import next_value
from aftersales.customers.models import Outlet, ProductCategory
from aftersales.workorders.models import State, WorkOrder

from . import rules
from .models import ZERO, OutletRate, OutletSettlement, SettledCategory, SettlementLine

St = OutletSettlement.Status
CENT = Decimal("0.01")
MAX_AMOUNT = Decimal("1000000")


def _month_label(month: dt.date) -> str:
    return month.strftime("%Y-%m")


def _outlet_in_scope(by: User, outlet: Outlet) -> None:
    if not by.sees_all_branches and outlet.branch_id != by.branch_id:
        raise NotFound(_("No such record."))


def _settlement_in_scope(by: User, settlement: OutletSettlement) -> None:
    if not by.sees_all_branches and settlement.branch_id != by.branch_id:
        raise NotFound(_("No such record."))


def _money(value: Any, field: str, message: str) -> Decimal:
    try:
        amount = Decimal(value)
    except (TypeError, ValueError, ArithmeticError) as exc:
        raise DomainError(message, field=field) from exc
    if not amount.is_finite() or not ZERO <= amount < MAX_AMOUNT:
        raise DomainError(message, field=field)
    return amount.quantize(CENT)


# Rates ---------------------------------------------------------------------------------------


def outlet_rate_create(
    *,
    by: User,
    now: dt.datetime,
    service_category: str,
    amount: Any,
    effective_from: dt.date,
    outlet: Outlet | None = None,
    product_category: ProductCategory | None = None,
    suburb_allowance: Any = ZERO,
    note: str = "",
) -> OutletRate:
    """A new rate from a date on; an older one stays for the jobs completed before it."""
    require(by, Cap.SETTLE_OUTLETS)
    if outlet is None:
        if not by.sees_all_branches:
            raise DomainError(
                _("Only head office sets the rate for all outlets; choose an outlet."),
                field="outlet",
            )
    else:
        _outlet_in_scope(by, outlet)
    if service_category not in SettledCategory.values:
        raise DomainError(
            _("Outlets are paid for paid (A), contract (B) and free (C) jobs only."),
            field="service_category",
        )
    if effective_from is None:
        raise DomainError(_("Enter the date the rate takes effect."), field="effective_from")
    rate = OutletRate(
        outlet=outlet,
        service_category=service_category,
        product_category=product_category,
        amount=_money(amount, "amount", _("Enter the amount per job (0 or more).")),
        suburb_allowance=_money(
            suburb_allowance or ZERO,
            "suburb_allowance",
            _("Enter the travel allowance (0 or more)."),
        ),
        effective_from=effective_from,
        note=(note or "").strip()[:200],
        created_by=by,
        created_at=now,
    )
    duplicate = Conflict(
        _("A rate for the same outlet and categories takes effect on that date already."),
        field="effective_from",
        code="duplicate",
    )
    same = OutletRate.objects.filter(
        outlet=outlet,
        service_category=service_category,
        product_category=product_category,
        effective_from=effective_from,
    )
    if same.exists():
        raise duplicate
    try:
        with transaction.atomic():
            rate.save()
            audit.record(rate, by=by, action="outlet_rate_create")
    except IntegrityError as exc:  # the same rate entered at the same instant
        raise duplicate from exc
    return rate


@transaction.atomic
def outlet_rate_update(
    *,
    by: User,
    now: dt.datetime,
    rate: OutletRate,
    amount: Any,
    suburb_allowance: Any = ZERO,
    note: str = "",
) -> OutletRate:
    """Correct a rate's amounts while no confirmed statement was paid at it; a new price from a
    later date is a new rate."""
    require(by, Cap.SETTLE_OUTLETS)
    rate = OutletRate.objects.select_for_update(of=("self",)).get(pk=rate.pk)
    if rate.outlet_id is None:
        if not by.sees_all_branches:
            raise Forbidden(_("Only head office changes the rate for all outlets."))
    else:
        _outlet_in_scope(by, rate.outlet)
    if rate.lines.exclude(settlement__status=St.DRAFT).exists():
        raise Conflict(
            _(
                "This rate was applied on a confirmed statement and can no longer change; "
                "enter a new rate from a later date."
            ),
            field="amount",
            code="frozen",
        )
    before = audit.snapshot(rate)
    rate.amount = _money(amount, "amount", _("Enter the amount per job (0 or more)."))
    rate.suburb_allowance = _money(
        suburb_allowance or ZERO, "suburb_allowance", _("Enter the travel allowance (0 or more).")
    )
    rate.note = (note or "").strip()[:200]
    rate.save()
    audit.record(rate, by=by, action="outlet_rate_update", before=before)
    return rate


# Statements ----------------------------------------------------------------------------------


def _jobs(outlet: Outlet, month: dt.date, settlement: OutletSettlement | None = None):
    """The outlet's jobs completed in the month, internal work aside, that are on no other
    statement."""
    start, end = rules.month_bounds(month)
    free = Q(settlement_line__isnull=True)
    if settlement is not None:
        free |= Q(settlement_line__settlement=settlement)
    return (
        WorkOrder.objects.filter(
            outlet=outlet,
            state__in=(State.COMPLETED, State.CLOSED),
            completed_at__gte=start,
            completed_at__lt=end,
            category__in=SettledCategory.values,
        )
        .filter(free)
        .select_related("customer", "unit__model")
        .order_by("completed_at", "pk")
    )


def _collected_by_outlet(outlet: Outlet, jobs: list[WorkOrder]) -> dict[int, Decimal]:
    """Per job, what the outlet collected from the customer on the job's invoice, in one query."""
    rows = (
        Payment.objects.filter(outlet=outlet, invoice__order__in=[job.pk for job in jobs])
        .exclude(invoice__status=Invoice.Status.VOID)
        .values("invoice__order")
        .annotate(total=Sum("amount"))
        .order_by()
    )
    return {row["invoice__order"]: Decimal(row["total"]).quantize(CENT) for row in rows}


def _fill(settlement: OutletSettlement, jobs: list[WorkOrder]) -> None:
    """Write one line per job at the rate in force on the day it was completed."""
    month = settlement.month
    _start, end = rules.month_bounds(month)
    rates = list(
        OutletRate.objects.filter(
            Q(outlet=settlement.outlet) | Q(outlet__isnull=True), effective_from__lt=end.date()
        )
    )
    collected = _collected_by_outlet(settlement.outlet, jobs)
    lines = []
    for order in jobs:
        product_category_id = order.unit.model.category_id if order.unit_id else None
        rate = rules.pick_rate(
            rates,
            outlet_id=settlement.outlet_id,
            service_category=order.category,
            product_category_id=product_category_id,
            on=timezone.localtime(order.completed_at, timezone.get_default_timezone()).date(),
        )
        labour, allowance = rules.line_amounts(rate, zone=order.customer.zone)
        lines.append(
            SettlementLine(
                settlement=settlement,
                order=order,
                completed_at=order.completed_at,
                service_category=order.category,
                product_category_id=product_category_id,
                zone=order.customer.zone,
                rate=rate,
                labour=labour,
                allowance=allowance,
                collected=collected.get(order.pk, ZERO),
                amount=labour + allowance - collected.get(order.pk, ZERO),
            )
        )
    SettlementLine.objects.bulk_create(lines)
    settlement.jobs = len(lines)
    settlement.unrated = sum(1 for line in lines if line.rate is None)
    settlement.labour_total = sum((line.labour for line in lines), ZERO)
    settlement.allowance_total = sum((line.allowance for line in lines), ZERO)
    settlement.collected_total = sum((line.collected for line in lines), ZERO)
    settlement.total = (
        settlement.labour_total + settlement.allowance_total - settlement.collected_total
    )


def _check_month(month: dt.date | None, now: dt.datetime) -> dt.date:
    if month is None:
        raise DomainError(_("Choose the month."), field="month")
    month = rules.first_of_month(month)
    if not rules.month_is_over(month, now=now):
        raise DomainError(
            _("%(month)s is not over yet: a month is settled after its last day.")
            % {"month": _month_label(month)},
            field="month",
        )
    return month


def _build(*, by: User, now: dt.datetime, outlet: Outlet, month: dt.date) -> OutletSettlement:
    # The outlet's row is the lock: two people building its month wait for each other.
    outlet = Outlet.objects.select_for_update().get(pk=outlet.pk)
    existing = OutletSettlement.objects.filter(outlet=outlet, month=month).first()
    if existing is not None:
        raise Conflict(
            _(
                "%(outlet)s has a statement for %(month)s already (%(number)s, %(status)s); "
                "a draft is rebuilt from its page."
            )
            % {
                "outlet": outlet,
                "month": _month_label(month),
                "number": existing.number,
                "status": existing.get_status_display(),
            },
            field="month",
            code="duplicate",
        )
    jobs = list(_jobs(outlet, month))
    if not jobs:
        raise DomainError(
            _("%(outlet)s has no jobs completed in %(month)s waiting to be settled.")
            % {"outlet": outlet, "month": _month_label(month)},
            field="outlet",
        )
    key = f"JS{month:%Y%m}"
    settlement = OutletSettlement.objects.create(
        number=f"{key}-{next_value(key):04d}",
        outlet=outlet,
        branch_id=outlet.branch_id,
        month=month,
        built_by=by,
        built_at=now,
    )
    _fill(settlement, jobs)
    settlement.save()
    audit.record(settlement, by=by, action="settlement_build")
    return settlement


def settlement_build(
    *, by: User, now: dt.datetime, outlet: Outlet, month: dt.date
) -> OutletSettlement:
    """The outlet's draft statement for the month (any day of it names the month)."""
    require(by, Cap.SETTLE_OUTLETS)
    if outlet is None:
        raise DomainError(_("Choose the outlet."), field="outlet")
    _outlet_in_scope(by, outlet)
    month = _check_month(month, now)
    try:
        with transaction.atomic():
            return _build(by=by, now=now, outlet=outlet, month=month)
    except IntegrityError as exc:  # drawn up at the same instant by someone else
        raise Conflict(
            _("The statement was drawn up by someone else just now; open it from the list."),
            field="month",
            code="duplicate",
        ) from exc


def settlement_build_all(*, by: User, now: dt.datetime, month: dt.date) -> list[OutletSettlement]:
    """A draft for every outlet in the user's scope with jobs of the month still to settle and
    no statement for it yet."""
    require(by, Cap.SETTLE_OUTLETS)
    month = _check_month(month, now)
    start, end = rules.month_bounds(month)
    outlets = Outlet.objects.filter(
        work_orders__state__in=(State.COMPLETED, State.CLOSED),
        work_orders__completed_at__gte=start,
        work_orders__completed_at__lt=end,
        work_orders__category__in=SettledCategory.values,
        work_orders__settlement_line__isnull=True,
    ).exclude(settlements__month=month)
    if not by.sees_all_branches:
        outlets = outlets.filter(branch_id=by.branch_id)
    built = []
    with transaction.atomic():
        for outlet in outlets.distinct().order_by("name"):
            built.append(_build(by=by, now=now, outlet=outlet, month=month))
    return built


def _locked(by: User, settlement: OutletSettlement) -> OutletSettlement:
    _settlement_in_scope(by, settlement)
    return (
        OutletSettlement.objects.select_for_update(of=("self",))
        .select_related("outlet")
        .get(pk=settlement.pk)
    )


def _refuse(settlement: OutletSettlement, message: str) -> Conflict:
    return Conflict(
        _("%(refusal)s: the statement is “%(status)s”.")
        % {"refusal": message, "status": settlement.get_status_display()},
        field="status",
        code="illegal_move",
    )


@transaction.atomic
def settlement_rebuild(
    *, by: User, now: dt.datetime, settlement: OutletSettlement
) -> OutletSettlement:
    """Draw the draft up again from the jobs and rates as they are now."""
    require(by, Cap.SETTLE_OUTLETS)
    settlement = _locked(by, settlement)
    if settlement.status != St.DRAFT:
        raise _refuse(settlement, _("Only a draft can be rebuilt"))
    before = audit.snapshot(settlement)
    jobs = list(_jobs(settlement.outlet, settlement.month, settlement))
    settlement.lines.all().delete()
    _fill(settlement, jobs)
    settlement.built_by, settlement.built_at = by, now
    settlement.save()
    audit.record(settlement, by=by, action="settlement_rebuild", before=before)
    return settlement


@transaction.atomic
def settlement_confirm(
    *, by: User, now: dt.datetime, settlement: OutletSettlement
) -> OutletSettlement:
    """Finance agrees the statement with the outlet; from now on it does not change."""
    require(by, Cap.SETTLE_OUTLETS)
    settlement = _locked(by, settlement)
    if settlement.status != St.DRAFT:
        raise _refuse(settlement, _("Only a draft can be confirmed"))
    if not settlement.jobs:
        raise DomainError(_("The statement lists no jobs."), field="status")
    if settlement.unrated:
        raise DomainError(
            _("%(count)d job(s) have no rate: add the rate and rebuild the draft first.")
            % {"count": settlement.unrated},
            field="status",
            code="unrated",
        )
    before = audit.snapshot(settlement)
    settlement.status = St.CONFIRMED
    settlement.confirmed_by, settlement.confirmed_at = by, now
    settlement.save()
    audit.record(settlement, by=by, action="settlement_confirm", before=before)
    return settlement


@transaction.atomic
def settlement_mark_paid(
    *,
    by: User,
    now: dt.datetime,
    settlement: OutletSettlement,
    paid_on: dt.date,
    reference: str,
) -> OutletSettlement:
    """The outlet was paid the confirmed total: the day and the bank or voucher reference."""
    require(by, Cap.SETTLE_OUTLETS)
    settlement = _locked(by, settlement)
    if settlement.status != St.CONFIRMED:
        raise _refuse(settlement, _("Only a confirmed statement can be marked paid"))
    if paid_on is None:
        raise DomainError(_("Enter the day it was paid."), field="paid_on")
    today = timezone.localtime(now, timezone.get_default_timezone()).date()
    if paid_on > today:
        raise DomainError(_("The payment date is in the future."), field="paid_on")
    confirmed_on = timezone.localtime(
        settlement.confirmed_at, timezone.get_default_timezone()
    ).date()
    if paid_on < confirmed_on:
        raise DomainError(
            _("The statement was confirmed on %(date)s; it cannot be paid before.")
            % {"date": confirmed_on.isoformat()},
            field="paid_on",
        )
    reference = (reference or "").strip()
    if not reference:
        raise DomainError(
            _("Enter the payment reference (bank transfer or voucher number)."), field="reference"
        )
    before = audit.snapshot(settlement)
    settlement.status = St.PAID
    settlement.paid_on = paid_on
    settlement.payment_reference = reference[:60]
    settlement.paid_recorded_by = by
    settlement.save()
    audit.record(settlement, by=by, action="settlement_mark_paid", before=before)
    return settlement
