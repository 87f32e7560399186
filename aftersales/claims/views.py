"""Pages of warranty claims to the manufacturer and of claim part orders.

Views parse with a form, ask the policy, read through scoped selectors and call one service.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from aftersales.accounts.policy import Cap, can, get_in_scope, require
from aftersales.core.exceptions import DomainError
from aftersales.core.views import domain_errors_to_form, handles_domain_errors, paginate
from aftersales.workorders.selectors import visible_work_orders

from . import rules, selectors, services
from .forms import (
    AcceptForm,
    CancelPartOrderForm,
    ClaimBuildForm,
    ClaimFilterForm,
    EmptyForm,
    FitForm,
    IncludeLineForm,
    OrderedForm,
    PartOrderFilterForm,
    PartOrderForm,
    PaymentForm,
    RateForm,
    ReasonForm,
    RejectForm,
)
from .models import ClaimPartOrder, WarrantyClaim, director_threshold


@dataclass(frozen=True)
class Move:
    name: str
    label: Promise
    form: type[forms.Form]
    capability: str
    run: Callable[..., Any]


def _claim_run(service: Callable[..., Any]) -> Callable[..., Any]:
    return lambda by, now, record, values: service(by=by, now=now, claim=record, **values)


def _order_run(service: Callable[..., Any]) -> Callable[..., Any]:
    return lambda by, now, record, values: service(by=by, now=now, order=record, **values)


def _cancel_part_order(by, now, record, values) -> Any:
    return services.claim_part_order_cancel(
        by=by,
        now=now,
        order=record,
        reason=values["reason"],
        refund=values["deposit"] == "refund",
        kept_reason=values.get("kept_reason", ""),
    )


def _include(by, now, record, values) -> Any:
    return services.warranty_claim_include_line(
        by=by,
        now=now,
        claim=record,
        line_id=values["line"],
        included=values["included"],
        note=values["note"],
    )


M = Cap.MANAGE_CLAIMS
CLAIM_MOVES: dict[str, Move] = {
    m.name: m
    for m in [
        Move(
            "submit",
            _("Submit to the manufacturer"),
            EmptyForm,
            M,
            _claim_run(services.warranty_claim_submit),
        ),
        Move(
            "accept",
            _("Record acceptance"),
            AcceptForm,
            M,
            _claim_run(services.warranty_claim_accept),
        ),
        Move(
            "reject",
            _("Record rejection"),
            RejectForm,
            M,
            _claim_run(services.warranty_claim_reject),
        ),
        Move(
            "pay",
            _("Record payment"),
            PaymentForm,
            M,
            _claim_run(services.warranty_claim_record_payment),
        ),
        Move(
            "cancel",
            _("Cancel the draft"),
            ReasonForm,
            M,
            _claim_run(services.warranty_claim_cancel),
        ),
        Move("include", _("Include or leave out"), IncludeLineForm, M, _include),
    ]
}
PART_ORDER_MOVES: dict[str, Move] = {
    m.name: m
    for m in [
        Move(
            "approve",
            _("Sign as workshop manager"),
            EmptyForm,
            Cap.APPROVE_CLAIM_ORDERS,
            _order_run(services.claim_part_order_approve),
        ),
        Move(
            "confirm",
            _("Confirm as after-sales director"),
            EmptyForm,
            Cap.CONFIRM_CLAIM_ORDERS,
            _order_run(services.claim_part_order_confirm),
        ),
        Move(
            "ordered",
            _("Ordered from the manufacturer"),
            OrderedForm,
            Cap.CLAIM_ORDERS,
            _order_run(services.claim_part_order_mark_ordered),
        ),
        Move(
            "arrived",
            _("Part arrived"),
            EmptyForm,
            Cap.MANAGE_STOCK,
            _order_run(services.claim_part_order_mark_arrived),
        ),
        Move(
            "fit",
            _("Fitted, refund the deposit"),
            FitForm,
            Cap.FIT_CLAIM_PARTS,
            _order_run(services.claim_part_order_fit),
        ),
        Move(
            "cancel",
            _("Cancel the order"),
            CancelPartOrderForm,
            Cap.CLAIM_ORDERS,
            _cancel_part_order,
        ),
    ]
}


def _part_order_moves_offered(user, order: ClaimPartOrder) -> list[str]:
    """The moves shown on an order's page: those its status allows and the user may make."""
    offered = []
    for name, move in PART_ORDER_MOVES.items():
        if order.status not in rules.PART_ORDER_MOVES[name] or not can(user, move.capability):
            continue
        if name == "approve" and order.waiting_for != "workshop":
            continue
        if name == "confirm" and order.waiting_for != "director":
            continue
        offered.append(name)
    return offered


# Claims --------------------------------------------------------------------------------------


