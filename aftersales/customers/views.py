"""Customer files, units and their service files, product models and outlets.

Views parse with a form, ask the policy, read through scoped selectors and call one service.
"""

from django.contrib.auth.decorators import login_required
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from aftersales.accounts.policy import Cap, can, get_in_scope, require
from aftersales.core.exceptions import DomainError
from aftersales.core.phones import display_phone
from aftersales.core.views import domain_errors_to_form, handles_domain_errors, paginate

from . import selectors, services
from .forms import (
    ContactForm,
    CustomerFilterForm,
    CustomerForm,
    OutletForm,
    ProductModelForm,
    UnitFilterForm,
    UnitForm,
)
from .models import ProductModel


def _existing_in_scope(request: HttpRequest, error: DomainError):
    """The customer a DuplicateCustomer error points at, if the user may open his file."""
    existing = getattr(error, "existing", None)
    if existing is None:
        return None
    return selectors.visible_customers(request.user).filter(pk=existing.pk).first()


# Customers ---------------------------------------------------------------------------------------


@login_required
@handles_domain_errors
def customer_list(request: HttpRequest) -> HttpResponse:
    require(request.user, Cap.VIEW)
    filters = CustomerFilterForm(request.GET or None)
    filters.is_valid()
    values = getattr(filters, "cleaned_data", {})
    qs = selectors.customers_matching(request.user, values.get("q", ""))
    if values.get("tier"):
        qs = qs.filter(tier=values["tier"])
    if values.get("zone"):
        qs = qs.filter(zone=values["zone"])
    qs = qs.annotate(unit_count=Count("units")).order_by("-id")
    context = {"filters": filters, "page": paginate(request, qs)}
    template = "customers/customer_list.html"
    if request.htmx and not request.htmx.boosted:
        template += "#results"
    return render(request, template, context)


@login_required
@handles_domain_errors
def customer_detail(request: HttpRequest, pk: int) -> HttpResponse:
    require(request.user, Cap.VIEW)
    customer = get_in_scope(selectors.visible_customers(request.user), pk=pk)
    return render(
        request,
        "customers/customer_detail.html",
        {
            "customer": customer,
            "contacts": customer.contacts.all(),
            "units": selectors.visible_units(request.user).filter(customer=customer),
            "history": selectors.customer_recent_history(customer),
            "contact_form": ContactForm(),
        },
    )


@login_required
@handles_domain_errors
def customer_create(request: HttpRequest) -> HttpResponse:
    require(request.user, Cap.EDIT_CUSTOMERS)
    form = CustomerForm(request.POST or None, user=request.user, initial=request.GET.dict())
    existing = None
    if request.method == "POST" and form.is_valid():
        try:
            customer = services.customer_create(by=request.user, **form.cleaned_data)
        except DomainError as error:
            domain_errors_to_form(form, error)
            existing = _existing_in_scope(request, error)
        else:
            return redirect("customers:detail", pk=customer.pk)
    return render(request, "customers/customer_form.html", {"form": form, "existing": existing})


@login_required
@handles_domain_errors
def customer_edit(request: HttpRequest, pk: int) -> HttpResponse:
    require(request.user, Cap.EDIT_CUSTOMERS)
    customer = get_in_scope(selectors.visible_customers(request.user), pk=pk)
    initial = {name: getattr(customer, name) for name in services.CUSTOMER_EDITABLE}
    initial.update(phone=customer.phone_display, alt_phone=display_phone(customer.alt_phone))
    form = CustomerForm(request.POST or None, user=request.user, editing=True, initial=initial)
    existing = None
    if request.method == "POST" and form.is_valid():
        try:
            services.customer_update(by=request.user, customer=customer, **form.cleaned_data)
        except DomainError as error:
            domain_errors_to_form(form, error)
            existing = _existing_in_scope(request, error)
        else:
            return redirect("customers:detail", pk=customer.pk)
    return render(
        request,
        "customers/customer_form.html",
        {"form": form, "customer": customer, "existing": existing},
    )


