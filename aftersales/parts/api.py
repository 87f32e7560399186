"""API of the parts catalogue, warehouses, stock levels and stock documents."""

from django.db.models import Q, QuerySet
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Header, Router
from ninja.pagination import paginate

from aftersales.accounts.models import User
from aftersales.accounts.policy import Cap, get_in_scope, require
from aftersales.core.exceptions import DomainError
from aftersales.core.idempotency import HEADER, idempotent_create
from aftersales.core.schemas import ERRORS, Page, in_scope_ref
from aftersales.customers.models import ProductCategory
from aftersales.workorders.selectors import visible_work_orders

from . import selectors, services
from .models import Part, PurchaseRequest, StockDocument, StockLevel, SupplierQuote, Warehouse
from .schemas import (
    DecideIn,
    DocumentIn,
    DocumentOut,
    PartIn,
    PartOut,
    PurchaseIn,
    PurchaseOut,
    QuoteIn,
    QuoteOut,
    StockLevelOut,
    UsedPartOut,
    WarehouseOut,
)

router = Router(tags=["parts"])


@router.get("/parts", response=list[PartOut])
@paginate(Page)
def list_parts(request: HttpRequest, q: str = "", active: bool | None = None) -> QuerySet[Part]:
    qs = selectors.parts_catalogue(request.auth)
    if q.strip():
        qs = qs.filter(Q(code__icontains=q.strip()) | Q(name__icontains=q.strip()))
    if active is not None:
        qs = qs.filter(is_active=active)
    return qs


@router.post("/parts", response={201: PartOut, **ERRORS})
def create_part(
    request: HttpRequest, payload: PartIn, idempotency_key: str | None = Header(None, alias=HEADER)
):
    by: User = request.auth

    def create() -> Part:
        require(by, Cap.MANAGE_STOCK)
        categories = [
            in_scope_ref(ProductCategory.objects.all(), pk, field="categories")
            for pk in payload.categories
        ]
        return services.part_create(
            by=by,
            code=payload.code,
            name=payload.name,
            categories=categories,
            unit_cost=payload.unit_cost,
            sale_price=payload.sale_price,
            is_serialised=payload.is_serialised,
            repair_warranty_days=payload.repair_warranty_days,
        )

    return idempotent_create(
        user=by,
        key=idempotency_key,
        endpoint="POST /parts",
        body=payload.model_dump(mode="json"),
        create=create,
        render=lambda part: PartOut.from_orm(part).model_dump(mode="json"),
    )


@router.get("/warehouses", response=list[WarehouseOut])
@paginate(Page)
def list_warehouses(request: HttpRequest, kind: str = "") -> QuerySet[Warehouse]:
    qs = selectors.visible_warehouses(request.auth)
    return qs.filter(kind=kind) if kind else qs


@router.get("/stock-levels", response=list[StockLevelOut])
@paginate(Page)
def list_stock_levels(
    request: HttpRequest, warehouse: int | None = None, part: str = "", condition: str = ""
) -> QuerySet[StockLevel]:
    qs = selectors.visible_stock(request.auth)
    if warehouse:
        qs = qs.filter(warehouse_id=warehouse)
    return selectors.filter_stock(qs, part=part, condition=condition)


def _documents(user: User) -> QuerySet[StockDocument]:
    return selectors.visible_documents(user).prefetch_related("lines__part")


@router.get("/stock-documents", response=list[DocumentOut])
@paginate(Page)
def list_documents(
    request: HttpRequest, kind: str = "", work_order: int | None = None
) -> QuerySet[StockDocument]:
    qs = _documents(request.auth)
    if kind:
        qs = qs.filter(kind=kind)
    if work_order:
        qs = qs.filter(work_order_id=work_order)
    return qs


@router.post("/stock-documents", response={201: DocumentOut, **ERRORS})
def create_document(
    request: HttpRequest,
    payload: DocumentIn,
    idempotency_key: str | None = Header(None, alias=HEADER),
):
    """Receipt, transfer, issue to a work order, old part returned, scrap or charge to a person;
    with an Idempotency-Key a retry creates nothing twice."""
    by: User = request.auth

    def create() -> StockDocument:
        if payload.kind not in services.KIND_CAPABILITY:
            raise DomainError(_("Unknown document kind."), field="kind")
        require(by, services.KIND_CAPABILITY[payload.kind])
        warehouses = selectors.visible_warehouses(by)
        parts = Part.objects.all()
        lines = [
            services.LineIn(
                part=in_scope_ref(parts, line.part, field="part"),
                quantity=line.quantity,
                condition=line.condition,
                serial_number=line.serial_number,
            )
            for line in payload.lines
        ]
        return services.stock_document_create(
            kind=payload.kind,
            by=by,
            now=timezone.now(),
            lines=lines,
            from_warehouse=in_scope_ref(warehouses, payload.from_warehouse, field="from_warehouse"),
            # Stock may be sent to another branch's warehouse.
            to_warehouse=in_scope_ref(
                Warehouse.objects.all() if payload.kind == "transfer" else warehouses,
                payload.to_warehouse,
                field="to_warehouse",
            ),
            work_order=in_scope_ref(
                visible_work_orders(by), payload.work_order, field="work_order"
            ),
            person=in_scope_ref(User.objects.all(), payload.person, field="person"),
            amount=payload.amount,
            supplier=payload.supplier,
            manufacturer=payload.manufacturer,
            reference=payload.reference,
            note=payload.note,
        )

    return idempotent_create(
        user=by,
        key=idempotency_key,
        endpoint="POST /stock-documents",
        body=payload.model_dump(mode="json"),
        create=create,
        render=lambda document: DocumentOut.from_orm(_documents(by).get(pk=document.pk)).model_dump(
            mode="json"
        ),
    )


