"""API shapes of the call register (叫修登记簿)."""

from datetime import date

from ninja import Field, Schema

from aftersales.core.schemas import LocalTime


class CallOut(Schema):
    id: int
    number: str
    channel: str
    received_at: LocalTime
    branch: int = Field(..., alias="branch_id")
    customer: int = Field(..., alias="customer_id")
    customer_name: str = Field(..., alias="customer.name")
    caller_name: str
    phone: str
    phone_display: str
    address: str
    unit: int | None = Field(None, alias="unit_id")
    model: int | None = Field(None, alias="model_id")
    serial: str
    purchase_date: date | None
    invoice_no: str
    fault_type: int | None = Field(None, alias="fault_type_id")
    symptom: str
    customer_request: str
    outcome: str
    guidance: str
    is_repeat: bool
    repeat_of: int | None = Field(None, alias="repeat_of_id")
    taken_by: str = Field(..., alias="taken_by.username")
    resolved_at: LocalTime | None
    work_order: int | None = None

    @staticmethod
    def resolve_work_order(obj) -> int | None:
        # The reverse one-to-one raises when the call has no job; the selector joins it.
        order = getattr(obj, "work_order", None) if obj.outcome == "work_order" else None
        return order.pk if order is not None else None


class NewCustomerIn(Schema):
    """A customer calling for the first time: his file is opened from the call."""

    name: str
    address: str
    kind: str = "person"
    tier: str = "regular"
    zone: str = "ring2"
    branch: int | None = Field(None, description="Head office only: the branch filing it.")


class CallIn(Schema):
    channel: str = "hotline"
    phone: str
    symptom: str
    customer: int | None = Field(None, description="An existing customer; or send new_customer.")
    new_customer: NewCustomerIn | None = None
    caller_name: str = ""
    address: str = ""
    unit: int | None = None
    model: int | None = None
    serial: str = ""
    purchase_date: date | None = None
    invoice_no: str = ""
    fault_type: int | None = None
    customer_request: str = ""


class SolveIn(Schema):
    guidance: str


class OpenWorkOrderIn(Schema):
    kind: str = "repair"
    category: str | None = Field(
        None,
        description="A/B/C/D; by default from the warranty. Another category than the rule's "
        "needs the authority to override and a reason.",
    )
    category_reason: str = Field("", description="Why the category differs from the rule's.")
