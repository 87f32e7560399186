"""API of the call register: take a call, settle it by phone, or turn it into a work order."""

from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils import timezone
from ninja import Header, Router
from ninja.pagination import paginate

from aftersales.accounts.models import Branch, User
from aftersales.accounts.policy import get_in_scope
from aftersales.core.idempotency import HEADER, idempotent_create
from aftersales.core.schemas import ERRORS, Page, in_scope_ref
from aftersales.customers.models import FaultType, ProductModel
from aftersales.customers.selectors import visible_customers, visible_units
from aftersales.workorders.models import WorkOrder
from aftersales.workorders.schemas import WorkOrderOut, render_order

from . import services
from .models import ServiceCall
from .schemas import CallIn, CallOut, OpenWorkOrderIn, SolveIn
from .selectors import visible_calls

router = Router(tags=["calls"])


@router.get("/calls", response=list[CallOut])
@paginate(Page)
def list_calls(
    request: HttpRequest,
    outcome: str = "",
    customer: int | None = None,
    unit: int | None = None,
    repeat_only: bool = False,
) -> QuerySet[ServiceCall]:
    """The call register in scope, newest first."""
    qs = visible_calls(request.auth)
    if outcome:
        qs = qs.filter(outcome=outcome)
    if customer:
        qs = qs.filter(customer_id=customer)
    if unit:
        qs = qs.filter(unit_id=unit)
    if repeat_only:
        qs = qs.filter(is_repeat=True)
    return qs


@router.post("/calls", response={201: CallOut, **ERRORS})
def register_call(
    request: HttpRequest,
    payload: CallIn,
    idempotency_key: str | None = Header(None, alias=HEADER),
):
    """Register a call, letter or visit; a customer calling for the first time is filed from
    `new_customer`, an existing one is never duplicated."""
    by: User = request.auth

    def create() -> ServiceCall:
        new_customer = None
        if payload.new_customer is not None:
            data = payload.new_customer
            new_customer = services.NewCustomer(
                name=data.name,
                address=data.address,
                kind=data.kind,
                tier=data.tier,
                zone=data.zone,
                branch=in_scope_ref(Branch.objects.all(), data.branch, field="new_customer.branch"),
            )
        return services.call_register(
            by=by,
            now=timezone.now(),
            channel=payload.channel,
            phone=payload.phone,
            symptom=payload.symptom,
            customer=in_scope_ref(visible_customers(by), payload.customer, field="customer"),
            new_customer=new_customer,
            caller_name=payload.caller_name,
            address=payload.address,
            unit=in_scope_ref(visible_units(by), payload.unit, field="unit"),
            model=in_scope_ref(ProductModel.objects.all(), payload.model, field="model"),
            serial=payload.serial,
            purchase_date=payload.purchase_date,
            invoice_no=payload.invoice_no,
            fault_type=in_scope_ref(
                FaultType.objects.all(), payload.fault_type, field="fault_type"
            ),
            customer_request=payload.customer_request,
        )

    return idempotent_create(
        user=by,
        key=idempotency_key,
        endpoint="POST /calls",
        body=payload.model_dump(mode="json"),
        create=create,
        render=lambda call: CallOut.from_orm(call).model_dump(mode="json"),
    )


@router.get("/calls/{int:call_id}", response={200: CallOut, **ERRORS})
def get_call(request: HttpRequest, call_id: int) -> ServiceCall:
    return get_in_scope(visible_calls(request.auth), pk=call_id)


@router.post("/calls/{int:call_id}/solve", response={200: CallOut, **ERRORS})
def solve_by_phone(request: HttpRequest, call_id: int, payload: SolveIn) -> ServiceCall:
    """Triage first: a call settled by guiding the customer is closed as such (002 五1)."""
    call = get_in_scope(visible_calls(request.auth), pk=call_id)
    return services.call_solve_by_phone(
        call=call, by=request.auth, now=timezone.now(), guidance=payload.guidance
    )


@router.post("/calls/{int:call_id}/work-order", response={201: WorkOrderOut, **ERRORS})
def open_work_order(
    request: HttpRequest,
    call_id: int,
    payload: OpenWorkOrderIn,
    idempotency_key: str | None = Header(None, alias=HEADER),
):
    """A real fault becomes a work order carrying everything the call registered."""
    by: User = request.auth
    call = get_in_scope(visible_calls(by), pk=call_id)

    def create() -> WorkOrder:
        return services.call_open_work_order(
            call=call,
            by=by,
            now=timezone.now(),
            kind=payload.kind,
            category=payload.category,
            category_reason=payload.category_reason,
        )

    return idempotent_create(
        user=by,
        key=idempotency_key,
        endpoint=f"POST /calls/{call.pk}/work-order",
        body=payload.model_dump(mode="json"),
        create=create,
        render=lambda order: render_order(request, order),
    )
