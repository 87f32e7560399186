"""API of loaner units: the register, lending one for a work order, its return, loans out."""

from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils import timezone
from ninja import Header, Router
from ninja.pagination import paginate

from aftersales.accounts.models import Branch, User
from aftersales.accounts.policy import Cap, can, get_in_scope, require
from aftersales.core.idempotency import HEADER, idempotent_create
from aftersales.core.schemas import ERRORS, Page, in_scope_ref
from aftersales.customers.models import ProductModel
from aftersales.workorders.selectors import visible_work_orders

from . import selectors, services
from .models import LoanerLoan, LoanerUnit
from .schemas import LendIn, LoanerIn, LoanerOut, LoanOut, ReturnIn

router = Router(tags=["loaners"])


@router.get("/loaners", response=list[LoanerOut])
@paginate(Page)
def list_loaners(
    request: HttpRequest, available: bool | None = None, model: int | None = None
) -> QuerySet[LoanerUnit]:
    qs = selectors.visible_loaners(request.auth)
    if available is not None:
        qs = qs.filter(is_available=available)
    if model:
        qs = qs.filter(model_id=model)
    return qs


@router.post("/loaners", response={201: LoanerOut, **ERRORS})
def register_loaner(
    request: HttpRequest,
    payload: LoanerIn,
    idempotency_key: str | None = Header(None, alias=HEADER),
):
    by: User = request.auth
    catalog = ProductModel.objects.all() if can(by, Cap.VIEW) else ProductModel.objects.none()

    def create() -> LoanerUnit:
        return services.loaner_register(
            by=by,
            asset_number=payload.asset_number,
            model=in_scope_ref(catalog, payload.model, field="model"),
            serial=payload.serial,
            branch=in_scope_ref(Branch.objects.all(), payload.branch, field="branch"),
            condition=payload.condition,
            notes=payload.notes,
        )

    return idempotent_create(
        user=by,
        key=idempotency_key,
        endpoint="POST /loaners",
        body=payload.model_dump(mode="json"),
        create=create,
        render=lambda loaner: LoanerOut.from_orm(loaner).model_dump(mode="json"),
    )


@router.get("/loaners/loans", response=list[LoanOut])
@paginate(Page)
def list_loans_out(request: HttpRequest, overdue: bool = False) -> QuerySet[LoanerLoan]:
    """Loaners with customers now; `overdue=true` keeps those past their expected return."""
    return selectors.loans_out(request.auth, now=timezone.now(), overdue_only=overdue)


@router.get("/loaners/{int:loaner_id}", response={200: LoanerOut, **ERRORS})
def get_loaner(request: HttpRequest, loaner_id: int) -> LoanerUnit:
    return get_in_scope(selectors.visible_loaners(request.auth), pk=loaner_id)


@router.post("/loaners/{int:loaner_id}/lend", response={200: LoanOut, **ERRORS})
def lend_loaner(request: HttpRequest, loaner_id: int, payload: LendIn) -> LoanerLoan:
    """Lend the loaner to the customer of an open work order of its branch."""
    by: User = request.auth
    loaner = get_in_scope(selectors.visible_loaners(by), pk=loaner_id)
    require(by, Cap.MANAGE_LOANERS)  # before the body's references are looked up
    order = in_scope_ref(visible_work_orders(by), payload.work_order, field="work_order")
    return services.loaner_lend(
        by=by,
        now=timezone.now(),
        loaner=loaner,
        customer=order.customer,
        work_order=order,
        expected_return=payload.expected_return,
        deposit=payload.deposit,
        note=payload.note,
    )


@router.post("/loaner-loans/{int:loan_id}/return", response={200: LoanOut, **ERRORS})
def return_loaner(request: HttpRequest, loan_id: int, payload: ReturnIn) -> LoanerLoan:
    by: User = request.auth
    loan = get_in_scope(selectors.visible_loans(by), pk=loan_id)
    return services.loaner_return(
        by=by, now=timezone.now(), loan=loan, condition=payload.condition, damaged=payload.damaged
    )


@router.get("/work-orders/{int:order_id}/loaners", response={200: list[LoanOut], **ERRORS})
def order_loans(request: HttpRequest, order_id: int) -> QuerySet[LoanerLoan]:
    """The loaners lent for this work order."""
    order = get_in_scope(visible_work_orders(request.auth), pk=order_id)
    return selectors.loans_of_order(order)
