"""The working calendar (SPEC §6) and the holiday duty roster (000 篇9 4.2.4).

Everyone reads a branch's calendar; the service heads (Cap.PLAN_MAINTENANCE) keep its hours,
the company days and the roster. Views parse with a form, ask the policy, read through scoped
selectors and call one service.
"""

import calendar as pycalendar
import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from aftersales.accounts.models import Branch
from aftersales.accounts.policy import Cap, can, get_in_scope, require
from aftersales.core.exceptions import DomainError, Forbidden, NotFound
from aftersales.core.views import domain_errors_to_form, handles_domain_errors

from . import rules, selectors, services
from .conf import unknown_year_policy
from .forms import CompanyDayForm, DutyForm, WorkingHoursForm
from .models import CompanyHoliday, DutyAssignment


def _year(request: HttpRequest, default: int) -> int:
    raw = request.GET.get("year", "")
    if raw.isdigit() and 2000 <= int(raw) <= 2100:
        return int(raw)
    return default


def _branch(request: HttpRequest, pk: int) -> Branch:
    return get_in_scope(selectors.visible_branches(request.user), pk=pk)


# Working hours and the year at a glance ---------------------------------------------------------


@login_required
@handles_domain_errors
def index(request: HttpRequest) -> HttpResponse:
    """The branches' working days at a glance: their own hours or the default."""
    require(request.user, Cap.VIEW)
    branches = selectors.branches_with_hours(request.user)
    default = rules.periods_text(selectors.default_periods())
    return render(
        request,
        "calendars/index.html",
        {
            "rows": [
                (branch, rules.periods_text((h.starts, h.ends) for h in branch.working_hours.all()))
                for branch in branches
            ],
            "default": default,
            "can_edit": can(request.user, Cap.PLAN_MAINTENANCE),
            "year": timezone.localdate().year,
        },
    )


@dataclass
class Cell:
    day: rules.CalendarDay
    company_name: str  # the name of the company's entry for the day, if any


@dataclass
class Month:
    number: int
    weeks: list[list[Cell | None]]
    working: int
    unknown: int  # days nobody knows yet (a year the official schedule does not know)


def _months(days: list[rules.CalendarDay], names: dict[dt.date, str]) -> list[Month]:
    by_date = {day.date: Cell(day, names.get(day.date, "")) for day in days}
    year = days[0].date.year
    months = []
    for number in range(1, 13):
        weeks = [
            [by_date.get(day) if day.month == number else None for day in week]
            for week in pycalendar.Calendar().monthdatescalendar(year, number)
        ]
        of_month = [d for d in days if d.date.month == number]
        working = sum(1 for d in of_month if d.working)
        unknown = sum(1 for d in of_month if d.working is None)
        months.append(Month(number, weeks, working, unknown))
    return months


@login_required
@handles_domain_errors
def branch_calendar(request: HttpRequest, pk: int) -> HttpResponse:
    """A branch's working hours and its year: which days are working days (official holidays and
    make-up days from chinesecalendar, the company's own days on top)."""
    require(request.user, Cap.VIEW)
    branch = _branch(request, pk)
    today = timezone.localdate()
    year = _year(request, today.year)
    cal = selectors.calendar_for(branch)
    days = rules.year_days(cal, year)
    names = selectors.company_day_names(branch, year)
    unknown = None
    if not rules.year_is_known(year):
        try:
            rules.check_year_known(year)
        except DomainError as error:
            unknown = error
    own_hours = [(h.starts, h.ends) for h in branch.working_hours.order_by("starts")]
    return render(
        request,
        "calendars/branch.html",
        {
            "branch": branch,
            "year": year,
            "today": today,
            "months": _months(days, {d: name for d, (_kind, name) in names.items()}),
            "working_days": sum(1 for d in days if d.working),
            "unknown_days": sum(1 for d in days if d.working is None),
            "unknown": unknown,
            "policy": unknown_year_policy(),
            "periods": rules.periods_text(cal.periods),
            "own_hours": bool(own_hours),
            "can_edit": can(request.user, Cap.PLAN_MAINTENANCE),
            "weekdays": [_("Mon"), _("Tue"), _("Wed"), _("Thu"), _("Fri"), _("Sat"), _("Sun")],
        },
    )


