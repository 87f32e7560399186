"""API of warranty claims to the manufacturer (/claims…) and claim part orders
(/claim-part-orders…)."""

from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Header, Router
from ninja.pagination import paginate

from aftersales.accounts.models import Branch, User
from aftersales.accounts.policy import Cap, get_in_scope, require
from aftersales.core.exceptions import DomainError
from aftersales.core.idempotency import HEADER, idempotent_create
from aftersales.core.schemas import ERRORS, Page, in_scope_ref
from aftersales.customers.models import ProductCategory
from aftersales.workorders.selectors import visible_work_orders

from . import selectors, services
from .models import ClaimPartOrder, ManufacturerRate, WarrantyClaim
from .schemas import (
    AcceptIn,
    BrandOutstandingOut,
    ClaimDetailOut,
    ClaimIn,
    ClaimOut,
    FitIn,
    IncludeLineIn,
    OrderedIn,
    PartOrderCancelIn,
    PartOrderIn,
    PartOrderOut,
    PaymentIn,
    RateIn,
    RateOut,
    RejectIn,
)

router = Router(tags=["claims"])


def _claim(by: User, claim_id: int) -> WarrantyClaim:
    return get_in_scope(
        selectors.visible_claims(by).prefetch_related("orders", "lines"), pk=claim_id
    )


def _detail(claim: WarrantyClaim) -> WarrantyClaim:
    return WarrantyClaim.objects.prefetch_related("orders", "lines").get(pk=claim.pk)


@router.get("/claims/rates", response=list[RateOut])
@paginate(Page)
def list_rates(request: HttpRequest, brand: str = "") -> QuerySet[ManufacturerRate]:
    """The manufacturers' rates, each brand's latest first."""
    qs = selectors.manufacturer_rates(request.auth)
    return qs.filter(brand=brand) if brand else qs


@router.post("/claims/rates", response={201: RateOut, **ERRORS})
def create_rate(
    request: HttpRequest, payload: RateIn, idempotency_key: str | None = Header(None, alias=HEADER)
):
    by: User = request.auth

    def create() -> ManufacturerRate:
        require(by, Cap.MANAGE_CLAIMS)
        return services.manufacturer_rate_create(
            by=by,
            now=timezone.now(),
            brand=payload.brand,
            category=in_scope_ref(
                ProductCategory.objects.all(), payload.category, field="category"
            ),
            labour_basis=payload.labour_basis,
            labour_rate=payload.labour_rate,
            travel_allowance=payload.travel_allowance,
            parts_factor=payload.parts_factor,
            effective_from=payload.effective_from,
            note=payload.note,
        )

    return idempotent_create(
        user=by,
        key=idempotency_key,
        endpoint="POST /claims/rates",
        body=payload.model_dump(mode="json"),
        create=create,
        render=lambda rate: RateOut.from_orm(rate).model_dump(mode="json"),
    )


@router.get("/claims/outstanding", response=list[BrandOutstandingOut])
def outstanding_by_brand(request: HttpRequest) -> list[dict]:
    """Per brand, what the manufacturer still owes on the claims sent to it."""
    return selectors.outstanding_by_brand(request.auth)


@router.get("/claims", response=list[ClaimOut])
@paginate(Page)
def list_claims(
    request: HttpRequest, status: str = "", brand: str = "", q: str = ""
) -> QuerySet[WarrantyClaim]:
    return selectors.claims_filtered(request.auth, status=status, brand=brand, q=q)


