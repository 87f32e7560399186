"""API of the outlet settlement: rates, statements, drawing one up (idempotent), rebuilding a
draft, confirming and marking paid."""

from django.db.models import QuerySet
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

from . import selectors, services
from .forms import parse_month
from .models import OutletRate, OutletSettlement
from .schemas import (
    OutletRateIn,
    OutletRateOut,
    SettlementDetailOut,
    SettlementIn,
    SettlementOut,
    SettlementPayIn,
)

router = Router(tags=["outlet settlements"])


def _month(value: str, *, required: bool):
    month = parse_month(value) if value else None
    if value and month is None:
        raise DomainError(_("Enter a month as YYYY-MM."), field="month")
    if required and month is None:
        raise DomainError(_("Choose the month."), field="month")
    return month


@router.get("/outlet-settlements", response={200: list[SettlementOut], **ERRORS})
@paginate(Page)
def list_settlements(
    request: HttpRequest, month: str = "", outlet: int | None = None, status: str = ""
) -> QuerySet[OutletSettlement]:
    """The statements in scope, newest month first; `month=YYYY-MM`."""
    require(request.auth, Cap.SETTLE_OUTLETS)
    return selectors.settlements_filtered(
        request.auth, month=_month(month, required=False), outlet=outlet, status=status
    )


@router.post("/outlet-settlements", response={201: SettlementOut, **ERRORS})
def build_settlement(
    request: HttpRequest,
    payload: SettlementIn,
    idempotency_key: str | None = Header(None, alias=HEADER),
):
    """Draw up the outlet's draft statement of a month that is over."""
    by: User = request.auth
    require(by, Cap.SETTLE_OUTLETS)

    def create() -> OutletSettlement:
        return services.settlement_build(
            by=by,
            now=timezone.now(),
            outlet=in_scope_ref(selectors.outlets_for(by), payload.outlet, field="outlet"),
            month=_month(payload.month, required=True),
        )

    return idempotent_create(
        user=by,
        key=idempotency_key,
        endpoint="POST /outlet-settlements",
        body=payload.model_dump(mode="json"),
        create=create,
        render=lambda settlement: SettlementOut.from_orm(settlement).model_dump(mode="json"),
    )


def _settlement(request: HttpRequest, settlement_id: int) -> OutletSettlement:
    # Another branch's statement is not found, whatever the caller's role.
    settlement = get_in_scope(selectors.visible_settlements(request.auth), pk=settlement_id)
    require(request.auth, Cap.SETTLE_OUTLETS)
    return settlement


@router.get(
    "/outlet-settlements/{int:settlement_id}", response={200: SettlementDetailOut, **ERRORS}
)
def get_settlement(request: HttpRequest, settlement_id: int) -> OutletSettlement:
    """A statement with its lines: each job, the rate applied and why."""
    return _settlement(request, settlement_id)


@router.post(
    "/outlet-settlements/{int:settlement_id}/rebuild", response={200: SettlementOut, **ERRORS}
)
def rebuild_settlement(request: HttpRequest, settlement_id: int) -> OutletSettlement:
    """Draw a draft up again from the jobs and rates as they are now."""
    settlement = _settlement(request, settlement_id)
    return services.settlement_rebuild(by=request.auth, now=timezone.now(), settlement=settlement)


@router.post(
    "/outlet-settlements/{int:settlement_id}/confirm", response={200: SettlementOut, **ERRORS}
)
def confirm_settlement(request: HttpRequest, settlement_id: int) -> OutletSettlement:
    """Finance confirms the draft; it no longer changes."""
    settlement = _settlement(request, settlement_id)
    return services.settlement_confirm(by=request.auth, now=timezone.now(), settlement=settlement)


@router.post("/outlet-settlements/{int:settlement_id}/pay", response={200: SettlementOut, **ERRORS})
def pay_settlement(
    request: HttpRequest, settlement_id: int, payload: SettlementPayIn
) -> OutletSettlement:
    """Record that a confirmed statement was paid: the day and the reference."""
    settlement = _settlement(request, settlement_id)
    return services.settlement_mark_paid(
        by=request.auth,
        now=timezone.now(),
        settlement=settlement,
        paid_on=payload.paid_on,
        reference=payload.reference,
    )


@router.get("/outlet-rates", response={200: list[OutletRateOut], **ERRORS})
@paginate(Page)
def list_rates(
    request: HttpRequest, outlet: int | None = None, service_category: str = ""
) -> QuerySet[OutletRate]:
    """The rates for all outlets and those of the outlets in scope."""
    require(request.auth, Cap.SETTLE_OUTLETS)
    return selectors.rates_filtered(request.auth, outlet=outlet, service_category=service_category)


@router.post("/outlet-rates", response={201: OutletRateOut, **ERRORS})
def create_rate(
    request: HttpRequest,
    payload: OutletRateIn,
    idempotency_key: str | None = Header(None, alias=HEADER),
):
    by: User = request.auth
    require(by, Cap.SETTLE_OUTLETS)

    def create() -> OutletRate:
        return services.outlet_rate_create(
            by=by,
            now=timezone.now(),
            outlet=in_scope_ref(selectors.outlets_for(by), payload.outlet, field="outlet"),
            service_category=payload.service_category,
            product_category=in_scope_ref(
                ProductCategory.objects.all(), payload.product_category, field="product_category"
            ),
            amount=payload.amount,
            suburb_allowance=payload.suburb_allowance,
            effective_from=payload.effective_from,
            note=payload.note,
        )

    return idempotent_create(
        user=by,
        key=idempotency_key,
        endpoint="POST /outlet-rates",
        body=payload.model_dump(mode="json"),
        create=create,
        render=lambda rate: OutletRateOut.from_orm(rate).model_dump(mode="json"),
    )
