"""API shapes of work orders, their transitions, requests, photos and audit trail."""

from decimal import Decimal
from typing import Any

from django.http import HttpRequest
from ninja import Field, Schema

from aftersales.core.schemas import LocalDatetime, LocalTime

from .models import WorkOrder
from .states import allowed_actions


class WorkOrderOut(Schema):
    id: int
    number: str
    kind: str
    category: str
    category_reason: str = Field(
        "", description="Why the warranty rule chose its category, in the caller's language."
    )
    category_overridden: bool = Field(False, description="Set by hand rather than by the rule.")
    category_note: str = Field("", description="The reason given when it was set by hand.")
    state: str
    state_display: str
    branch: int = Field(..., alias="branch_id")
    customer: int = Field(..., alias="customer_id")
    customer_name: str = Field(..., alias="customer.name")
    unit: int | None = Field(None, alias="unit_id")
    call: int | None = Field(None, alias="call_id")
    fault_type: int | None = Field(None, alias="fault_type_id")
    symptom: str
    customer_request: str
    address: str
    contact_phone: str
    contact_phone_display: str
    is_repeat: bool
    repeat_of: int | None = Field(None, alias="repeat_of_id")
    technician: int | None = Field(None, alias="technician_id")
    technician_name: str | None = None
    outlet: int | None = Field(None, alias="outlet_id")
    appointment_start: LocalTime | None
    appointment_end: LocalTime | None
    missed_appointments: int
    promised_by: LocalTime | None
    escalated: bool
    customer_wishes: str
    service_report: str
    cancel_reason: str
    created_at: LocalTime
    updated_at: LocalTime
    dispatched_at: LocalTime | None
    arrived_at: LocalTime | None
    completed_at: LocalTime | None
    closed_at: LocalTime | None
    allowed_actions: list[str] = Field(
        [], description="What the calling user may do to the order now."
    )

    @staticmethod
    def resolve_state_display(obj: WorkOrder) -> str:
        return str(obj.get_state_display())

    @staticmethod
    def resolve_technician_name(obj: WorkOrder) -> str | None:
        return str(obj.technician) if obj.technician_id else None

    @staticmethod
    def resolve_allowed_actions(obj: WorkOrder, context: Any) -> list[str]:
        request = (context or {}).get("request")
        user = getattr(request, "auth", None)
        return [action.name for action in allowed_actions(obj, user)] if user else []


def render_order(request: HttpRequest, order: WorkOrder) -> dict[str, Any]:
    """The order as JSON, as the caller sees it (for answers that are stored and replayed)."""
    return WorkOrderOut.from_orm(order, context={"request": request}).model_dump(mode="json")


class WorkOrderIn(Schema):
    customer: int
    symptom: str
    kind: str = "repair"
    unit: int | None = None
    fault_type: int | None = None
    customer_request: str = ""
    address: str = ""
    contact_phone: str = ""
    category: str | None = Field(
        None,
        description="A/B/C/D; by default from the warranty. Another category than the rule's "
        "needs the authority to override and a reason.",
    )
    category_reason: str = Field("", description="Why the category differs from the rule's.")
    promised_by: LocalDatetime | None = None


class CategoryIn(Schema):
    category: str = Field(..., description="A, B, C or D")
    reason: str


class AssignIn(Schema):
    """One of the two: a technician or an outlet."""

    technician: int | None = None
    outlet: int | None = None


class ReassignIn(AssignIn):
    reason: str


class ScheduleIn(Schema):
    start: LocalDatetime
    end: LocalDatetime


class RebookIn(ScheduleIn):
    reason: str
    missed: bool = False


class HandBackIn(Schema):
    customer_wishes: str


class SignatureIn(Schema):
    signer_name: str
    signature: str = Field(..., description="The drawn signature: a PNG data URL or base64.")


class CompleteIn(SignatureIn):
    service_report: str


class ReturnUnitIn(SignatureIn):
    service_report: str = ""


class CarryBackIn(Schema):
    items: str
    condition: str = ""


class RepairIn(Schema):
    work_done: str
    hours: Decimal
    parts_replaced: str = ""


class CheckIn(Schema):
    passed: bool
    note: str = ""


class NoteIn(Schema):
    note: str = ""


class CancelIn(Schema):
    reason: str


class RequestIn(Schema):
    kind: str = Field(..., description="extension or escalation")
    reason: str
    until: LocalDatetime | None = Field(None, description="Extensions: the new promised time.")


class DecideIn(Schema):
    approve: bool
    note: str = ""


class RequestOut(Schema):
    id: int
    order: int = Field(..., alias="order_id")
    kind: str
    reason: str
    until: LocalTime | None
    status: str
    requested_by: str = Field(..., alias="requested_by.username")
    requested_at: LocalTime
    decided_by: str | None = None
    decided_at: LocalTime | None
    decision_note: str

    @staticmethod
    def resolve_decided_by(obj) -> str | None:
        return obj.decided_by.username if obj.decided_by_id else None


class PhotoIn(Schema):
    kind: str = Field(..., description="fault or finished")
    image: str = Field(..., description="JPEG, PNG or WebP as base64 or a data URL.")


class PhotoOut(Schema):
    id: int
    order: int = Field(..., alias="order_id")
    kind: str
    url: str
    uploaded_at: LocalTime

    @staticmethod
    def resolve_url(obj) -> str:
        return obj.image.url


class AuditEntryOut(Schema):
    id: int
    at: LocalTime
    action: str
    actor: str | None = None
    changes: dict[str, Any]
    note: str

    @staticmethod
    def resolve_actor(obj) -> str | None:
        return obj.actor.username if obj.actor_id else None
