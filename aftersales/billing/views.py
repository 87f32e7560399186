"""Billing screens: price list, quote and consent (reached from the work order), invoice with
payments and discounts, and finance's daily cash hand-over.

Views parse with a form, read through the scoped selectors and call one service; the services
decide what is allowed. Another branch's order is not found.
"""

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from aftersales.accounts.models import Branch, User
from aftersales.accounts.policy import Cap, can, get_in_scope, require
from aftersales.core.exceptions import DomainError, Forbidden, NotFound
from aftersales.core.views import domain_errors_to_form, handles_domain_errors, paginate
from aftersales.workorders.models import WorkOrder
from aftersales.workorders.selectors import visible_work_orders
from aftersales.workorders.services import signature_from_data_url

from . import forms, rules, selectors, services
from .models import DiscountRequest, Quote


def _order(request: HttpRequest, pk: int) -> WorkOrder:
    return get_in_scope(visible_work_orders(request.user), pk=pk)


def _first_error(form: Any) -> str:
    for errors in form.errors.values():
        if errors:
            return str(errors[0])
    return _("The form has errors.")


# Price list ----------------------------------------------------------------------------------


@login_required
@handles_domain_errors
def price_list(request: HttpRequest) -> HttpResponse:
    require(request.user, Cap.VIEW)
    form = forms.PriceFilterForm(request.GET or None)
    data = form.cleaned_data if form.is_valid() else {}
    qs = selectors.price_items(request.user, q=data.get("q", ""), kind=data.get("kind", ""))
    return render(request, "billing/price_list.html", {"form": form, "page": paginate(request, qs)})


@login_required
@handles_domain_errors
def price_create(request: HttpRequest) -> HttpResponse:
    require(request.user, Cap.EDIT_PRICES)
    form = forms.PriceItemForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            item = services.price_item_create(by=request.user, **form.cleaned_data)
        except DomainError as error:
            domain_errors_to_form(form, error)
        else:
            messages.success(request, _("%(item)s was added to the price list.") % {"item": item})
            return redirect("billing:prices")
    return render(
        request, "billing/price_form.html", {"form": form}, status=400 if form.errors else 200
    )


# Quote and consent ---------------------------------------------------------------------------


def _quote_context(request: HttpRequest, order: WorkOrder, **extra: Any) -> dict:
    quotes = selectors.quotes_of(order)
    current = quotes[0] if quotes else None
    return {
        "order": order,
        "quotes": quotes,
        "current": current,
        "awaiting": current if current and current.status == Quote.Status.AWAITING else None,
        "gate": rules.consent_missing(order),
        **extra,
    }


@login_required
@handles_domain_errors
def quote(request: HttpRequest, pk: int) -> HttpResponse:
    """The technician's quote for paid work, on his phone: fault, lines, expected time."""
    order = _order(request, pk)
    require(request.user, Cap.QUOTE)
    form = forms.QuoteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            made = services.quote_create(
                order=order,
                by=request.user,
                now=timezone.now(),
                fault=form.cleaned_data["fault"],
                expected_hours=form.cleaned_data["expected_hours"],
                lines=form.lines(),
            )
        except (NotFound, Forbidden):
            raise
        except DomainError as error:
            domain_errors_to_form(form, error)
        else:
            messages.success(
                request,
                _("Quote v%(version)s: ¥%(total)s. Now ask the customer to consent.")
                % {"version": made.version, "total": made.total},
            )
            return redirect("billing:consent", pk=order.pk)
    return render(
        request,
        "billing/quote.html",
        _quote_context(request, order, form=form),
        status=400 if form.errors else 200,
    )


