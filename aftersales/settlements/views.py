"""The outlet statements: list, drawing up a month, a statement with its lines, the paper copy,
confirm and mark paid; and the outlet rates.

Views parse with a form, ask the policy, read through scoped selectors and call one service.
"""

import datetime as dt
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from aftersales.accounts.policy import Cap, get_in_scope, require
from aftersales.core.exceptions import DomainError
from aftersales.core.views import domain_errors_to_form, handles_domain_errors, paginate

from . import rules, selectors, services
from .forms import BuildForm, PayForm, RateEditForm, RateFilterForm, RateForm, SettlementFilterForm
from .models import OutletSettlement


def _last_month() -> dt.date:
    return rules.first_of_month(rules.first_of_month(timezone.localdate()) - dt.timedelta(days=1))


@login_required
@handles_domain_errors
def settlement_list(request: HttpRequest) -> HttpResponse:
    """Every outlet's monthly statements, newest month first."""
    require(request.user, Cap.SETTLE_OUTLETS)
    filters = SettlementFilterForm(request.GET or None, outlets=selectors.outlets_for(request.user))
    filters.is_valid()
    values = getattr(filters, "cleaned_data", {})
    qs = selectors.settlements_filtered(
        request.user,
        month=values.get("month"),
        outlet=values["outlet"].pk if values.get("outlet") else None,
        status=values.get("status") or "",
    )
    template = "settlements/settlement_list.html"
    if request.htmx and not request.htmx.boosted:
        template += "#results"
    return render(request, template, {"filters": filters, "page": paginate(request, qs)})


@login_required
@handles_domain_errors
def settlement_build(request: HttpRequest) -> HttpResponse:
    """Draw up a month's statement for one outlet, or for every outlet with jobs in it."""
    require(request.user, Cap.SETTLE_OUTLETS)
    outlets = selectors.outlets_for(request.user)
    form = BuildForm(request.POST or None, outlets=outlets, initial={"month": _last_month()})
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            month, outlet = form.cleaned_data["month"], form.cleaned_data["outlet"]
            by, now = request.user, timezone.now()
            try:
                if outlet is not None:
                    settlement = services.settlement_build(
                        by=by, now=now, outlet=outlet, month=month
                    )
                    return redirect("settlements:detail", pk=settlement.pk)
                built = services.settlement_build_all(by=by, now=now, month=month)
            except DomainError as error:
                domain_errors_to_form(form, error)
            else:
                if built:
                    messages.success(
                        request,
                        _("%(count)d statement(s) drawn up for %(month)s.")
                        % {"count": len(built), "month": month.strftime("%Y-%m")},
                    )
                    url = reverse("settlements:list")
                    return redirect(f"{url}?month={month:%Y-%m}")
                form.add_error(
                    "month",
                    _("No outlet has jobs of %(month)s waiting to be settled.")
                    % {"month": month.strftime("%Y-%m")},
                )
    return render(request, "settlements/build.html", {"form": form}, status=status)


def _detail(
    request: HttpRequest,
    settlement: OutletSettlement,
    *,
    pay_form: PayForm | None = None,
    refusal: str = "",
    status: int = 200,
) -> HttpResponse:
    return render(
        request,
        "settlements/settlement_detail.html",
        {
            "settlement": settlement,
            "lines": selectors.settlement_lines(settlement),
            "pay_form": pay_form
            or PayForm(initial={"paid_on": timezone.localdate()}, prefix="pay"),
            "refusal": refusal,
        },
        status=status,
    )


def _settlement(request: HttpRequest, pk: int) -> OutletSettlement:
    return get_in_scope(selectors.visible_settlements(request.user), pk=pk)


@login_required
@handles_domain_errors
def settlement_detail(request: HttpRequest, pk: int) -> HttpResponse:
    require(request.user, Cap.SETTLE_OUTLETS)
    return _detail(request, _settlement(request, pk))


