"""Maintenance contracts and the three-guarantee table; the warranty panel of a work order.

Views parse with a form, ask the policy, read through scoped selectors and call one service.
"""

from datetime import timedelta
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from aftersales.accounts.policy import Cap, can, get_in_scope, require
from aftersales.core.exceptions import DomainError, Forbidden, NotFound
from aftersales.core.views import domain_errors_to_form, handles_domain_errors, paginate
from aftersales.customers.models import add_months
from aftersales.customers.selectors import customers_matching, visible_customers, visible_units
from aftersales.workorders.models import State, WorkOrder

from . import selectors, services
from .conf import renewal_notice_days
from .forms import (
    CancelContractForm,
    ContractFilterForm,
    ContractForm,
    CustomerSearchForm,
    DeleteRuleForm,
    LetterSentForm,
    NoticeAssignForm,
    NoticeCloseForm,
    NoticeFilterForm,
    OverrideCategoryForm,
    RenewForm,
    ThreeGuaranteeRuleForm,
)
from .models import MaintenanceContract, RenewalNotice, ThreeGuaranteeRule
from .rules import basis_text  # noqa: F401 — for the work-order audit rows


def order_panel(request: HttpRequest, order: WorkOrder, form: Any = None) -> dict[str, Any]:
    """What the work order page shows of the warranty: the category's reason, the
    three-guarantee remedies of today, and the override form for those who may use it."""
    today = timezone.localdate()
    may_override = can(request.user, Cap.OVERRIDE_CATEGORY) and order.state not in (
        State.CLOSED,
        State.CANCELLED,
    )
    return {
        "entitlement": selectors.entitlement(order.unit, today),
        "today": today,
        "override_form": (form or OverrideCategoryForm(auto_id="id_category_%s"))
        if may_override
        else None,
    }


# Contracts ---------------------------------------------------------------------------------------


def _contract(request: HttpRequest, pk: int) -> MaintenanceContract:
    return get_in_scope(selectors.visible_contracts(request.user), pk=pk)


@login_required
@handles_domain_errors
def contract_list(request: HttpRequest) -> HttpResponse:
    require(request.user, Cap.VIEW)
    filters = ContractFilterForm(request.GET or None)
    filters.is_valid()
    values = getattr(filters, "cleaned_data", {})
    today = timezone.localdate()
    qs = selectors.filter_contracts(
        selectors.visible_contracts(request.user),
        today=today,
        customer=values.get("customer"),
        status=values.get("status", ""),
        expiring=bool(values.get("expiring")),
        query=values.get("q", ""),
    )
    return render(
        request,
        "warranty/contract_list.html",
        {
            "filters": filters,
            "page": paginate(request, qs),
            "today": today,
            "can_edit": can(request.user, Cap.EDIT_CONTRACTS),
        },
    )


