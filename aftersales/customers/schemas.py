"""API shapes of customers, product models, units and outlets.

Phones go out twice, as stored (E.164, `phone`) and as people read them (`phone_display`).
"""

from datetime import date

from django.utils import timezone
from ninja import Field, Schema

from aftersales.core.phones import display_phone
from aftersales.core.schemas import LocalTime


class CustomerOut(Schema):
    id: int
    name: str
    kind: str
    tier: str
    phone: str
    phone_display: str
    alt_phone: str
    alt_phone_display: str
    address: str
    zone: str
    branch: int = Field(..., alias="branch_id")
    branch_name: str = Field(..., alias="branch.name")
    notes: str
    created_at: LocalTime

    @staticmethod
    def resolve_alt_phone_display(obj) -> str:
        return display_phone(obj.alt_phone)


class CustomerIn(Schema):
    name: str
    phone: str
    address: str
    kind: str = "person"
    tier: str = "regular"
    zone: str = "ring2"
    alt_phone: str = ""
    branch: int | None = Field(None, description="Head office only: the branch filing it.")
    notes: str = ""


class CustomerPatch(Schema):
    """Only the fields sent are changed."""

    name: str | None = None
    phone: str | None = None
    address: str | None = None
    kind: str | None = None
    tier: str | None = None
    zone: str | None = None
    alt_phone: str | None = None
    notes: str | None = None


class ProductModelOut(Schema):
    id: int
    brand: str
    code: str
    name: str
    category: int = Field(..., alias="category_id")
    category_code: str = Field(..., alias="category.code")
    category_name: str = Field(..., alias="category.name")
    warranty_months: int
    manufacturer_hotline: str
    is_active: bool


class ProductModelIn(Schema):
    brand: str
    code: str
    name: str
    category: int
    warranty_months: int = 12
    manufacturer_hotline: str = ""


class UnitOut(Schema):
    id: int
    model: int = Field(..., alias="model_id")
    model_name: str
    category: int = Field(..., alias="model.category_id")
    serial: str
    customer: int = Field(..., alias="customer_id")
    customer_name: str = Field(..., alias="customer.name")
    purchase_date: date | None
    invoice_no: str
    install_date: date | None
    sold_by: int | None = Field(None, alias="sold_by_id")
    address: str
    warranty_end: date | None
    in_warranty: bool
    created_at: LocalTime

    @staticmethod
    def resolve_model_name(obj) -> str:
        return str(obj.model)

    @staticmethod
    def resolve_in_warranty(obj) -> bool:
        return obj.in_warranty_on(timezone.localdate())


class UnitIn(Schema):
    customer: int
    model: int
    serial: str
    purchase_date: date | None = Field(
        None, description="From the invoice; unknown means paid work until it is shown."
    )
    invoice_no: str = ""
    install_date: date | None = None
    sold_by: int | None = Field(None, description="The outlet that sold it.")
    address: str = ""


class OutletOut(Schema):
    id: int
    name: str
    place: str
    address: str
    contact: str
    phone: str
    phone_display: str
    branch: int = Field(..., alias="branch_id")
    is_active: bool


class CallBrief(Schema):
    id: int
    number: str
    channel: str
    received_at: LocalTime
    symptom: str
    outcome: str
    is_repeat: bool


class OrderBrief(Schema):
    id: int
    number: str
    kind: str
    state: str
    technician: int | None = Field(None, alias="technician_id")
    service_report: str
    completed_at: LocalTime | None
    is_repeat: bool


class HistoryEntryOut(Schema):
    """One line of the unit's service file: a call (with the job it became) or a job alone."""

    at: LocalTime
    is_repeat: bool
    call: CallBrief | None = None
    order: OrderBrief | None = None