@login_required
@handles_domain_errors
def hours_edit(request: HttpRequest, pk: int) -> HttpResponse:
    require(request.user, Cap.PLAN_MAINTENANCE)
    branch = _branch(request, pk)
    current = list(branch.working_hours.order_by("starts").values_list("starts", "ends"))
    form = WorkingHoursForm(
        request.POST if request.method == "POST" else None,
        initial=WorkingHoursForm.initial_for(current or selectors.default_periods()),
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.working_hours_set(
                by=request.user, branch=branch, periods=form.cleaned_data["periods"]
            )
        except (NotFound, Forbidden):
            raise
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("The working hours were saved."))
            return redirect("calendars:branch", pk=branch.pk)
    return render(
        request,
        "calendars/hours_form.html",
        {
            "branch": branch,
            "form": form,
            "default": rules.periods_text(selectors.default_periods()),
            "own_hours": bool(current),
        },
        status=400 if form.errors else 200,
    )


# Company days ----------------------------------------------------------------------------------


def _day_form(request: HttpRequest, data: Any = None, year: int | None = None) -> CompanyDayForm:
    user = request.user
    own = user.branch if (user.branch_id and not user.sees_all_branches) else None
    initial: dict[str, Any] = {"kind": CompanyHoliday.Kind.HOLIDAY}
    if own is not None:
        initial["branch"] = own.pk
    if year is not None and year != timezone.localdate().year:
        initial["date"] = dt.date(year, 1, 1)
    return CompanyDayForm(
        data,
        branches=selectors.visible_branches(user),
        all_allowed=user.sees_all_branches,
        initial=initial,
    )


def _days_page(
    request: HttpRequest, year: int, form: CompanyDayForm | None = None, status: int = 200
) -> HttpResponse:
    may_edit = can(request.user, Cap.PLAN_MAINTENANCE)
    return render(
        request,
        "calendars/days.html",
        {
            "year": year,
            "days": selectors.company_days_of_year(request.user, year),
            "known": rules.year_is_known(year),
            "can_edit": may_edit,
            "sees_all": request.user.sees_all_branches,
            "form": form or (_day_form(request, year=year) if may_edit else None),
        },
        status=status,
    )


@login_required
@handles_domain_errors
def days(request: HttpRequest) -> HttpResponse:
    """The company's own holidays and working days of a year (公司假日、调休上班)."""
    require(request.user, Cap.VIEW)
    return _days_page(request, _year(request, timezone.localdate().year))


@login_required
@require_POST
@handles_domain_errors
def day_add(request: HttpRequest) -> HttpResponse:
    require(request.user, Cap.PLAN_MAINTENANCE)
    form = _day_form(request, request.POST)
    if form.is_valid():
        try:
            entry = services.company_day_add(
                by=request.user, now=timezone.now(), **form.cleaned_data
            )
        except (NotFound, Forbidden):
            raise
        except DomainError as error:
            domain_errors_to_form(form, error)
        else:
            messages.success(
                request,
                _("%(date)s %(name)s was added.")
                % {"date": entry.date.isoformat(), "name": entry.name},
            )
            return redirect(f"{reverse('calendars:days')}?year={entry.date.year}")
    year = form.cleaned_data.get("date").year if form.cleaned_data.get("date") else None
    return _days_page(request, year or timezone.localdate().year, form, status=400)


@login_required
@require_POST
@handles_domain_errors
def day_remove(request: HttpRequest, pk: int) -> HttpResponse:
    require(request.user, Cap.PLAN_MAINTENANCE)
    entry = get_in_scope(selectors.visible_company_days(request.user), pk=pk)
    year = entry.date.year
    try:
        services.company_day_remove(by=request.user, day=entry)
    except (NotFound, Forbidden):
        raise
    except DomainError as error:
        messages.error(request, error.message)
        return _days_page(request, year, status=400)
    messages.success(request, _("The day was removed."))
    return redirect(f"{reverse('calendars:days')}?year={year}")


# Holiday duty roster ---------------------------------------------------------------------------


def _roster_branch(request: HttpRequest) -> Branch | None:
    """The branch of the roster: a branch user's own; head office chooses (none: every branch)."""
    user = request.user
    if not user.sees_all_branches:
        return user.branch
    raw = request.GET.get("branch", "")
    if raw.isdigit():
        return selectors.visible_branches(user).filter(pk=int(raw)).first()
    return None


def _chosen_period(
    periods: list[rules.HolidayPeriod], raw: str, today: dt.date
) -> rules.HolidayPeriod | None:
    """The period containing the date asked for, or the first after it; without one, the period
    under way or the next to come, else the year's last."""
    try:
        asked = dt.date.fromisoformat(raw) if raw else None
    except ValueError:
        asked = None
    anchor = asked or today
    for period in periods:
        if period.end >= anchor:
            return period
    return periods[-1] if periods else None


