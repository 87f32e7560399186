"""API shapes of return and exchange requests and their resolutions."""

from datetime import date
from decimal import Decimal

from ninja import Field, Schema

from aftersales.core.schemas import LocalTime

from . import rules


class ResolutionOut(Schema):
    id: int
    return_request: int | None = Field(None, alias="return_request_id")
    kind: str
    kind_display: str
    amount: Decimal
    note: str
    replacement_unit: int | None = Field(None, alias="replacement_unit_id")
    replacement_serial: str
    rework_order: int | None = Field(None, alias="rework_order_id")
    recorded_at: LocalTime

    @staticmethod
    def resolve_kind_display(obj) -> str:
        return str(obj.get_kind_display())


class ReturnOut(Schema):
    id: int
    number: str
    branch: int = Field(..., alias="branch_id")
    customer: int = Field(..., alias="customer_id")
    customer_name: str = Field(..., alias="customer.name")
    unit: int = Field(..., alias="unit_id")
    work_order: int | None = Field(None, alias="work_order_id")
    kind: str
    kind_display: str
    reason: str
    requested_at: LocalTime
    purchased_on: date | None
    days_since_purchase: int | None
    entitled_remedies: list[str]
    within_entitlement: bool
    entitlement: str = Field(..., description="What the three guarantees allowed, in words.")
    customer_bears_costs: bool = Field(
        ..., description="True until the general manager approves (001 篇2 十五)."
    )
    status: str
    status_display: str
    decided_at: LocalTime | None
    decision_note: str
    completed_at: LocalTime | None
    total_amount: Decimal | None

    @staticmethod
    def resolve_kind_display(obj) -> str:
        return str(obj.get_kind_display())

    @staticmethod
    def resolve_status_display(obj) -> str:
        return str(obj.get_status_display())

    @staticmethod
    def resolve_entitlement(obj) -> str:
        return rules.entitlement_text(
            purchased_on=obj.purchased_on,
            days=obj.days_since_purchase,
            remedies=obj.entitled_remedies,
        )

    @staticmethod
    def resolve_customer_bears_costs(obj) -> bool:
        return not obj.company_bears_costs


class ReturnDetailOut(ReturnOut):
    resolutions: list[ResolutionOut]

    @staticmethod
    def resolve_resolutions(obj) -> list:
        return list(obj.resolutions.all())


class ReturnIn(Schema):
    kind: str = Field(..., description="return or exchange")
    reason: str
    unit: int | None = Field(None, description="The unit; may be left out with a work order.")
    work_order: int | None = None


class DecisionIn(Schema):
    approve: bool
    note: str = Field("", description="Required when rejecting.")


class ResolutionIn(Schema):
    kind: str = Field(..., description="credit_note, compensation, refund, exchange or rework")
    amount: Decimal = Field(Decimal("0.00"), ge=0, max_digits=12, decimal_places=2)
    note: str = ""
    replacement_serial: str = Field("", description="Exchange: serial number of the new unit.")
    replacement_model: int | None = Field(
        None, description="Exchange: model of the new unit, when not the same."
    )
