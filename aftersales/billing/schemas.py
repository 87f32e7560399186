from datetime import date
from decimal import Decimal

from ninja import Field, Schema

from aftersales.core.schemas import LocalTime


class PriceItemIn(Schema):
    code: str
    name: str
    kind: str
    price: Decimal
    source: str
    unit: str = "次"
    category: int | None = None


class PriceItemOut(Schema):
    id: int
    code: str
    name: str
    kind: str
    unit: str
    price: Decimal
    source: str
    category: int | None = Field(None, alias="category_id")
    is_active: bool


class QuoteLineIn(Schema):
    item: int
    quantity: Decimal = Decimal(1)


class QuoteIn(Schema):
    fault: str
    expected_hours: Decimal
    lines: list[QuoteLineIn]


class QuoteLineOut(Schema):
    item: int = Field(alias="item_id")
    name: str
    unit: str
    quantity: Decimal
    price: Decimal
    amount: Decimal


class ConsentOut(Schema):
    method: str
    signer_name: str
    recorded_by: int = Field(alias="recorded_by_id")
    at: LocalTime


class QuoteOut(Schema):
    id: int
    order: int = Field(alias="order_id")
    version: int
    status: str
    fault: str
    expected_hours: Decimal
    total: Decimal
    created_by: int = Field(alias="created_by_id")
    created_at: LocalTime
    lines: list[QuoteLineOut]
    consent: ConsentOut | None = None

    @staticmethod
    def resolve_lines(obj) -> list:
        return list(obj.lines.all())

    @staticmethod
    def resolve_consent(obj):
        return getattr(obj, "consent", None)


class PaymentOut(Schema):
    id: int
    amount: Decimal
    method: str
    collected_by: int = Field(alias="collected_by_id")
    at: LocalTime
    handed_over: bool

    @staticmethod
    def resolve_handed_over(obj) -> bool:
        return obj.handover_id is not None


class InvoiceOut(Schema):
    id: int
    number: str
    status: str
    total: Decimal
    discount: Decimal
    amount_due: Decimal
    paid: Decimal
    outstanding: Decimal
    issued_at: LocalTime
    payments: list[PaymentOut]

    @staticmethod
    def resolve_payments(obj) -> list:
        return list(obj.payments.all())


class OrderBillingOut(Schema):
    order: int
    category: str
    consent_missing: str | None
    quotes: list[QuoteOut]
    invoice: InvoiceOut | None


class CashPositionOut(Schema):
    technician: int
    name: str
    collected: Decimal
    handed_over: Decimal
    outstanding: Decimal


class CashPositionsOut(Schema):
    day: date
    rows: list[CashPositionOut]