@login_required
@handles_domain_errors
def claim_list(request: HttpRequest) -> HttpResponse:
    """Claims to the manufacturers, newest first, with what each still owes."""
    require(request.user, Cap.VIEW)
    filters = ClaimFilterForm(request.GET or None, brands=selectors.brands(request.user))
    filters.is_valid()
    values = getattr(filters, "cleaned_data", {})
    qs = selectors.claims_filtered(
        request.user,
        status=values.get("status") or "",
        brand=values.get("brand") or "",
        q=values.get("q") or "",
    )
    template = "claims/claim_list.html"
    if request.htmx and not request.htmx.boosted:
        template += "#results"
    return render(
        request,
        template,
        {
            "filters": filters,
            "page": paginate(request, qs),
            "can_manage": can(request.user, Cap.MANAGE_CLAIMS),
        },
    )


@login_required
@handles_domain_errors
def outstanding(request: HttpRequest) -> HttpResponse:
    require(request.user, Cap.VIEW)
    rows = selectors.outstanding_by_brand(request.user)
    total = sum((row["outstanding"] for row in rows), start=0)
    return render(request, "claims/outstanding.html", {"rows": rows, "total": total})


@login_required
@handles_domain_errors
def claim_create(request: HttpRequest) -> HttpResponse:
    """Chooses the brand and period, then the finished warranty jobs to claim."""
    require(request.user, Cap.MANAGE_CLAIMS)
    user = request.user
    brands = selectors.brands(user)
    source = request.POST if request.method == "POST" else request.GET
    brand = source.get("brand") or (brands[0] if brands else "")
    branch = source.get("branch") or None
    start = _date(source.get("period_start"))
    end = _date(source.get("period_end"))
    candidates = selectors.claimable_orders(
        user,
        brand=brand,
        start=start,
        end=end,
        branch=int(branch) if branch and branch.isdigit() else None,
    )
    form = ClaimBuildForm(
        request.POST if request.method == "POST" else None,
        initial={"brand": brand, "period_start": start, "period_end": end, "branch": branch},
        user=user,
        brands=brands,
        # The service says why a job may not be claimed; the form only keeps to what he sees.
        orders=visible_work_orders(user) if request.method == "POST" else candidates,
    )
    if request.method == "POST" and form.is_valid():
        try:
            claim = services.warranty_claim_build(
                by=user,
                now=timezone.now(),
                **{**form.cleaned_data, "orders": list(form.cleaned_data["orders"])},
            )
        except DomainError as error:
            domain_errors_to_form(form, error)
        else:
            return redirect("claims:detail", pk=claim.pk)
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "claims/claim_form.html",
        {"form": form, "candidates": candidates, "brands": brands, "searched": bool(start or end)},
        status=status,
    )


def _date(value: str | None):
    try:
        return forms.DateField().clean(value) if value else None
    except forms.ValidationError:
        return None


def _claim_detail(
    request: HttpRequest, claim: WarrantyClaim, *, failed: tuple[str, forms.Form] | None = None
) -> HttpResponse:
    moves = []
    if can(request.user, Cap.MANAGE_CLAIMS):
        for name, move in CLAIM_MOVES.items():
            if name != "include" and claim.status in rules.CLAIM_MOVES[name]:
                form = failed[1] if failed and failed[0] == name else move.form(prefix=name)
                moves.append((move, form))
    refusal = []
    if failed and failed[0] not in {move.name for move, _form in moves}:
        refusal = [str(message) for errors in failed[1].errors.values() for message in errors]
    lines = list(selectors.claim_lines(claim))
    return render(
        request,
        "claims/claim_detail.html",
        {
            "claim": claim,
            "moves": moves,
            "open_move": failed[0] if failed else "",
            "refusal": refusal,
            "lines": lines,
            "orders": selectors.claim_orders(claim),
            "can_include": can(request.user, Cap.MANAGE_CLAIMS)
            and claim.status in rules.CLAIM_MOVES["include"],
            "no_evidence": sum(1 for line in lines if line.lacks_evidence),
        },
        status=400 if failed else 200,
    )


@login_required
@handles_domain_errors
def claim_detail(request: HttpRequest, pk: int) -> HttpResponse:
    require(request.user, Cap.VIEW)
    claim = get_in_scope(selectors.visible_claims(request.user), pk=pk)
    return _claim_detail(request, claim)


def _claim_move_view(name: str):
    move = CLAIM_MOVES[name]

    @login_required
    @require_POST
    @handles_domain_errors
    def view(request: HttpRequest, pk: int) -> HttpResponse:
        require(request.user, move.capability)
        claim = get_in_scope(selectors.visible_claims(request.user), pk=pk)
        form = move.form(request.POST, prefix=None if name == "include" else name)
        if form.is_valid():
            try:
                move.run(request.user, timezone.now(), claim, form.cleaned_data)
            except DomainError as error:
                domain_errors_to_form(form, error)
            else:
                return redirect("claims:detail", pk=claim.pk)
        claim.refresh_from_db()
        return _claim_detail(request, claim, failed=(name, form))

    view.__name__ = f"claim_{name}"
    return view