@router.post("/claims", response={201: ClaimDetailOut, **ERRORS})
def build_claim(
    request: HttpRequest, payload: ClaimIn, idempotency_key: str | None = Header(None, alias=HEADER)
):
    """A draft claim built from finished warranty jobs (category C) of one brand."""
    by: User = request.auth

    def create() -> WarrantyClaim:
        require(by, Cap.MANAGE_CLAIMS)  # before the body's references are looked up
        orders = list(visible_work_orders(by).filter(pk__in=payload.work_orders))
        if len(orders) != len(set(payload.work_orders)):
            raise DomainError(
                _("Select a valid choice. That choice is not one of the available choices."),
                field="work_orders",
                code="invalid_choice",
            )
        claim = services.warranty_claim_build(
            by=by,
            now=timezone.now(),
            brand=payload.brand,
            period_start=payload.period_start,
            period_end=payload.period_end,
            orders=orders,
            branch=in_scope_ref(Branch.objects.all(), payload.branch, field="branch"),
            note=payload.note,
        )
        return _detail(claim)

    return idempotent_create(
        user=by,
        key=idempotency_key,
        endpoint="POST /claims",
        body=payload.model_dump(mode="json"),
        create=create,
        render=lambda claim: ClaimDetailOut.from_orm(claim).model_dump(mode="json"),
    )


@router.get("/claims/{int:claim_id}", response={200: ClaimDetailOut, **ERRORS})
def get_claim(request: HttpRequest, claim_id: int) -> WarrantyClaim:
    return _claim(request.auth, claim_id)


@router.post("/claims/{int:claim_id}/include-line", response={200: ClaimDetailOut, **ERRORS})
def include_line(request: HttpRequest, claim_id: int, payload: IncludeLineIn) -> WarrantyClaim:
    """Claims a part without its defective part, with a note; or leaves it out again."""
    claim = _claim(request.auth, claim_id)
    services.warranty_claim_include_line(
        by=request.auth,
        now=timezone.now(),
        claim=claim,
        line_id=payload.line,
        included=payload.included,
        note=payload.note,
    )
    return _detail(claim)


@router.post("/claims/{int:claim_id}/submit", response={200: ClaimDetailOut, **ERRORS})
def submit_claim(request: HttpRequest, claim_id: int) -> WarrantyClaim:
    claim = _claim(request.auth, claim_id)
    return _detail(services.warranty_claim_submit(by=request.auth, now=timezone.now(), claim=claim))


@router.post("/claims/{int:claim_id}/accept", response={200: ClaimDetailOut, **ERRORS})
def accept_claim(request: HttpRequest, claim_id: int, payload: AcceptIn) -> WarrantyClaim:
    """The manufacturer's acceptance, possibly of less than claimed, with its note."""
    claim = _claim(request.auth, claim_id)
    return _detail(
        services.warranty_claim_accept(
            by=request.auth,
            now=timezone.now(),
            claim=claim,
            amount=payload.amount,
            note=payload.note,
        )
    )


@router.post("/claims/{int:claim_id}/reject", response={200: ClaimDetailOut, **ERRORS})
def reject_claim(request: HttpRequest, claim_id: int, payload: RejectIn) -> WarrantyClaim:
    claim = _claim(request.auth, claim_id)
    return _detail(
        services.warranty_claim_reject(
            by=request.auth, now=timezone.now(), claim=claim, note=payload.note
        )
    )


@router.post("/claims/{int:claim_id}/payment", response={200: ClaimDetailOut, **ERRORS})
def record_payment(request: HttpRequest, claim_id: int, payload: PaymentIn) -> WarrantyClaim:
    claim = _claim(request.auth, claim_id)
    return _detail(
        services.warranty_claim_record_payment(
            by=request.auth,
            now=timezone.now(),
            claim=claim,
            amount=payload.amount,
            paid_on=payload.paid_on,
            reference=payload.reference,
            note=payload.note,
        )
    )


# Claim part orders ---------------------------------------------------------------------------


def _part_order(by: User, order_id: int) -> ClaimPartOrder:
    return get_in_scope(selectors.visible_part_orders(by), pk=order_id)


@router.get("/claim-part-orders", response=list[PartOrderOut])
@paginate(Page)
def list_part_orders(
    request: HttpRequest, status: str = "", q: str = ""
) -> QuerySet[ClaimPartOrder]:
    """`status=open` keeps the orders not yet fitted or cancelled."""
    return selectors.part_orders_filtered(request.auth, status=status, q=q)


