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
    part: int | None = Field(None, description="The spare part a line of kind “part” sells.")


class PriceItemPatch(Schema):
    """Only the fields given change; the code stays. New prices apply to new quotes."""

    name: str | None = None
    kind: str | None = None
    unit: str | None = None
    price: Decimal | None = None
    source: str | None = None
    category: int | None = None
    part: int | None = None
    is_active: bool | None = None


class PriceItemOut(Schema):
    id: int
    code: str
    name: str
    kind: str
    unit: str
    price: Decimal
    source: str
    category: int | None = Field(None, alias="category_id")
    part: int | None = Field(None, alias="part_id")
    is_active: bool


class QuoteLineIn(Schema):
    item: int
    quantity: Decimal = Decimal(1)


class QuoteIn(Schema):
    fault: str
    expected_hours: Decimal
    lines: list[QuoteLineIn]


class SignedConsentIn(Schema):
    signer_name: str
    signature: str = Field(..., description="The drawn signature: a PNG data URL or base64.")


class PhoneConsentIn(Schema):
    signer_name: str = Field(..., description="Who agreed on the phone.")


class DeclineIn(Schema):
    note: str = Field(..., description="What the customer said.")


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
    outlet: int | None = Field(
        None, alias="outlet_id", description="Set when the outlet that did the job collected it."
    )
    at: LocalTime
    handed_over: bool

    @staticmethod
    def resolve_handed_over(obj) -> bool:
        return obj.handover_id is not None


class InvoiceIn(Schema):
    quote: int | None = Field(
        None,
        description="The consented quote the client means to invoice: if another version is "
        "current now, the invoice is refused (409).",
    )


class InvoiceLineOut(Schema):
    kind: str
    name: str
    unit: str
    quantity: Decimal
    price: Decimal
    amount: Decimal
    part: int | None = Field(None, alias="part_id")
    serial_number: str
    coverage: str = Field(..., description="charged, covered (free) or unquoted (free)")
    warranty_until: date | None
    note: str


class InvoiceOut(Schema):
    id: int
    number: str
    order: int = Field(alias="order_id")
    quote: int = Field(alias="quote_id")
    status: str
    total: Decimal
    discount: Decimal
    amount_due: Decimal
    paid: Decimal
    outstanding: Decimal
    issued_at: LocalTime
    void_reason: str
    lines: list[InvoiceLineOut]
    payments: list[PaymentOut]

    @staticmethod
    def resolve_lines(obj) -> list:
        return list(obj.lines.all())

    @staticmethod
    def resolve_payments(obj) -> list:
        return list(obj.payments.all())


class PaymentIn(Schema):
    amount: Decimal = Field(..., description="Yuan; at most what is still due.")
    method: str = Field(..., description="cash, wechat, alipay or transfer")
    outlet_collected: bool = Field(
        False,
        description="The partner outlet that did the job took the money: kept out of the "
        "staff's cash hand-over and deducted on the outlet's settlement.",
    )


class PaymentCreatedOut(PaymentOut):
    invoice: int = Field(alias="invoice_id")
    invoice_status: str
    outstanding: Decimal

    @staticmethod
    def resolve_invoice_status(obj) -> str:
        return obj.invoice.status

    @staticmethod
    def resolve_outstanding(obj) -> Decimal:
        return obj.invoice.outstanding


class VoidIn(Schema):
    reason: str


class DiscountIn(Schema):
    amount: Decimal = Field(..., description="Yuan off the invoice.")
    reason: str


class DiscountOut(Schema):
    id: int
    invoice: int = Field(alias="invoice_id")
    amount: Decimal
    percent: Decimal
    reason: str
    status: str
    requested_by: int = Field(alias="requested_by_id")
    requested_at: LocalTime
    decided_by: int | None = Field(None, alias="decided_by_id")
    decided_at: LocalTime | None = None
    decision_note: str


class DecideIn(Schema):
    approve: bool
    note: str = Field("", description="Required to refuse.")


class HandoverIn(Schema):
    technician: int = Field(..., description="The user who collected the cash.")
    payments: list[int] = Field(..., description="Ids of his cash payments handed over.")
    entries: list[int] = Field(
        [], description="Ids of his cash entries handed over (order deposits and refunds)."
    )


class HandoverOut(Schema):
    id: int
    technician: int = Field(alias="technician_id")
    branch: int = Field(alias="branch_id")
    received_by: int = Field(alias="received_by_id")
    at: LocalTime
    total: Decimal
    payments: list[int]
    entries: list[int]

    @staticmethod
    def resolve_payments(obj) -> list[int]:
        return sorted(p.pk for p in obj.payments.all())

    @staticmethod
    def resolve_entries(obj) -> list[int]:
        return sorted(e.pk for e in obj.entries.all())


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
    paid_out: Decimal = Field(..., description="Deposits refunded in cash that day.")
    handed_over: Decimal
    outstanding: Decimal = Field(
        ..., description="Net of refunds paid out; negative: finance owes the person."
    )
    payments: list[int] = Field(
        [], description="The cash payments still to hand over, for POST /cash-handovers."
    )
    entries: list[int] = Field(
        [], description="The cash entries still to hand over, for POST /cash-handovers."
    )


class CashPositionsOut(Schema):
    day: date
    rows: list[CashPositionOut]