@login_required
@require_POST
@handles_domain_errors
def contact_add(request: HttpRequest, pk: int) -> HttpResponse:
    require(request.user, Cap.EDIT_CUSTOMERS)
    customer = get_in_scope(selectors.visible_customers(request.user), pk=pk)
    form = ContactForm(request.POST)
    if form.is_valid():
        try:
            services.contact_add(by=request.user, customer=customer, **form.cleaned_data)
        except DomainError as error:
            domain_errors_to_form(form, error)
        else:
            return redirect("customers:detail", pk=customer.pk)
    return render(
        request, "customers/contact_form.html", {"form": form, "customer": customer}, status=400
    )


# Units -------------------------------------------------------------------------------------------


@login_required
@handles_domain_errors
def unit_list(request: HttpRequest) -> HttpResponse:
    require(request.user, Cap.VIEW)
    filters = UnitFilterForm(request.GET or None)
    filters.is_valid()
    values = getattr(filters, "cleaned_data", {})
    qs = selectors.visible_units(request.user).select_related("customer__branch")
    if values.get("model"):
        qs = qs.filter(model=values["model"])
    if values.get("serial"):
        qs = qs.filter(serial__icontains=values["serial"].strip())
    return render(
        request, "customers/unit_list.html", {"filters": filters, "page": paginate(request, qs)}
    )


@login_required
@handles_domain_errors
def unit_register(request: HttpRequest, pk: int) -> HttpResponse:
    require(request.user, Cap.EDIT_CUSTOMERS)
    customer = get_in_scope(selectors.visible_customers(request.user), pk=pk)
    form = UnitForm(
        request.POST or None,
        outlets=selectors.visible_outlets(request.user).filter(is_active=True),
        initial={"address": customer.address},
    )
    if request.method == "POST" and form.is_valid():
        try:
            unit = services.unit_register(
                by=request.user, customer=customer, today=timezone.localdate(), **form.cleaned_data
            )
        except DomainError as error:
            domain_errors_to_form(form, error)
        else:
            return redirect("customers:unit_detail", pk=unit.pk)
    return render(request, "customers/unit_form.html", {"form": form, "customer": customer})


@login_required
@handles_domain_errors
def unit_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The unit's service file (售后服务档案): its facts, warranty and whole history."""
    require(request.user, Cap.VIEW)
    unit = get_in_scope(selectors.visible_units(request.user), pk=pk)
    today = timezone.localdate()
    return render(
        request,
        "customers/unit_detail.html",
        {
            "unit": unit,
            "today": today,
            "in_warranty": unit.in_warranty_on(today),
            "history": selectors.unit_service_file(unit),
        },
    )


# Catalogue ---------------------------------------------------------------------------------------


@login_required
@handles_domain_errors
def model_list(request: HttpRequest) -> HttpResponse:
    require(request.user, Cap.VIEW)
    qs = ProductModel.objects.select_related("category")
    return render(request, "customers/model_list.html", {"page": paginate(request, qs)})


@login_required
@handles_domain_errors
def model_create(request: HttpRequest) -> HttpResponse:
    require(request.user, Cap.EDIT_CATALOG)
    form = ProductModelForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.product_model_create(by=request.user, **form.cleaned_data)
        except DomainError as error:
            domain_errors_to_form(form, error)
        else:
            return redirect("customers:models")
    return render(request, "customers/model_form.html", {"form": form})


@login_required
@handles_domain_errors
def outlet_list(request: HttpRequest) -> HttpResponse:
    require(request.user, Cap.VIEW)
    qs = selectors.visible_outlets(request.user).prefetch_related("categories")
    return render(
        request,
        "customers/outlet_list.html",
        {"page": paginate(request, qs), "can_create": can(request.user, Cap.EDIT_CATALOG)},
    )


@login_required
@handles_domain_errors
def outlet_create(request: HttpRequest) -> HttpResponse:
    require(request.user, Cap.EDIT_CATALOG)
    form = OutletForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        values = dict(form.cleaned_data)
        values.setdefault("branch", request.user.branch)
        values["categories"] = list(values["categories"])
        try:
            services.outlet_create(by=request.user, **values)
        except DomainError as error:
            domain_errors_to_form(form, error)
        else:
            return redirect("customers:outlets")
    return render(request, "customers/outlet_form.html", {"form": form})
