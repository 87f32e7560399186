"""The maintenance screens: schedules (list with the visits due, form, detail), the visits (list,
the record form on site, the signed record), the checklists, and the quarterly report on paper.

Views parse with a form, ask the policy, read through scoped selectors and call one service.
"""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from aftersales.accounts.policy import Cap, can, get_in_scope, require
from aftersales.core.exceptions import DomainError
from aftersales.core.uploads import decode_data_url
from aftersales.core.views import domain_errors_to_form, handles_domain_errors, paginate
from aftersales.customers.selectors import visible_customers, visible_units

from . import rules, selectors, services
from .forms import (
    ChecklistForm,
    ItemFormSet,
    PlanForm,
    ReasonForm,
    ScheduleEditForm,
    ScheduleFilterForm,
    ScheduleForm,
    VisitFilterForm,
    VisitRecordForm,
    filled_items,
)
from .models import MaintenanceSchedule, Visit


def _schedule(request: HttpRequest, pk: int) -> MaintenanceSchedule:
    return get_in_scope(selectors.visible_schedules(request.user), pk=pk)


def _visit(request: HttpRequest, pk: int) -> Visit:
    return get_in_scope(selectors.visible_visits(request.user), pk=pk)


# Schedules -------------------------------------------------------------------------------------


@login_required
@handles_domain_errors
def schedule_list(request: HttpRequest) -> HttpResponse:
    """The branch's schedules, with the visits overdue and due within the week above them."""
    require(request.user, Cap.VIEW)
    filters = ScheduleFilterForm(request.GET or None)
    filters.is_valid()
    values: dict[str, Any] = getattr(filters, "cleaned_data", {})
    qs = selectors.schedules_filtered(
        request.user,
        query=values.get("q") or "",
        frequency=values.get("frequency") or "",
        status=values.get("status") or "active",
    )
    today = timezone.localdate()
    template = "maintenance/schedule_list.html"
    if request.htmx and not request.htmx.boosted:
        template += "#results"
    return render(
        request,
        template,
        {
            "filters": filters,
            "page": paginate(request, qs),
            "due": list(selectors.due_visits(request.user, today=today)[:15]),
            "today": today,
        },
    )


@login_required
@handles_domain_errors
def schedule_create(request: HttpRequest) -> HttpResponse:
    """A schedule for a contract's units or one unit; `?contract=` or `?unit=` fills it in."""
    require(request.user, Cap.PLAN_MAINTENANCE)
    today = timezone.localdate()
    contracts = selectors.contracts_to_plan(request.user, today=today)
    initial: dict[str, Any] = {"starts_on": today, "min_people": 1}
    if request.GET.get("contract", "").isdigit():
        contract = contracts.filter(pk=request.GET["contract"]).first()
        if contract is not None:
            initial.update(contract=contract, starts_on=max(today, contract.start))
    if request.GET.get("unit", "").isdigit():
        unit = visible_units(request.user).filter(pk=request.GET["unit"]).first()
        if unit is not None:
            initial["unit"] = unit.serial
    form = ScheduleForm(
        request.POST or None,
        contracts=contracts,
        units=visible_units(request.user),
        initial=initial,
    )
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            data = form.cleaned_data
            try:
                schedule = services.schedule_create(
                    by=request.user,
                    now=timezone.now(),
                    contract=data["contract"],
                    unit=data["unit"],
                    frequency=data["frequency"],
                    checklist=data["checklist"],
                    min_people=data["min_people"],
                    starts_on=data["starts_on"],
                    ends_on=data["ends_on"],
                    notes=data["notes"],
                )
            except DomainError as error:
                domain_errors_to_form(form, error)
            else:
                messages.success(
                    request, _("The schedule is saved; its coming visits are planned.")
                )
                return redirect("maintenance:schedule_detail", pk=schedule.pk)
    return render(
        request, "maintenance/schedule_form.html", {"form": form, "schedule": None}, status=status
    )


@login_required
@handles_domain_errors
def schedule_edit(request: HttpRequest, pk: int) -> HttpResponse:
    require(request.user, Cap.PLAN_MAINTENANCE)
    schedule = _schedule(request, pk)
    initial = {
        "frequency": schedule.frequency,
        "checklist": schedule.checklist,
        "min_people": schedule.min_people,
        "starts_on": schedule.starts_on,
        "ends_on": schedule.ends_on,
        "notes": schedule.notes,
    }
    form = ScheduleEditForm(request.POST or None, initial=initial)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                services.schedule_update(
                    by=request.user, now=timezone.now(), schedule=schedule, **form.cleaned_data
                )
            except DomainError as error:
                domain_errors_to_form(form, error)
            else:
                messages.success(request, _("The schedule is saved."))
                return redirect("maintenance:schedule_detail", pk=schedule.pk)
    return render(
        request,
        "maintenance/schedule_form.html",
        {"form": form, "schedule": schedule},
        status=status,
    )


