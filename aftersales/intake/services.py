"""Taking a call: register it, find or file the customer, record how it ended."""

from dataclasses import dataclass
from datetime import date, datetime

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from aftersales.accounts.models import Branch, User
from aftersales.accounts.policy import Cap, require
from aftersales.core import audit
from aftersales.core.exceptions import DomainError
from aftersales.core.numbering import monthly_number
from aftersales.core.phones import normalize_phone
from aftersales.customers.models import Customer, FaultType, ProductModel, Unit, Zone
from aftersales.customers.services import customer_create, unit_register
from aftersales.workorders import rules
from aftersales.workorders.models import Kind, WorkOrder
from aftersales.workorders.services import work_order_create

from .models import Channel, ServiceCall


@dataclass(frozen=True)
class NewCustomer:
    """The customer file opened from the first call (000 篇3: within 2 days of first contact)."""

    name: str
    address: str
    kind: str = Customer.Kind.PERSON
    tier: str = Customer.Tier.REGULAR
    zone: str = Zone.RING2
    branch: Branch | None = None


def call_register(
    *,
    by: User,
    now: datetime,
    channel: str,
    phone: str,
    symptom: str,
    customer: Customer | None = None,
    new_customer: NewCustomer | None = None,
    caller_name: str = "",
    address: str = "",
    unit: Unit | None = None,
    model: ProductModel | None = None,
    serial: str = "",
    purchase_date: date | None = None,
    invoice_no: str = "",
    fault_type: FaultType | None = None,
    customer_request: str = "",
) -> ServiceCall:
    """Register a call, letter or visit. An existing customer with the phone is used, never
    duplicated; a new one is filed from `new_customer`."""
    require(by, Cap.TAKE_CALLS)
    if channel not in Channel.values:
        raise DomainError(_("Unknown channel."), field="channel")
    phone = normalize_phone(phone)
    symptom = (symptom or "").strip()
    if not symptom:
        raise DomainError(_("Describe the fault or question."), field="symptom")
    if unit is not None:
        if customer is not None and unit.customer_id != customer.pk:
            raise DomainError(_("The unit belongs to another customer."), field="unit")
        customer = customer or unit.customer
        model = unit.model
        serial = unit.serial
        purchase_date = unit.purchase_date
        invoice_no = invoice_no or unit.invoice_no
    if fault_type is not None and model is not None and fault_type.category_id != model.category_id:
        raise DomainError(_("This fault is not one of the unit's category."), field="fault_type")
    with transaction.atomic():
        if customer is None:
            if new_customer is None:
                raise DomainError(_("Choose the customer or enter a new one."), field="customer")
            customer = customer_create(
                by=by,
                name=new_customer.name,
                phone=phone,
                address=new_customer.address,
                kind=new_customer.kind,
                tier=new_customer.tier,
                zone=new_customer.zone,
                branch=new_customer.branch,
            )
        repeat_of = rules.find_repeat(
            unit=unit,
            fault_type_id=fault_type.pk if fault_type else None,
            at=now,
            days=settings.AFTERSALES["REPEAT_REPAIR_DAYS"],
        )
        call = ServiceCall.objects.create(
            number=monthly_number("CL", at=now),
            channel=channel,
            received_at=now,
            branch=customer.branch,
            customer=customer,
            caller_name=caller_name.strip() or customer.name,
            phone=phone,
            address=address.strip() or customer.address,
            unit=unit,
            model=model,
            serial=serial.strip(),
            purchase_date=purchase_date,
            invoice_no=invoice_no.strip(),
            fault_type=fault_type,
            symptom=symptom,
            customer_request=customer_request.strip(),
            is_repeat=repeat_of is not None,
            repeat_of=repeat_of,
            taken_by=by,
        )
        audit.record(call, by=by, action="call_register")
    return call


def _open_call(call: ServiceCall) -> ServiceCall:
    call = ServiceCall.objects.select_for_update().get(pk=call.pk)
    if call.outcome != ServiceCall.Outcome.OPEN:
        raise DomainError(
            _("This call has already been dealt with: %(outcome)s.")
            % {"outcome": call.get_outcome_display()},
            field="outcome",
        )
    return call


def _unit_of_call(call: ServiceCall, *, by: User, now: datetime) -> Unit | None:
    """The unit the job is about: the one picked on the call, else the model and serial the
    customer gave, filed in his records now (with the purchase date, if he had the invoice), so
    that the warranty is decided from them and the unit's service file begins with this job."""
    if call.unit_id or call.model_id is None or not call.serial:
        return call.unit
    known = Unit.objects.filter(model=call.model, serial=call.serial).first()
    if known is not None:
        if known.customer_id != call.customer_id:
            raise DomainError(
                _("Serial number %(serial)s of %(model)s is registered to another customer.")
                % {"serial": call.serial, "model": call.model},
                field="serial",
            )
        return known
    return unit_register(
        by=by,
        customer=call.customer,
        model=call.model,
        serial=call.serial,
        purchase_date=call.purchase_date,
        invoice_no=call.invoice_no,
        address=call.address if call.address != call.customer.address else "",
        today=timezone.localdate(now),
    )


@transaction.atomic
def call_solve_by_phone(
    *, call: ServiceCall, by: User, now: datetime, guidance: str
) -> ServiceCall:
    """Triage first: a call settled by guiding the customer is closed as such (002 五1)."""
    require(by, Cap.TAKE_CALLS)
    call = _open_call(call)
    guidance = (guidance or "").strip()
    if not guidance:
        raise DomainError(_("Write down the guidance given."), field="guidance")
    before = audit.snapshot(call)
    call.outcome = ServiceCall.Outcome.SOLVED_BY_PHONE
    call.guidance = guidance
    call.resolved_at = now
    call.save()
    audit.record(call, by=by, action="call_solve_by_phone", before=before)
    return call


@transaction.atomic
def call_open_work_order(
    *,
    call: ServiceCall,
    by: User,
    now: datetime,
    kind: str = Kind.REPAIR,
    category: str | None = None,
    category_reason: str = "",
) -> WorkOrder:
    """A real fault becomes a work order carrying everything the call registered."""
    call = _open_call(call)
    before = audit.snapshot(call)
    call.unit = _unit_of_call(call, by=by, now=now)
    order = work_order_create(
        by=by,
        customer=call.customer,
        unit=call.unit,
        fault_type=call.fault_type,
        symptom=call.symptom,
        customer_request=call.customer_request,
        address=call.address,
        contact_phone=call.phone,
        kind=kind,
        category=category,
        category_reason=category_reason,
        call=call,
        now=now,
    )
    call.outcome = ServiceCall.Outcome.WORK_ORDER
    call.save()
    audit.record(call, by=by, action="call_open_work_order", before=before, note=order.number)
    return order
