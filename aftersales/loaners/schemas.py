"""API shapes of loaner units and their loans."""

from decimal import Decimal

from ninja import Field, Schema

from aftersales.core.schemas import LocalDatetime, LocalTime


class LoanerOut(Schema):
    id: int
    asset_number: str
    model: int = Field(..., alias="model_id")
    model_name: str
    serial: str
    branch: int = Field(..., alias="branch_id")
    branch_name: str = Field(..., alias="branch.name")
    condition: str
    is_available: bool
    notes: str

    @staticmethod
    def resolve_model_name(obj) -> str:
        return str(obj.model)


class LoanerIn(Schema):
    asset_number: str
    model: int
    serial: str = ""
    branch: int | None = Field(None, description="Head office only: the branch that keeps it.")
    condition: str = ""
    notes: str = ""


class LoanOut(Schema):
    id: int
    loaner: int = Field(..., alias="loaner_id")
    loaner_asset_number: str = Field(..., alias="loaner.asset_number")
    customer: int = Field(..., alias="customer_id")
    work_order: int = Field(..., alias="work_order_id")
    work_order_number: str = Field(..., alias="work_order.number")
    lent_at: LocalTime
    expected_return: LocalTime
    returned_at: LocalTime | None
    return_condition: str
    damaged: bool
    deposit: Decimal | None
    note: str


class LendIn(Schema):
    work_order: int
    expected_return: LocalDatetime
    deposit: Decimal | None = Field(None, ge=0, max_digits=12, decimal_places=2)
    note: str = ""


class ReturnIn(Schema):
    condition: str = ""
    damaged: bool = Field(False, description="A damaged loaner is not available until repaired.")