def _consent_view(
    request: HttpRequest,
    pk: int,
    *,
    capability: str,
    form_class: type,
    save: Callable[[Quote, User, dict], Any],
    template: str,
) -> HttpResponse:
    order = _order(request, pk)
    require(request.user, capability)
    form = form_class(request.POST or None)
    current = selectors.current_quote(order)
    if request.method == "POST" and form.is_valid():
        try:
            if current is None:
                raise DomainError(_("There is no quote to consent to."), field="quote")
            save(current, request.user, form.cleaned_data)
        except (NotFound, Forbidden):
            raise
        except DomainError as error:
            domain_errors_to_form(form, error)
        else:
            messages.success(
                request, _("%(number)s: the customer's consent is recorded.") % {"number": order}
            )
            return redirect("workorders:detail", pk=order.pk)
    return render(
        request,
        template,
        _quote_context(request, order, form=form, decline_form=forms.DeclineForm()),
        status=400 if form.errors else 200,
    )


@login_required
@handles_domain_errors
def consent(request: HttpRequest, pk: int) -> HttpResponse:
    """The customer signs the quote on the technician's screen."""
    return _consent_view(
        request,
        pk,
        capability=Cap.QUOTE,
        form_class=forms.SignedConsentForm,
        save=lambda quote, by, data: services.quote_consent_signature(
            quote=quote,
            by=by,
            now=timezone.now(),
            signer_name=data["signer_name"],
            signature_png=signature_from_data_url(data["signature"]),
        ),
        template="billing/consent.html",
    )


@login_required
@handles_domain_errors
def consent_phone(request: HttpRequest, pk: int) -> HttpResponse:
    """An agent records the customer's consent given by phone."""
    return _consent_view(
        request,
        pk,
        capability=Cap.TAKE_CALLS,
        form_class=forms.PhoneConsentForm,
        save=lambda quote, by, data: services.quote_consent_phone(
            quote=quote, by=by, now=timezone.now(), signer_name=data["signer_name"]
        ),
        template="billing/consent_phone.html",
    )


@login_required
@require_POST
@handles_domain_errors
def decline(request: HttpRequest, pk: int) -> HttpResponse:
    order = _order(request, pk)
    require(request.user, Cap.QUOTE)
    form = forms.DeclineForm(request.POST)
    current = selectors.current_quote(order)
    try:
        if not form.is_valid():
            raise DomainError(_first_error(form), field="note")
        if current is None:
            raise DomainError(_("There is no quote to decline."), field="quote")
        services.quote_decline(
            quote=current, by=request.user, now=timezone.now(), note=form.cleaned_data["note"]
        )
    except (NotFound, Forbidden):
        raise
    except DomainError as error:
        messages.error(request, error.message)
        return redirect("billing:consent", pk=order.pk)
    messages.success(request, _("The customer declined: complete the visit without repair."))
    return redirect("workorders:detail", pk=order.pk)


# Invoice, payments, discounts ----------------------------------------------------------------


@login_required
@handles_domain_errors
def invoice(request: HttpRequest, pk: int) -> HttpResponse:
    order = _order(request, pk)
    require(request.user, Cap.VIEW)
    live = selectors.live_invoice_full(order)
    discounts = list(selectors.discounts_of(live)) if live else []
    pending = next((d for d in discounts if d.status == DiscountRequest.Status.PENDING), None)
    return render(
        request,
        "billing/invoice.html",
        {
            "order": order,
            "invoice": live,
            "current": selectors.current_quote(order),
            "too_early": rules.invoice_too_early(order) if live is None else None,
            "payments": selectors.payments_of(live) if live else [],
            "discounts": discounts,
            "pending": pending,
            "may_decide": pending is not None
            and can(request.user, Cap.APPROVE_DISCOUNTS)
            and pending.percent <= rules.discount_limit(request.user),
            "payment_form": forms.PaymentForm(
                initial={"amount": live.outstanding if live else None}
            ).for_order(order),
            "discount_form": forms.DiscountForm(auto_id="id_discount_%s"),
            "decide_form": forms.DecideForm(),
            "voided": [i for i in selectors.invoices_of(order) if i.status == "void"],
        },
    )


