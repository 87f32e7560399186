"""API shapes of maintenance schedules, visits with their readings, checklists, and the quarterly
report."""

from datetime import date
from decimal import Decimal

from ninja import Field, Schema

from aftersales.core.schemas import LocalTime


class ChecklistItemOut(Schema):
    id: int
    order: int
    label: str
    kind: str
    unit: str
    minimum: Decimal | None
    maximum: Decimal | None
    required: bool


class ChecklistOut(Schema):
    id: int
    name: str
    product_category: int | None = Field(None, alias="product_category_id")
    notes: str
    items: list[ChecklistItemOut]

    @staticmethod
    def resolve_items(obj) -> list:
        return list(obj.items.all())


class ScheduleOut(Schema):
    id: int
    branch: int = Field(..., alias="branch_id")
    customer: int = Field(..., alias="customer_id")
    customer_name: str
    contract: int | None = Field(None, alias="contract_id")
    unit: int | None = Field(None, alias="unit_id")
    frequency: str
    frequency_display: str
    checklist: int = Field(..., alias="checklist_id")
    min_people: int
    starts_on: date
    ends_on: date | None
    active: bool
    notes: str
    stop_reason: str
    created_at: LocalTime

    @staticmethod
    def resolve_customer_name(obj) -> str:
        return obj.customer.name

    @staticmethod
    def resolve_frequency_display(obj) -> str:
        return str(obj.get_frequency_display())


class ScheduleIn(Schema):
    contract: int | None = Field(None, description="The maintenance contract; or give a unit.")
    unit: int | None = Field(None, description="One installed unit; with a contract, one of its.")
    frequency: str = Field(..., description="biweekly, monthly, spring_autumn, yearly, triennial")
    checklist: int
    starts_on: date
    ends_on: date | None = Field(None, description="Empty: the contract's end.")
    min_people: int = Field(1, ge=1, le=10)
    notes: str = ""


class PlanIn(Schema):
    start: date
    until: date


class PlanOut(Schema):
    planned: int
    visits: list[int]


class ReasonIn(Schema):
    reason: str


class ReadingOut(Schema):
    item: int = Field(..., alias="item_id")
    label: str
    kind: str
    unit: str
    value: Decimal | None
    ok: bool | None
    minimum: Decimal | None
    maximum: Decimal | None
    in_range: bool
    note: str

    @staticmethod
    def resolve_label(obj) -> str:
        return obj.item.label

    @staticmethod
    def resolve_kind(obj) -> str:
        return obj.item.kind

    @staticmethod
    def resolve_unit(obj) -> str:
        return obj.item.unit


class VisitOut(Schema):
    id: int
    schedule: int = Field(..., alias="schedule_id")
    customer: int
    planned_on: date
    status: str
    status_display: str
    technicians: list[int]
    performed_at: LocalTime | None
    signer_name: str
    notes: str
    abnormal: bool
    work_order: int | None = Field(None, alias="work_order_id")
    work_order_number: str | None
    cancel_reason: str
    readings: list[ReadingOut]

    @staticmethod
    def resolve_customer(obj) -> int:
        return obj.schedule.customer_id

    @staticmethod
    def resolve_status_display(obj) -> str:
        return str(obj.get_status_display())

    @staticmethod
    def resolve_technicians(obj) -> list[int]:
        return sorted(t.pk for t in obj.technicians.all())

    @staticmethod
    def resolve_work_order_number(obj) -> str | None:
        return obj.work_order.number if obj.work_order_id else None

    @staticmethod
    def resolve_readings(obj) -> list:
        return list(obj.readings.all())


class ReadingIn(Schema):
    item: int
    value: Decimal | None = Field(None, description="A reading's number, in the item's unit.")
    ok: bool | None = Field(None, description="A check: true (OK) or false (not OK).")
    note: str = ""


class VisitRecordIn(Schema):
    technicians: list[int] = Field(..., description="Who did the visit: at least the minimum.")
    readings: list[ReadingIn]
    signer_name: str
    signature: str = Field(
        ..., description="The customer's drawn signature: a PNG data URL or base64."
    )
    notes: str = ""


class WorkOrderRef(Schema):
    id: int
    number: str
    state: str
    state_display: str

    @staticmethod
    def resolve_state_display(obj) -> str:
        return str(obj.get_state_display())


class ReportOut(Schema):
    customer: int
    customer_name: str
    year: int
    quarter: int
    first: date
    last: date
    planned: int
    done: list[VisitOut]
    not_done: list[VisitOut]
    cancelled: list[VisitOut]
    findings: int
    work_orders: list[WorkOrderRef]
