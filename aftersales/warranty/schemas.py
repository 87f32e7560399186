"""API shapes of maintenance contracts and the three-guarantee table."""

from datetime import date
from decimal import Decimal

from ninja import Field, Schema

from aftersales.core.schemas import LocalTime

from .models import MaintenanceContract, RenewalNotice, ThreeGuaranteeRule

ARRIVAL = (
    "On site within this many hours of a fault call, as the contract says; null: by the "
    "customer's zone (000 篇9 4.2.5)."
)


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
    arrival_hours: Decimal | None = Field(None, description=ARRIVAL)
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
    arrival_hours: Decimal | None = Field(None, description=ARRIVAL)
    notes: str = ""


class ContractRenewIn(Schema):
    """The next period starts the day after this one ends; terms left out stay as they are."""

    end: date = Field(..., description="The last day of the new period.")
    annual_fee: Decimal | None = Field(None, description="Yuan.")
    visits_per_year: int | None = None
    arrival_hours: Decimal | None = Field(
        None, description="Left out: as the contract has it; null: by the customer's zone."
    )
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


class RenewalNoticeOut(Schema):
    """A contract about to end and who pursues its renewal (004 (二十))."""

    id: int
    contract: int = Field(..., alias="contract_id")
    contract_number: str = Field(..., alias="contract.number")
    customer: int = Field(..., alias="contract.customer_id")
    customer_name: str = Field(..., alias="contract.customer.name")
    branch: int = Field(..., alias="contract.branch_id")
    due: date = Field(..., description="The day the contract ends.")
    annual_fee: Decimal = Field(..., alias="contract.annual_fee")
    assigned_to: int | None = Field(None, alias="assigned_to_id")
    assigned_to_name: str | None = None
    status: str = Field(..., description="open, renewed, declined")
    outcome: str = Field(..., description="Why declined, or the renewal's number.")
    letter_sent_on: date | None
    created_at: LocalTime
    closed_at: LocalTime | None
    closed_by: int | None = Field(None, alias="closed_by_id")

    @staticmethod
    def resolve_assigned_to_name(obj: RenewalNotice) -> str | None:
        return str(obj.assigned_to) if obj.assigned_to_id else None


class NoticeAssignIn(Schema):
    assignee: int = Field(..., description="The user sent to win the renewal.")


class NoticeLetterIn(Schema):
    sent_on: date


class NoticeCloseIn(Schema):
    reason: str = Field(..., description="Why the customer declines to renew.")