@login_required
@handles_domain_errors
def settlement_print(request: HttpRequest, pk: int) -> HttpResponse:
    """The statement on paper, with a signature box for each party."""
    require(request.user, Cap.SETTLE_OUTLETS)
    settlement = _settlement(request, pk)
    return render(
        request,
        "settlements/settlement_print.html",
        {
            "settlement": settlement,
            "lines": selectors.settlement_lines(settlement),
        },
    )


def _move(name: str):
    @login_required
    @require_POST
    @handles_domain_errors
    def view(request: HttpRequest, pk: int) -> HttpResponse:
        require(request.user, Cap.SETTLE_OUTLETS)
        settlement = _settlement(request, pk)
        by, now = request.user, timezone.now()
        pay_form = None
        try:
            if name == "rebuild":
                services.settlement_rebuild(by=by, now=now, settlement=settlement)
                messages.success(request, _("The draft was drawn up again."))
            elif name == "confirm":
                services.settlement_confirm(by=by, now=now, settlement=settlement)
                messages.success(request, _("The statement is confirmed."))
            else:
                pay_form = PayForm(request.POST, prefix="pay")
                if not pay_form.is_valid():
                    settlement.refresh_from_db()
                    return _detail(request, settlement, pay_form=pay_form, status=400)
                services.settlement_mark_paid(
                    by=by,
                    now=now,
                    settlement=settlement,
                    paid_on=pay_form.cleaned_data["paid_on"],
                    reference=pay_form.cleaned_data["reference"],
                )
                messages.success(request, _("The statement is marked paid."))
        except DomainError as error:
            settlement.refresh_from_db()
            if pay_form is not None and error.field in pay_form.fields:
                domain_errors_to_form(pay_form, error)
                return _detail(request, settlement, pay_form=pay_form, status=400)
            return _detail(request, settlement, refusal=error.message, status=400)
        return redirect("settlements:detail", pk=settlement.pk)

    view.__name__ = f"settlement_{name}"
    return view


settlement_rebuild = _move("rebuild")
settlement_confirm = _move("confirm")
settlement_pay = _move("pay")


# Rates ---------------------------------------------------------------------------------------


@login_required
@handles_domain_errors
def rate_list(request: HttpRequest) -> HttpResponse:
    """The rates per job, by outlet and category, each from the day it took effect."""
    require(request.user, Cap.SETTLE_OUTLETS)
    filters = RateFilterForm(request.GET or None, outlets=selectors.outlets_for(request.user))
    filters.is_valid()
    values: dict[str, Any] = getattr(filters, "cleaned_data", {})
    qs = selectors.rates_filtered(
        request.user,
        outlet=values["outlet"].pk if values.get("outlet") else None,
        service_category=values.get("service_category") or "",
    )
    return render(
        request, "settlements/rate_list.html", {"filters": filters, "page": paginate(request, qs)}
    )


@login_required
@handles_domain_errors
def rate_create(request: HttpRequest) -> HttpResponse:
    require(request.user, Cap.SETTLE_OUTLETS)
    form = RateForm(request.POST or None, outlets=selectors.outlets_for(request.user))
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                services.outlet_rate_create(
                    by=request.user, now=timezone.now(), **form.cleaned_data
                )
            except DomainError as error:
                domain_errors_to_form(form, error)
            else:
                messages.success(request, _("The rate is saved."))
                return redirect("settlements:rates")
    return render(
        request, "settlements/rate_form.html", {"form": form, "rate": None}, status=status
    )


@login_required
@handles_domain_errors
def rate_edit(request: HttpRequest, pk: int) -> HttpResponse:
    require(request.user, Cap.SETTLE_OUTLETS)
    rate = get_in_scope(selectors.visible_rates(request.user), pk=pk)
    initial = {"amount": rate.amount, "suburb_allowance": rate.suburb_allowance, "note": rate.note}
    form = RateEditForm(request.POST or None, initial=initial)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                services.outlet_rate_update(
                    by=request.user, now=timezone.now(), rate=rate, **form.cleaned_data
                )
            except DomainError as error:
                domain_errors_to_form(form, error)
            else:
                messages.success(request, _("The rate is saved."))
                return redirect("settlements:rates")
    return render(
        request, "settlements/rate_form.html", {"form": form, "rate": rate}, status=status
    )
