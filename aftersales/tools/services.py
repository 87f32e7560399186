"""Writes to the tool register: every move of a tool, audited and logged (002 第16–18条).

A move that the tool's status does not allow (lending a tool that is out, returning one that is
in store) is refused with a message naming where the tool is, and changes nothing.
"""

import datetime as dt
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from aftersales.accounts.models import Branch, User
from aftersales.accounts.policy import Cap, require
from aftersales.core import audit
from aftersales.core.exceptions import Conflict, DomainError, NotFound
from aftersales.core.validation import required as _required
from aftersales.dispatch.models import Technician

from .models import Tool, ToolEvent, ToolLoan

S = Tool.Status
CENT = Decimal("0.01")


def _branch_for(by: User, branch: Branch | None) -> Branch:
    """A branch user registers tools in his own branch; head office chooses."""
    if not by.sees_all_branches:
        return by.branch
    if branch is None:
        raise DomainError(_("Choose the branch."), field="branch")
    return branch


def _in_branch(by: User, tool: Tool) -> None:
    if not by.sees_all_branches and tool.branch_id != by.branch_id:
        raise NotFound(_("No such record."))


def _where(tool: Tool) -> str:
    """Where the tool is, in words, for a refused move."""
    if tool.status == S.ASSIGNED:
        return _("it is assigned to %(name)s") % {"name": tool.holder}
    if tool.status == S.LENT:
        return _("it is lent to %(name)s") % {"name": tool.holder}
    if tool.status == S.UNDER_REPAIR:
        return _("it is under repair")
    if tool.status == S.RETIRED:
        return _("it is retired")
    return _("it is in store")


def _refuse(tool: Tool, message: str) -> DomainError:
    return Conflict(
        _("%(refusal)s: %(where)s.") % {"refusal": message, "where": _where(tool)},
        field="status",
        code="illegal_move",
    )


def _technician_for(tool: Tool, technician: Technician | None) -> Technician:
    if technician is None:
        raise DomainError(_("Choose the technician."), field="technician")
    if not technician.is_active:
        raise DomainError(_("This technician is no longer active."), field="technician")
    if technician.branch_id != tool.branch_id:
        raise DomainError(
            _("The technician works for another branch than the tool's."), field="technician"
        )
    return technician


def _locked(tool: Tool) -> Tool:
    # Only the tool's row: PostgreSQL cannot lock the nullable side of the holder's outer join.
    return (
        Tool.objects.select_for_update(of=("self",)).select_related("holder__user").get(pk=tool.pk)
    )


def _log(
    tool: Tool,
    *,
    kind: str,
    by: User,
    now: dt.datetime,
    technician: Technician | None = None,
    note: str = "",
) -> None:
    ToolEvent.objects.create(
        tool=tool, kind=kind, at=now, technician=technician, by=by, note=note[:200]
    )


def tool_register(
    *,
    by: User,
    now: dt.datetime,
    asset_number: str,
    name: str,
    purchase_price: Decimal,
    spec: str = "",
    purchase_date: dt.date | None = None,
    branch: Branch | None = None,
    notes: str = "",
) -> Tool:
    require(by, Cap.MANAGE_TOOLS)
    asset_number = _required(asset_number, "asset_number", _("Asset number")).upper()
    if purchase_price is None or not 0 <= Decimal(purchase_price) < 10**10:
        raise DomainError(_("Enter the purchase price (0 or more)."), field="purchase_price")
    purchase_price = Decimal(purchase_price).quantize(CENT)
    if purchase_date is not None and purchase_date > now.date():
        raise DomainError(_("The purchase date is in the future."), field="purchase_date")
    if Tool.objects.filter(asset_number=asset_number).exists():
        raise Conflict(
            _("A tool with asset number %(number)s is already registered.")
            % {"number": asset_number},
            field="asset_number",
            code="duplicate",
        )
    tool = Tool(
        asset_number=asset_number,
        name=_required(name, "name", _("Name")),
        spec=(spec or "").strip(),
        purchase_price=purchase_price,
        purchase_date=purchase_date,
        branch=_branch_for(by, branch),
        notes=notes or "",
    )
    try:
        with transaction.atomic():
            tool.save()
            _log(tool, kind=ToolEvent.Kind.REGISTER, by=by, now=now)
            audit.record(tool, by=by, action="tool_register")
    except IntegrityError as exc:  # registered at the same instant by someone else
        raise Conflict(
            _("A tool with asset number %(number)s is already registered.")
            % {"number": asset_number},
            field="asset_number",
            code="duplicate",
        ) from exc
    return tool


@transaction.atomic
def tool_assign(*, by: User, now: dt.datetime, tool: Tool, technician: Technician) -> Tool:
    """The technician keeps, maintains and uses the tool himself (002 第17条)."""
    require(by, Cap.MANAGE_TOOLS)
    _in_branch(by, tool)
    tool = _locked(tool)
    if tool.status != S.IN_STORE:
        raise _refuse(tool, _("Only a tool in store can be assigned"))
    technician = _technician_for(tool, technician)
    before = audit.snapshot(tool)
    tool.status = S.ASSIGNED
    tool.holder = technician
    tool.save()
    _log(tool, kind=ToolEvent.Kind.ASSIGN, by=by, now=now, technician=technician)
    audit.record(tool, by=by, action="tool_assign", before=before)
    return tool


