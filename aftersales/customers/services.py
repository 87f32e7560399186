"""Writes to customer files, product models, units and outlets."""

from datetime import date
from typing import Any

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from aftersales.accounts.models import Branch, User
from aftersales.accounts.policy import Cap, require
from aftersales.core import audit
from aftersales.core.exceptions import Conflict, DomainError
from aftersales.core.phones import normalize_optional_phone, normalize_phone
from aftersales.core.validation import required as _required

from .models import Contact, Customer, FaultType, Outlet, ProductCategory, ProductModel, Unit, Zone


class DuplicateCustomer(Conflict):
    """A customer with this phone exists: offer him instead of creating a second file."""

    def __init__(self, existing: Customer, *, by: User) -> None:
        if by.sees_all_branches or existing.branch_id == by.branch_id:
            message = _("A customer with this phone already exists: %(name)s.") % {
                "name": existing.name
            }
        else:
            # Another centre's customer: say where he is on file, not who he is.
            message = _(
                "A customer with this phone is already on file at %(branch)s; ask them to "
                "transfer the file."
            ) % {"branch": existing.branch}
        super().__init__(message, field="phone", code="duplicate_customer")
        self.existing = existing


def _branch_for(by: User, branch: Branch | None) -> Branch:
    """A branch user files records in his own branch; head office chooses."""
    if not by.sees_all_branches:
        return by.branch
    if branch is None:
        raise DomainError(_("Choose the branch."), field="branch")
    return branch


def customer_find_by_phone(phone: str) -> Customer | None:
    try:
        normalized = normalize_phone(phone)
    except DomainError:
        return None
    return Customer.objects.filter(phone=normalized).first()


def customer_create(
    *,
    by: User,
    name: str,
    phone: str,
    address: str,
    kind: str = Customer.Kind.PERSON,
    tier: str = Customer.Tier.REGULAR,
    zone: str = Zone.RING2,
    alt_phone: str = "",
    branch: Branch | None = None,
    notes: str = "",
) -> Customer:
    require(by, Cap.EDIT_CUSTOMERS)
    normalized = normalize_phone(phone)
    existing = Customer.objects.filter(phone=normalized).first()
    if existing is not None:
        raise DuplicateCustomer(existing, by=by)
    if kind not in Customer.Kind.values:
        raise DomainError(_("Unknown customer type."), field="kind")
    if tier not in Customer.Tier.values:
        raise DomainError(_("Unknown tier."), field="tier")
    if zone not in Zone.values:
        raise DomainError(_("Unknown zone."), field="zone")
    customer = Customer(
        name=_required(name, "name", _("Name")),
        phone=normalized,
        alt_phone=normalize_optional_phone(alt_phone, field="alt_phone"),
        address=_required(address, "address", _("Address")),
        kind=kind,
        tier=tier,
        zone=zone,
        branch=_branch_for(by, branch),
        notes=notes,
    )
    try:
        with transaction.atomic():
            customer.save()
            audit.record(customer, by=by, action="customer_create")
    except IntegrityError as exc:  # the same phone filed at the same instant by someone else
        existing = Customer.objects.filter(phone=normalized).first()
        if existing is None:
            raise
        raise DuplicateCustomer(existing, by=by) from exc
    return customer


CUSTOMER_EDITABLE = {"name", "kind", "tier", "zone", "address", "phone", "alt_phone", "notes"}


def customer_update(*, by: User, customer: Customer, **values: Any) -> Customer:
    require(by, Cap.EDIT_CUSTOMERS)
    unknown = set(values) - CUSTOMER_EDITABLE
    if unknown:
        raise DomainError(_("These fields cannot be changed: %s") % ", ".join(sorted(unknown)))
    with transaction.atomic():
        customer = Customer.objects.select_for_update().get(pk=customer.pk)
        before = audit.snapshot(customer)
        for field, value in values.items():
            if field == "phone":
                value = normalize_phone(value)
                clash = Customer.objects.filter(phone=value).exclude(pk=customer.pk).first()
                if clash:
                    raise DuplicateCustomer(clash, by=by)
            elif field == "alt_phone":
                value = normalize_optional_phone(value, field="alt_phone")
            elif field in {"name", "address"}:
                value = _required(value, field, customer._meta.get_field(field).verbose_name)
            elif field in {"kind", "tier", "zone"}:
                choices = {"kind": Customer.Kind, "tier": Customer.Tier, "zone": Zone}[field]
                if value not in choices.values:
                    raise DomainError(_("Unknown value."), field=field)
            setattr(customer, field, value)
        customer.save()
        audit.record(customer, by=by, action="customer_update", before=before)
    return customer