claim_submit = _claim_move_view("submit")
claim_accept = _claim_move_view("accept")
claim_reject = _claim_move_view("reject")
claim_pay = _claim_move_view("pay")
claim_cancel = _claim_move_view("cancel")
claim_include = _claim_move_view("include")


# Manufacturer's rates ------------------------------------------------------------------------


@login_required
@handles_domain_errors
def rate_list(request: HttpRequest) -> HttpResponse:
    require(request.user, Cap.VIEW)
    return render(
        request,
        "claims/rate_list.html",
        {
            "page": paginate(request, selectors.manufacturer_rates(request.user)),
            "can_manage": can(request.user, Cap.MANAGE_CLAIMS),
        },
    )


@login_required
@handles_domain_errors
def rate_create(request: HttpRequest) -> HttpResponse:
    require(request.user, Cap.MANAGE_CLAIMS)
    form = RateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.manufacturer_rate_create(
                by=request.user, now=timezone.now(), **form.cleaned_data
            )
        except DomainError as error:
            domain_errors_to_form(form, error)
        else:
            return redirect("claims:rates")
    return render(
        request,
        "claims/rate_form.html",
        {"form": form},
        status=400 if request.method == "POST" else 200,
    )


# Claim part orders ---------------------------------------------------------------------------


@login_required
@handles_domain_errors
def part_order_list(request: HttpRequest) -> HttpResponse:
    require(request.user, Cap.VIEW)
    filters = PartOrderFilterForm(request.GET or None)
    filters.is_valid()
    values = getattr(filters, "cleaned_data", {})
    qs = selectors.part_orders_filtered(
        request.user, status=values.get("status") or "", q=values.get("q") or ""
    )
    template = "claims/part_order_list.html"
    if request.htmx and not request.htmx.boosted:
        template += "#results"
    return render(
        request,
        template,
        {"filters": filters, "page": paginate(request, qs), "threshold": director_threshold()},
    )


@login_required
@handles_domain_errors
def part_order_create(request: HttpRequest, pk: int) -> HttpResponse:
    """A part ordered under warranty for the work order `pk`, against the customer's deposit."""
    require(request.user, Cap.CLAIM_ORDERS)
    order = get_in_scope(visible_work_orders(request.user), pk=pk)
    form = PartOrderForm(request.POST or None, parts=selectors.parts_for_claim_orders())
    if request.method == "POST" and form.is_valid():
        try:
            created = services.claim_part_order_request(
                by=request.user, now=timezone.now(), work_order=order, **form.cleaned_data
            )
        except DomainError as error:
            domain_errors_to_form(form, error)
        else:
            return redirect("claims:part_order_detail", pk=created.pk)
    return render(
        request,
        "claims/part_order_form.html",
        {"form": form, "order": order, "threshold": director_threshold()},
        status=400 if request.method == "POST" else 200,
    )


def _part_order_detail(
    request: HttpRequest, order: ClaimPartOrder, *, failed: tuple[str, forms.Form] | None = None
) -> HttpResponse:
    moves = []
    for name in _part_order_moves_offered(request.user, order):
        move = PART_ORDER_MOVES[name]
        form = failed[1] if failed and failed[0] == name else move.form(prefix=name)
        moves.append((move, form))
    refusal = []
    if failed and failed[0] not in {move.name for move, _form in moves}:
        refusal = [str(message) for errors in failed[1].errors.values() for message in errors]
    return render(
        request,
        "claims/part_order_detail.html",
        {
            "po": order,
            "moves": moves,
            "open_move": failed[0] if failed else "",
            "refusal": refusal,
            "threshold": director_threshold(),
        },
        status=400 if failed else 200,
    )


@login_required
@handles_domain_errors
def part_order_detail(request: HttpRequest, pk: int) -> HttpResponse:
    require(request.user, Cap.VIEW)
    order = get_in_scope(selectors.visible_part_orders(request.user), pk=pk)
    return _part_order_detail(request, order)


def _part_order_move_view(name: str):
    move = PART_ORDER_MOVES[name]

    @login_required
    @require_POST
    @handles_domain_errors
    def view(request: HttpRequest, pk: int) -> HttpResponse:
        require(request.user, move.capability)
        order = get_in_scope(selectors.visible_part_orders(request.user), pk=pk)
        form = move.form(request.POST, prefix=name)
        if form.is_valid():
            try:
                move.run(request.user, timezone.now(), order, form.cleaned_data)
            except DomainError as error:
                domain_errors_to_form(form, error)
            else:
                return redirect("claims:part_order_detail", pk=order.pk)
        order.refresh_from_db()
        return _part_order_detail(request, order, failed=(name, form))

    view.__name__ = f"part_order_{name}"
    return view


part_order_approve = _part_order_move_view("approve")
part_order_confirm = _part_order_move_view("confirm")
part_order_ordered = _part_order_move_view("ordered")
part_order_arrived = _part_order_move_view("arrived")
part_order_fit = _part_order_move_view("fit")
part_order_cancel = _part_order_move_view("cancel")
