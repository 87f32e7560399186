"""API of work orders: list, create, read, and every move of the flow (SPEC §4).

Each transition finds the order in the caller's scope (another branch's order is not found) and
calls its one service, which checks the role, the technician's own job and the state.
"""

from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils import timezone
from ninja import Header, Router
from ninja.pagination import paginate

from aftersales.accounts.models import User
from aftersales.accounts.policy import get_in_scope
from aftersales.core.idempotency import HEADER, idempotent_create
from aftersales.core.models import AuditEntry
from aftersales.core.schemas import ERRORS, Page, image_bytes, in_scope_ref, signature_bytes
from aftersales.customers.models import FaultType
from aftersales.customers.selectors import visible_customers, visible_outlets, visible_units
from aftersales.dispatch.selectors import visible_technicians

from . import selectors, services
from .models import Photo, Request, WorkOrder
from .schemas import (
    AssignIn,
    AuditEntryOut,
    CancelIn,
    CarryBackIn,
    CategoryIn,
    CheckIn,
    CompleteIn,
    DecideIn,
    HandBackIn,
    NoteIn,
    PhotoIn,
    PhotoOut,
    ReassignIn,
    RebookIn,
    RepairIn,
    RequestIn,
    RequestOut,
    ReturnUnitIn,
    ScheduleIn,
    WorkOrderIn,
    WorkOrderOut,
    render_order,
)

router = Router(tags=["work orders"])

ORDER = {200: WorkOrderOut, **ERRORS}


def _order(request: HttpRequest, order_id: int) -> WorkOrder:
    """The order if the caller may see it; another branch's (or, for a technician, another
    technician's) order is answered as not found."""
    return get_in_scope(selectors.visible_work_orders(request.auth), pk=order_id)


@router.get("/work-orders", response=list[WorkOrderOut])
@paginate(Page)
def list_work_orders(
    request: HttpRequest,
    state: str = "",
    kind: str = "",
    category: str = "",
    branch: int | None = None,
    technician: int | None = None,
    q: str = "",
    repeat_only: bool = False,
) -> QuerySet[WorkOrder]:
    """Work orders in scope, newest first; `state=open` means any state not yet completed."""
    return selectors.filter_work_orders(
        selectors.visible_work_orders(request.auth),
        state=state,
        kind=kind,
        category=category,
        branch=branch,
        technician=technician,
        query=q,
        repeat_only=repeat_only,
    )


@router.post("/work-orders", response={201: WorkOrderOut, **ERRORS})
def create_work_order(
    request: HttpRequest,
    payload: WorkOrderIn,
    idempotency_key: str | None = Header(None, alias=HEADER),
):
    """A work order without a call first: maintenance, installation, training, internal work."""
    by: User = request.auth

    def create() -> WorkOrder:
        return services.work_order_create(
            by=by,
            now=timezone.now(),
            customer=in_scope_ref(visible_customers(by), payload.customer, field="customer"),
            symptom=payload.symptom,
            kind=payload.kind,
            unit=in_scope_ref(visible_units(by), payload.unit, field="unit"),
            fault_type=in_scope_ref(
                FaultType.objects.all(), payload.fault_type, field="fault_type"
            ),
            customer_request=payload.customer_request,
            address=payload.address,
            contact_phone=payload.contact_phone,
            category=payload.category,
            category_reason=payload.category_reason,
            promised_by=payload.promised_by,
        )

    return idempotent_create(
        user=by,
        key=idempotency_key,
        endpoint="POST /work-orders",
        body=payload.model_dump(mode="json"),
        create=create,
        render=lambda order: render_order(request, order),
    )


@router.get("/work-orders/{int:order_id}", response=ORDER)
def get_work_order(request: HttpRequest, order_id: int) -> WorkOrder:
    return _order(request, order_id)


@router.get("/work-orders/{int:order_id}/audit", response={200: list[AuditEntryOut], **ERRORS})
def work_order_audit(request: HttpRequest, order_id: int) -> QuerySet[AuditEntry]:
    """Who changed what and when, newest first, with each field before and after."""
    return selectors.audit_trail(_order(request, order_id))