@router.post("/claim-part-orders", response={201: PartOrderOut, **ERRORS})
def request_part_order(
    request: HttpRequest,
    payload: PartOrderIn,
    idempotency_key: str | None = Header(None, alias=HEADER),
):
    """A part ordered under warranty for an open C job, against the customer's deposit."""
    by: User = request.auth

    def create() -> ClaimPartOrder:
        require(by, Cap.CLAIM_ORDERS)
        return services.claim_part_order_request(
            by=by,
            now=timezone.now(),
            work_order=in_scope_ref(
                visible_work_orders(by), payload.work_order, field="work_order"
            ),
            part=in_scope_ref(selectors.parts_for_claim_orders(), payload.part, field="part"),
            quantity=payload.quantity,
            deposit_amount=payload.deposit_amount,
            deposit_method=payload.deposit_method,
            note=payload.note,
        )

    return idempotent_create(
        user=by,
        key=idempotency_key,
        endpoint="POST /claim-part-orders",
        body=payload.model_dump(mode="json"),
        create=create,
        render=lambda order: PartOrderOut.from_orm(order).model_dump(mode="json"),
    )


@router.get("/claim-part-orders/{int:order_id}", response={200: PartOrderOut, **ERRORS})
def get_part_order(request: HttpRequest, order_id: int) -> ClaimPartOrder:
    return _part_order(request.auth, order_id)


@router.post("/claim-part-orders/{int:order_id}/approve", response={200: PartOrderOut, **ERRORS})
def approve_part_order(request: HttpRequest, order_id: int) -> ClaimPartOrder:
    """The workshop manager's signature."""
    order = _part_order(request.auth, order_id)
    return services.claim_part_order_approve(by=request.auth, now=timezone.now(), order=order)


@router.post("/claim-part-orders/{int:order_id}/confirm", response={200: PartOrderOut, **ERRORS})
def confirm_part_order(request: HttpRequest, order_id: int) -> ClaimPartOrder:
    """The after-sales director's signature, above the threshold."""
    order = _part_order(request.auth, order_id)
    return services.claim_part_order_confirm(by=request.auth, now=timezone.now(), order=order)


@router.post("/claim-part-orders/{int:order_id}/ordered", response={200: PartOrderOut, **ERRORS})
def mark_ordered(request: HttpRequest, order_id: int, payload: OrderedIn) -> ClaimPartOrder:
    order = _part_order(request.auth, order_id)
    return services.claim_part_order_mark_ordered(
        by=request.auth, now=timezone.now(), order=order, reference=payload.reference
    )


@router.post("/claim-part-orders/{int:order_id}/arrived", response={200: PartOrderOut, **ERRORS})
def mark_arrived(request: HttpRequest, order_id: int) -> ClaimPartOrder:
    order = _part_order(request.auth, order_id)
    return services.claim_part_order_mark_arrived(by=request.auth, now=timezone.now(), order=order)


@router.post("/claim-part-orders/{int:order_id}/fit", response={200: PartOrderOut, **ERRORS})
def fit_part(request: HttpRequest, order_id: int, payload: FitIn) -> ClaimPartOrder:
    """The part is fitted; the deposit is refunded, once."""
    order = _part_order(request.auth, order_id)
    return services.claim_part_order_fit(
        by=request.auth,
        now=timezone.now(),
        order=order,
        note=payload.note,
        serial_number=payload.serial_number,
    )


@router.post("/claim-part-orders/{int:order_id}/cancel", response={200: PartOrderOut, **ERRORS})
def cancel_part_order(
    request: HttpRequest, order_id: int, payload: PartOrderCancelIn
) -> ClaimPartOrder:
    order = _part_order(request.auth, order_id)
    return services.claim_part_order_cancel(
        by=request.auth,
        now=timezone.now(),
        order=order,
        reason=payload.reason,
        refund=payload.refund,
        kept_reason=payload.kept_reason,
    )
