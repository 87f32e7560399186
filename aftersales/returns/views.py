"""Return and exchange screens: the list, filing a request (from a unit or a work order), a
request's page with the general manager's decision, resolutions and completion, and the panel on
a unit's service file.

Views parse with a form, ask the policy, read through scoped selectors and call one service.
"""

from typing import Any

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from aftersales.accounts.policy import Cap, can, get_in_scope, require
from aftersales.core.exceptions import DomainError
from aftersales.core.views import domain_errors_to_form, handles_domain_errors, paginate
from aftersales.customers.models import Unit
from aftersales.customers.selectors import visible_units
from aftersales.warranty.selectors import entitlement
from aftersales.workorders.selectors import visible_work_orders

from . import rules, selectors, services
from .forms import CompleteForm, DecisionForm, ResolutionForm, ReturnFilterForm, ReturnRequestForm
from .models import ReturnRequest

S = ReturnRequest.Status


def _int(value: Any) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


@login_required
@handles_domain_errors
def return_list(request: HttpRequest) -> HttpResponse:
    """Returns and exchanges of the branch (head office: all), newest first."""
    require(request.user, Cap.VIEW)
    filters = ReturnFilterForm(request.GET or None, user=request.user)
    filters.is_valid()
    values = getattr(filters, "cleaned_data", {})
    qs = selectors.returns_filtered(
        request.user,
        status=values.get("status") or "",
        kind=values.get("kind") or "",
        branch=values["branch"].pk if values.get("branch") else None,
        q=values.get("q") or "",
    )
    context = {
        "filters": filters,
        "page": paginate(request, qs),
        "can_request": can(request.user, Cap.REQUEST_RETURNS),
        "can_decide": can(request.user, Cap.APPROVE_RETURNS),
    }
    template = "returns/list.html"
    if request.htmx and not request.htmx.boosted:
        template += "#results"
    return render(request, template, context)


def _preview(unit: Unit | None) -> dict[str, Any] | None:
    """What the three guarantees allow today, shown before the request is filed."""
    if unit is None:
        return None
    allowed = entitlement(unit, timezone.localdate())
    return {
        "text": rules.entitlement_text(
            purchased_on=unit.purchase_date, days=allowed.days, remedies=allowed.remedies
        ),
        "return_ok": rules.is_within_entitlement(ReturnRequest.Kind.RETURN, allowed.remedies),
        "exchange_ok": rules.is_within_entitlement(ReturnRequest.Kind.EXCHANGE, allowed.remedies),
    }


@login_required
@handles_domain_errors
def return_create(request: HttpRequest) -> HttpResponse:
    """File a request: from a work order (?order=), a unit's file (?unit=) or by serial number."""
    require(request.user, Cap.REQUEST_RETURNS)
    source = request.POST if request.method == "POST" else request.GET
    order = unit = None
    if _int(source.get("work_order") or source.get("order")):
        order = get_in_scope(
            visible_work_orders(request.user),
            pk=_int(source.get("work_order") or source.get("order")),
        )
        unit = order.unit
    elif _int(source.get("unit")):
        unit = get_in_scope(visible_units(request.user), pk=_int(source.get("unit")))
    initial = {"unit": unit.pk if unit else None, "work_order": order.pk if order else None}
    form = ReturnRequestForm(
        request.POST if request.method == "POST" else None,
        initial=initial,
        unit_known=unit is not None,
    )
    if request.method == "POST" and form.is_valid():
        try:
            if unit is None and order is None:
                unit = _unit_by_serial(request, form.cleaned_data["serial"])
            filed = services.return_request_file(
                by=request.user,
                now=timezone.now(),
                kind=form.cleaned_data["kind"],
                reason=form.cleaned_data["reason"],
                unit=unit,
                work_order=order,
            )
        except DomainError as error:
            if error.field == "unit" and "serial" in form.fields:
                error.field = "serial"
            domain_errors_to_form(form, error)
        else:
            return redirect("returns:detail", pk=filed.pk)
    return render(
        request,
        "returns/form.html",
        {"form": form, "unit": unit, "order": order, "preview": _preview(unit)},
        status=400 if form.errors else 200,
    )


def _unit_by_serial(request: HttpRequest, serial: str) -> Unit:
    serial = (serial or "").strip()
    if not serial:
        raise DomainError(_("Enter the serial number of the unit."), field="serial")
    units = list(visible_units(request.user).filter(serial__iexact=serial)[:2])
    if not units:
        raise DomainError(_("No unit with this serial number."), field="serial")
    if len(units) > 1:
        raise DomainError(
            _("Several units have this serial number: file the request from the unit's page."),
            field="serial",
        )
    return units[0]


