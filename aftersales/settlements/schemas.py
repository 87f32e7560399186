"""API shapes of outlet rates and settlement statements."""

from datetime import date
from decimal import Decimal

from ninja import Field, Schema

from aftersales.core.schemas import LocalTime


class OutletRateOut(Schema):
    id: int
    outlet: int | None = Field(None, alias="outlet_id")
    outlet_name: str | None
    service_category: str
    product_category: int | None = Field(None, alias="product_category_id")
    amount: Decimal
    suburb_allowance: Decimal
    effective_from: date
    note: str

    @staticmethod
    def resolve_outlet_name(obj) -> str | None:
        return obj.outlet.name if obj.outlet_id else None


class OutletRateIn(Schema):
    outlet: int | None = Field(None, description="Empty: the rate for all outlets (head office).")
    service_category: str = Field(..., description="A, B or C; internal work (D) is never settled.")
    product_category: int | None = Field(None, description="Empty: any product category.")
    amount: Decimal = Field(..., ge=0, max_digits=12, decimal_places=2)
    suburb_allowance: Decimal = Field(Decimal("0"), ge=0, max_digits=12, decimal_places=2)
    effective_from: date
    note: str = ""


class SettlementLineOut(Schema):
    id: int
    order: int = Field(..., alias="order_id")
    order_number: str = Field(..., alias="order.number")
    customer_name: str
    completed_at: LocalTime
    service_category: str
    product_category: int | None = Field(None, alias="product_category_id")
    zone: str
    rate: int | None = Field(None, alias="rate_id")
    labour: Decimal
    allowance: Decimal
    collected: Decimal = Field(..., description="What the outlet collected from the customer.")
    amount: Decimal
    reason: str

    @staticmethod
    def resolve_customer_name(obj) -> str:
        return obj.order.customer.name


class SettlementOut(Schema):
    id: int
    number: str
    outlet: int = Field(..., alias="outlet_id")
    outlet_name: str = Field(..., alias="outlet.name")
    branch: int = Field(..., alias="branch_id")
    month: str
    status: str
    status_display: str
    jobs: int
    unrated: int
    labour_total: Decimal
    allowance_total: Decimal
    collected_total: Decimal
    total: Decimal = Field(..., description="Negative: the outlet owes us.")
    built_at: LocalTime
    confirmed_at: LocalTime | None
    paid_on: date | None
    payment_reference: str

    @staticmethod
    def resolve_month(obj) -> str:
        return obj.month.strftime("%Y-%m")

    @staticmethod
    def resolve_status_display(obj) -> str:
        return str(obj.get_status_display())


class SettlementDetailOut(SettlementOut):
    lines: list[SettlementLineOut]

    @staticmethod
    def resolve_lines(obj) -> list:
        from .selectors import settlement_lines

        return list(settlement_lines(obj))


class SettlementIn(Schema):
    outlet: int
    month: str = Field(..., description="The month settled, as YYYY-MM.", examples=["2026-05"])
    note: str = Field("", description="Kept with the request only; not on the statement.")


class SettlementPayIn(Schema):
    paid_on: date
    reference: str
