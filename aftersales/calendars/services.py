"""Writes of the working calendar and of the holiday duty roster, each audited.

A branch keeps its own calendar: its working hours, its own company days and its duty roster; head
office keeps every branch's and the days for all branches (a branch sees its own work, 004).
"""

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from aftersales.accounts.models import Branch, User
from aftersales.accounts.policy import Cap, require
from aftersales.core import audit
from aftersales.core.exceptions import Conflict, DomainError, NotFound
from aftersales.core.phones import normalize_optional_phone
from aftersales.core.validation import required_text
from aftersales.customers.models import Customer
from aftersales.dispatch.models import Technician
from aftersales.warranty.models import MaintenanceContract

from .models import CompanyHoliday, DutyAssignment, WorkingHours
from .rules import check_periods, periods_text

# How far from today a company day or a duty may be entered: a typo of the year is caught.
YEARS_AHEAD = 5


def _own_branch(by: User, branch: Branch) -> None:
    """Another branch's calendar is not his to see, let alone change."""
    if not by.sees_all_branches and branch.pk != by.branch_id:
        raise NotFound()


# Working hours ---------------------------------------------------------------------------------


@transaction.atomic
def working_hours_set(
    *, by: User, branch: Branch, periods: Iterable[tuple[dt.time, dt.time]]
) -> Branch:
    """Replace the branch's working day (002 第五条 when it keeps none): its periods in order,
    each start before its end, not overlapping. No periods: the default hours again."""
    require(by, Cap.PLAN_MAINTENANCE)
    _own_branch(by, branch)
    chosen = sorted((start, end) for start, end in periods)
    if chosen:
        check_periods(chosen)
    branch = Branch.objects.select_for_update().get(pk=branch.pk)
    current = WorkingHours.objects.filter(branch=branch).order_by("starts")
    before = periods_text(current.values_list("starts", "ends"))
    current.delete()
    WorkingHours.objects.bulk_create(
        WorkingHours(branch=branch, starts=start, ends=end) for start, end in chosen
    )
    audit.record(
        branch,
        by=by,
        action="working_hours_set",
        changes={"working_hours": [before, periods_text(chosen)]},
    )
    return branch


# Company days ----------------------------------------------------------------------------------


def _day_in_range(day: dt.date | None, *, today: dt.date, field: str = "date") -> dt.date:
    if day is None:
        raise DomainError(_("Give the date."), field=field)
    if abs(day.year - today.year) > YEARS_AHEAD:
        raise DomainError(
            _("Give a date within %(years)d years of today.") % {"years": YEARS_AHEAD},
            field=field,
        )
    return day


@transaction.atomic
def company_day_add(
    *,
    by: User,
    date: dt.date | None,
    name: str,
    kind: str,
    now: dt.datetime,
    branch: Branch | None = None,
) -> CompanyHoliday:
    """A company holiday or working day on top of the official schedule (公司假日/调休), for one
    branch or, entered by head office, for all. It is also how a year the official schedule does
    not know yet gets its holidays and make-up days."""
    require(by, Cap.PLAN_MAINTENANCE)
    if branch is None and not by.sees_all_branches:
        raise DomainError(
            _("Only head office enters days for all branches: choose your branch."),
            field="branch",
        )
    if branch is not None:
        _own_branch(by, branch)
    day = _day_in_range(date, today=timezone.localdate(now))
    name = required_text(name, "name", _("Give the day a name."))[:100]
    if kind not in CompanyHoliday.Kind.values:
        raise DomainError(_("Choose whether the day is a holiday or a working day."), field="kind")
    if CompanyHoliday.objects.filter(date=day, branch=branch).exists():
        raise Conflict(
            _("%(date)s is already entered for %(whom)s.")
            % {"date": day.isoformat(), "whom": branch or _("all branches")},
            field="date",
            code="duplicate",
        )
    try:
        with transaction.atomic():
            entry = CompanyHoliday.objects.create(date=day, name=name, kind=kind, branch=branch)
    except IntegrityError as exc:  # entered at the same moment by someone else
        raise Conflict(
            _("%(date)s is already entered for %(whom)s.")
            % {"date": day.isoformat(), "whom": branch or _("all branches")},
            field="date",
            code="duplicate",
        ) from exc
    audit.record(entry, by=by, action="company_day_add")
    return entry