def _detail(
    request: HttpRequest,
    schedule: MaintenanceSchedule,
    *,
    plan_form: PlanForm | None = None,
    stop_form: ReasonForm | None = None,
    refusal: str = "",
    status: int = 200,
) -> HttpResponse:
    today = timezone.localdate()
    year, quarter = rules.quarter_of(today)
    ahead = rules.add_months(today, 3)
    return render(
        request,
        "maintenance/schedule_detail.html",
        {
            "schedule": schedule,
            "page": paginate(request, selectors.schedule_visits(schedule)),
            "today": today,
            "year": year,
            "quarter": quarter,
            "can_plan": can(request.user, Cap.PLAN_MAINTENANCE) and schedule.active,
            "plan_form": plan_form
            or PlanForm(initial={"start": today, "until": ahead}, prefix="plan"),
            "stop_form": stop_form or ReasonForm(prefix="stop"),
            "refusal": refusal,
        },
        status=status,
    )


@login_required
@handles_domain_errors
def schedule_detail(request: HttpRequest, pk: int) -> HttpResponse:
    require(request.user, Cap.VIEW)
    return _detail(request, _schedule(request, pk))


@login_required
@require_POST
@handles_domain_errors
def schedule_plan(request: HttpRequest, pk: int) -> HttpResponse:
    """Plan the visits of a period: a past one, to file visits done before, or further ahead."""
    require(request.user, Cap.PLAN_MAINTENANCE)
    schedule = _schedule(request, pk)
    form = PlanForm(request.POST, prefix="plan")
    if form.is_valid():
        try:
            planned = services.visit_plan(
                by=request.user,
                now=timezone.now(),
                schedule=schedule,
                start=form.cleaned_data["start"],
                until=form.cleaned_data["until"],
            )
        except DomainError as error:
            if error.field in form.fields:
                domain_errors_to_form(form, error)
                return _detail(request, schedule, plan_form=form, status=400)
            return _detail(request, schedule, refusal=error.message, status=400)
        messages.success(
            request,
            ngettext("%(count)d visit planned.", "%(count)d visits planned.", len(planned))
            % {"count": len(planned)},
        )
        return redirect("maintenance:schedule_detail", pk=schedule.pk)
    return _detail(request, schedule, plan_form=form, status=400)


@login_required
@require_POST
@handles_domain_errors
def schedule_stop(request: HttpRequest, pk: int) -> HttpResponse:
    require(request.user, Cap.PLAN_MAINTENANCE)
    schedule = _schedule(request, pk)
    form = ReasonForm(request.POST, prefix="stop")
    if form.is_valid():
        try:
            services.schedule_stop(
                by=request.user,
                now=timezone.now(),
                schedule=schedule,
                reason=form.cleaned_data["reason"],
            )
        except DomainError as error:
            schedule.refresh_from_db()
            if error.field in form.fields:
                domain_errors_to_form(form, error)
                return _detail(request, schedule, stop_form=form, status=400)
            return _detail(request, schedule, refusal=error.message, status=400)
        messages.success(request, _("The schedule is stopped; its planned visits are cancelled."))
        return redirect("maintenance:schedule_detail", pk=schedule.pk)
    return _detail(request, schedule, stop_form=form, status=400)


# Visits ----------------------------------------------------------------------------------------


@login_required
@handles_domain_errors
def visit_list(request: HttpRequest) -> HttpResponse:
    require(request.user, Cap.VIEW)
    filters = VisitFilterForm(request.GET or None)
    filters.is_valid()
    values: dict[str, Any] = getattr(filters, "cleaned_data", {})
    today = timezone.localdate()
    qs = selectors.visits_filtered(
        request.user, today=today, when=values.get("when") or "open", query=values.get("q") or ""
    )
    template = "maintenance/visit_list.html"
    if request.htmx and not request.htmx.boosted:
        template += "#results"
    return render(
        request, template, {"filters": filters, "page": paginate(request, qs), "today": today}
    )


