"""API of the price list, a work order's quotes, consent and invoice, payments, discounts, and
finance's cash positions and hand-overs: everything the billing pages do.

Records are found in the user's scope (another branch's answer 404); the services decide what
is allowed (403) and what is not possible (400, in the user's language). Creating POSTs take an
Idempotency-Key."""

from datetime import date

from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils import timezone
from ninja import Header, Router
from ninja.pagination import paginate

from aftersales.accounts.models import Branch, User
from aftersales.accounts.policy import Cap, get_in_scope, require, scope_by_branch
from aftersales.core.idempotency import HEADER, idempotent_create
from aftersales.core.schemas import ERRORS, Page, in_scope_ref, signature_bytes
from aftersales.customers.models import ProductCategory
from aftersales.parts.models import Part
from aftersales.workorders.selectors import visible_work_orders

from . import rules, selectors, services
from .models import CashHandover, DiscountRequest, Invoice, Payment, PriceItem, Quote
from .schemas import (
    CashPositionsOut,
    DecideIn,
    DeclineIn,
    DiscountIn,
    DiscountOut,
    HandoverIn,
    HandoverOut,
    InvoiceIn,
    InvoiceOut,
    OrderBillingOut,
    PaymentCreatedOut,
    PaymentIn,
    PhoneConsentIn,
    PriceItemIn,
    PriceItemOut,
    PriceItemPatch,
    QuoteIn,
    QuoteOut,
    SignedConsentIn,
    VoidIn,
)

router = Router(tags=["billing"])


@router.get("/prices", response=list[PriceItemOut])
@paginate(Page)
def list_prices(
    request: HttpRequest, q: str = "", kind: str = "", active: bool = False
) -> QuerySet[PriceItem]:
    return selectors.price_items(request.auth, q=q, kind=kind, active_only=active)


@router.post("/prices", response={201: PriceItemOut, **ERRORS})
def create_price(
    request: HttpRequest,
    payload: PriceItemIn,
    idempotency_key: str | None = Header(None, alias=HEADER),
):
    by: User = request.auth

    def create() -> PriceItem:
        return services.price_item_create(
            by=by,
            code=payload.code,
            name=payload.name,
            kind=payload.kind,
            price=payload.price,
            source=payload.source,
            unit=payload.unit,
            category=in_scope_ref(
                ProductCategory.objects.all(), payload.category, field="category"
            ),
            part=in_scope_ref(Part.objects.all(), payload.part, field="part"),
        )

    return idempotent_create(
        user=by,
        key=idempotency_key,
        endpoint="POST /prices",
        body=payload.model_dump(mode="json"),
        create=create,
        render=lambda item: PriceItemOut.from_orm(item).model_dump(mode="json"),
    )


@router.patch("/prices/{int:item_id}", response={200: PriceItemOut, **ERRORS})
def update_price(request: HttpRequest, item_id: int, payload: PriceItemPatch) -> PriceItem:
    """The price list is the company's: no branch owns an item."""
    by: User = request.auth
    item = get_in_scope(selectors.price_items(by), pk=item_id)
    changes = payload.model_dump(exclude_unset=True)
    if "category" in changes:
        changes["category"] = in_scope_ref(
            ProductCategory.objects.all(), changes["category"], field="category"
        )
    if "part" in changes:
        changes["part"] = in_scope_ref(Part.objects.all(), changes["part"], field="part")
    for field in ("name", "kind", "unit", "price", "source", "is_active"):
        if field in changes and changes[field] is None:
            del changes[field]
    return services.price_item_update(by=by, item=item, **changes)


@router.get("/work-orders/{int:order_id}/billing", response={200: OrderBillingOut, **ERRORS})
def order_billing(request: HttpRequest, order_id: int) -> dict:
    order = get_in_scope(visible_work_orders(request.auth), pk=order_id)
    return {
        "order": order.pk,
        "category": order.category,
        "consent_missing": rules.consent_missing(order),
        "quotes": selectors.quotes_of(order),
        "invoice": selectors.live_invoice_full(order),
    }


@router.post("/work-orders/{int:order_id}/quotes", response={201: QuoteOut, **ERRORS})
def create_quote(
    request: HttpRequest,
    order_id: int,
    payload: QuoteIn,
    idempotency_key: str | None = Header(None, alias=HEADER),
):
    by: User = request.auth
    order = get_in_scope(visible_work_orders(by), pk=order_id)
    require(by, Cap.QUOTE)

    def create() -> Quote:
        items = PriceItem.objects.all()
        return services.quote_create(
            order=order,
            by=by,
            now=timezone.now(),
            fault=payload.fault,
            expected_hours=payload.expected_hours,
            lines=[
                (in_scope_ref(items, line.item, field="lines"), line.quantity)
                for line in payload.lines
            ],
        )

    return idempotent_create(
        user=by,
        key=idempotency_key,
        endpoint=f"POST /work-orders/{order_id}/quotes",
        body=payload.model_dump(mode="json"),
        create=create,
        render=lambda quote: QuoteOut.from_orm(quote).model_dump(mode="json"),
    )