@router.post("/work-orders/{int:order_id}/category", response=ORDER)
def override_category(request: HttpRequest, order_id: int, payload: CategoryIn) -> WorkOrder:
    """Set the service category by hand, with the reason (kept in the audit trail)."""
    return services.work_order_override_category(
        order=_order(request, order_id),
        by=request.auth,
        category=payload.category,
        reason=payload.reason,
        now=timezone.now(),
    )


# Transitions -------------------------------------------------------------------------------


@router.post("/work-orders/{int:order_id}/dispatch", response=ORDER)
def dispatch(request: HttpRequest, order_id: int, payload: AssignIn) -> WorkOrder:
    by: User = request.auth
    return services.work_order_dispatch(
        order=_order(request, order_id),
        by=by,
        now=timezone.now(),
        technician=in_scope_ref(visible_technicians(by), payload.technician, field="technician"),
        outlet=in_scope_ref(visible_outlets(by), payload.outlet, field="outlet"),
    )


@router.post("/work-orders/{int:order_id}/reassign", response=ORDER)
def reassign(request: HttpRequest, order_id: int, payload: ReassignIn) -> WorkOrder:
    """Transfer to another technician or outlet: only the dispatcher does this (000 篇8 第32条)."""
    by: User = request.auth
    return services.work_order_reassign(
        order=_order(request, order_id),
        by=by,
        now=timezone.now(),
        reason=payload.reason,
        technician=in_scope_ref(visible_technicians(by), payload.technician, field="technician"),
        outlet=in_scope_ref(visible_outlets(by), payload.outlet, field="outlet"),
    )


@router.post("/work-orders/{int:order_id}/schedule", response=ORDER)
def schedule(request: HttpRequest, order_id: int, payload: ScheduleIn) -> WorkOrder:
    return services.work_order_schedule(
        order=_order(request, order_id),
        by=request.auth,
        now=timezone.now(),
        start=payload.start,
        end=payload.end,
    )


@router.post("/work-orders/{int:order_id}/rebook", response=ORDER)
def rebook(request: HttpRequest, order_id: int, payload: RebookIn) -> WorkOrder:
    """A new appointment; a missed one is counted and the apology recorded."""
    return services.work_order_rebook(
        order=_order(request, order_id),
        by=request.auth,
        now=timezone.now(),
        start=payload.start,
        end=payload.end,
        reason=payload.reason,
        missed=payload.missed,
    )


@router.post("/work-orders/{int:order_id}/hand-back", response=ORDER)
def hand_back(request: HttpRequest, order_id: int, payload: HandBackIn) -> WorkOrder:
    return services.work_order_hand_back(
        order=_order(request, order_id), by=request.auth, customer_wishes=payload.customer_wishes
    )


@router.post("/work-orders/{int:order_id}/arrive", response=ORDER)
def arrive(request: HttpRequest, order_id: int) -> WorkOrder:
    return services.work_order_arrive(
        order=_order(request, order_id), by=request.auth, now=timezone.now()
    )


@router.post("/work-orders/{int:order_id}/complete", response=ORDER)
def complete(request: HttpRequest, order_id: int, payload: CompleteIn) -> WorkOrder:
    """Fixed on site: the service report and the customer's signature close the visit."""
    order = _order(request, order_id)
    return services.work_order_complete(
        order=order,
        by=request.auth,
        now=timezone.now(),
        service_report=payload.service_report,
        signer_name=payload.signer_name,
        signature_png=signature_bytes(payload.signature),
    )


@router.post("/work-orders/{int:order_id}/carry-back", response=ORDER)
def carry_back(request: HttpRequest, order_id: int, payload: CarryBackIn) -> WorkOrder:
    return services.work_order_carry_back(
        order=_order(request, order_id),
        by=request.auth,
        now=timezone.now(),
        items=payload.items,
        condition=payload.condition,
    )


@router.post("/work-orders/{int:order_id}/record-repair", response=ORDER)
def record_repair(request: HttpRequest, order_id: int, payload: RepairIn) -> WorkOrder:
    """The repair card (修护卡): actual hours and parts replaced."""
    return services.work_order_record_repair(
        order=_order(request, order_id),
        by=request.auth,
        now=timezone.now(),
        work_done=payload.work_done,
        hours=payload.hours,
        parts_replaced=payload.parts_replaced,
    )


