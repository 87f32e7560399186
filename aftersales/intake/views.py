"""The agent's call screen: register a call from any channel, then settle it by guidance or
open a work order. Every call, letter and visit is registered, none ignored (002 第24条)."""

import datetime as dt

from django.contrib.auth.decorators import login_required
from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from aftersales.accounts.policy import Cap, can, get_in_scope, require
from aftersales.core.exceptions import DomainError
from aftersales.core.phones import phone_search_key
from aftersales.core.views import domain_errors_to_form, handles_domain_errors, paginate
from aftersales.customers.models import Unit
from aftersales.customers.selectors import customers_matching, visible_customers, visible_units

from . import services
from .forms import CallFilterForm, CallForm, OpenOrderForm, SolveForm
from .scripts import SCRIPTS
from .selectors import visible_calls

LOOKUP_LIMIT = 10


def _matches(request: HttpRequest, query: str) -> list:
    """Customers matching what the agent typed, with their units: three queries in all."""
    query = (query or "").strip()
    digits = "".join(ch for ch in query if ch.isdigit())
    if len(digits) < 4 and len(query) < 2:
        return []
    units = Unit.objects.select_related("model", "model__category")
    return list(
        customers_matching(request.user, query).prefetch_related(Prefetch("units", queryset=units))[
            :LOOKUP_LIMIT
        ]
    )


def _lookup_context(request: HttpRequest, query: str) -> dict:
    matches = _matches(request, query)
    key = phone_search_key(query or "")
    return {
        "matches": matches,
        "query": query,
        "exact": [c for c in matches if key and key in {c.phone, c.alt_phone}],
    }


@login_required
@require_GET
@handles_domain_errors
def customer_lookup(request: HttpRequest) -> HttpResponse:
    """As the agent types the phone: existing customers to pick, so none is filed twice."""
    require(request.user, Cap.TAKE_CALLS)
    query = request.GET.get("phone") or request.GET.get("q") or ""
    return render(request, "intake/call_new.html#lookup", _lookup_context(request, query))


def _picked(request: HttpRequest, form: CallForm) -> tuple:
    """The customer and unit already chosen: from a bound form, or ?customer= / ?unit= links."""
    if form.is_bound:
        data = getattr(form, "cleaned_data", {})
        unit = data.get("unit")
        return data.get("customer") or (unit.customer if unit else None), unit
    unit = customer = None
    if request.GET.get("unit", "").isdigit():
        unit = get_in_scope(visible_units(request.user), pk=request.GET["unit"])
        customer = unit.customer
    elif request.GET.get("customer", "").isdigit():
        customer = get_in_scope(visible_customers(request.user), pk=request.GET["customer"])
    return customer, unit


@login_required
@handles_domain_errors
def call_new(request: HttpRequest) -> HttpResponse:
    require(request.user, Cap.TAKE_CALLS)
    form = CallForm(request.POST or None, user=request.user)
    lookup: dict = {}
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        new_customer = None
        if data["customer"] is None and data["unit"] is None:
            new_customer = services.NewCustomer(
                name=data["name"],
                address=data["address"],
                kind=data["kind"],
                tier=data["tier"],
                zone=data["zone"],
                branch=data.get("branch"),
            )
        try:
            call = services.call_register(
                by=request.user,
                now=timezone.now(),
                channel=data["channel"],
                phone=data["phone"],
                symptom=data["symptom"],
                customer=data["customer"],
                new_customer=new_customer,
                caller_name=data["caller_name"],
                address=data["address"],
                unit=data["unit"],
                model=data["model"],
                serial=data["serial"],
                purchase_date=data["purchase_date"],
                invoice_no=data["invoice_no"],
                fault_type=data["fault_type"],
                customer_request=data["customer_request"],
            )
        except DomainError as error:
            domain_errors_to_form(form, error)
            if error.code == "duplicate_customer":
                # Offer the customer who has this phone instead of filing a second one.
                lookup = _lookup_context(request, form["phone"].value())
        else:
            return redirect("intake:detail", pk=call.pk)
    elif not form.is_bound:
        customer, unit = _picked(request, form)
        if customer is not None:
            form.initial.update(
                customer=customer.pk,
                unit=unit.pk if unit else None,
                phone=customer.phone_display,
                caller_name=customer.name,
            )
    customer, unit = _picked(request, form)
    return render(
        request,
        "intake/call_new.html",
        {
            "form": form,
            "picked_customer": customer,
            "picked_unit": unit,
            "scripts": SCRIPTS,
            **lookup,
        },
        status=400 if form.is_bound else 200,
    )