def _quote(request: HttpRequest, quote_id: int) -> Quote:
    return get_in_scope(selectors.visible_quotes(request.auth), pk=quote_id)


@router.post("/quotes/{int:quote_id}/consent-signature", response={200: QuoteOut, **ERRORS})
def consent_signature(request: HttpRequest, quote_id: int, payload: SignedConsentIn) -> Quote:
    """The customer signs the quote on the technician's screen (002 第11条, 第56条4)."""
    quote = _quote(request, quote_id)
    services.quote_consent_signature(
        quote=quote,
        by=request.auth,
        now=timezone.now(),
        signer_name=payload.signer_name,
        signature_png=signature_bytes(payload.signature),
    )
    return selectors.quote_full(quote)


@router.post("/quotes/{int:quote_id}/consent-phone", response={200: QuoteOut, **ERRORS})
def consent_phone(request: HttpRequest, quote_id: int, payload: PhoneConsentIn) -> Quote:
    """An agent records that the customer agreed by phone."""
    quote = _quote(request, quote_id)
    services.quote_consent_phone(
        quote=quote, by=request.auth, now=timezone.now(), signer_name=payload.signer_name
    )
    return selectors.quote_full(quote)


@router.post("/quotes/{int:quote_id}/decline", response={200: QuoteOut, **ERRORS})
def decline(request: HttpRequest, quote_id: int, payload: DeclineIn) -> Quote:
    """The customer refuses the price: no repair; the visit is completed as declined."""
    quote = _quote(request, quote_id)
    require(request.auth, Cap.QUOTE)  # as on the page: the one on site records it
    services.quote_decline(quote=quote, by=request.auth, now=timezone.now(), note=payload.note)
    return selectors.quote_full(quote)


# Invoices, payments, discounts ---------------------------------------------------------------


def _invoice(request: HttpRequest, invoice_id: int) -> Invoice:
    return get_in_scope(selectors.visible_invoices(request.auth), pk=invoice_id)


def _invoice_out(invoice: Invoice) -> dict:
    return InvoiceOut.from_orm(selectors.visible_invoices_all().get(pk=invoice.pk)).model_dump(
        mode="json"
    )


@router.post("/work-orders/{int:order_id}/invoices", response={201: InvoiceOut, **ERRORS})
def issue_invoice(
    request: HttpRequest,
    order_id: int,
    payload: InvoiceIn,
    idempotency_key: str | None = Header(None, alias=HEADER),
):
    """The invoice of a paid job: the consented quote's lines and the parts issued, each with
    its coverage; never more than the consented total."""
    by: User = request.auth
    order = get_in_scope(visible_work_orders(by), pk=order_id)
    return idempotent_create(
        user=by,
        key=idempotency_key,
        endpoint=f"POST /work-orders/{order_id}/invoices",
        body=payload.model_dump(mode="json"),
        create=lambda: services.invoice_issue(
            order=order, by=by, now=timezone.now(), quote_id=payload.quote
        ),
        render=_invoice_out,
    )


@router.get("/invoices/{int:invoice_id}", response={200: InvoiceOut, **ERRORS})
def get_invoice(request: HttpRequest, invoice_id: int) -> Invoice:
    return _invoice(request, invoice_id)


@router.post("/invoices/{int:invoice_id}/payments", response={201: PaymentCreatedOut, **ERRORS})
def record_payment(
    request: HttpRequest,
    invoice_id: int,
    payload: PaymentIn,
    idempotency_key: str | None = Header(None, alias=HEADER),
):
    """Cash, WeChat, Alipay or transfer, never more than is still due; cash then waits to be
    handed over to finance the same day."""
    by: User = request.auth
    invoice = _invoice(request, invoice_id)

    def create() -> Payment:
        payment = services.payment_record(
            invoice=invoice,
            by=by,
            now=timezone.now(),
            amount=payload.amount,
            method=payload.method,
            outlet_collected=payload.outlet_collected,
        )
        return Payment.objects.select_related("invoice").get(pk=payment.pk)

    return idempotent_create(
        user=by,
        key=idempotency_key,
        endpoint=f"POST /invoices/{invoice_id}/payments",
        body=payload.model_dump(mode="json"),
        create=create,
        render=lambda payment: PaymentCreatedOut.from_orm(payment).model_dump(mode="json"),
    )


