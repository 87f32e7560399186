"""Loaner units (替补品): the register, a loaner's page with its loans, the loans out, and the
panel on a work order's page from which a loaner is lent to its customer.

Views parse with a form, ask the policy, read through scoped selectors and call one service.
"""

from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from aftersales.accounts.policy import Cap, can, get_in_scope, require
from aftersales.core.exceptions import DomainError
from aftersales.core.views import domain_errors_to_form, handles_domain_errors, paginate
from aftersales.workorders.selectors import visible_work_orders

from . import selectors, services
from .forms import LendForm, LoanerFilterForm, LoanerForm, RepairedForm, ReturnForm


def _next_or(request: HttpRequest, fallback: str, **kwargs) -> HttpResponse:
    target = request.POST.get("next") or ""
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return redirect(target)
    return redirect(fallback, **kwargs)


@login_required
@handles_domain_errors
def loaner_list(request: HttpRequest) -> HttpResponse:
    require(request.user, Cap.VIEW)
    filters = LoanerFilterForm(request.GET or None)
    filters.is_valid()
    values = getattr(filters, "cleaned_data", {})
    qs = selectors.visible_loaners(request.user)
    if values.get("available") in {"yes", "no"}:
        qs = qs.filter(is_available=values["available"] == "yes")
    if (values.get("q") or "").strip():
        q = values["q"].strip()
        qs = qs.filter(Q(asset_number__icontains=q) | Q(serial__icontains=q))
    return render(
        request,
        "loaners/loaner_list.html",
        {
            "filters": filters,
            "page": paginate(request, qs),
            "can_manage": can(request.user, Cap.MANAGE_LOANERS),
        },
    )


@login_required
@handles_domain_errors
def loaner_create(request: HttpRequest) -> HttpResponse:
    require(request.user, Cap.MANAGE_LOANERS)
    form = LoanerForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            loaner = services.loaner_register(by=request.user, **form.cleaned_data)
        except DomainError as error:
            domain_errors_to_form(form, error)
        else:
            return redirect("loaners:detail", pk=loaner.pk)
    return render(request, "loaners/loaner_form.html", {"form": form})


def _detail_page(
    request: HttpRequest, loaner, *, repaired_form=None, status: int = 200
) -> HttpResponse:
    loans = list(selectors.loans_of_loaner(loaner))
    return render(
        request,
        "loaners/loaner_detail.html",
        {
            "loaner": loaner,
            "loans": loans,
            "open_loan": next((loan for loan in loans if loan.is_open), None),
            "can_manage": can(request.user, Cap.MANAGE_LOANERS),
            "repaired_form": repaired_form or RepairedForm(),
            "return_form": ReturnForm(),
            "now": timezone.now(),
        },
        status=status,
    )


@login_required
@handles_domain_errors
def loaner_detail(request: HttpRequest, pk: int) -> HttpResponse:
    require(request.user, Cap.VIEW)
    return _detail_page(request, get_in_scope(selectors.visible_loaners(request.user), pk=pk))


@login_required
@require_POST
@handles_domain_errors
def loaner_repaired(request: HttpRequest, pk: int) -> HttpResponse:
    require(request.user, Cap.MANAGE_LOANERS)
    loaner = get_in_scope(selectors.visible_loaners(request.user), pk=pk)
    form = RepairedForm(request.POST)
    if form.is_valid():
        try:
            services.loaner_repaired(by=request.user, loaner=loaner, **form.cleaned_data)
        except DomainError as error:
            domain_errors_to_form(form, error)
        else:
            return redirect("loaners:detail", pk=loaner.pk)
    loaner.refresh_from_db()
    return _detail_page(request, loaner, repaired_form=form, status=400)


@login_required
@handles_domain_errors
def loans_out(request: HttpRequest) -> HttpResponse:
    """Loaners with customers now; `?overdue=1` keeps those past their expected return."""
    require(request.user, Cap.VIEW)
    now = timezone.now()
    overdue_only = request.GET.get("overdue") == "1"
    qs = selectors.loans_out(request.user, now=now, overdue_only=overdue_only)
    return render(
        request,
        "loaners/loans_out.html",
        {"page": paginate(request, qs), "now": now, "overdue_only": overdue_only},
    )


@login_required
@handles_domain_errors
def order_panel(request: HttpRequest, pk: int) -> HttpResponse:
    """The loaner part of a work order's page, loaded into it with HTMX."""
    require(request.user, Cap.VIEW)
    order = get_in_scope(visible_work_orders(request.user), pk=pk)
    can_manage = can(request.user, Cap.MANAGE_LOANERS)
    loans = list(selectors.loans_of_order(order))
    return render(
        request,
        "loaners/_order_panel.html",
        {
            "order": order,
            "loans": loans,
            "can_manage": can_manage,
            "lend_form": (
                LendForm(loaners=selectors.available_loaners_for(order))
                if can_manage and order.is_open
                else None
            ),
            "return_form": ReturnForm(),
            "now": timezone.now(),
        },
    )


@login_required
@handles_domain_errors
def loaner_lend(request: HttpRequest, pk: int) -> HttpResponse:
    """Lend a loaner to the customer of work order `pk`; the form page is the no-script way and
    where a refused lending is explained."""
    require(request.user, Cap.MANAGE_LOANERS)
    order = get_in_scope(visible_work_orders(request.user), pk=pk)
    form = LendForm(request.POST or None, loaners=selectors.available_loaners_for(order))
    if request.method == "POST" and form.is_valid():
        try:
            services.loaner_lend(
                by=request.user,
                now=timezone.now(),
                customer=order.customer,
                work_order=order,
                **form.cleaned_data,
            )
        except DomainError as error:
            domain_errors_to_form(form, error)
        else:
            return redirect("workorders:detail", pk=order.pk)
    status = 400 if request.method == "POST" else 200
    return render(request, "loaners/lend_form.html", {"form": form, "order": order}, status=status)


@login_required
@handles_domain_errors
def loan_return(request: HttpRequest, pk: int) -> HttpResponse:
    require(request.user, Cap.MANAGE_LOANERS)
    loan = get_in_scope(selectors.visible_loans(request.user), pk=pk)
    form = ReturnForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.loaner_return(
                by=request.user, now=timezone.now(), loan=loan, **form.cleaned_data
            )
        except DomainError as error:
            domain_errors_to_form(form, error)
        else:
            return _next_or(request, "loaners:detail", pk=loan.loaner_id)
    status = 400 if request.method == "POST" else 200
    return render(request, "loaners/return_form.html", {"form": form, "loan": loan}, status=status)
