"""API of the price list, a work order's quotes and invoice, and finance's cash positions."""

from datetime import date

from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils import timezone
from ninja import Header, Router
from ninja.pagination import paginate

from aftersales.accounts.models import Branch, User
from aftersales.accounts.policy import Cap, get_in_scope, require
from aftersales.core.idempotency import HEADER, idempotent_create
from aftersales.core.schemas import ERRORS, Page, in_scope_ref
from aftersales.customers.models import ProductCategory
from aftersales.workorders.selectors import visible_work_orders

from . import rules, selectors, services
from .models import PriceItem, Quote
from .schemas import (
    CashPositionsOut,
    OrderBillingOut,
    PriceItemIn,
    PriceItemOut,
    QuoteIn,
    QuoteOut,
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
        )

    return idempotent_create(
        user=by,
        key=idempotency_key,
        endpoint="POST /prices",
        body=payload.model_dump(mode="json"),
        create=create,
        render=lambda item: PriceItemOut.from_orm(item).model_dump(mode="json"),
    )


@router.get("/work-orders/{int:order_id}/billing", response={200: OrderBillingOut, **ERRORS})
def order_billing(request: HttpRequest, order_id: int) -> dict:
    order = get_in_scope(visible_work_orders(request.auth), pk=order_id)
    return {
        "order": order.pk,
        "category": order.category,
        "consent_missing": rules.consent_missing(order),
        "quotes": selectors.quotes_of(order),
        "invoice": selectors.live_invoice(order),
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


@router.get("/cash-positions", response={200: CashPositionsOut, **ERRORS})
def cash_positions(
    request: HttpRequest, day: date | None = None, branch: int | None = None
) -> dict:
    """Each technician's cash collected and handed over on `day`, and still outstanding."""
    by: User = request.auth
    require(by, Cap.FINANCE)
    day = day or timezone.localdate()
    scope = Branch.objects.all() if by.sees_all_branches else Branch.objects.filter(pk=by.branch_id)
    rows = selectors.cash_positions(by, day=day, branch=in_scope_ref(scope, branch, field="branch"))
    return {
        "day": day,
        "rows": [{**row, "technician": row["collected_by"]} for row in rows],
    }
