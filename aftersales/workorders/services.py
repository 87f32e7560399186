"""Every change to a work order: one function per action, each in a transaction, each audited.

The legal moves are in `states.py`; these functions lock the order, check the move, do it, and
record who did what, with the state before and after.
"""

from datetime import datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from aftersales.accounts.models import User
from aftersales.core import audit
from aftersales.core.exceptions import DomainError
from aftersales.core.numbering import monthly_number
from aftersales.core.phones import normalize_phone
from aftersales.core.uploads import checked_image, decode_data_url
from aftersales.core.validation import required_text as _text
from aftersales.customers.models import Customer, FaultType, Outlet, Unit
from aftersales.deadlines import clocks
from aftersales.deadlines.rules import ARRIVAL, COMPLETION, REPLY
from aftersales.dispatch.models import Technician
from aftersales.dispatch.services import ensure_certified

from . import rules
from .models import (
    GoodsMovement,
    GoodsReceipt,
    Kind,
    Photo,
    RepairCard,
    Request,
    ServiceCategory,
    Signature,
    State,
    WorkOrder,
)
from .states import ensure_allowed


def _locked(order: WorkOrder) -> WorkOrder:
    return (
        WorkOrder.objects.select_for_update(of=("self",))
        .select_related("technician", "unit__model__category", "branch", "customer")
        .get(pk=order.pk)
    )


def _ensure_consent(order: WorkOrder, *, declined_ok: bool = False) -> None:
    """Paid work starts only after the customer consented to the quote (002 第11条, 第56条4)."""
    from aftersales.billing.rules import consent_missing

    message = consent_missing(order, declined_ok=declined_ok)
    if message:
        raise DomainError(message, field="quote", code="consent_missing")


def _move(
    order: WorkOrder,
    action: str,
    *,
    by: User,
    note: str = "",
    **changes: Any,
) -> WorkOrder:
    """Take a checked action: apply the field changes and the new state, and audit it."""
    step = ensure_allowed(order, action, by)
    before = audit.snapshot(order)
    for field, value in changes.items():
        setattr(order, field, value)
    if step.target is not None:
        order.state = step.target
    order.save()
    audit.record(order, by=by, action=action, before=before, note=note)
    return order


def work_order_create(
    *,
    by: User,
    customer: Customer,
    symptom: str,
    now: datetime,
    kind: str = Kind.REPAIR,
    unit: Unit | None = None,
    fault_type: FaultType | None = None,
    customer_request: str = "",
    address: str = "",
    contact_phone: str = "",
    category: str | None = None,
    category_reason: str = "",
    call: Any = None,
    promised_by: datetime | None = None,
) -> WorkOrder:
    """Register a job. Its category comes from the warranty rule; a user with the authority may
    choose another at registration, with the reason, as he could change it afterwards."""
    from aftersales.accounts.policy import Cap, can, require

    require(by, Cap.TAKE_CALLS)
    if kind not in Kind.values:
        raise DomainError(_("Unknown kind of work."), field="kind")
    if unit is not None and unit.customer_id != customer.pk:
        raise DomainError(_("The unit belongs to another customer."), field="unit")
    if (
        fault_type is not None
        and unit is not None
        and fault_type.category_id != unit.model.category_id
    ):
        raise DomainError(_("This fault is not one of the unit's category."), field="fault_type")
    if category is not None and category not in ServiceCategory.values:
        raise DomainError(_("Unknown service category."), field="category")
    repeat_of = rules.find_repeat(
        unit=unit,
        fault_type_id=fault_type.pk if fault_type else None,
        at=now,
        days=settings.AFTERSALES["REPEAT_REPAIR_DAYS"],
    )
    decision = _decide_category(unit=unit, kind=kind, now=now)
    overridden = bool(category) and category != decision.category
    category_note = ""
    if overridden:
        if not can(by, Cap.OVERRIDE_CATEGORY):
            raise DomainError(
                _(
                    "Only a user with the authority may set the category by hand; "
                    "the warranty rule decides %(category)s."
                )
                % {"category": ServiceCategory(decision.category).label},
                field="category",
            )
        category_note = _text(
            category_reason, "category_reason", _("Give the reason for changing the category.")
        )
    with transaction.atomic():
        order = WorkOrder.objects.create(
            number=monthly_number("WO", at=now),
            kind=kind,
            category=category or decision.category,
            category_basis=decision.basis,
            # A category chosen at registration that is not the rule's is shown as set by hand.
            category_overridden=overridden,
            category_note=category_note,
            branch=customer.branch,
            customer=customer,
            unit=unit,
            call=call,
            fault_type=fault_type,
            symptom=_text(symptom, "symptom", _("Describe the fault.")),
            customer_request=customer_request.strip(),
            address=(address or "").strip()
            or (unit.address if unit and unit.address else customer.address),
            contact_phone=normalize_phone(contact_phone, field="contact_phone")
            if contact_phone
            else customer.phone,
            is_repeat=repeat_of is not None,
            repeat_of=repeat_of,
            promised_by=promised_by,
            created_by=by,
        )
        audit.record(order, by=by, action="create", note=category_note)
        # The clocks run from the call, not from when the job was typed in (004 (十九)).
        clocks.start_clocks(order, call_at=call.received_at if call is not None else now)
    return order