@login_required
@handles_domain_errors
def contract_create(request: HttpRequest) -> HttpResponse:
    """First the customer (found by phone or name), then his units and the terms."""
    require(request.user, Cap.EDIT_CONTRACTS)
    customer_id = request.GET.get("customer") or request.POST.get("customer")
    if not customer_id or not str(customer_id).isdigit():
        search = CustomerSearchForm(request.GET or None)
        query = search.cleaned_data["q"] if search.is_valid() else ""
        found = customers_matching(request.user, query)[:20] if query.strip() else []
        return render(
            request, "warranty/contract_customer.html", {"search": search, "found": found}
        )
    customer = get_in_scope(visible_customers(request.user), pk=int(customer_id))
    units = visible_units(request.user).filter(customer=customer)
    today = timezone.localdate()
    form = ContractForm(
        request.POST or None,
        units=units,
        initial={
            "start": today,
            "end": add_months(today, 12) - timedelta(days=1),
            "visits_per_year": 2,
            "units": list(units.values_list("pk", flat=True)) if units.count() == 1 else [],
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            contract = services.contract_create(
                by=request.user, customer=customer, now=timezone.now(), **form.cleaned_data
            )
        except (NotFound, Forbidden):
            raise
        except DomainError as error:
            domain_errors_to_form(form, error)
        else:
            messages.success(
                request, _("Contract %(number)s was filed.") % {"number": contract.number}
            )
            return redirect("warranty:contract_detail", pk=contract.pk)
    return render(
        request,
        "warranty/contract_form.html",
        {"form": form, "customer": customer},
        status=400 if form.errors else 200,
    )


def _detail(
    request: HttpRequest, contract: MaintenanceContract, *, status: int = 200, **forms: Any
) -> HttpResponse:
    """The contract page, with its renewal notice and the forms of what the user may do."""
    today = timezone.localdate()
    may_edit = can(request.user, Cap.EDIT_CONTRACTS)
    notice = selectors.notice_of(contract)
    notice_forms: dict[str, Any] = {}
    if notice is not None and notice.is_open and may_edit:
        notice_forms = {
            "assign_form": forms.get("assign_form")
            or NoticeAssignForm(
                assignees=selectors.renewal_assignees(contract),
                initial={"assignee": notice.assigned_to_id},
                auto_id="id_assign_%s",
            ),
            "letter_form": forms.get("letter_form")
            or LetterSentForm(
                initial={"sent_on": notice.letter_sent_on or today}, auto_id="id_letter_%s"
            ),
            "close_form": forms.get("close_form") or NoticeCloseForm(auto_id="id_close_%s"),
        }
    return render(
        request,
        "warranty/contract_detail.html",
        {
            "contract": contract,
            "today": today,
            "renewal": MaintenanceContract.objects.filter(renewal_of=contract).first(),
            "can_edit": may_edit,
            "cancel_form": forms.get("cancel_form") or CancelContractForm(),
            "expiring": contract.expires_within(today, renewal_notice_days()),
            "notice_days": renewal_notice_days(),
            "notice": notice,
            **notice_forms,
        },
        status=status,
    )


@login_required
@handles_domain_errors
def contract_detail(request: HttpRequest, pk: int) -> HttpResponse:
    require(request.user, Cap.VIEW)
    return _detail(request, _contract(request, pk))


@login_required
@handles_domain_errors
def contract_renew(request: HttpRequest, pk: int) -> HttpResponse:
    require(request.user, Cap.EDIT_CONTRACTS)
    contract = _contract(request, pk)
    next_start = contract.end + timedelta(days=1)
    form = RenewForm(
        request.POST or None,
        initial={
            "end": next_start + (contract.end - contract.start),
            "annual_fee": contract.annual_fee,
            "visits_per_year": contract.visits_per_year,
            "arrival_hours": contract.arrival_hours,
            "notes": contract.notes,
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            renewal = services.contract_renew(
                by=request.user, contract=contract, now=timezone.now(), **form.cleaned_data
            )
        except (NotFound, Forbidden):
            raise
        except DomainError as error:
            domain_errors_to_form(form, error)
        else:
            messages.success(
                request, _("Renewed as contract %(number)s.") % {"number": renewal.number}
            )
            return redirect("warranty:contract_detail", pk=renewal.pk)
    return render(
        request,
        "warranty/contract_renew.html",
        {"form": form, "contract": contract, "next_start": next_start},
        status=400 if form.errors else 200,
    )


@login_required
@require_POST
@handles_domain_errors
def contract_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    require(request.user, Cap.EDIT_CONTRACTS)
    contract = _contract(request, pk)
    form = CancelContractForm(request.POST)
    if form.is_valid():
        try:
            services.contract_cancel(
                by=request.user,
                contract=contract,
                reason=form.cleaned_data["reason"],
                now=timezone.now(),
            )
        except (NotFound, Forbidden):
            raise
        except DomainError as error:
            domain_errors_to_form(form, error)
        else:
            messages.success(request, _("The contract was cancelled."))
            return redirect("warranty:contract_detail", pk=contract.pk)
    return _detail(request, contract, status=400, cancel_form=form)


# Renewal notices (004 (二十)) ----------------------------------------------------------------------


def _notice(request: HttpRequest, pk: int) -> RenewalNotice:
    return get_in_scope(selectors.visible_notices(request.user), pk=pk)


@login_required
@handles_domain_errors
def renewal_notices(request: HttpRequest) -> HttpResponse:
    """The contracts about to end and who pursues their renewal: open ones first, by end date."""
    require(request.user, Cap.VIEW)
    filters = NoticeFilterForm(request.GET or None)
    filters.is_valid()
    values = getattr(filters, "cleaned_data", {})
    qs = selectors.filter_notices(
        selectors.visible_notices(request.user),
        status=values.get("status", ""),
        assigned_to=request.user if values.get("mine") else None,
    )
    page = paginate(request, qs)
    today = timezone.localdate()
    for notice in page:
        notice.days_left = (notice.due - today).days
    return render(
        request,
        "warranty/notice_list.html",
        {
            "filters": filters,
            "page": page,
            "today": today,
            "notice_days": renewal_notice_days(),
        },
    )


@login_required
@handles_domain_errors
def renewal_notice_letter(request: HttpRequest, pk: int) -> HttpResponse:
    """The expiry notice to the customer on paper (保养到期通知书, 004 (二十))."""
    require(request.user, Cap.VIEW)
    notice = _notice(request, pk)
    contract = (
        selectors.visible_contracts(request.user)
        .select_related("branch")
        .get(pk=notice.contract_id)
    )
    return render(
        request,
        "warranty/notice_letter.html",
        {
            "notice": notice,
            "contract": contract,
            "next_start": contract.end + timedelta(days=1),
            "dated": notice.letter_sent_on or timezone.localdate(),
        },
    )


def _notice_move(form_class: type, form_name: str, run) -> Any:
    """A POST on a renewal notice: parse, call the service, back to the contract page; a refusal
    is shown on the contract page next to its field."""

    @login_required
    @require_POST
    @handles_domain_errors
    def view(request: HttpRequest, pk: int) -> HttpResponse:
        require(request.user, Cap.EDIT_CONTRACTS)
        notice = _notice(request, pk)
        contract = _contract(request, notice.contract_id)
        kwargs: dict[str, Any] = {}
        if form_class is NoticeAssignForm:
            kwargs["assignees"] = selectors.renewal_assignees(contract)
        form = form_class(request.POST, **kwargs)
        if form.is_valid():
            try:
                message = run(request, notice, form.cleaned_data)
            except (NotFound, Forbidden):
                raise
            except DomainError as error:
                domain_errors_to_form(form, error)
            else:
                messages.success(request, message)
                return redirect(
                    reverse("warranty:contract_detail", args=[contract.pk]) + "#renewal"
                )
        return _detail(request, contract, status=400, **{form_name: form})

    return view


def _assign(request: HttpRequest, notice: RenewalNotice, data: dict[str, Any]) -> str:
    notice = services.renewal_notice_assign(
        by=request.user, notice=notice, assignee=data["assignee"], now=timezone.now()
    )
    return _("%(user)s pursues the renewal.") % {"user": notice.assigned_to}


def _letter_sent(request: HttpRequest, notice: RenewalNotice, data: dict[str, Any]) -> str:
    services.renewal_notice_letter_sent(
        by=request.user, notice=notice, sent_on=data["sent_on"], now=timezone.now()
    )
    return _("The expiry notice is recorded as sent.")


def _close(request: HttpRequest, notice: RenewalNotice, data: dict[str, Any]) -> str:
    services.renewal_notice_close(
        by=request.user, notice=notice, reason=data["reason"], now=timezone.now()
    )
    return _("The renewal notice was closed: the customer declines.")


renewal_notice_assign = _notice_move(NoticeAssignForm, "assign_form", _assign)
renewal_notice_letter_sent = _notice_move(LetterSentForm, "letter_form", _letter_sent)
renewal_notice_close = _notice_move(NoticeCloseForm, "close_form", _close)


# Three guarantees --------------------------------------------------------------------------------


def _rules_page(request: HttpRequest, *, new_form: Any = None, failed: Any = None, status=200):
    rows = selectors.three_guarantee_rules()
    may_edit = can(request.user, Cap.EDIT_CATALOG)
    groups: dict[Any, list] = {}
    for row in rows:
        form = None
        if may_edit:
            if failed is not None and failed.data.get("id") == str(row.pk):
                form = failed
            else:
                form = ThreeGuaranteeRuleForm(
                    initial={
                        "id": row.pk,
                        "category": row.category_id,
                        "days": row.days,
                        "remedies": row.remedies,
                    },
                    auto_id=f"id_rule{row.pk}_%s",
                )
        groups.setdefault(row.category, []).append((row, form))
    return render(
        request,
        "warranty/three_guarantees.html",
        {
            "groups": sorted(groups.items(), key=lambda item: (item[0] is not None, str(item[0]))),
            "can_edit": may_edit,
            "new_form": new_form or (ThreeGuaranteeRuleForm() if may_edit else None),
        },
        status=status,
    )


@login_required
@handles_domain_errors
def three_guarantees(request: HttpRequest) -> HttpResponse:
    """The three-guarantee table (三包, 002 二(1)): per category, days since purchase → remedies."""
    require(request.user, Cap.VIEW)
    return _rules_page(request)


@login_required
@require_POST
@handles_domain_errors
def three_guarantee_save(request: HttpRequest) -> HttpResponse:
    require(request.user, Cap.EDIT_CATALOG)
    form = ThreeGuaranteeRuleForm(request.POST)
    rule_id = request.POST.get("id")
    if form.is_valid():
        rule = None
        if form.cleaned_data["id"]:
            rule = get_in_scope(ThreeGuaranteeRule.objects.all(), pk=form.cleaned_data["id"])
        try:
            services.three_guarantee_rule_save(
                by=request.user,
                rule=rule,
                category=form.cleaned_data["category"],
                days=form.cleaned_data["days"],
                remedies=form.cleaned_data["remedies"],
            )
        except (NotFound, Forbidden):
            raise
        except DomainError as error:
            domain_errors_to_form(form, error)
        else:
            messages.success(request, _("The three-guarantee table was saved."))
            return redirect("warranty:three_guarantees")
    messages.error(request, _("The row was not saved: see the message next to it."))
    if rule_id:
        return _rules_page(request, failed=form, status=400)
    return _rules_page(request, new_form=form, status=400)


@login_required
@require_POST
@handles_domain_errors
def three_guarantee_delete(request: HttpRequest) -> HttpResponse:
    require(request.user, Cap.EDIT_CATALOG)
    form = DeleteRuleForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose the row to delete."))
        return _rules_page(request, status=400)
    rule = get_in_scope(ThreeGuaranteeRule.objects.all(), pk=form.cleaned_data["id"])
    services.three_guarantee_rule_delete(by=request.user, rule=rule)
    messages.success(request, _("The row was deleted."))
    return redirect("warranty:three_guarantees")
