"""API shapes of parts, warehouses, stock levels and stock documents."""

from datetime import date
from decimal import Decimal

from ninja import Field, Schema

from aftersales.core.schemas import LocalTime


class PartOut(Schema):
    id: int
    code: str
    name: str
    categories: list[int]
    unit_cost: Decimal
    sale_price: Decimal
    is_serialised: bool
    repair_warranty_days: int
    is_active: bool

    @staticmethod
    def resolve_categories(obj) -> list[int]:
        return [category.pk for category in obj.categories.all()]


class PartIn(Schema):
    code: str
    name: str
    categories: list[int] = []
    unit_cost: Decimal = Decimal("0")
    sale_price: Decimal = Decimal("0")
    is_serialised: bool = False
    repair_warranty_days: int = 90


class WarehouseOut(Schema):
    id: int
    code: str
    name: str
    kind: str
    branch: int = Field(..., alias="branch_id")
    branch_name: str = Field(..., alias="branch.name")
    technician: int | None = Field(None, alias="technician_id")
    is_active: bool


class StockLevelOut(Schema):
    id: int
    warehouse: int = Field(..., alias="warehouse_id")
    warehouse_name: str = Field(..., alias="warehouse.name")
    part: int = Field(..., alias="part_id")
    part_code: str = Field(..., alias="part.code")
    part_name: str = Field(..., alias="part.name")
    condition: str
    quantity: int


class LineOut(Schema):
    part: int = Field(..., alias="part_id")
    part_code: str = Field(..., alias="part.code")
    quantity: int
    condition: str
    serial_number: str
    unit_cost: Decimal


class DocumentOut(Schema):
    id: int
    number: str
    kind: str
    branch: int = Field(..., alias="branch_id")
    from_warehouse: int | None = Field(None, alias="from_warehouse_id")
    to_warehouse: int | None = Field(None, alias="to_warehouse_id")
    work_order: int | None = Field(None, alias="work_order_id")
    person: int | None = Field(None, alias="person_id")
    amount: Decimal | None = None
    supplier: str
    manufacturer: str
    reference: str
    by: int = Field(..., alias="by_id")
    at: LocalTime
    note: str
    lines: list[LineOut]

    @staticmethod
    def resolve_lines(obj) -> list:
        return list(obj.lines.all())


class LineIn(Schema):
    part: int
    quantity: int
    condition: str | None = None
    serial_number: str = Field(
        "", description="A serialised part issued to a job: one serial per piece, comma-separated"
    )


class DocumentIn(Schema):
    kind: str = Field(
        ...,
        description="receipt, transfer, issue, old_part_return, scrap, charge, manufacturer_return",
    )
    from_warehouse: int | None = None
    to_warehouse: int | None = None
    work_order: int | None = None
    person: int | None = None
    amount: Decimal | None = None
    supplier: str = ""
    manufacturer: str = Field("", description="manufacturer_return: the brand taking them back")
    reference: str = Field("", description="manufacturer_return: its return authorisation")
    note: str = ""
    lines: list[LineIn]


class UsedPartOut(Schema):
    """A part used on a job, for the repair card and the invoice."""

    part: int
    part_code: str
    part_name: str
    quantity: int
    serial_number: str
    is_free: bool
    reason: str
    unit_price: Decimal
    amount: Decimal
    issued_on: date
    warranty_until: date
    document: str


class QuoteOut(Schema):
    id: int
    supplier: str
    unit_price: Decimal
    lead_days: int
    note: str
    added_by: int = Field(..., alias="added_by_id")
    added_at: LocalTime


class PurchaseOut(Schema):
    id: int
    number: str
    warehouse: int = Field(..., alias="warehouse_id")
    warehouse_name: str = Field(..., alias="warehouse.name")
    part: int = Field(..., alias="part_id")
    part_code: str = Field(..., alias="part.code")
    quantity: int
    reason: str
    status: str
    requested_by: int = Field(..., alias="requested_by_id")
    requested_at: LocalTime
    quotes: list[QuoteOut]
    chosen_quote: int | None = Field(None, alias="chosen_quote_id")
    decided_by: int | None = Field(None, alias="decided_by_id")
    decided_at: LocalTime | None = None
    decision_note: str

    @staticmethod
    def resolve_quotes(obj) -> list:
        return list(obj.quotes.all())


class PurchaseIn(Schema):
    warehouse: int
    part: int
    quantity: int
    reason: str = ""


class QuoteIn(Schema):
    supplier: str
    unit_price: Decimal
    lead_days: int = 0
    note: str = ""


class DecideIn(Schema):
    approve: bool
    quote: int | None = Field(None, description="The chosen quote; the cheapest when left out")
    note: str = ""