def contact_add(
    *, by: User, customer: Customer, name: str, phone: str, position: str = ""
) -> Contact:
    require(by, Cap.EDIT_CUSTOMERS)
    with transaction.atomic():
        contact = Contact.objects.create(
            customer=customer,
            name=_required(name, "name", pgettext("person", "Name")),
            phone=normalize_phone(phone),
            position=position,
        )
        audit.record(
            customer,
            by=by,
            action="contact_add",
            changes={"contact": [None, f"{contact.name} {contact.phone}"]},
        )
    return contact


def unit_register(
    *,
    by: User,
    customer: Customer,
    model: ProductModel,
    serial: str,
    purchase_date: date | None,
    invoice_no: str = "",
    install_date: date | None = None,
    sold_by: Outlet | None = None,
    address: str = "",
    today: date,
) -> Unit:
    """Serial numbers are unique per model; a unit cannot be bought in the future. The purchase
    date may be unknown (no invoice at hand): the unit is then out of warranty until it is known."""
    require(by, Cap.EDIT_CUSTOMERS)
    serial = _required(serial, "serial", _("Serial number"))
    if purchase_date is not None and purchase_date > today:
        raise DomainError(_("The purchase date is in the future."), field="purchase_date")
    if install_date and purchase_date and install_date < purchase_date:
        raise DomainError(
            _("The unit cannot be installed before it was bought."), field="install_date"
        )
    if Unit.objects.filter(model=model, serial=serial).exists():
        raise Conflict(
            _("Serial number %(serial)s of %(model)s is already registered.")
            % {"serial": serial, "model": model},
            field="serial",
            code="duplicate_serial",
        )
    try:
        with transaction.atomic():
            unit = Unit.objects.create(
                customer=customer,
                model=model,
                serial=serial,
                purchase_date=purchase_date,
                invoice_no=invoice_no.strip(),
                install_date=install_date,
                sold_by=sold_by,
                address=address.strip(),
            )
            audit.record(unit, by=by, action="unit_register")
    except IntegrityError as exc:
        raise Conflict(
            _("Serial number %(serial)s of %(model)s is already registered.")
            % {"serial": serial, "model": model},
            field="serial",
            code="duplicate_serial",
        ) from exc
    return unit


def product_model_create(
    *,
    by: User,
    brand: str,
    code: str,
    name: str,
    category: ProductCategory,
    warranty_months: int,
    manufacturer_hotline: str = "",
) -> ProductModel:
    require(by, Cap.EDIT_CATALOG)
    if not 0 <= warranty_months <= 240:
        raise DomainError(_("Warranty months must be between 0 and 240."), field="warranty_months")
    brand = _required(brand, "brand", _("Brand"))
    code = _required(code, "code", _("Model"))
    if ProductModel.objects.filter(brand=brand, code=code).exists():
        raise Conflict(_("This model already exists."), field="code", code="duplicate_model")
    with transaction.atomic():
        model = ProductModel.objects.create(
            brand=brand,
            code=code,
            name=_required(name, "name", _("Product name")),
            category=category,
            warranty_months=warranty_months,
            manufacturer_hotline=manufacturer_hotline.strip(),
        )
        audit.record(model, by=by, action="product_model_create")
    return model


def outlet_create(
    *,
    by: User,
    name: str,
    place: str,
    branch: Branch,
    address: str = "",
    contact: str = "",
    phone: str = "",
    categories: list[ProductCategory] | None = None,
) -> Outlet:
    require(by, Cap.EDIT_CATALOG)
    name = _required(name, "name", _("Name"))
    if Outlet.objects.filter(name=name).exists():
        raise Conflict(
            _("An outlet of this name already exists."), field="name", code="duplicate_outlet"
        )
    with transaction.atomic():
        outlet = Outlet.objects.create(
            name=name,
            place=_required(place, "place", _("Place")),
            branch=branch,
            address=address,
            contact=contact,
            phone=normalize_optional_phone(phone, field="phone"),
        )
        if categories:
            outlet.categories.set(categories)
        audit.record(outlet, by=by, action="outlet_create")
    return outlet


def fault_type_create(*, by: User, category: ProductCategory, code: str, name: str) -> FaultType:
    require(by, Cap.EDIT_CATALOG)
    code = _required(code, "code", _("Code"))
    if FaultType.objects.filter(category=category, code=code).exists():
        raise Conflict(
            _("This fault code already exists in the category."),
            field="code",
            code="duplicate_fault",
        )
    with transaction.atomic():
        fault = FaultType.objects.create(
            category=category,
            code=code,
            name=_required(name, "name", _("Name")),
        )
        audit.record(fault, by=by, action="fault_type_create")
    return fault
