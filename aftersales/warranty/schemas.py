"""API shapes of maintenance contracts and the three-guarantee table."""

from datetime import date
from decimal import Decimal

from ninja import Field, Schema

from aftersales.core.schemas import LocalTime

from .models import MaintenanceContract, ThreeGuaranteeRule


class ContractUnitOut(Schema):
    id: int
    serial: str
    model: str

    @staticmethod
    def resolve_model(obj) -> str:
        return str(obj.model)


class ContractOut(Schema):
    id: int
    number: str
    branch: int = Field(..., alias="branch_id")
    customer: int = Field(..., alias="customer_id")
    customer_name: str = Field(..., alias="customer.name")
    units: list[ContractUnitOut]
    start: date
    end: date
    annual_fee: Decimal
    visits_per_year: int
    status: str
    notes: str
    renewal_of: int | None = Field(None, alias="renewal_of_id")
    cancel_reason: str
    cancelled_at: LocalTime | None
    created_at: LocalTime

    @staticmethod
    def resolve_units(obj: MaintenanceContract) -> list:
        return list(obj.units.all())


class ContractIn(Schema):
    customer: int
    units: list[int] = Field(..., description="Ids of the customer's units.")
    start: date
    end: date
    annual_fee: Decimal = Field(..., description="Yuan.")
    visits_per_year: int
    notes: str = ""


class ContractRenewIn(Schema):
    """The next period starts the day after this one ends; terms left out stay as they are."""

    end: date = Field(..., description="The last day of the new period.")
    annual_fee: Decimal | None = Field(None, description="Yuan.")
    visits_per_year: int | None = None
    notes: str = ""


class ContractCancelIn(Schema):
    reason: str


class ThreeGuaranteeRuleOut(Schema):
    id: int
    category: int | None = Field(None, alias="category_id")
    category_name: str | None = None
    days: int = Field(..., description="Within this many days of the purchase.")
    remedies: list[str] = Field(..., description="return, exchange, repair")

    @staticmethod
    def resolve_category_name(obj: ThreeGuaranteeRule) -> str | None:
        return obj.category.name if obj.category_id else None