@login_required
@handles_domain_errors
def invoice_print(request: HttpRequest, pk: int) -> HttpResponse:
    """The invoice as the customer keeps it on paper: laid out for A5/A4 and the print button.
    `?invoice=<id>` prints an earlier, voided one of the same job, marked void."""
    order = _order(request, pk)
    require(request.user, Cap.VIEW)
    chosen = selectors.live_invoice(order)
    wanted = request.GET.get("invoice", "")
    if wanted.isdigit():
        chosen = next((i for i in selectors.invoices_of(order) if i.pk == int(wanted)), None)
    return render(
        request,
        "billing/invoice_print.html",
        {
            "order": order,
            "invoice": selectors.invoice_for_print(chosen) if chosen else None,
        },
    )


@login_required
@handles_domain_errors
def invoice_void(request: HttpRequest, pk: int) -> HttpResponse:
    """Finance voids an invoice on which nothing was paid, with the reason; the job may then be
    invoiced anew."""
    order = _order(request, pk)
    require(request.user, Cap.FINANCE)
    live = selectors.live_invoice_full(order)
    form = forms.VoidForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            voided = services.invoice_void(
                invoice=_need(live),
                by=request.user,
                now=timezone.now(),
                reason=form.cleaned_data["reason"],
            )
        except (NotFound, Forbidden):
            raise
        except DomainError as error:
            domain_errors_to_form(form, error)
        else:
            messages.success(
                request,
                _("Invoice %(number)s is void. The job can be invoiced again.")
                % {"number": voided.number},
            )
            return redirect("billing:invoice", pk=order.pk)
    return render(
        request,
        "billing/invoice_void.html",
        {"order": order, "invoice": live, "form": form},
        status=400 if form.errors else 200,
    )


def _invoice_action(
    request: HttpRequest, pk: int, capability: str, form_class: type | None, do: Callable
) -> HttpResponse:
    order = _order(request, pk)
    require(request.user, capability)
    form = form_class(request.POST) if form_class else None
    try:
        if form is not None and not form.is_valid():
            raise DomainError(_first_error(form))
        live = selectors.live_invoice(order)
        done = do(order, live, form.cleaned_data if form else {})
    except (NotFound, Forbidden):
        raise
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, done)
    return redirect(reverse("billing:invoice", args=[order.pk]))


def _need(live: Any) -> Any:
    if live is None:
        raise DomainError(_("The job has no invoice yet."), field="invoice")
    return live


@login_required
@require_POST
@handles_domain_errors
def invoice_issue(request: HttpRequest, pk: int) -> HttpResponse:
    def do(order: WorkOrder, live: Any, data: dict) -> str:
        made = services.invoice_issue(order=order, by=request.user, now=timezone.now())
        return _("Invoice %(number)s issued.") % {"number": made.number}

    return _invoice_action(request, pk, Cap.COLLECT_PAYMENT, None, do)


@login_required
@require_POST
@handles_domain_errors
def payment(request: HttpRequest, pk: int) -> HttpResponse:
    def do(order: WorkOrder, live: Any, data: dict) -> str:
        paid = services.payment_record(
            invoice=_need(live),
            by=request.user,
            now=timezone.now(),
            amount=data["amount"],
            method=data["method"],
            outlet_collected=bool(data.get("outlet_collected")),
        )
        if paid.outlet_id:
            return _("¥%(amount)s collected by the outlet %(outlet)s (%(method)s).") % {
                "amount": paid.amount,
                "outlet": paid.outlet,
                "method": paid.get_method_display(),
            }
        return _("¥%(amount)s received (%(method)s).") % {
            "amount": paid.amount,
            "method": paid.get_method_display(),
        }

    return _invoice_action(request, pk, Cap.COLLECT_PAYMENT, forms.PaymentForm, do)