def _decide_category(*, unit: Unit | None, kind: str, now: datetime) -> Any:
    """The warranty rule's category for work on `unit` registered at `now` (SPEC §5)."""
    from aftersales.warranty.rules import decide_category
    from aftersales.warranty.selectors import contract_covering

    day = timezone.localdate(now)
    return decide_category(unit=unit, kind=kind, on=day, contract=contract_covering(unit, day))


@transaction.atomic
def work_order_override_category(
    *, order: WorkOrder, by: User, category: str, reason: str, now: datetime
) -> WorkOrder:
    """Someone with the authority sets the category by hand, with the reason; the rule's own
    reason stays on the order beside it, and the audit trail keeps both categories."""
    from aftersales.accounts.policy import Cap, require

    require(by, Cap.OVERRIDE_CATEGORY)
    order = _locked(order)
    if category not in ServiceCategory.values:
        raise DomainError(_("Unknown service category."), field="category")
    reason = _text(reason, "reason", _("Give the reason for changing the category."))
    if order.state in (State.CLOSED, State.CANCELLED):
        raise DomainError(
            _("The work order is “%(state)s”: its category can no longer be changed.")
            % {"state": order.get_state_display()},
            field="category",
            code="illegal_transition",
        )
    if category == order.category:
        raise DomainError(
            _("The work order is already in category %(category)s.")
            % {"category": order.get_category_display()},
            field="category",
        )
    before = audit.snapshot(order)
    order.category = category
    order.category_overridden = True
    order.category_note = reason
    order.save()
    audit.record(order, by=by, action="override_category", before=before, note=reason)
    return order


def _assignee(
    order: WorkOrder, *, by: User, technician: Technician | None, outlet: Outlet | None
) -> dict[str, Any]:
    if (technician is None) == (outlet is None):
        raise DomainError(_("Choose one technician or one outlet."), field="technician")
    category = order.unit.model.category if order.unit_id else None
    same_branch_only = not by.sees_all_branches
    if technician is not None:
        if same_branch_only and technician.branch_id != order.branch_id:
            raise DomainError(_("The technician belongs to another branch."), field="technician")
        ensure_certified(technician, category)
        return {"technician": technician, "outlet": None}
    if not outlet.is_active:
        raise DomainError(_("The outlet is not active."), field="outlet")
    if same_branch_only and outlet.branch_id != order.branch_id:
        raise DomainError(_("The outlet belongs to another branch."), field="outlet")
    if category is not None and not outlet.categories.filter(pk=category.pk).exists():
        raise DomainError(
            _("%(outlet)s does not service %(category)s.")
            % {"outlet": outlet, "category": category},
            field="outlet",
            code="not_certified",
        )
    return {"technician": None, "outlet": outlet}


@transaction.atomic
def work_order_dispatch(
    *,
    order: WorkOrder,
    by: User,
    now: datetime,
    technician: Technician | None = None,
    outlet: Outlet | None = None,
) -> WorkOrder:
    order = _locked(order)
    ensure_allowed(order, "dispatch", by)
    return _move(
        order,
        "dispatch",
        by=by,
        dispatched_at=now,
        **_assignee(order, by=by, technician=technician, outlet=outlet),
    )