@router.post("/work-orders/{int:order_id}/check", response=ORDER)
def check(request: HttpRequest, order_id: int, payload: CheckIn) -> WorkOrder:
    """The supervisor's check (主任验讫); `passed: false` sends the unit back for rework."""
    return services.work_order_check(
        order=_order(request, order_id),
        by=request.auth,
        now=timezone.now(),
        passed=payload.passed,
        note=payload.note,
    )


@router.post("/work-orders/{int:order_id}/return-unit", response=ORDER)
def return_unit(request: HttpRequest, order_id: int, payload: ReturnUnitIn) -> WorkOrder:
    order = _order(request, order_id)
    return services.work_order_return_unit(
        order=order,
        by=request.auth,
        now=timezone.now(),
        signer_name=payload.signer_name,
        signature_png=signature_bytes(payload.signature),
        service_report=payload.service_report,
    )


@router.post("/work-orders/{int:order_id}/close", response=ORDER)
def close(request: HttpRequest, order_id: int, payload: NoteIn) -> WorkOrder:
    return services.work_order_close(
        order=_order(request, order_id), by=request.auth, now=timezone.now(), note=payload.note
    )


@router.post("/work-orders/{int:order_id}/cancel", response=ORDER)
def cancel(request: HttpRequest, order_id: int, payload: CancelIn) -> WorkOrder:
    return services.work_order_cancel(
        order=_order(request, order_id), by=request.auth, now=timezone.now(), reason=payload.reason
    )


# Requests for help or more time, and photos ------------------------------------------------


@router.get("/work-orders/{int:order_id}/requests", response={200: list[RequestOut], **ERRORS})
def list_requests(request: HttpRequest, order_id: int) -> QuerySet[Request]:
    return _order(request, order_id).requests.select_related("requested_by", "decided_by")


@router.post("/work-orders/{int:order_id}/requests", response={201: RequestOut, **ERRORS})
def create_request(
    request: HttpRequest,
    order_id: int,
    payload: RequestIn,
    idempotency_key: str | None = Header(None, alias=HEADER),
):
    """A job that cannot be finished on time goes to the supervisor (004 (十四))."""
    by: User = request.auth
    order = _order(request, order_id)

    def create() -> Request:
        return services.work_order_request(
            order=order,
            by=by,
            kind=payload.kind,
            reason=payload.reason,
            until=payload.until,
            now=timezone.now(),
        )

    return idempotent_create(
        user=by,
        key=idempotency_key,
        endpoint=f"POST /work-orders/{order.pk}/requests",
        body=payload.model_dump(mode="json"),
        create=create,
        render=lambda created: RequestOut.from_orm(created).model_dump(mode="json"),
    )


@router.post(
    "/work-orders/{int:order_id}/requests/{int:request_id}/decide",
    response={200: RequestOut, **ERRORS},
)
def decide_request(
    request: HttpRequest, order_id: int, request_id: int, payload: DecideIn
) -> Request:
    pending = get_in_scope(_order(request, order_id).requests.all(), pk=request_id)
    return services.work_order_decide_request(
        request=pending,
        by=request.auth,
        approve=payload.approve,
        now=timezone.now(),
        note=payload.note,
    )


@router.get("/work-orders/{int:order_id}/photos", response={200: list[PhotoOut], **ERRORS})
def list_photos(request: HttpRequest, order_id: int) -> QuerySet[Photo]:
    return _order(request, order_id).photos.all()


@router.post("/work-orders/{int:order_id}/photos", response={201: PhotoOut, **ERRORS})
def add_photo(
    request: HttpRequest,
    order_id: int,
    payload: PhotoIn,
    idempotency_key: str | None = Header(None, alias=HEADER),
):
    """An upload retried over a bad connection with the same key adds the photo once."""
    by: User = request.auth
    order = _order(request, order_id)

    def create() -> Photo:
        return services.work_order_add_photo(
            order=order, by=by, kind=payload.kind, data=image_bytes(payload.image)
        )

    return idempotent_create(
        user=by,
        key=idempotency_key,
        endpoint=f"POST /work-orders/{order.pk}/photos",
        body=payload.model_dump(mode="json"),
        create=create,
        render=lambda photo: PhotoOut.from_orm(photo).model_dump(mode="json"),
    )
