"""Stock levels, stock documents and their forms, the parts catalogue, warehouses, reorder list,
and the parts used on a work order (loaded into the work order's page)."""

from collections.abc import Callable
from typing import Any

from django.contrib.auth.decorators import login_required
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from aftersales.accounts.policy import Cap, can, get_in_scope, require
from aftersales.core.exceptions import DomainError
from aftersales.core.views import domain_errors_to_form, handles_domain_errors, paginate
from aftersales.customers.selectors import visible_units
from aftersales.workorders.selectors import visible_work_orders

from . import selectors, services
from .exports import cost_report_workbook
from .forms import (
    WITH_ORDER,
    CostReportForm,
    DecideForm,
    DocumentFilterForm,
    DocumentForm,
    LineFormSet,
    PartEditForm,
    PartForm,
    PurchaseRequestForm,
    QuoteForm,
    ReorderPointForm,
    StockFilterForm,
    WarehouseEditForm,
    WarehouseForm,
)
from .models import StockDocument
from .rules import quotes_required
from .services import KIND_CAPABILITY, LineIn

Kind = StockDocument.Kind


@login_required
@handles_domain_errors
def stock_list(request: HttpRequest) -> HttpResponse:
    require(request.user, Cap.VIEW)
    filters = StockFilterForm(request.GET or None, user=request.user)
    filters.is_valid()
    values = getattr(filters, "cleaned_data", {})
    qs = selectors.filter_stock(
        selectors.visible_stock(request.user),
        warehouse=values.get("warehouse"),
        part=values.get("part", ""),
        condition=values.get("condition", ""),
    )
    return render(
        request,
        "parts/stock_list.html",
        {"filters": filters, "page": paginate(request, qs), **_menu(request)},
    )


def _menu(request: HttpRequest) -> dict:
    return {
        "can_manage": can(request.user, Cap.MANAGE_STOCK),
        "can_issue": can(request.user, Cap.ISSUE_PARTS),
    }


def _form_page(
    request: HttpRequest,
    form: Any,
    *,
    save: Callable[[dict], Any],
    title: str,
    back: str,
    done: Callable[[Any], HttpResponse] | None = None,
) -> HttpResponse:
    """A form page of the parts screens: on a valid POST the service saves, and its refusal is
    shown on the form; `done` chooses where to go next (the list by default)."""
    if request.method == "POST" and form.is_valid():
        try:
            saved = save(dict(form.cleaned_data))
        except DomainError as error:
            domain_errors_to_form(form, error)
        else:
            return done(saved) if done else redirect(back)
    return render(request, "parts/simple_form.html", {"form": form, "title": title, "back": back})


def _with_category_list(values: dict) -> dict:
    return {**values, "categories": list(values["categories"])}


@login_required
@handles_domain_errors
def document_list(request: HttpRequest) -> HttpResponse:
    require(request.user, Cap.VIEW)
    filters = DocumentFilterForm(request.GET or None, user=request.user)
    filters.is_valid()
    values = getattr(filters, "cleaned_data", {})
    qs = selectors.visible_documents(request.user)
    if values.get("kind"):
        qs = qs.filter(kind=values["kind"])
    if values.get("warehouse"):
        warehouse = values["warehouse"]
        qs = qs.filter(Q(from_warehouse=warehouse) | Q(to_warehouse=warehouse))
    if values.get("part"):
        text = values["part"].strip()
        qs = qs.filter(
            Q(lines__part__code__icontains=text) | Q(lines__part__name__icontains=text)
        ).distinct()
    return render(
        request,
        "parts/document_list.html",
        {"filters": filters, "page": paginate(request, qs), **_menu(request)},
    )


@login_required
@handles_domain_errors
def document_detail(request: HttpRequest, pk: int) -> HttpResponse:
    require(request.user, Cap.VIEW)
    document = get_in_scope(selectors.visible_documents(request.user), pk=pk)
    return render(
        request,
        "parts/document_detail.html",
        {"document": document, "lines": selectors.document_lines(document)},
    )