@login_required
@require_POST
@handles_domain_errors
def discount(request: HttpRequest, pk: int) -> HttpResponse:
    def do(order: WorkOrder, live: Any, data: dict) -> str:
        asked = services.discount_request(
            invoice=_need(live),
            by=request.user,
            now=timezone.now(),
            amount=data["amount"],
            reason=data["reason"],
        )
        if asked.status == DiscountRequest.Status.APPROVED:
            return _("Discount of ¥%(amount)s given.") % {"amount": asked.amount}
        return _("A %(percent)s%% discount is above your limit: it waits for approval.") % {
            "percent": asked.percent
        }

    return _invoice_action(request, pk, Cap.COLLECT_PAYMENT, forms.DiscountForm, do)


@login_required
@require_POST
@handles_domain_errors
def discount_decide(request: HttpRequest, pk: int) -> HttpResponse:
    def do(order: WorkOrder, live: Any, data: dict) -> str:
        pending = (
            _need(live).discounts.filter(status=DiscountRequest.Status.PENDING).first()
            if live
            else None
        )
        if pending is None:
            raise DomainError(_("No discount is waiting."), field="status")
        decided = services.discount_decide(
            request=pending,
            by=request.user,
            now=timezone.now(),
            approve=data["approve"],
            note=data["note"],
        )
        return _("Discount %(status)s.") % {"status": decided.get_status_display()}

    return _invoice_action(request, pk, Cap.APPROVE_DISCOUNTS, forms.DecideForm, do)


@login_required
@handles_domain_errors
def discounts_pending(request: HttpRequest) -> HttpResponse:
    require(request.user, Cap.APPROVE_DISCOUNTS)
    return render(
        request,
        "billing/discounts.html",
        {
            "page": paginate(request, selectors.pending_discounts(request.user)),
            "limit": rules.discount_limit(request.user),
        },
    )


# Cash hand-over ------------------------------------------------------------------------------


def _branches(user: User) -> Any:
    qs = Branch.objects.all()
    return qs if user.sees_all_branches else qs.filter(pk=user.branch_id)


@login_required
@handles_domain_errors
def handover(request: HttpRequest) -> HttpResponse:
    """Finance's daily screen: each technician's cash collected, handed over, outstanding."""
    require(request.user, Cap.FINANCE)
    form = forms.HandoverFilterForm(request.GET or None)
    data = form.cleaned_data if form.is_valid() else {}
    day = data.get("day") or timezone.localdate()
    branches = _branches(request.user)
    branch = branches.filter(pk=data["branch"]).first() if data.get("branch") else None
    rows = selectors.cash_positions(request.user, day=day, branch=branch)
    held = selectors.cash_still_held(
        request.user, day=day, branch=branch, technicians=[row["collected_by"] for row in rows]
    )
    for row in rows:
        cash = held.get(row["collected_by"], selectors.HeldCash())
        row["payment_ids"] = ",".join(str(pk) for pk in cash.payments)
        row["entry_ids"] = ",".join(str(pk) for pk in cash.entries)
    totals = {key: sum((row[key] for row in rows), 0) for key in selectors.KEYS}
    return render(
        request,
        "billing/handover.html",
        {
            "rows": rows,
            "day": day,
            "branch": branch,
            "branches": branches,
            "totals": totals,
            "today": timezone.localdate(),
        },
    )


@login_required
@require_POST
@handles_domain_errors
def handover_receive(request: HttpRequest) -> HttpResponse:
    require(request.user, Cap.FINANCE)
    form = forms.HandoverReceiveForm(request.POST)
    back = reverse("billing:handover")
    if request.POST.get("day"):
        back += f"?day={request.POST['day']}"
    if not form.is_valid():
        messages.error(request, _("Choose the cash payments handed over."))
        return redirect(back)
    technician = User.objects.filter(pk=form.cleaned_data["technician"]).first()
    try:
        if technician is None:
            raise DomainError(_("No such technician."), field="technician")
        received = services.cash_handover_receive(
            technician=technician,
            by=request.user,
            now=timezone.now(),
            payment_ids=form.payment_ids(),
            entry_ids=form.entry_ids(),
        )
    except (NotFound, Forbidden):
        raise
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request,
            _("¥%(total)s received from %(technician)s.")
            % {"total": received.total, "technician": technician},
        )
    return redirect(back)
