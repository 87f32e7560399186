"""The tool and loaner services in the capability table of
workorders/tests/test_services_permissions."""

import datetime as dt
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from aftersales.accounts.models import User
from aftersales.accounts.policy import Cap
from aftersales.loaners import services as loaners
from aftersales.loaners.models import LoanerUnit
from aftersales.tools import services as tools
from aftersales.tools.models import Tool
from aftersales.workorders.models import State


def _tool_register(ctx: Any, user: User) -> Callable[[], Any]:
    return lambda: tools.tool_register(
        by=user,
        now=ctx.now,
        asset_number="GJ-0001",
        name="数字万用表",
        purchase_price=Decimal("350"),
        branch=ctx.branch_a,
    )


def _tool_lend(ctx: Any, user: User) -> Callable[[], Any]:
    tool = Tool.objects.create(
        asset_number="GJ-0002", name="真空泵", purchase_price=Decimal("1680"), branch=ctx.branch_a
    )
    return lambda: tools.tool_lend(
        by=user,
        now=ctx.now,
        tool=tool,
        technician=ctx.technician_a,
        due_back=ctx.now + dt.timedelta(days=2),
    )


def _loaner_lend(ctx: Any, user: User) -> Callable[[], Any]:
    order = ctx.flow.reach(State.REGISTERED)
    loaner = LoanerUnit.objects.create(
        asset_number="TB-0001", model=ctx.aircon_model, branch=ctx.branch_a
    )
    return lambda: loaners.loaner_lend(
        by=user,
        now=ctx.now,
        loaner=loaner,
        customer=order.customer,
        work_order=order,
        expected_return=ctx.now + dt.timedelta(days=3),
    )


GUARDED: dict[str, tuple[str, Callable[[Any, User], Callable[[], Any]]]] = {
    "tool_register": (Cap.MANAGE_TOOLS, _tool_register),
    "tool_lend": (Cap.MANAGE_TOOLS, _tool_lend),
    "loaner_lend": (Cap.MANAGE_LOANERS, _loaner_lend),
}