def _lines(formset) -> list[LineIn]:
    return [
        LineIn(
            part=data["part"],
            quantity=data["quantity"],
            condition=data.get("condition") or None,
            serial_number=data.get("serial_number", ""),
        )
        for data in formset.cleaned_data
        if data.get("part")
    ]


@login_required
@handles_domain_errors
def document_create(request: HttpRequest, kind: str) -> HttpResponse:
    require(request.user, KIND_CAPABILITY[kind])
    initial = {}
    if kind in WITH_ORDER and request.GET.get("order"):
        initial["work_order"] = request.GET["order"]
    form = DocumentForm(request.POST or None, kind=kind, user=request.user, initial=initial)
    lines = LineFormSet(request.POST or None, form_kwargs={"kind": kind}, prefix="lines")
    if request.method == "POST" and form.is_valid() and lines.is_valid():
        values = dict(form.cleaned_data)
        try:
            if kind in WITH_ORDER:
                number = values.pop("work_order").strip()
                values["work_order"] = (
                    visible_work_orders(request.user).filter(number=number).first()
                )
                if values["work_order"] is None:
                    raise DomainError(
                        _("No work order %(number)s.") % {"number": number}, field="work_order"
                    )
            document = services.stock_document_create(
                kind=kind, by=request.user, now=timezone.now(), lines=_lines(lines), **values
            )
        except DomainError as error:
            if error.field in {"lines", "part", "quantity", "condition", "serial_number"}:
                lines._non_form_errors = lines.error_class([error.message])
            else:
                domain_errors_to_form(form, error)
        else:
            return redirect("parts:document_detail", pk=document.pk)
    return render(
        request,
        "parts/document_form.html",
        {"form": form, "lines": lines, "kind": kind, "kind_label": Kind(kind).label},
    )


@login_required
@handles_domain_errors
def order_parts(request: HttpRequest, pk: int) -> HttpResponse:
    """The parts used on a work order, for its page (loaded by HTMX), the repair card and the
    invoice: each line with its own coverage and the new part's serial number."""
    require(request.user, Cap.VIEW)
    order = get_in_scope(visible_work_orders(request.user), pk=pk)
    used = selectors.parts_used_on_order(order)
    return render(
        request,
        "parts/_order_parts.html",
        {
            "order": order,
            "used": used,
            "charged_total": sum((line.amount for line in used), 0),
            "old_parts": selectors.old_parts_returned(order),
            "can_issue": can(request.user, Cap.ISSUE_PARTS) and order.is_open,
        },
    )


# Catalogue, warehouses, reorder ----------------------------------------------------------------


@login_required
@handles_domain_errors
def part_list(request: HttpRequest) -> HttpResponse:
    require(request.user, Cap.VIEW)
    qs = selectors.parts_catalogue(request.user)
    text = request.GET.get("q", "").strip()
    if text:
        qs = qs.filter(Q(code__icontains=text) | Q(name__icontains=text))
    return render(
        request,
        "parts/part_list.html",
        {"page": paginate(request, qs), "q": text, **_menu(request)},
    )


@login_required
@handles_domain_errors
def part_create(request: HttpRequest) -> HttpResponse:
    require(request.user, Cap.MANAGE_STOCK)
    return _form_page(
        request,
        PartForm(request.POST or None),
        save=lambda values: services.part_create(by=request.user, **_with_category_list(values)),
        title=_("New part"),
        back="parts:catalogue",
    )


@login_required
@handles_domain_errors
def part_edit(request: HttpRequest, pk: int) -> HttpResponse:
    require(request.user, Cap.MANAGE_STOCK)
    part = get_in_scope(selectors.parts_catalogue(request.user), pk=pk)
    initial = {
        "name": part.name,
        "categories": list(part.categories.all()),
        "unit_cost": part.unit_cost,
        "sale_price": part.sale_price,
        "is_serialised": part.is_serialised,
        "repair_warranty_days": part.repair_warranty_days,
        "is_active": part.is_active,
    }
    return _form_page(
        request,
        PartEditForm(request.POST or None, initial=initial),
        save=lambda values: services.part_update(
            by=request.user, part=part, **_with_category_list(values)
        ),
        title=_("Edit part %(code)s") % {"code": part.code},
        back="parts:catalogue",
    )


