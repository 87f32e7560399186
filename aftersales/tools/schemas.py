"""API shapes of tools and their loans."""

from datetime import date
from decimal import Decimal

from ninja import Field, Schema

from aftersales.core.schemas import LocalDatetime, LocalTime


class ToolLoanOut(Schema):
    id: int
    tool: int = Field(..., alias="tool_id")
    technician: int = Field(..., alias="technician_id")
    technician_name: str
    lent_at: LocalTime
    due_back: LocalTime
    returned_at: LocalTime | None
    condition: str
    damaged: bool
    note: str

    @staticmethod
    def resolve_technician_name(obj) -> str:
        return str(obj.technician)


class ToolOut(Schema):
    id: int
    asset_number: str
    name: str
    spec: str
    purchase_price: Decimal
    purchase_date: date | None
    is_fixed_asset: bool
    branch: int = Field(..., alias="branch_id")
    branch_name: str = Field(..., alias="branch.name")
    status: str
    status_display: str
    holder: int | None = Field(None, alias="holder_id")
    holder_name: str | None
    notes: str

    @staticmethod
    def resolve_status_display(obj) -> str:
        return str(obj.get_status_display())

    @staticmethod
    def resolve_holder_name(obj) -> str | None:
        return str(obj.holder) if obj.holder_id else None


class ToolIn(Schema):
    asset_number: str
    name: str
    purchase_price: Decimal = Field(..., ge=0, max_digits=12, decimal_places=2)
    spec: str = ""
    purchase_date: date | None = None
    branch: int | None = Field(None, description="Head office only: the branch that keeps it.")
    notes: str = ""


class ToolLendIn(Schema):
    technician: int
    due_back: LocalDatetime
    note: str = ""


class ToolReturnIn(Schema):
    condition: str = ""
    damaged: bool = Field(False, description="A damaged tool goes to repair.")