@transaction.atomic
def work_order_reassign(
    *,
    order: WorkOrder,
    by: User,
    now: datetime,
    reason: str,
    technician: Technician | None = None,
    outlet: Outlet | None = None,
) -> WorkOrder:
    """Transfer to another technician or outlet; only the dispatcher does this."""
    order = _locked(order)
    ensure_allowed(order, "reassign", by)
    assignee = _assignee(order, by=by, technician=technician, outlet=outlet)
    if assignee["technician"] == order.technician and assignee["outlet"] == order.outlet:
        raise DomainError(_("The job is already assigned there."), field="technician")
    return _move(
        order,
        "reassign",
        by=by,
        note=_text(reason, "reason", _("Give the reason for the transfer.")),
        dispatched_at=now,
        appointment_start=None,
        appointment_end=None,
        **assignee,
    )


def _window(start: datetime | None, end: datetime | None, now: datetime) -> dict[str, datetime]:
    if start is None or end is None:
        raise DomainError(_("Give the appointment's start and end."), field="appointment_start")
    if end <= start:
        raise DomainError(_("The appointment must end after it starts."), field="appointment_end")
    if end <= now:
        raise DomainError(_("The appointment is in the past."), field="appointment_start")
    return {"appointment_start": start, "appointment_end": end}


@transaction.atomic
def work_order_schedule(
    *, order: WorkOrder, by: User, now: datetime, start: datetime, end: datetime
) -> WorkOrder:
    order = _locked(order)
    ensure_allowed(order, "schedule", by)
    order = _move(order, "schedule", by=by, **_window(start, end, now))
    _appointment_agreed(order, now=now)
    return order


def _appointment_agreed(order: WorkOrder, *, now: datetime) -> None:
    """The customer has his answer, and a text message confirms the time (SPEC §6, issue 4)."""
    from aftersales.notifications.events import appointment_confirmed

    clocks.meet(order, [REPLY], at=now)
    appointment_confirmed(order=order, now=now)


@transaction.atomic
def work_order_rebook(
    *,
    order: WorkOrder,
    by: User,
    now: datetime,
    start: datetime,
    end: datetime,
    reason: str,
    missed: bool = False,
) -> WorkOrder:
    """A new appointment; a missed one is counted, and the apology recorded (000 篇5 第十八条2)."""
    order = _locked(order)
    ensure_allowed(order, "rebook", by)
    order = _move(
        order,
        "rebook",
        by=by,
        note=_text(reason, "reason", _("Say why the appointment moves.")),
        missed_appointments=order.missed_appointments + (1 if missed else 0),
        **_window(start, end, now),
    )
    _appointment_agreed(order, now=now)
    return order


@transaction.atomic
def work_order_hand_back(*, order: WorkOrder, by: User, customer_wishes: str) -> WorkOrder:
    """A postponed job returns to the dispatcher with the customer's wishes (000 篇8 第29条)."""
    order = _locked(order)
    ensure_allowed(order, "hand_back", by)
    return _move(
        order,
        "hand_back",
        by=by,
        customer_wishes=_text(
            customer_wishes, "customer_wishes", _("Write down what the customer wants.")
        ),
        technician=None,
        outlet=None,
        appointment_start=None,
        appointment_end=None,
    )


@transaction.atomic
def work_order_arrive(*, order: WorkOrder, by: User, now: datetime) -> WorkOrder:
    order = _locked(order)
    order = _move(order, "arrive", by=by, arrived_at=now)
    clocks.meet(order, [REPLY, ARRIVAL], at=now)
    return order


def _signature(
    order: WorkOrder, *, by: User, purpose: str, signer_name: str, signature_png: bytes
) -> Signature:
    signer_name = _text(signer_name, "signer_name", _("Enter the name of the person signing."))
    image = checked_image(signature_png, field="signature", name=f"{purpose}")
    return Signature.objects.create(
        order=order, purpose=purpose, signer_name=signer_name, image=image, collected_by=by
    )


@transaction.atomic
def work_order_complete(
    *,
    order: WorkOrder,
    by: User,
    now: datetime,
    service_report: str,
    signer_name: str,
    signature_png: bytes,
) -> WorkOrder:
    """Fixed on site: the service report and the customer's signature close the visit (002 第63条)."""
    order = _locked(order)
    ensure_allowed(order, "complete", by)
    _ensure_consent(order, declined_ok=True)
    report = _text(service_report, "service_report", _("Write the service report."))
    _signature(
        order,
        by=by,
        purpose=Signature.Purpose.COMPLETION,
        signer_name=signer_name,
        signature_png=signature_png,
    )
    order = _move(order, "complete", by=by, service_report=report, completed_at=now)
    _finished(order, by=by, now=now)
    return order