@login_required
@handles_domain_errors
def visit_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The signed record: readings (those out of range marked), who did it, the repair opened."""
    require(request.user, Cap.VIEW)
    visit = _visit(request, pk)
    return _visit_page(request, visit)


def _visit_page(
    request: HttpRequest,
    visit: Visit,
    *,
    cancel_form: ReasonForm | None = None,
    refusal: str = "",
    status: int = 200,
) -> HttpResponse:
    return render(
        request,
        "maintenance/visit_detail.html",
        {
            "visit": visit,
            "schedule": visit.schedule,
            "readings": selectors.visit_readings(visit),
            "technicians": visit.technicians.select_related("user"),
            "today": timezone.localdate(),
            "cancel_form": cancel_form or ReasonForm(prefix="cancel"),
            "refusal": refusal,
        },
        status=status,
    )


@login_required
@handles_domain_errors
def visit_record(request: HttpRequest, pk: int) -> HttpResponse:
    """The record form on site: the checklist with the allowed ranges, the technicians, the
    customer's signature."""
    require(request.user, Cap.FIELD_WORK)
    visit = _visit(request, pk)
    if visit.status != Visit.Status.PLANNED:
        return redirect("maintenance:visit_detail", pk=visit.pk)
    crew = selectors.crew_for(visit)
    own = crew.filter(user=request.user).first()
    form = VisitRecordForm(
        request.POST or None,
        visit=visit,
        technicians=crew,
        initial={"technicians": [own] if own else []},
    )
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.visit_record(
                    by=request.user,
                    now=timezone.now(),
                    visit=visit,
                    technicians=data["technicians"],
                    readings=form.readings(),
                    signer_name=data["signer_name"],
                    # An empty pad is told by the service, after the checklist's own errors.
                    signature_png=decode_data_url(data["signature"], field="signature")
                    if data["signature"]
                    else b"",
                    notes=data["notes"],
                )
            except DomainError as error:
                domain_errors_to_form(form, error)
            else:
                visit.refresh_from_db()
                if visit.work_order_id:
                    messages.warning(
                        request,
                        _("Readings out of range: repair work order %(number)s was opened.")
                        % {"number": visit.work_order.number},
                    )
                else:
                    messages.success(request, _("The visit is recorded."))
                return redirect("maintenance:visit_detail", pk=visit.pk)
    return render(
        request, "maintenance/visit_record.html", {"visit": visit, "form": form}, status=status
    )


@login_required
@require_POST
@handles_domain_errors
def visit_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    require(request.user, Cap.PLAN_MAINTENANCE)
    visit = _visit(request, pk)
    form = ReasonForm(request.POST, prefix="cancel")
    if form.is_valid():
        try:
            services.visit_cancel(
                by=request.user, now=timezone.now(), visit=visit, reason=form.cleaned_data["reason"]
            )
        except DomainError as error:
            visit.refresh_from_db()
            if error.field in form.fields:
                domain_errors_to_form(form, error)
                return _visit_page(request, visit, cancel_form=form, status=400)
            return _visit_page(request, visit, refusal=error.message, status=400)
        messages.success(request, _("The visit is cancelled."))
        return redirect("maintenance:visit_detail", pk=visit.pk)
    return _visit_page(request, visit, cancel_form=form, status=400)


# Checklists ------------------------------------------------------------------------------------


@login_required
@handles_domain_errors
def checklist_list(request: HttpRequest) -> HttpResponse:
    require(request.user, Cap.VIEW)
    return render(
        request,
        "maintenance/checklist_list.html",
        {"checklists": selectors.checklist_templates()},
    )


@login_required
@handles_domain_errors
def checklist_create(request: HttpRequest) -> HttpResponse:
    require(request.user, Cap.PLAN_MAINTENANCE)
    form = ChecklistForm(request.POST or None)
    items = ItemFormSet(request.POST or None, prefix="items")
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid() and items.is_valid():
            try:
                services.checklist_template_create(
                    by=request.user,
                    now=timezone.now(),
                    name=form.cleaned_data["name"],
                    product_category=form.cleaned_data["product_category"],
                    notes=form.cleaned_data["notes"],
                    items=filled_items(items),
                )
            except DomainError as error:
                domain_errors_to_form(form, error)
            else:
                messages.success(request, _("The checklist is saved."))
                return redirect("maintenance:checklists")
    return render(
        request, "maintenance/checklist_form.html", {"form": form, "items": items}, status=status
    )


# The quarterly report --------------------------------------------------------------------------


@login_required
@handles_domain_errors
def report(
    request: HttpRequest, pk: int, year: int | None = None, quarter: int | None = None
) -> HttpResponse:
    """A customer's quarterly maintenance report on paper (每季提交书面维护工作报告, 000 篇9
    4.1.5), for the customer to sign; without a quarter, the current one."""
    require(request.user, Cap.VIEW)
    customer = get_in_scope(visible_customers(request.user), pk=pk)
    if year is None or quarter is None:
        year, quarter = rules.quarter_of(timezone.localdate())
    if not 1 <= quarter <= 4 or not 2000 <= year <= 2100:
        raise Http404(_("No such quarter."))
    return render(
        request,
        "maintenance/report.html",
        {"report": selectors.quarterly_report(customer, year=year, quarter=quarter)},
    )
