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
    serial_number: str = ""


class DocumentIn(Schema):
    kind: str = Field(..., description="receipt, transfer, issue, old_part_return, scrap, charge")
    from_warehouse: int | None = None
    to_warehouse: int | None = None
    work_order: int | None = None
    person: int | None = None
    amount: Decimal | None = None
    supplier: str = ""
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
    unit_price: Decimal
    amount: Decimal
    issued_on: date
    warranty_until: date
    document: str