def _detail(
    request: HttpRequest,
    obj: ReturnRequest,
    *,
    failed: tuple[str, forms.Form] | None = None,
    status: int = 200,
) -> HttpResponse:
    user = request.user
    forms_by_name: dict[str, forms.Form] = {}
    if obj.status == S.REQUESTED and can(user, Cap.APPROVE_RETURNS):
        forms_by_name["decide"] = DecisionForm()
    if obj.status == S.APPROVED and can(user, Cap.REQUEST_RETURNS):
        forms_by_name["resolve"] = ResolutionForm(request=obj)
        forms_by_name["complete"] = CompleteForm()
    refusal: list[str] = []
    if failed:
        name, form = failed
        if name in forms_by_name:
            forms_by_name[name] = form
        else:  # no longer offered: the reason is told above the forms
            refusal = [str(message) for errors in form.errors.values() for message in errors]
    resolutions = list(obj.resolutions.all())
    return render(
        request,
        "returns/detail.html",
        {
            "req": obj,
            "entitlement_text": rules.entitlement_text(
                purchased_on=obj.purchased_on,
                days=obj.days_since_purchase,
                remedies=obj.entitled_remedies,
            ),
            "resolutions": resolutions,
            "running_total": rules.total_of(r.amount for r in resolutions),
            "decide_form": forms_by_name.get("decide"),
            "resolve_form": forms_by_name.get("resolve"),
            "complete_form": forms_by_name.get("complete"),
            "open_form": failed[0] if failed else "",
            "refusal": refusal,
        },
        status=status,
    )


@login_required
@handles_domain_errors
def return_detail(request: HttpRequest, pk: int) -> HttpResponse:
    require(request.user, Cap.VIEW)
    obj = get_in_scope(selectors.return_detail(request.user), pk=pk)
    return _detail(request, obj)


def _refused(request: HttpRequest, obj: ReturnRequest, name: str, form: forms.Form) -> HttpResponse:
    obj = get_in_scope(selectors.return_detail(request.user), pk=obj.pk)
    return _detail(request, obj, failed=(name, form), status=400)


@login_required
@require_POST
@handles_domain_errors
def return_decide(request: HttpRequest, pk: int) -> HttpResponse:
    """The general manager approves or rejects (001 篇2 十五)."""
    require(request.user, Cap.APPROVE_RETURNS)
    obj = get_in_scope(selectors.visible_returns(request.user), pk=pk)
    form = DecisionForm(request.POST)
    if form.is_valid():
        try:
            services.return_request_decide(
                by=request.user,
                now=timezone.now(),
                request=obj,
                approve=form.cleaned_data["decision"] == "approve",
                note=form.cleaned_data["note"],
            )
        except DomainError as error:
            domain_errors_to_form(form, error)
        else:
            return redirect("returns:detail", pk=obj.pk)
    return _refused(request, obj, "decide", form)


@login_required
@require_POST
@handles_domain_errors
def resolution_add(request: HttpRequest, pk: int) -> HttpResponse:
    require(request.user, Cap.REQUEST_RETURNS)
    obj = get_in_scope(selectors.visible_returns(request.user), pk=pk)
    form = ResolutionForm(request.POST, request=obj)
    if form.is_valid():
        try:
            services.resolution_record(
                by=request.user, now=timezone.now(), request=obj, **form.cleaned_data
            )
        except DomainError as error:
            domain_errors_to_form(form, error)
        else:
            return redirect("returns:detail", pk=obj.pk)
    return _refused(request, obj, "resolve", form)


@login_required
@require_POST
@handles_domain_errors
def return_complete(request: HttpRequest, pk: int) -> HttpResponse:
    require(request.user, Cap.REQUEST_RETURNS)
    obj = get_in_scope(selectors.visible_returns(request.user), pk=pk)
    form = CompleteForm(request.POST)
    try:
        services.return_request_complete(by=request.user, now=timezone.now(), request=obj)
    except DomainError as error:
        domain_errors_to_form(form, error)
    else:
        return redirect("returns:detail", pk=obj.pk)
    return _refused(request, obj, "complete", form)


@login_required
@handles_domain_errors
def unit_panel(request: HttpRequest, pk: int) -> HttpResponse:
    """The returns and exchanges part of a unit's service file, loaded into it with HTMX."""
    require(request.user, Cap.VIEW)
    unit = get_in_scope(visible_units(request.user), pk=pk)
    return render(
        request,
        "returns/_unit_panel.html",
        {
            "unit": unit,
            "requests": list(selectors.returns_of_unit(unit)),
            "exchanged_from": selectors.exchange_of(unit),
            "can_request": can(request.user, Cap.REQUEST_RETURNS),
        },
    )