@router.get("/stock-documents/{int:document_id}", response={200: DocumentOut, **ERRORS})
def get_document(request: HttpRequest, document_id: int) -> StockDocument:
    return get_in_scope(_documents(request.auth), pk=document_id)


@router.get("/work-orders/{int:order_id}/parts", response={200: list[UsedPartOut], **ERRORS})
def parts_used(request: HttpRequest, order_id: int) -> list[dict]:
    """The parts used on the job, each with its own coverage and the new serial number."""
    order = get_in_scope(visible_work_orders(request.auth), pk=order_id)
    return [
        {
            "part": used.part.pk,
            "part_code": used.part.code,
            "part_name": used.part.name,
            "quantity": used.quantity,
            "serial_number": used.serial_number,
            "is_free": used.is_free,
            "reason": used.reason,
            "unit_price": used.unit_price,
            "amount": used.amount,
            "issued_on": used.issued_on,
            "warranty_until": used.warranty_until,
            "document": used.line.document.number,
        }
        for used in selectors.parts_used_on_order(order)
    ]


# Purchases -----------------------------------------------------------------------------------


def _purchases(user: User) -> QuerySet[PurchaseRequest]:
    return selectors.visible_purchases(user).prefetch_related("quotes")


@router.get("/purchase-requests", response=list[PurchaseOut])
@paginate(Page)
def list_purchases(request: HttpRequest, status: str = "") -> QuerySet[PurchaseRequest]:
    qs = _purchases(request.auth)
    return qs.filter(status=status) if status else qs


@router.get("/purchase-requests/{int:request_id}", response={200: PurchaseOut, **ERRORS})
def get_purchase(request: HttpRequest, request_id: int) -> PurchaseRequest:
    return get_in_scope(_purchases(request.auth), pk=request_id)


@router.post("/purchase-requests", response={201: PurchaseOut, **ERRORS})
def create_purchase(
    request: HttpRequest,
    payload: PurchaseIn,
    idempotency_key: str | None = Header(None, alias=HEADER),
):
    """A purchase request for a warehouse; approved only after the supplier quotes are in."""
    by: User = request.auth

    def create() -> PurchaseRequest:
        require(by, Cap.MANAGE_STOCK)
        return services.purchase_request_create(
            by=by,
            now=timezone.now(),
            warehouse=in_scope_ref(
                selectors.usable_warehouses(by), payload.warehouse, field="warehouse"
            ),
            part=in_scope_ref(Part.objects.all(), payload.part, field="part"),
            quantity=payload.quantity,
            reason=payload.reason,
        )

    return idempotent_create(
        user=by,
        key=idempotency_key,
        endpoint="POST /purchase-requests",
        body=payload.model_dump(mode="json"),
        create=create,
        render=lambda purchase: PurchaseOut.from_orm(_purchases(by).get(pk=purchase.pk)).model_dump(
            mode="json"
        ),
    )


@router.post("/purchase-requests/{int:request_id}/quotes", response={201: QuoteOut, **ERRORS})
def add_quote(
    request: HttpRequest,
    request_id: int,
    payload: QuoteIn,
    idempotency_key: str | None = Header(None, alias=HEADER),
):
    """A supplier's quote for the request, one per supplier."""
    by: User = request.auth
    purchase = get_in_scope(_purchases(by), pk=request_id)
    require(by, Cap.MANAGE_STOCK)

    def create() -> SupplierQuote:
        return services.purchase_quote_add(
            by=by,
            now=timezone.now(),
            request=purchase,
            supplier=payload.supplier,
            unit_price=payload.unit_price,
            lead_days=payload.lead_days,
            note=payload.note,
        )

    return idempotent_create(
        user=by,
        key=idempotency_key,
        endpoint=f"POST /purchase-requests/{request_id}/quotes",
        body=payload.model_dump(mode="json"),
        create=create,
        render=lambda quote: QuoteOut.from_orm(quote).model_dump(mode="json"),
    )


@router.post("/purchase-requests/{int:request_id}/decide", response={200: PurchaseOut, **ERRORS})
def decide_purchase(request: HttpRequest, request_id: int, payload: DecideIn) -> PurchaseRequest:
    """Approve (the cheapest quote unless another is chosen, with the reason) or refuse."""
    by: User = request.auth
    purchase = get_in_scope(_purchases(by), pk=request_id)
    require(by, Cap.APPROVE_PURCHASE)
    quote = in_scope_ref(purchase.quotes.all(), payload.quote, field="quote")
    services.purchase_request_decide(
        by=by,
        now=timezone.now(),
        request=purchase,
        approve=payload.approve,
        quote=quote,
        note=payload.note,
    )
    return _purchases(by).get(pk=purchase.pk)