@login_required
@handles_domain_errors
def warehouse_list(request: HttpRequest) -> HttpResponse:
    require(request.user, Cap.VIEW)
    qs = selectors.visible_warehouses(request.user)
    return render(
        request, "parts/warehouse_list.html", {"page": paginate(request, qs), **_menu(request)}
    )


@login_required
@handles_domain_errors
def warehouse_create(request: HttpRequest) -> HttpResponse:
    require(request.user, Cap.MANAGE_STOCK)
    return _form_page(
        request,
        WarehouseForm(request.POST or None, user=request.user),
        save=lambda values: services.warehouse_create(by=request.user, **values),
        title=_("New warehouse"),
        back="parts:warehouses",
    )


@login_required
@handles_domain_errors
def warehouse_edit(request: HttpRequest, pk: int) -> HttpResponse:
    require(request.user, Cap.MANAGE_STOCK)
    warehouse = get_in_scope(selectors.visible_warehouses(request.user), pk=pk)
    return _form_page(
        request,
        WarehouseEditForm(
            request.POST or None,
            initial={"name": warehouse.name, "is_active": warehouse.is_active},
        ),
        save=lambda values: services.warehouse_update(
            by=request.user, warehouse=warehouse, **values
        ),
        title=_("Edit warehouse %(warehouse)s") % {"warehouse": warehouse},
        back="parts:warehouses",
    )


@login_required
@handles_domain_errors
def reorder_list(request: HttpRequest) -> HttpResponse:
    require(request.user, Cap.VIEW)
    return render(
        request,
        "parts/reorder_list.html",
        {"page": paginate(request, selectors.reorder_list(request.user)), **_menu(request)},
    )


@login_required
@handles_domain_errors
def reorder_point_set(request: HttpRequest) -> HttpResponse:
    require(request.user, Cap.MANAGE_STOCK)
    return _form_page(
        request,
        ReorderPointForm(request.POST or None, user=request.user),
        save=lambda values: services.reorder_point_set(by=request.user, **values),
        title=_("Set a reorder point"),
        back="parts:reorder",
    )


# Purchases -------------------------------------------------------------------------------------


@login_required
@handles_domain_errors
def purchase_list(request: HttpRequest) -> HttpResponse:
    require(request.user, Cap.VIEW)
    qs = (
        selectors.visible_purchases(request.user)
        .annotate(quote_count=Count("quotes"))
        .order_by("-requested_at", "-id")
    )
    return render(
        request,
        "parts/purchase_list.html",
        {"page": paginate(request, qs), "required": quotes_required(), **_menu(request)},
    )


@login_required
@handles_domain_errors
def purchase_create(request: HttpRequest) -> HttpResponse:
    require(request.user, Cap.MANAGE_STOCK)
    initial = {
        key: request.GET[key] for key in ("warehouse", "part", "quantity") if key in request.GET
    }
    return _form_page(
        request,
        PurchaseRequestForm(request.POST or None, user=request.user, initial=initial),
        save=lambda values: services.purchase_request_create(
            by=request.user, now=timezone.now(), **values
        ),
        title=_("New purchase request"),
        back="parts:purchases",
        done=lambda purchase: redirect("parts:purchase_detail", pk=purchase.pk),
    )


def _purchase_page(
    request: HttpRequest, purchase, *, quote_form=None, decide_form=None, status=200
):
    return render(
        request,
        "parts/purchase_detail.html",
        {
            "purchase": purchase,
            "quotes": purchase.quotes.select_related("added_by"),
            "required": quotes_required(),
            "quote_form": quote_form or QuoteForm(),
            "decide_form": decide_form or DecideForm(request_obj=purchase),
            "can_quote": can(request.user, Cap.MANAGE_STOCK),
            "can_decide": can(request.user, Cap.APPROVE_PURCHASE),
        },
        status=status,
    )