def _finished(order: WorkOrder, *, by: User, now: datetime) -> None:
    """What follows a finished job: the call-register line is done, the clocks meet their
    targets, any wait ends, and the follow-up calls are planned."""
    from aftersales.followups.services import follow_ups_plan_for_order

    _resolve_call(order, now=now)
    clocks.end_open_hold(order, at=now, by=by)
    clocks.meet(order, [REPLY, ARRIVAL, COMPLETION], at=now)
    # Every customer is called back after the job (000 篇3 (三)4, 002 B): the system plans it.
    follow_ups_plan_for_order(order=order, by=None, now=now)


def _resolve_call(order: WorkOrder, *, now: datetime) -> None:
    """The call-register line is cancelled when the job is done (004 篇2 (十二))."""
    if order.call_id:
        type(order.call).objects.filter(pk=order.call_id, resolved_at__isnull=True).update(
            resolved_at=now
        )


@transaction.atomic
def work_order_carry_back(
    *, order: WorkOrder, by: User, now: datetime, items: str, condition: str = ""
) -> WorkOrder:
    """The unit goes to the workshop: a goods receipt for the customer, a line in the register."""
    order = _locked(order)
    ensure_allowed(order, "carry_back", by)
    _ensure_consent(order)
    if order.unit_id is None:
        raise DomainError(_("Only a registered unit can be carried back."), field="unit")
    receipt = GoodsReceipt.objects.create(
        order=order,
        number=monthly_number("GR", at=now, width=4),
        items=_text(items, "items", _("List what is taken, accessories included.")),
        condition=condition.strip(),
        issued_by=by,
    )
    GoodsMovement.objects.create(
        order=order,
        branch=order.branch,
        direction=GoodsMovement.Direction.IN,
        by=by,
        note=receipt.number,
    )
    return _move(order, "carry_back", by=by, note=receipt.number)


def _hours(value: Any) -> Decimal:
    try:
        hours = Decimal(str(value))
    except (InvalidOperation, ValueError) as exc:
        raise DomainError(_("Hours must be a number."), field="hours") from exc
    if not Decimal("0") < hours <= Decimal("999"):
        raise DomainError(_("Hours must be more than 0."), field="hours")
    return hours.quantize(Decimal("0.01"))


@transaction.atomic
def work_order_record_repair(
    *,
    order: WorkOrder,
    by: User,
    now: datetime,
    work_done: str,
    hours: Any,
    parts_replaced: str = "",
) -> WorkOrder:
    """The repair card: actual hours and parts replaced (修护卡). Rework after a failed check
    updates the same card."""
    order = _locked(order)
    ensure_allowed(order, "record_repair", by)
    _ensure_consent(order)
    values = {
        "work_done": _text(work_done, "work_done", _("Describe the repair.")),
        "hours": _hours(hours),
        "parts_replaced": parts_replaced.strip(),
        "repaired_by": by,
        "repaired_at": now,
        "checked_by": None,
        "checked_at": None,
    }
    RepairCard.objects.update_or_create(order=order, defaults=values)
    return _move(order, "record_repair", by=by, note=f"{values['hours']} h")


@transaction.atomic
def work_order_check(
    *, order: WorkOrder, by: User, now: datetime, passed: bool, note: str = ""
) -> WorkOrder:
    """The supervisor checks the workshop repair (主任验讫); a failed check sends it back."""
    order = _locked(order)
    action = "check" if passed else "reject_check"
    ensure_allowed(order, action, by)
    if not passed:
        note = _text(note, "note", _("Say what must be redone."))
    card = RepairCard.objects.select_for_update().get(order=order)
    card.check_note = note.strip()
    if passed:
        card.checked_by, card.checked_at = by, now
    else:
        card.failed_checks += 1
    card.save()
    return _move(order, action, by=by, note=note)


@transaction.atomic
def work_order_return_unit(
    *,
    order: WorkOrder,
    by: User,
    now: datetime,
    signer_name: str,
    signature_png: bytes,
    service_report: str = "",
) -> WorkOrder:
    """The repaired unit goes back: out of the register, the customer signs, the receipt is void."""
    order = _locked(order)
    ensure_allowed(order, "return_unit", by)
    _signature(
        order,
        by=by,
        purpose=Signature.Purpose.RETURN,
        signer_name=signer_name,
        signature_png=signature_png,
    )
    GoodsMovement.objects.create(
        order=order, branch=order.branch, direction=GoodsMovement.Direction.OUT, by=by
    )
    GoodsReceipt.objects.filter(order=order).update(voided_at=now)
    report = service_report.strip() or order.repair_card.work_done
    order = _move(order, "return_unit", by=by, service_report=report, completed_at=now)
    _finished(order, by=by, now=now)
    return order


