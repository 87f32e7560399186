"""API of the tool register: tools, registering one, lending and return, overdue loans."""

from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils import timezone
from ninja import Header, Router
from ninja.pagination import paginate

from aftersales.accounts.models import Branch, User
from aftersales.accounts.policy import Cap, get_in_scope, require
from aftersales.core.idempotency import HEADER, idempotent_create
from aftersales.core.schemas import ERRORS, Page, in_scope_ref

from . import selectors, services
from .models import Tool, ToolLoan
from .schemas import ToolIn, ToolLendIn, ToolLoanOut, ToolOut, ToolReturnIn

router = Router(tags=["tools"])


@router.get("/tools", response=list[ToolOut])
@paginate(Page)
def list_tools(
    request: HttpRequest,
    status: str = "",
    branch: int | None = None,
    holder: int | None = None,
    fixed_asset: bool | None = None,
    q: str = "",
) -> QuerySet[Tool]:
    """The tool register in scope; `fixed_asset=true` keeps tools of more than 1,000 yuan."""
    return selectors.tools_filtered(
        request.auth, status=status, branch=branch, holder=holder, fixed_asset=fixed_asset, q=q
    )


@router.post("/tools", response={201: ToolOut, **ERRORS})
def register_tool(
    request: HttpRequest,
    payload: ToolIn,
    idempotency_key: str | None = Header(None, alias=HEADER),
):
    by: User = request.auth

    def create() -> Tool:
        return services.tool_register(
            by=by,
            now=timezone.now(),
            asset_number=payload.asset_number,
            name=payload.name,
            purchase_price=payload.purchase_price,
            spec=payload.spec,
            purchase_date=payload.purchase_date,
            branch=in_scope_ref(Branch.objects.all(), payload.branch, field="branch"),
            notes=payload.notes,
        )

    return idempotent_create(
        user=by,
        key=idempotency_key,
        endpoint="POST /tools",
        body=payload.model_dump(mode="json"),
        create=create,
        render=lambda tool: ToolOut.from_orm(tool).model_dump(mode="json"),
    )


@router.get("/tools/overdue-loans", response=list[ToolLoanOut])
@paginate(Page)
def overdue_loans(request: HttpRequest) -> QuerySet[ToolLoan]:
    """Tools lent and not back by their due date, the longest overdue first."""
    return selectors.overdue_tool_loans(request.auth, now=timezone.now())


@router.get("/tools/{int:tool_id}", response={200: ToolOut, **ERRORS})
def get_tool(request: HttpRequest, tool_id: int) -> Tool:
    return get_in_scope(selectors.visible_tools(request.auth), pk=tool_id)


@router.get("/tools/{int:tool_id}/loans", response={200: list[ToolLoanOut], **ERRORS})
def tool_loans(request: HttpRequest, tool_id: int) -> QuerySet[ToolLoan]:
    """The tool's lending and return log, latest first."""
    tool = get_in_scope(selectors.visible_tools(request.auth), pk=tool_id)
    return selectors.tool_loans(tool)


@router.post("/tools/{int:tool_id}/lend", response={200: ToolLoanOut, **ERRORS})
def lend_tool(request: HttpRequest, tool_id: int, payload: ToolLendIn) -> ToolLoan:
    by: User = request.auth
    tool = get_in_scope(selectors.visible_tools(by), pk=tool_id)
    require(by, Cap.MANAGE_TOOLS)  # before the body's references are looked up
    return services.tool_lend(
        by=by,
        now=timezone.now(),
        tool=tool,
        technician=in_scope_ref(
            selectors.technicians_for(by), payload.technician, field="technician"
        ),
        due_back=payload.due_back,
        note=payload.note,
    )


@router.post("/tools/{int:tool_id}/return", response={200: ToolLoanOut, **ERRORS})
def return_tool(request: HttpRequest, tool_id: int, payload: ToolReturnIn) -> ToolLoan:
    by: User = request.auth
    tool = get_in_scope(selectors.visible_tools(by), pk=tool_id)
    return services.tool_return(
        by=by, now=timezone.now(), tool=tool, condition=payload.condition, damaged=payload.damaged
    )