@transaction.atomic
def tool_take_back(
    *, by: User, now: dt.datetime, tool: Tool, condition: str = "", damaged: bool = False
) -> Tool:
    require(by, Cap.MANAGE_TOOLS)
    _in_branch(by, tool)
    tool = _locked(tool)
    if tool.status != S.ASSIGNED:
        raise _refuse(tool, _("Only an assigned tool can be taken back"))
    before = audit.snapshot(tool)
    holder = tool.holder
    tool.status = S.UNDER_REPAIR if damaged else S.IN_STORE
    tool.holder = None
    tool.save()
    _log(tool, kind=ToolEvent.Kind.TAKE_BACK, by=by, now=now, technician=holder, note=condition)
    audit.record(tool, by=by, action="tool_take_back", before=before, note=condition)
    return tool


@transaction.atomic
def tool_lend(
    *,
    by: User,
    now: dt.datetime,
    tool: Tool,
    technician: Technician,
    due_back: dt.datetime,
    note: str = "",
) -> ToolLoan:
    require(by, Cap.MANAGE_TOOLS)
    _in_branch(by, tool)
    tool = _locked(tool)
    if tool.status != S.IN_STORE:
        raise _refuse(tool, _("Only a tool in store can be lent"))
    technician = _technician_for(tool, technician)
    if due_back is None or due_back <= now:
        raise DomainError(_("The due date must be later than now."), field="due_back")
    before = audit.snapshot(tool)
    tool.status = S.LENT
    tool.holder = technician
    tool.save()
    loan = ToolLoan.objects.create(
        tool=tool, technician=technician, lent_at=now, due_back=due_back, lent_by=by, note=note
    )
    _log(tool, kind=ToolEvent.Kind.LEND, by=by, now=now, technician=technician, note=note)
    audit.record(tool, by=by, action="tool_lend", before=before, note=note)
    return loan


@transaction.atomic
def tool_return(
    *, by: User, now: dt.datetime, tool: Tool, condition: str = "", damaged: bool = False
) -> ToolLoan:
    """The condition is noted; a damaged tool goes to repair, and whoever damaged it through his
    own fault pays for it (002 第18条) — which is the parts module's charge to a person."""
    require(by, Cap.MANAGE_TOOLS)
    _in_branch(by, tool)
    tool = _locked(tool)
    if tool.status != S.LENT:
        raise _refuse(tool, _("Only a lent tool can be returned"))
    if damaged and not (condition or "").strip():
        raise DomainError(_("Describe the damage."), field="condition")
    loan = ToolLoan.objects.select_for_update().get(tool=tool, returned_at__isnull=True)
    before = audit.snapshot(tool)
    loan.returned_at = now
    loan.received_by = by
    loan.condition = (condition or "").strip()[:200]
    loan.damaged = damaged
    loan.save()
    tool.status = S.UNDER_REPAIR if damaged else S.IN_STORE
    tool.holder = None
    tool.save()
    _log(
        tool,
        kind=ToolEvent.Kind.RETURN,
        by=by,
        now=now,
        technician=loan.technician,
        note=loan.condition,
    )
    audit.record(tool, by=by, action="tool_return", before=before, note=loan.condition)
    return loan


@transaction.atomic
def tool_repaired(*, by: User, now: dt.datetime, tool: Tool, note: str = "") -> Tool:
    require(by, Cap.MANAGE_TOOLS)
    _in_branch(by, tool)
    tool = _locked(tool)
    if tool.status != S.UNDER_REPAIR:
        raise _refuse(tool, _("Only a tool under repair can come back from repair"))
    before = audit.snapshot(tool)
    tool.status = S.IN_STORE
    tool.save()
    _log(tool, kind=ToolEvent.Kind.REPAIRED, by=by, now=now, note=note)
    audit.record(tool, by=by, action="tool_repaired", before=before, note=note)
    return tool


@transaction.atomic
def tool_retire(*, by: User, now: dt.datetime, tool: Tool, reason: str) -> Tool:
    require(by, Cap.MANAGE_TOOLS)
    _in_branch(by, tool)
    tool = _locked(tool)
    if tool.status not in (S.IN_STORE, S.UNDER_REPAIR):
        raise _refuse(tool, _("Only a tool in store or under repair can be retired"))
    reason = _required(reason, "reason", _("Reason"))
    before = audit.snapshot(tool)
    tool.status = S.RETIRED
    tool.save()
    _log(tool, kind=ToolEvent.Kind.RETIRE, by=by, now=now, note=reason)
    audit.record(tool, by=by, action="tool_retire", before=before, note=reason)
    return tool
