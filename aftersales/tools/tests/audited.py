"""The tool and loaner-unit services in the table of core/tests/test_audit_services: each leaves
its entry, with the field it changes before and after."""

import datetime as dt
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from aftersales.accounts.models import Role
from aftersales.loaners import services as loaners
from aftersales.loaners.models import LoanerUnit
from aftersales.loaners.tests.scene_records import loan_of, loaner_of
from aftersales.tools import services as tools
from aftersales.tools.tests.scene_records import lent_tool_of, tool_of


def CHANGES(Change: type) -> dict[str, Callable[[Any], Any]]:  # noqa: N802 — the table's name
    def result(value: Any) -> Any:
        return value

    def keeper(scene: Any):
        return scene.users[Role.WAREHOUSE]

    def tool_register(scene: Any) -> Any:
        by = keeper(scene)
        return Change(
            by=by,
            run=lambda: tools.tool_register(
                by=by,
                now=scene.a.flow.now,
                asset_number="GJ-A-0001",
                name="冷媒回收机",
                purchase_price=Decimal("4200"),
            ),
            expect=[(result, "purchase_price", None, "4200.00")],
        )

    def tool_move(service: str, make: Callable, before: str, after: str, **values: Any):
        def setup(scene: Any) -> Any:
            by = keeper(scene)
            tool = make(scene.a, fresh=True)
            arguments = {"by": by, "now": scene.a.flow.now, "tool": tool, **values}
            if service in {"tool_assign", "tool_lend"}:
                arguments["technician"] = scene.a.technician
            if service == "tool_lend":
                arguments["due_back"] = scene.a.flow.now + dt.timedelta(days=2)
            return Change(
                by=by,
                run=lambda: getattr(tools, service)(**arguments),
                expect=[(lambda _r: tool, "status", before, after)],
            )

        return setup

    def under_repair(side: Any, *, fresh: bool) -> Any:
        tool = tool_of(side, fresh=fresh)
        tool.status = "under_repair"
        tool.save()
        return tool

    def assigned(side: Any, *, fresh: bool) -> Any:
        tool = tool_of(side, fresh=fresh)
        tool.status, tool.holder = "assigned", side.technician
        tool.save()
        return tool

    def loaner_register(scene: Any) -> Any:
        by = keeper(scene)
        return Change(
            by=by,
            run=lambda: loaners.loaner_register(by=by, asset_number="TB-A-0001", model=scene.model),
            expect=[(result, "asset_number", None, "TB-A-0001")],
        )

    def loaner_lend(scene: Any) -> Any:
        by = keeper(scene)
        loaner = loaner_of(scene.a, fresh=True)
        order = scene.a.order
        return Change(
            by=by,
            run=lambda: loaners.loaner_lend(
                by=by,
                now=scene.a.flow.now,
                loaner=loaner,
                customer=order.customer,
                work_order=order,
                expected_return=scene.a.flow.now + dt.timedelta(days=3),
            ),
            expect=[
                (lambda _r: loaner, "is_available", True, False),
                (result, "work_order", None, order.pk),
            ],
        )

    def loaner_return(scene: Any) -> Any:
        by = keeper(scene)
        loan = loan_of(scene.a, fresh=True)
        return Change(
            by=by,
            run=lambda: loaners.loaner_return(
                by=by, now=scene.a.flow.now, loan=loan, condition="完好"
            ),
            expect=[
                (lambda _r: loan.loaner, "is_available", False, True),
                (result, "return_condition", "", "完好"),
            ],
        )

    def loaner_repaired(scene: Any) -> Any:
        by = keeper(scene)
        loaner = loaner_of(scene.a, fresh=True)
        LoanerUnit.objects.filter(pk=loaner.pk).update(is_available=False)
        return Change(
            by=by,
            run=lambda: loaners.loaner_repaired(by=by, loaner=loaner, condition="已修复"),
            expect=[(result, "is_available", False, True)],
        )

    return {
        "tool_register": tool_register,
        "tool_assign": tool_move("tool_assign", tool_of, "in_store", "assigned"),
        "tool_take_back": tool_move("tool_take_back", assigned, "assigned", "in_store"),
        "tool_lend": tool_move("tool_lend", tool_of, "in_store", "lent"),
        "tool_return": tool_move("tool_return", lent_tool_of, "lent", "in_store"),
        "tool_repaired": tool_move("tool_repaired", under_repair, "under_repair", "in_store"),
        "tool_retire": tool_move("tool_retire", tool_of, "in_store", "retired", reason="报废"),
        "loaner_register": loaner_register,
        "loaner_lend": loaner_lend,
        "loaner_return": loaner_return,
        "loaner_repaired": loaner_repaired,
    }
