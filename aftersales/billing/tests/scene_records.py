"""Billing records of each side of the permission tests' scene (aftersales.core.tests.scene).

`fresh=True` makes a new paid job of the side's technician through the services — quoted from
the price list, consented, invoiced — for a move that must succeed. Otherwise the record is kept
per side and written straight to the tables on the side's own job, with no audit entry and no
new job, so that making it does not count as a change in the scene's footprint (it is only read,
or refused).
"""

from decimal import Decimal

from aftersales.billing import services
from aftersales.billing.models import (
    DiscountRequest,
    Invoice,
    InvoiceLine,
    Payment,
    PriceItem,
    Quote,
    QuoteLine,
)
from aftersales.workorders.models import State, WorkOrder

from .conftest import make_done


def price_item() -> PriceItem:
    item, _created = PriceItem.objects.get_or_create(
        code="JF01", defaults={"name": "加氟", "kind": "labour", "price": 150, "source": "own"}
    )
    return item


def _cached(side, name: str, fresh: bool, make, direct):
    if fresh:
        return make()
    if name not in side.extra:
        side.extra[name] = direct()
    return side.extra[name]


def _direct_quote(side, status: str) -> Quote:
    order = side.order
    version = Quote.objects.filter(order=order).count() + 1
    quote = Quote.objects.create(
        order=order,
        version=version,
        status=status,
        fault="缺氟，制冷差",
        expected_hours=1,
        total=Decimal("150.00"),
        created_by=side.technician.user,
        created_at=side.flow.now,
    )
    item = price_item()
    QuoteLine.objects.create(
        quote=quote,
        item=item,
        name=item.name,
        unit=item.unit,
        quantity=1,
        price=Decimal("150.00"),
        amount=Decimal("150.00"),
    )
    return quote


def _direct_invoice(side) -> Invoice:
    quote = _direct_quote(side, Quote.Status.CONSENTED)
    Invoice.objects.filter(order=side.order).exclude(status=Invoice.Status.VOID).update(
        status=Invoice.Status.VOID
    )
    invoice = Invoice.objects.create(
        number=f"IV-S{Invoice.objects.count() + 1:05d}",
        order=side.order,
        branch=side.order.branch,
        quote=quote,
        total=Decimal("150.00"),
        issued_by=side.technician.user,
        issued_at=side.flow.now,
    )
    InvoiceLine.objects.create(
        invoice=invoice,
        name="加氟",
        unit="次",
        quantity=1,
        price=Decimal("150.00"),
        amount=Decimal("150.00"),
    )
    return invoice


def _paid_on_site(side) -> WorkOrder:
    order = side.flow.reach(State.ON_SITE)
    WorkOrder.objects.filter(pk=order.pk).update(category="A")
    order.refresh_from_db()
    return order


def _quote(side) -> Quote:
    order = _paid_on_site(side)
    return services.quote_create(
        order=order,
        by=side.technician.user,
        now=side.flow.now,
        fault="缺氟，制冷差",
        expected_hours=1,
        lines=[(price_item(), 1)],
    )


def _consented(side) -> Quote:
    quote = _quote(side)
    services.quote_consent_phone(
        quote=quote, by=side.flow.agent, now=side.flow.now, signer_name="张伟"
    )
    return quote


def _invoice(side) -> Invoice:
    quote = _consented(side)
    return services.invoice_issue(
        order=make_done(quote.order), by=side.technician.user, now=side.flow.now
    )


def awaiting_quote_of(side, *, fresh: bool = False) -> Quote:
    """Quote v1 of a paid job on site, waiting for the customer's consent."""
    return _cached(
        side,
        "_awaiting_quote",
        fresh,
        lambda: _quote(side),
        lambda: _direct_quote(side, Quote.Status.AWAITING),
    )


def consented_order_of(side, *, fresh: bool = False) -> WorkOrder:
    """A paid job done, whose quote (¥150) the customer consented to, not yet invoiced (kept:
    the side's own job, refused anyway)."""
    return _cached(
        side,
        "_consented_order",
        fresh,
        lambda: make_done(_consented(side).order),
        lambda: side.order,
    )


def invoice_of(side, *, fresh: bool = False) -> Invoice:
    """An open invoice of ¥150, nothing paid."""
    return _cached(side, "_invoice", fresh, lambda: _invoice(side), lambda: _direct_invoice(side))


def pending_discount_of(side, *, fresh: bool = False) -> DiscountRequest:
    """A 5 % discount asked by the technician, above his limit: waiting for approval."""

    def make() -> DiscountRequest:
        return services.discount_request(
            invoice=_invoice(side),
            by=side.technician.user,
            now=side.flow.now,
            amount=Decimal("7.50"),
            reason="老客户",
        )

    def direct() -> DiscountRequest:
        return DiscountRequest.objects.create(
            invoice=_direct_invoice(side),
            amount=Decimal("7.50"),
            percent=Decimal("5.00"),
            reason="老客户",
            requested_by=side.technician.user,
            requested_at=side.flow.now,
        )

    return _cached(side, "_pending_discount", fresh, make, direct)


def cash_payment_of(side) -> Payment:
    """¥100 in cash collected by the side's technician, not handed over: always a new one,
    written straight to the tables (it is made for a request body, after the footprint)."""
    invoice = _direct_invoice(side)
    Invoice.objects.filter(pk=invoice.pk).update(paid=Decimal("100"))
    return Payment.objects.create(
        invoice=invoice,
        branch=invoice.branch,
        amount=Decimal("100"),
        method=Payment.Method.CASH,
        collected_by=side.technician.user,
        at=side.flow.now,
    )


# The path parameter that names each record, and how it is made (for SCENE_RECORDS).
RECORDS = {
    "awaiting_quote": ("quote_id", awaiting_quote_of),
    "consented_order": ("order_id", consented_order_of),
    "invoice": ("invoice_id", invoice_of),
    "pending_discount": ("discount_id", pending_discount_of),
    "price_item": ("item_id", lambda side, fresh=False: price_item()),
}
