"""The tool register, a tool's page with its log, the overdue loans and a technician's own tools.

Views parse with a form, ask the policy, read through scoped selectors and call one service.
"""

from dataclasses import dataclass
from typing import Any

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from django.views.decorators.http import require_POST

from aftersales.accounts.policy import Cap, can, get_in_scope, require
from aftersales.core.exceptions import DomainError
from aftersales.core.views import domain_errors_to_form, handles_domain_errors, paginate
from aftersales.dispatch.models import Technician

from . import selectors, services
from .forms import (
    AssignForm,
    LendForm,
    RepairedForm,
    RetireForm,
    ReturnForm,
    TakeBackForm,
    ToolFilterForm,
    ToolForm,
)
from .models import Tool, fixed_asset_threshold

S = Tool.Status


@dataclass(frozen=True)
class Move:
    name: str
    label: Promise
    form: type[forms.Form]
    sources: tuple[str, ...]


# The moves offered on a tool's page, by the status they start from; the services decide again.
MOVES: dict[str, Move] = {
    m.name: m
    for m in [
        Move("assign", _("Assign to a technician"), AssignForm, (S.IN_STORE,)),
        Move("lend", _("Lend"), LendForm, (S.IN_STORE,)),
        Move("take_back", _("Take back"), TakeBackForm, (S.ASSIGNED,)),
        Move("return", pgettext_lazy("tool", "Return"), ReturnForm, (S.LENT,)),
        Move("repaired", _("Back from repair"), RepairedForm, (S.UNDER_REPAIR,)),
        Move("retire", _("Retire"), RetireForm, (S.IN_STORE, S.UNDER_REPAIR)),
    ]
}


def _technicians(tool: Tool):
    return Technician.objects.filter(branch=tool.branch_id, is_active=True).select_related("user")


def _form(move: Move, tool: Tool, data: Any = None) -> forms.Form:
    if move.form in (AssignForm, LendForm):
        return move.form(data, technicians=_technicians(tool), prefix=move.name)
    return move.form(data, prefix=move.name)


def _run(move: Move, request: HttpRequest, tool: Tool, values: dict[str, Any]) -> None:
    by, now = request.user, timezone.now()
    if move.name == "assign":
        services.tool_assign(by=by, now=now, tool=tool, technician=values["technician"])
    elif move.name == "lend":
        services.tool_lend(by=by, now=now, tool=tool, **values)
    elif move.name == "take_back":
        services.tool_take_back(by=by, now=now, tool=tool, **values)
    elif move.name == "return":
        services.tool_return(by=by, now=now, tool=tool, **values)
    elif move.name == "repaired":
        services.tool_repaired(by=by, now=now, tool=tool, **values)
    elif move.name == "retire":
        services.tool_retire(by=by, now=now, tool=tool, **values)


def _detail(
    request: HttpRequest,
    tool: Tool,
    *,
    failed: tuple[str, forms.Form] | None = None,
    status: int = 200,
) -> HttpResponse:
    moves = []
    if can(request.user, Cap.MANAGE_TOOLS):
        for move in MOVES.values():
            if tool.status in move.sources:
                form = failed[1] if failed and failed[0] == move.name else _form(move, tool)
                moves.append((move, form))
    # A move refused because the tool is no longer where it was: its form is not offered any
    # more, so the reason is told above the moves.
    refusal: list[str] = []
    if failed and failed[0] not in {move.name for move, _form in moves}:
        refusal = [str(message) for errors in failed[1].errors.values() for message in errors]
    return render(
        request,
        "tools/tool_detail.html",
        {
            "tool": tool,
            "moves": moves,
            "open_move": failed[0] if failed else "",
            "refusal": refusal,
            "events": selectors.tool_log(tool),
            "loans": selectors.tool_loans(tool),
            "now": timezone.now(),
        },
        status=status,
    )


@login_required
@handles_domain_errors
def tool_list(request: HttpRequest) -> HttpResponse:
    """The tool register (002 第16–17条), fixed assets flagged."""
    require(request.user, Cap.VIEW)
    filters = ToolFilterForm(
        request.GET or None,
        user=request.user,
        technicians=selectors.technicians_for(request.user),
    )
    filters.is_valid()
    values = getattr(filters, "cleaned_data", {})
    fixed = {"yes": True, "no": False}.get(values.get("fixed_asset") or "")
    qs = selectors.tools_filtered(
        request.user,
        status=values.get("status") or "",
        branch=values["branch"].pk if values.get("branch") else None,
        holder=values["holder"].pk if values.get("holder") else None,
        fixed_asset=fixed,
        q=values.get("q") or "",
    )
    context = {
        "filters": filters,
        "page": paginate(request, qs),
        "can_manage": can(request.user, Cap.MANAGE_TOOLS),
    }
    template = "tools/tool_list.html"
    if request.htmx and not request.htmx.boosted:
        template += "#results"
    return render(request, template, context)


@login_required
@handles_domain_errors
def tool_detail(request: HttpRequest, pk: int) -> HttpResponse:
    require(request.user, Cap.VIEW)
    tool = get_in_scope(selectors.visible_tools(request.user), pk=pk)
    return _detail(request, tool)


@login_required
@handles_domain_errors
def tool_create(request: HttpRequest) -> HttpResponse:
    require(request.user, Cap.MANAGE_TOOLS)
    form = ToolForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            tool = services.tool_register(by=request.user, now=timezone.now(), **form.cleaned_data)
        except DomainError as error:
            domain_errors_to_form(form, error)
        else:
            return redirect("tools:detail", pk=tool.pk)
    return render(
        request, "tools/tool_form.html", {"form": form, "threshold": fixed_asset_threshold()}
    )


def _move_view(name: str):
    move = MOVES[name]

    @login_required
    @require_POST
    @handles_domain_errors
    def view(request: HttpRequest, pk: int) -> HttpResponse:
        require(request.user, Cap.MANAGE_TOOLS)
        tool = get_in_scope(selectors.visible_tools(request.user), pk=pk)
        form = _form(move, tool, request.POST)
        if form.is_valid():
            try:
                _run(move, request, tool, form.cleaned_data)
            except DomainError as error:
                domain_errors_to_form(form, error)
            else:
                return redirect("tools:detail", pk=tool.pk)
        tool.refresh_from_db()
        return _detail(request, tool, failed=(name, form), status=400)

    view.__name__ = f"tool_{name}"
    return view


tool_assign = _move_view("assign")
tool_lend = _move_view("lend")
tool_take_back = _move_view("take_back")
tool_return = _move_view("return")
tool_repaired = _move_view("repaired")
tool_retire = _move_view("retire")


@login_required
@handles_domain_errors
def overdue_loans(request: HttpRequest) -> HttpResponse:
    """Tools lent and not back by their due date, the longest overdue first."""
    require(request.user, Cap.VIEW)
    now = timezone.now()
    qs = selectors.overdue_tool_loans(request.user, now=now)
    return render(request, "tools/overdue.html", {"page": paginate(request, qs), "now": now})


@login_required
@handles_domain_errors
def my_tools(request: HttpRequest) -> HttpResponse:
    """The tools a technician has with him: those he keeps and those he borrowed."""
    require(request.user, Cap.FIELD_WORK)
    technician = Technician.objects.filter(user=request.user).first()
    tools = selectors.tools_held_by(technician) if technician else Tool.objects.none()
    return render(
        request,
        "tools/my_tools.html",
        {"technician": technician, "tools": tools, "now": timezone.now()},
    )