@transaction.atomic
def work_order_close(*, order: WorkOrder, by: User, now: datetime, note: str = "") -> WorkOrder:
    order = _locked(order)
    return _move(order, "close", by=by, note=note.strip(), closed_at=now)


@transaction.atomic
def work_order_cancel(*, order: WorkOrder, by: User, now: datetime, reason: str) -> WorkOrder:
    order = _locked(order)
    ensure_allowed(order, "cancel", by)
    reason = _text(reason, "reason", _("Give the reason for cancelling."))
    order = _move(order, "cancel", by=by, note=reason, cancel_reason=reason, closed_at=now)
    _resolve_call(order, now=now)
    clocks.stop(order, at=now)
    return order


@transaction.atomic
def work_order_request(
    *,
    order: WorkOrder,
    by: User,
    kind: str,
    reason: str,
    until: datetime | None = None,
    now: datetime,
) -> Request:
    """A job that cannot be finished on time goes to the supervisor for help or more time
    (004 (十四), 004 篇3 3.6–3.7)."""
    order = _locked(order)
    ensure_allowed(order, "request", by)
    if kind not in Request.Kind.values:
        raise DomainError(_("Unknown kind of request."), field="kind")
    if kind == Request.Kind.EXTENSION and (until is None or until <= now):
        raise DomainError(_("Give the new promised time, in the future."), field="until")
    if order.requests.filter(kind=kind, status=Request.Status.PENDING).exists():
        raise DomainError(_("A request of this kind is already waiting."), field="kind")
    request = Request.objects.create(
        order=order,
        kind=kind,
        reason=_text(reason, "reason", _("Give the reason.")),
        until=until if kind == Request.Kind.EXTENSION else None,
        requested_by=by,
    )
    if kind == Request.Kind.ESCALATION:
        _move(order, "request", by=by, note=request.reason, escalated=True)
    else:
        audit.record(
            order,
            by=by,
            action="request_extension",
            changes={"until": [None, until.isoformat()]},
            note=request.reason,
        )
    return request


@transaction.atomic
def work_order_decide_request(
    *, request: Request, by: User, approve: bool, now: datetime, note: str = ""
) -> Request:
    from aftersales.accounts.policy import Cap, require

    require(by, Cap.CHECK)
    request = Request.objects.select_for_update().get(pk=request.pk)
    if request.status != Request.Status.PENDING:
        raise DomainError(_("This request has already been decided."), field="status")
    if not approve and not note.strip():
        raise DomainError(_("Say why the request is refused."), field="note")
    order = _locked(request.order)
    if not order.is_open:
        # A finished or cancelled job needs neither more time nor help.
        raise DomainError(
            _("The work order is “%(state)s”: its requests can no longer be decided.")
            % {"state": order.get_state_display()},
            field="state",
            code="illegal_transition",
        )
    request.status = Request.Status.APPROVED if approve else Request.Status.REJECTED
    request.decided_by, request.decided_at, request.decision_note = by, now, note.strip()
    request.save()
    before = audit.snapshot(order)
    if approve and request.kind == Request.Kind.EXTENSION:
        order.promised_by = request.until
        clocks.extend_completion(order, until=request.until)
    if request.kind == Request.Kind.ESCALATION:
        order.escalated = False
    order.save()
    audit.record(
        order,
        by=by,
        action=f"{request.kind}_{request.status}",
        before=before,
        note=request.decision_note,
    )
    return request


@transaction.atomic
def work_order_add_photo(
    *, order: WorkOrder, by: User, kind: str, data: bytes, filename: str = "photo"
) -> Photo:
    order = _locked(order)
    ensure_allowed(order, "add_photo", by)
    if kind not in Photo.Kind.values:
        raise DomainError(_("Unknown kind of photo."), field="kind")
    image = checked_image(data, field="image", name=f"{kind}")
    photo = Photo.objects.create(order=order, kind=kind, image=image, uploaded_by=by)
    audit.record(order, by=by, action="add_photo", changes={"photo": [None, photo.image.name]})
    return photo


def signature_from_data_url(data_url: str) -> bytes:
    return decode_data_url(data_url, field="signature")