@login_required
@handles_domain_errors
def call_detail(request: HttpRequest, pk: int) -> HttpResponse:
    require(request.user, Cap.VIEW)
    call = get_in_scope(visible_calls(request.user), pk=pk)
    return _render_detail(request, call)


def _render_detail(request, call, *, solve_form=None, order_form=None, status: int = 200):
    return render(
        request,
        "intake/call_detail.html",
        {
            "call": call,
            "can_settle": can(request.user, Cap.TAKE_CALLS) and call.outcome == call.Outcome.OPEN,
            "solve_form": solve_form or SolveForm(),
            "order_form": order_form
            or OpenOrderForm(may_choose_category=can(request.user, Cap.OVERRIDE_CATEGORY)),
            "scripts": SCRIPTS,
        },
        status=status,
    )


@login_required
@require_POST
@handles_domain_errors
def call_solve(request: HttpRequest, pk: int) -> HttpResponse:
    require(request.user, Cap.TAKE_CALLS)
    call = get_in_scope(visible_calls(request.user), pk=pk)
    form = SolveForm(request.POST)
    if form.is_valid():
        try:
            services.call_solve_by_phone(
                call=call, by=request.user, now=timezone.now(), **form.cleaned_data
            )
        except DomainError as error:
            domain_errors_to_form(form, error)
        else:
            return redirect("intake:detail", pk=call.pk)
    return _render_detail(request, call, solve_form=form, status=400)


@login_required
@require_POST
@handles_domain_errors
def call_open_work_order(request: HttpRequest, pk: int) -> HttpResponse:
    require(request.user, Cap.TAKE_CALLS)
    call = get_in_scope(visible_calls(request.user), pk=pk)
    form = OpenOrderForm(request.POST, may_choose_category=can(request.user, Cap.OVERRIDE_CATEGORY))
    if form.is_valid():
        try:
            order = services.call_open_work_order(
                call=call,
                by=request.user,
                now=timezone.now(),
                kind=form.cleaned_data["kind"],
                category=form.cleaned_data.get("category") or None,
                category_reason=form.cleaned_data.get("category_reason", ""),
            )
        except DomainError as error:
            domain_errors_to_form(form, error)
        else:
            return redirect("workorders:detail", pk=order.pk)
    return _render_detail(request, call, order_form=form, status=400)


@login_required
@handles_domain_errors
def call_list(request: HttpRequest) -> HttpResponse:
    """The call register (叫修登记簿), newest first."""
    require(request.user, Cap.VIEW)
    filters = CallFilterForm(request.GET or None)
    filters.is_valid()
    values = getattr(filters, "cleaned_data", {})
    qs = visible_calls(request.user)
    if values.get("channel"):
        qs = qs.filter(channel=values["channel"])
    if values.get("outcome"):
        qs = qs.filter(outcome=values["outcome"])
    if values.get("day"):
        start = timezone.make_aware(dt.datetime.combine(values["day"], dt.time.min))
        qs = qs.filter(received_at__gte=start, received_at__lt=start + dt.timedelta(days=1))
    if values.get("repeat"):
        qs = qs.filter(is_repeat=True)
    return render(
        request, "intake/call_list.html", {"filters": filters, "page": paginate(request, qs)}
    )