@login_required
@handles_domain_errors
def purchase_detail(request: HttpRequest, pk: int) -> HttpResponse:
    require(request.user, Cap.VIEW)
    return _purchase_page(request, get_in_scope(selectors.visible_purchases(request.user), pk=pk))


@login_required
@require_POST
@handles_domain_errors
def purchase_quote(request: HttpRequest, pk: int) -> HttpResponse:
    require(request.user, Cap.MANAGE_STOCK)
    purchase = get_in_scope(selectors.visible_purchases(request.user), pk=pk)
    form = QuoteForm(request.POST)
    if form.is_valid():
        try:
            services.purchase_quote_add(
                by=request.user, now=timezone.now(), request=purchase, **form.cleaned_data
            )
        except DomainError as error:
            domain_errors_to_form(form, error)
        else:
            return redirect("parts:purchase_detail", pk=purchase.pk)
    return _purchase_page(request, purchase, quote_form=form, status=400)


@login_required
@require_POST
@handles_domain_errors
def purchase_decide(request: HttpRequest, pk: int) -> HttpResponse:
    require(request.user, Cap.APPROVE_PURCHASE)
    purchase = get_in_scope(selectors.visible_purchases(request.user), pk=pk)
    form = DecideForm(request.POST, request_obj=purchase)
    if form.is_valid():
        try:
            services.purchase_request_decide(
                by=request.user, now=timezone.now(), request=purchase, **form.cleaned_data
            )
        except DomainError as error:
            domain_errors_to_form(form, error)
        else:
            return redirect("parts:purchase_detail", pk=purchase.pk)
    return _purchase_page(request, purchase, decide_form=form, status=400)


# Monthly parts cost and the unit's fitted parts ---------------------------------------------------


def _cost_report(request: HttpRequest):
    """The report as filtered: the month asked for (this month by default) and the branch."""
    require(request.user, Cap.VIEW_PARTS_COST)
    this_month = timezone.localdate().replace(day=1)
    form = CostReportForm(request.GET or None, user=request.user, initial={"month": this_month})
    values = form.cleaned_data if form.is_bound and form.is_valid() else {}
    month = values.get("month") or this_month
    branch = values.get("branch")
    report = selectors.monthly_parts_cost(request.user, month=month, branch=branch)
    return form, report, branch


@login_required
@handles_domain_errors
def cost_report(request: HttpRequest) -> HttpResponse:
    """The monthly parts-cost report to finance (001 篇2 十六), by branch and by technician."""
    form, report, branch = _cost_report(request)
    return render(
        request,
        "parts/cost_report.html",
        {"form": form, "report": report, "query": request.GET.urlencode()},
    )


@login_required
@handles_domain_errors
def cost_report_xlsx(request: HttpRequest) -> HttpResponse:
    """The same figures, as filtered on the page, as an Excel workbook."""
    form, report, branch = _cost_report(request)
    label = str(branch) if branch else _("All branches")
    if not request.user.sees_all_branches:
        label = str(request.user.branch)
    response = HttpResponse(
        cost_report_workbook(report, branch_label=label),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    name = f"parts-cost-{report.month:%Y-%m}.xlsx"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@login_required
@handles_domain_errors
def unit_parts(request: HttpRequest, pk: int) -> HttpResponse:
    """The parts fitted to a unit, for its service file (loaded by HTMX): each with the job, the
    date, the new serial number and how long the repair is guaranteed."""
    require(request.user, Cap.VIEW)
    unit = get_in_scope(visible_units(request.user), pk=pk)
    return render(
        request,
        "parts/_unit_parts.html",
        {"unit": unit, "fitted": selectors.parts_fitted_to_unit(unit)},
    )