@router.post("/invoices/{int:invoice_id}/void", response={200: InvoiceOut, **ERRORS})
def void_invoice(request: HttpRequest, invoice_id: int, payload: VoidIn) -> Invoice:
    """Finance voids an invoice on which nothing was paid; the job may then be invoiced anew."""
    invoice = _invoice(request, invoice_id)
    services.invoice_void(
        invoice=invoice, by=request.auth, now=timezone.now(), reason=payload.reason
    )
    return selectors.visible_invoices_all().get(pk=invoice.pk)


@router.post("/invoices/{int:invoice_id}/discounts", response={201: DiscountOut, **ERRORS})
def request_discount(
    request: HttpRequest,
    invoice_id: int,
    payload: DiscountIn,
    idempotency_key: str | None = Header(None, alias=HEADER),
):
    """Within the asker's limit the discount applies at once (status approved); above it, it
    waits for someone whose limit covers it (pending, 004 篇8)."""
    by: User = request.auth
    invoice = _invoice(request, invoice_id)
    require(by, Cap.COLLECT_PAYMENT)  # as on the page: those who collect ask
    return idempotent_create(
        user=by,
        key=idempotency_key,
        endpoint=f"POST /invoices/{invoice_id}/discounts",
        body=payload.model_dump(mode="json"),
        create=lambda: services.discount_request(
            invoice=invoice,
            by=by,
            now=timezone.now(),
            amount=payload.amount,
            reason=payload.reason,
        ),
        render=lambda asked: DiscountOut.from_orm(asked).model_dump(mode="json"),
    )


@router.get("/discounts", response=list[DiscountOut])
@paginate(Page)
def list_pending_discounts(request: HttpRequest) -> QuerySet[DiscountRequest]:
    """Discounts waiting for approval, oldest asked last; scoped to the user's branch."""
    require(request.auth, Cap.APPROVE_DISCOUNTS)
    return selectors.pending_discounts(request.auth)


@router.post("/discounts/{int:discount_id}/decide", response={200: DiscountOut, **ERRORS})
def decide_discount(request: HttpRequest, discount_id: int, payload: DecideIn) -> DiscountRequest:
    asked = get_in_scope(selectors.visible_discounts(request.auth), pk=discount_id)
    return services.discount_decide(
        request=asked,
        by=request.auth,
        now=timezone.now(),
        approve=payload.approve,
        note=payload.note,
    )


# Cash hand-over ------------------------------------------------------------------------------


@router.get("/cash-positions", response={200: CashPositionsOut, **ERRORS})
def cash_positions(
    request: HttpRequest, day: date | None = None, branch: int | None = None
) -> dict:
    """Each technician's cash collected and handed over on `day`, and still outstanding."""
    by: User = request.auth
    require(by, Cap.FINANCE)
    day = day or timezone.localdate()
    scope = Branch.objects.all() if by.sees_all_branches else Branch.objects.filter(pk=by.branch_id)
    chosen = in_scope_ref(scope, branch, field="branch")
    rows = selectors.cash_positions(by, day=day, branch=chosen)
    held = selectors.cash_still_held(
        by,
        day=day,
        branch=chosen,
        technicians=[row["collected_by"] for row in rows],
    )
    empty = selectors.HeldCash()
    return {
        "day": day,
        "rows": [
            {
                **row,
                "technician": row["collected_by"],
                "payments": held.get(row["collected_by"], empty).payments,
                "entries": held.get(row["collected_by"], empty).entries,
            }
            for row in rows
        ],
    }


@router.post("/cash-handovers", response={201: HandoverOut, **ERRORS})
def receive_cash(
    request: HttpRequest,
    payload: HandoverIn,
    idempotency_key: str | None = Header(None, alias=HEADER),
):
    """Finance receives a technician's cash (002 第21条, 004 (十)); each payment once."""
    by: User = request.auth
    require(by, Cap.FINANCE)

    def create() -> CashHandover:
        technician = in_scope_ref(
            scope_by_branch(User.objects.all(), by), payload.technician, field="technician"
        )
        return services.cash_handover_receive(
            technician=technician,
            by=by,
            now=timezone.now(),
            payment_ids=payload.payments,
            entry_ids=payload.entries,
        )

    return idempotent_create(
        user=by,
        key=idempotency_key,
        endpoint="POST /cash-handovers",
        body=payload.model_dump(mode="json"),
        create=create,
        render=lambda handover: HandoverOut.from_orm(handover).model_dump(mode="json"),
    )