def _roster_context(request: HttpRequest) -> dict[str, Any]:
    user = request.user
    today = timezone.localdate()
    branch = _roster_branch(request)
    raw_period = request.GET.get("period", "")
    year = _year(request, int(raw_period[:4]) if raw_period[:4].isdigit() else today.year)
    names = selectors.company_day_names(branch, year)
    holidays = {day: name for day, (kind, name) in names.items() if kind == "holiday"}
    known = rules.year_is_known(year)
    periods = rules.holiday_periods(year, holidays)
    period = _chosen_period(
        periods, raw_period, today if today.year == year else dt.date(year, 1, 1)
    )
    rows: list[tuple[dt.date, list[DutyAssignment]]] = []
    others: list[DutyAssignment] = []
    if period is not None:
        duties = list(selectors.duties_between(user, period.start, period.end, branch=branch))
        rows = [(day, [d for d in duties if d.date == day]) for day in period.days]
    year_duties = selectors.duties_between(
        user, dt.date(year, 1, 1), dt.date(year, 12, 31), branch=branch
    )
    others = [d for d in year_duties if not any(d.date in p for p in periods)]
    return {
        "branch": branch,
        "branches": selectors.visible_branches(user) if user.sees_all_branches else None,
        "year": year,
        "known": known,
        "periods": periods,
        "period": period,
        "rows": rows,
        "others": others,
        "today": today,
        "query": urlencode(
            {
                "year": year,
                **({"period": period.start.isoformat()} if period else {}),
                **({"branch": branch.pk} if branch and user.sees_all_branches else {}),
            }
        ),
    }


def _duty_form(request: HttpRequest, ctx: dict[str, Any], data: Any = None) -> DutyForm:
    branch = ctx.get("branch")
    period = ctx.get("period")
    on = period.start if period else timezone.localdate()
    return DutyForm(
        data,
        technicians=selectors.duty_technicians(request.user, branch),
        # The service checks that a contract runs on the duty's own day.
        sites=selectors.key_sites(request.user, branch=branch),
        initial={
            "date": on,
            "starts": dt.time(8, 30),
            "ends": dt.time(17, 30),
        },
    )


@login_required
@handles_domain_errors
def roster(request: HttpRequest) -> HttpResponse:
    """Who is on duty on the holidays (节假日值班表, 000 篇9 4.2.4), period by period."""
    require(request.user, Cap.VIEW)
    ctx = _roster_context(request)
    may_edit = can(request.user, Cap.PLAN_MAINTENANCE)
    ctx.update(
        can_edit=may_edit,
        form=_duty_form(request, ctx) if may_edit else None,
    )
    return render(request, "calendars/roster.html", ctx)


@login_required
@handles_domain_errors
def roster_print(request: HttpRequest) -> HttpResponse:
    """The holiday's roster on paper, to post in the service centre and send to the key sites."""
    require(request.user, Cap.VIEW)
    return render(request, "calendars/roster_print.html", _roster_context(request))


def _back_to_roster(duty_date: dt.date, branch_id: int | None, request: HttpRequest) -> str:
    query = {"year": duty_date.year, "period": duty_date.isoformat()}
    if branch_id and request.user.sees_all_branches:
        query["branch"] = branch_id
    return f"{reverse('calendars:roster')}?{urlencode(query)}"


@login_required
@require_POST
@handles_domain_errors
def duty_assign(request: HttpRequest) -> HttpResponse:
    require(request.user, Cap.PLAN_MAINTENANCE)
    ctx = _roster_context(request)
    form = _duty_form(request, ctx, request.POST)
    if form.is_valid():
        try:
            duty = services.duty_assign(by=request.user, now=timezone.now(), **form.cleaned_data)
        except (NotFound, Forbidden):
            raise
        except DomainError as error:
            domain_errors_to_form(form, error)
        else:
            messages.success(
                request,
                _("%(technician)s is on duty on %(date)s.")
                % {"technician": duty.technician, "date": duty.date.isoformat()},
            )
            return redirect(_back_to_roster(duty.date, duty.branch_id, request))
    ctx.update(can_edit=True, form=form)
    return render(request, "calendars/roster.html", ctx, status=400)


@login_required
@require_POST
@handles_domain_errors
def duty_remove(request: HttpRequest, pk: int) -> HttpResponse:
    require(request.user, Cap.PLAN_MAINTENANCE)
    duty = get_in_scope(selectors.visible_duties(request.user), pk=pk)
    day, branch_id = duty.date, duty.branch_id
    services.duty_remove(by=request.user, duty=duty)
    messages.success(request, _("The duty was removed."))
    return redirect(_back_to_roster(day, branch_id, request))