@transaction.atomic
def company_day_remove(*, by: User, day: CompanyHoliday) -> CompanyHoliday:
    """Take a company day off the calendar; the official schedule applies to it again."""
    require(by, Cap.PLAN_MAINTENANCE)
    day = (
        CompanyHoliday.objects.select_for_update(of=("self",))
        .select_related("branch")
        .get(pk=day.pk)
    )
    if day.branch is None and not by.sees_all_branches:
        raise DomainError(_("Only head office removes a day of all branches."), field="branch")
    if day.branch is not None:
        _own_branch(by, day.branch)
    before = audit.snapshot(day)
    audit.record(
        day,
        by=by,
        action="company_day_remove",
        changes={name: [value, None] for name, value in before.items()},
    )
    day.delete()
    return day


# Holiday duty roster ---------------------------------------------------------------------------


def _duty_snapshot(duty: DutyAssignment) -> dict[str, Any]:
    """The audit snapshot, with the shift's times as "08:30" (the trail is JSON)."""
    return {
        name: value.strftime("%H:%M") if isinstance(value, dt.time) else value
        for name, value in audit.snapshot(duty).items()
    }


def _site(site: Customer | None, technician: Technician, day: dt.date) -> Customer | None:
    """A key site: a key customer (重点客户), or one whose maintenance contract runs that day
    (重點工程的維護工作, 000 篇9 4.2.4), of the technician's branch."""
    if site is None:
        return None
    if site.branch_id != technician.branch_id:
        raise DomainError(
            _("The site must be a customer of the technician's branch."), field="site"
        )
    under_contract = MaintenanceContract.objects.filter(
        customer=site, status=MaintenanceContract.Status.ACTIVE, start__lte=day, end__gte=day
    ).exists()
    if site.tier != Customer.Tier.KEY and not under_contract:
        raise DomainError(
            _(
                "Duty at a site is for key customers and customers under a maintenance contract "
                "that day."
            ),
            field="site",
        )
    return site


def _shift(starts: dt.time | None, ends: dt.time | None) -> tuple[dt.time, dt.time]:
    if starts is None:
        raise DomainError(_("Give the time the shift starts."), field="starts")
    if ends is None:
        raise DomainError(_("Give the time the shift ends."), field="ends")
    if starts == ends:
        raise DomainError(_("The shift must end at another time than it starts."), field="ends")
    return starts, ends


@transaction.atomic
def duty_assign(
    *,
    by: User,
    technician: Technician,
    date: dt.date | None,
    starts: dt.time | None,
    ends: dt.time | None,
    now: dt.datetime,
    site: Customer | None = None,
    phone: str = "",
    note: str = "",
) -> DutyAssignment:
    """Put a technician on holiday duty (值班, 000 篇9 4.2.4) at a key site or, without a site,
    on call for his branch. The roster shows the duty phone: his own unless another is given."""
    require(by, Cap.PLAN_MAINTENANCE)
    _own_branch(by, technician.branch)
    if not technician.is_active:
        raise DomainError(_("The technician is no longer active."), field="technician")
    day = _day_in_range(date, today=timezone.localdate(now))
    starts, ends = _shift(starts, ends)
    site = _site(site, technician, day)
    shown = normalize_optional_phone(phone, field="phone") or technician.phone
    clash = DutyAssignment.objects.filter(date=day, technician=technician)
    clash = (
        clash.filter(site=site)
        if site
        else clash.filter(site__isnull=True, branch_id=technician.branch_id)
    )
    duplicate = Conflict(
        _("%(technician)s is already on duty there on %(date)s.")
        % {"technician": technician, "date": day.isoformat()},
        field="technician",
        code="duplicate",
    )
    if clash.exists():
        raise duplicate
    try:
        with transaction.atomic():
            duty = DutyAssignment.objects.create(
                branch_id=technician.branch_id,
                site=site,
                date=day,
                technician=technician,
                starts=starts,
                ends=ends,
                phone=shown,
                note=(note or "").strip(),
                created_by=by,
                created_at=now,
            )
    except IntegrityError as exc:  # the same duty entered at the same moment
        raise duplicate from exc
    audit.record(duty, by=by, action="duty_assign", changes=audit.diff({}, _duty_snapshot(duty)))
    return duty


@transaction.atomic
def duty_remove(*, by: User, duty: DutyAssignment) -> DutyAssignment:
    require(by, Cap.PLAN_MAINTENANCE)
    duty = (
        DutyAssignment.objects.select_for_update(of=("self",))
        .select_related("branch")
        .get(pk=duty.pk)
    )
    _own_branch(by, duty.branch)
    before = _duty_snapshot(duty)
    audit.record(
        duty,
        by=by,
        action="duty_remove",
        changes={name: [value, None] for name, value in before.items()},
    )
    duty.delete()
    return duty
