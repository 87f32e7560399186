"""API of returns and exchanges: list, read, file (idempotent), the general manager's decision,
resolutions (idempotent) and completion."""

from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils import timezone
from ninja import Header, Router
from ninja.pagination import paginate

from aftersales.accounts.models import User
from aftersales.accounts.policy import Cap, get_in_scope, require
from aftersales.core.idempotency import HEADER, idempotent_create
from aftersales.core.schemas import ERRORS, Page, in_scope_ref
from aftersales.customers.models import ProductModel
from aftersales.customers.selectors import visible_units
from aftersales.workorders.selectors import visible_work_orders

from . import selectors, services
from .models import Resolution, ReturnRequest
from .schemas import DecisionIn, ResolutionIn, ResolutionOut, ReturnDetailOut, ReturnIn, ReturnOut

router = Router(tags=["returns"])


@router.get("/returns", response=list[ReturnOut])
@paginate(Page)
def list_returns(
    request: HttpRequest, status: str = "", kind: str = "", branch: int | None = None, q: str = ""
) -> QuerySet[ReturnRequest]:
    """Return and exchange requests in scope, newest first; `status=requested` are those
    awaiting the general manager."""
    return selectors.returns_filtered(request.auth, status=status, kind=kind, branch=branch, q=q)


@router.post("/returns", response={201: ReturnDetailOut, **ERRORS})
def file_return(
    request: HttpRequest,
    payload: ReturnIn,
    idempotency_key: str | None = Header(None, alias=HEADER),
):
    """File a request for a unit (or the unit of a work order). A request outside the
    three-guarantee entitlement is filed too, and marked so."""
    by: User = request.auth

    def create() -> ReturnRequest:
        require(by, Cap.REQUEST_RETURNS)  # before the body's references are looked up
        return services.return_request_file(
            by=by,
            now=timezone.now(),
            kind=payload.kind,
            reason=payload.reason,
            unit=in_scope_ref(visible_units(by), payload.unit, field="unit"),
            work_order=in_scope_ref(
                visible_work_orders(by), payload.work_order, field="work_order"
            ),
        )

    return idempotent_create(
        user=by,
        key=idempotency_key,
        endpoint="POST /returns",
        body=payload.model_dump(mode="json"),
        create=create,
        render=lambda obj: ReturnDetailOut.from_orm(obj).model_dump(mode="json"),
    )


def _request(user: User, return_id: int) -> ReturnRequest:
    return get_in_scope(selectors.return_detail(user), pk=return_id)


@router.get("/returns/{int:return_id}", response={200: ReturnDetailOut, **ERRORS})
def get_return(request: HttpRequest, return_id: int) -> ReturnRequest:
    return _request(request.auth, return_id)


@router.post("/returns/{int:return_id}/decide", response={200: ReturnDetailOut, **ERRORS})
def decide_return(request: HttpRequest, return_id: int, payload: DecisionIn) -> ReturnRequest:
    """The general manager approves or rejects, once (001 篇2 十五)."""
    by: User = request.auth
    obj = _request(by, return_id)
    services.return_request_decide(
        by=by, now=timezone.now(), request=obj, approve=payload.approve, note=payload.note
    )
    return _request(by, return_id)


@router.post("/returns/{int:return_id}/resolutions", response={201: ResolutionOut, **ERRORS})
def add_resolution(
    request: HttpRequest,
    return_id: int,
    payload: ResolutionIn,
    idempotency_key: str | None = Header(None, alias=HEADER),
):
    """A credit note, compensation, refund, exchange (registers the new unit) or rework
    (registers a new work order) on an approved request, with its amount."""
    by: User = request.auth
    obj = _request(by, return_id)

    def create() -> Resolution:
        require(by, Cap.REQUEST_RETURNS)
        return services.resolution_record(
            by=by,
            now=timezone.now(),
            request=obj,
            kind=payload.kind,
            amount=payload.amount,
            note=payload.note,
            replacement_serial=payload.replacement_serial,
            replacement_model=in_scope_ref(
                ProductModel.objects.all(), payload.replacement_model, field="replacement_model"
            ),
        )

    return idempotent_create(
        user=by,
        key=idempotency_key,
        endpoint=f"POST /returns/{obj.pk}/resolutions",
        body=payload.model_dump(mode="json"),
        create=create,
        render=lambda res: ResolutionOut.from_orm(res).model_dump(mode="json"),
    )


@router.post("/returns/{int:return_id}/complete", response={200: ReturnDetailOut, **ERRORS})
def complete_return(request: HttpRequest, return_id: int) -> ReturnRequest:
    """Closes an approved request with the total of its resolutions."""
    by: User = request.auth
    obj = _request(by, return_id)
    services.return_request_complete(by=by, now=timezone.now(), request=obj)
    return _request(by, return_id)
