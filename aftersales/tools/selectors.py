"""Reads of the tool register, scoped to the user's branch (head office sees all)."""

import datetime as dt

from django.db.models import OuterRef, Q, QuerySet, Subquery

from aftersales.accounts.models import User
from aftersales.accounts.policy import scope_by_branch
from aftersales.dispatch.models import Technician

from .models import Tool, ToolEvent, ToolLoan, fixed_asset_threshold


def visible_tools(user: User) -> QuerySet[Tool]:
    return scope_by_branch(Tool.objects.select_related("branch", "holder__user"), user)


def tools_filtered(
    user: User,
    *,
    status: str = "",
    branch: int | None = None,
    holder: int | None = None,
    fixed_asset: bool | None = None,
    q: str = "",
) -> QuerySet[Tool]:
    qs = visible_tools(user)
    if status:
        qs = qs.filter(status=status)
    if branch:
        qs = qs.filter(branch_id=branch)
    if holder:
        qs = qs.filter(holder_id=holder)
    if fixed_asset is True:
        qs = qs.filter(purchase_price__gt=fixed_asset_threshold())
    elif fixed_asset is False:
        qs = qs.filter(purchase_price__lte=fixed_asset_threshold())
    q = (q or "").strip()
    if q:
        qs = qs.filter(Q(asset_number__icontains=q) | Q(name__icontains=q) | Q(spec__icontains=q))
    return qs


def visible_tool_loans(user: User) -> QuerySet[ToolLoan]:
    return scope_by_branch(
        ToolLoan.objects.select_related("tool__branch", "technician__user", "lent_by"),
        user,
        field="tool__branch",
    )


def overdue_tool_loans(user: User, *, now: dt.datetime) -> QuerySet[ToolLoan]:
    """Loans due back before now and not returned, the longest overdue first."""
    return (
        visible_tool_loans(user)
        .filter(returned_at__isnull=True, due_back__lt=now)
        .order_by("due_back", "id")
    )


def tool_log(tool: Tool) -> QuerySet[ToolEvent]:
    return tool.events.select_related("technician__user", "by")


def tool_loans(tool: Tool) -> QuerySet[ToolLoan]:
    return tool.loans.select_related("technician__user", "lent_by", "received_by")


def tools_held_by(technician: Technician) -> QuerySet[Tool]:
    """What the technician has with him: tools he keeps and tools he borrowed, with the loan."""
    open_loan = ToolLoan.objects.filter(tool=OuterRef("pk"), returned_at__isnull=True)
    return (
        Tool.objects.filter(holder=technician)
        .select_related("branch")
        .annotate(due_back=Subquery(open_loan.values("due_back")[:1]))
        .order_by("status", "asset_number")
    )


def technicians_for(user: User) -> QuerySet[Technician]:
    """The technicians a tool may go to: active ones the user sees."""
    return scope_by_branch(Technician.objects.filter(is_active=True).select_related("user"), user)
