"""API shapes of manufacturer's rates, warranty claims and claim part orders."""

from datetime import date
from decimal import Decimal

from ninja import Field, Schema

from aftersales.core.schemas import LocalTime


class RateOut(Schema):
    id: int
    brand: str
    category: int | None = Field(None, alias="category_id")
    labour_basis: str
    labour_rate: Decimal
    travel_allowance: Decimal
    parts_factor: Decimal
    effective_from: date
    note: str


class RateIn(Schema):
    brand: str
    category: int | None = None
    labour_basis: str = Field(..., description="per_job or per_hour")
    labour_rate: Decimal = Field(..., ge=0, max_digits=12, decimal_places=2)
    travel_allowance: Decimal = Field(Decimal("0"), ge=0, max_digits=12, decimal_places=2)
    parts_factor: Decimal = Field(Decimal("1"), gt=0, max_digits=5, decimal_places=3)
    effective_from: date
    note: str = ""


class ClaimLineOut(Schema):
    id: int
    work_order: int = Field(..., alias="work_order_id")
    kind: str
    description: str
    quantity: Decimal
    unit_amount: Decimal
    amount: Decimal
    part: int | None = Field(None, alias="part_id")
    evidence: int | None = Field(
        None, alias="evidence_id", description="The old-part-return line: the defective part."
    )
    included: bool
    note: str


class ClaimOut(Schema):
    id: int
    number: str
    branch: int = Field(..., alias="branch_id")
    brand: str
    period_start: date
    period_end: date
    status: str
    status_display: str
    claimed_amount: Decimal
    accepted_amount: Decimal | None
    paid_amount: Decimal | None
    paid_on: date | None
    payment_reference: str
    manufacturer_note: str
    outstanding: Decimal
    created_at: LocalTime
    submitted_at: LocalTime | None

    @staticmethod
    def resolve_status_display(obj) -> str:
        return str(obj.get_status_display())


class ClaimDetailOut(ClaimOut):
    work_orders: list[int]
    lines: list[ClaimLineOut]

    @staticmethod
    def resolve_work_orders(obj) -> list[int]:
        return [row.work_order_id for row in obj.orders.all()]

    @staticmethod
    def resolve_lines(obj) -> list:
        return list(obj.lines.all())


class ClaimIn(Schema):
    brand: str
    period_start: date
    period_end: date
    work_orders: list[int] = Field(..., min_length=1)
    branch: int | None = Field(None, description="Head office only: the branch of the jobs.")
    note: str = ""


class IncludeLineIn(Schema):
    line: int
    included: bool
    note: str = ""


class AcceptIn(Schema):
    amount: Decimal = Field(..., gt=0, max_digits=12, decimal_places=2)
    note: str = ""


class RejectIn(Schema):
    note: str


class PaymentIn(Schema):
    amount: Decimal = Field(..., gt=0, max_digits=12, decimal_places=2)
    paid_on: date
    reference: str
    note: str = ""


class BrandOutstandingOut(Schema):
    brand: str
    claims: int
    waiting: int
    claimed: Decimal
    accepted: Decimal
    paid: Decimal
    outstanding: Decimal


class PartOrderOut(Schema):
    id: int
    number: str
    branch: int = Field(..., alias="branch_id")
    work_order: int = Field(..., alias="work_order_id")
    part: int = Field(..., alias="part_id")
    quantity: int
    unit_cost: Decimal
    amount: Decimal
    needs_director: bool
    status: str
    status_display: str
    deposit_amount: Decimal
    deposit_method: str
    deposit_taken_at: LocalTime
    deposit_refunded_amount: Decimal | None
    deposit_refunded_at: LocalTime | None
    deposit_kept_reason: str
    workshop_approved_at: LocalTime | None
    director_approved_at: LocalTime | None
    ordered_at: LocalTime | None
    manufacturer_reference: str
    arrived_at: LocalTime | None
    receipt: int | None = Field(None, alias="receipt_id")
    issue: int | None = Field(None, alias="issue_id")
    fitted_at: LocalTime | None
    cancelled_at: LocalTime | None
    cancel_reason: str
    note: str

    @staticmethod
    def resolve_status_display(obj) -> str:
        return str(obj.get_status_display())


class PartOrderIn(Schema):
    work_order: int
    part: int
    quantity: int = Field(1, ge=1, le=999)
    deposit_amount: Decimal = Field(..., gt=0, max_digits=12, decimal_places=2)
    deposit_method: str = Field(..., description="cash, wechat, alipay or transfer")
    note: str = ""


class OrderedIn(Schema):
    reference: str = ""


class FitIn(Schema):
    note: str = ""
    serial_number: str = Field("", description="Of the new part, when it is serialised.")


class PartOrderCancelIn(Schema):
    reason: str
    refund: bool = Field(..., description="Refund the deposit; false keeps it, with kept_reason.")
    kept_reason: str = ""
