"""Every move of a tool, legal and illegal, and what each leaves in the log and the audit trail."""

import datetime as dt
from decimal import Decimal

import pytest
from django.test import override_settings

from aftersales.core.exceptions import Conflict, DomainError, Forbidden, NotFound
from aftersales.core.models import AuditEntry
from aftersales.tools import services
from aftersales.tools.models import Tool, ToolEvent, ToolLoan

S = Tool.Status


def _world(tool: Tool) -> tuple:
    """Everything a refused move must leave as it was."""
    tool = Tool.objects.get(pk=tool.pk)
    return (
        tool.status,
        tool.holder_id,
        ToolLoan.objects.filter(tool=tool).count(),
        ToolEvent.objects.filter(tool=tool).count(),
        AuditEntry.objects.count(),
    )


def _audit(tool: Tool, action: str) -> AuditEntry:
    return AuditEntry.objects.filter(object_id=str(tool.pk), action=action).latest("id")


def test_it_registers_a_tool_in_store_with_its_log_and_audit(make_tool, warehouse_a, branch_a):
    tool = make_tool(asset_number=" gj-0100 ")
    assert tool.asset_number == "GJ-0100"
    assert tool.status == S.IN_STORE
    assert tool.branch == branch_a
    assert list(tool.events.values_list("kind", flat=True)) == [ToolEvent.Kind.REGISTER]
    entry = _audit(tool, "tool_register")
    assert entry.actor == warehouse_a


@pytest.mark.parametrize(
    ("price", "fixed"),
    [("999.99", False), ("1000.00", False), ("1000.01", True), ("3680.00", True), ("0", False)],
)
def test_it_flags_tools_of_more_than_1000_yuan_as_fixed_assets(make_tool, price, fixed):
    assert make_tool(price=price).is_fixed_asset is fixed


@override_settings(AFTERSALES={"PAGE_SIZE": 50, "FIXED_ASSET_THRESHOLD": 2000})
def test_it_takes_the_fixed_asset_threshold_from_the_settings(make_tool):
    assert make_tool(price="2000").is_fixed_asset is False
    assert make_tool(price="2000.01").is_fixed_asset is True


def test_it_refuses_a_second_tool_with_the_same_asset_number(make_tool):
    make_tool(asset_number="GJ-0001")
    count = Tool.objects.count()
    with pytest.raises(Conflict) as error:
        make_tool(asset_number="gj-0001")
    assert error.value.field == "asset_number"
    assert Tool.objects.count() == count


@pytest.mark.parametrize(
    ("values", "field"),
    [
        ({"asset_number": " "}, "asset_number"),
        ({"name": ""}, "name"),
        ({"price": "-1"}, "purchase_price"),
        ({"purchase_date": dt.date(2999, 1, 1)}, "purchase_date"),
    ],
)
def test_it_refuses_bad_registrations_and_files_nothing(make_tool, values, field):
    with pytest.raises(DomainError) as error:
        make_tool(**values)
    assert error.value.field == field
    assert not Tool.objects.exists()
    assert not AuditEntry.objects.exists()


def test_head_office_chooses_the_branch(make_tool, manager_hq, branch_b):
    with pytest.raises(DomainError) as error:
        make_tool(by=manager_hq)
    assert error.value.field == "branch"
    assert make_tool(by=manager_hq, branch=branch_b).branch == branch_b


def test_a_branch_user_registers_in_his_own_branch_whatever_he_sends(make_tool, branch_a, branch_b):
    assert make_tool(branch=branch_b).branch == branch_a


def test_it_assigns_a_tool_to_a_technician_and_takes_it_back(
    make_tool, warehouse_a, technician_a, now
):
    tool = make_tool()
    tool = services.tool_assign(by=warehouse_a, now=now, tool=tool, technician=technician_a)
    assert (tool.status, tool.holder) == (S.ASSIGNED, technician_a)
    assert _audit(tool, "tool_assign").changes["status"] == [S.IN_STORE, S.ASSIGNED]

    tool = services.tool_take_back(by=warehouse_a, now=now, tool=tool, condition="完好")
    assert (tool.status, tool.holder) == (S.IN_STORE, None)
    assert _audit(tool, "tool_take_back").changes["holder"] == [technician_a.pk, None]
    assert list(tool.events.values_list("kind", flat=True)) == ["take_back", "assign", "register"]


def test_a_tool_taken_back_damaged_goes_to_repair(make_tool, warehouse_a, technician_a, now):
    tool = services.tool_assign(by=warehouse_a, now=now, tool=make_tool(), technician=technician_a)
    tool = services.tool_take_back(
        by=warehouse_a, now=now, tool=tool, condition="表笔断裂", damaged=True
    )
    assert tool.status == S.UNDER_REPAIR


def test_it_lends_a_tool_with_a_due_date_and_takes_its_return(
    make_tool, warehouse_a, technician_a, now
):
    tool = make_tool(name="真空泵", price="1680")
    due = now + dt.timedelta(days=3)
    loan = services.tool_lend(
        by=warehouse_a, now=now, tool=tool, technician=technician_a, due_back=due, note="外机安装"
    )
    tool.refresh_from_db()
    assert (tool.status, tool.holder) == (S.LENT, technician_a)
    assert (loan.lent_at, loan.due_back, loan.lent_by) == (now, due, warehouse_a)
    assert _audit(tool, "tool_lend").changes["status"] == [S.IN_STORE, S.LENT]

    later = now + dt.timedelta(days=2)
    loan = services.tool_return(by=warehouse_a, now=later, tool=tool, condition="完好")
    tool.refresh_from_db()
    assert (tool.status, tool.holder) == (S.IN_STORE, None)
    assert (loan.returned_at, loan.received_by, loan.condition) == (later, warehouse_a, "完好")
    assert not loan.damaged
    assert _audit(tool, "tool_return").note == "完好"


def test_a_tool_returned_damaged_goes_to_repair_then_back_to_store(
    make_tool, warehouse_a, technician_a, now
):
    tool = make_tool()
    services.tool_lend(
        by=warehouse_a, now=now, tool=tool, technician=technician_a, due_back=now + dt.timedelta(1)
    )
    loan = services.tool_return(
        by=warehouse_a, now=now, tool=tool, condition="显示屏碎裂", damaged=True
    )
    tool.refresh_from_db()
    assert tool.status == S.UNDER_REPAIR
    assert loan.damaged
    tool = services.tool_repaired(by=warehouse_a, now=now, tool=tool, note="已换屏")
    assert tool.status == S.IN_STORE
    assert _audit(tool, "tool_repaired").changes["status"] == [S.UNDER_REPAIR, S.IN_STORE]


def test_a_damaged_return_needs_the_damage_described(make_tool, warehouse_a, technician_a, now):
    tool = make_tool()
    services.tool_lend(
        by=warehouse_a, now=now, tool=tool, technician=technician_a, due_back=now + dt.timedelta(1)
    )
    before = _world(tool)
    with pytest.raises(DomainError) as error:
        services.tool_return(by=warehouse_a, now=now, tool=tool, damaged=True)
    assert error.value.field == "condition"
    assert _world(tool) == before


@pytest.mark.parametrize("start", [S.IN_STORE, S.UNDER_REPAIR])
def test_it_retires_a_tool_in_store_or_under_repair(make_tool, warehouse_a, now, start):
    tool = make_tool()
    Tool.objects.filter(pk=tool.pk).update(status=start)
    tool = services.tool_retire(by=warehouse_a, now=now, tool=tool, reason="老化报废")
    assert tool.status == S.RETIRED
    assert _audit(tool, "tool_retire").note == "老化报废"


def test_retiring_needs_a_reason(make_tool, warehouse_a, now):
    tool = make_tool()
    before = _world(tool)
    with pytest.raises(DomainError) as error:
        services.tool_retire(by=warehouse_a, now=now, tool=tool, reason="  ")
    assert error.value.field == "reason"
    assert _world(tool) == before


def _lent(tool, by, technician, now):
    services.tool_lend(
        by=by, now=now, tool=tool, technician=technician, due_back=now + dt.timedelta(days=1)
    )


def _assigned(tool, by, technician, now):
    services.tool_assign(by=by, now=now, tool=tool, technician=technician)


def _under_repair(tool, by, technician, now):
    _assigned(tool, by, technician, now)
    services.tool_take_back(by=by, now=now, tool=tool, condition="坏", damaged=True)


def _retired(tool, by, technician, now):
    services.tool_retire(by=by, now=now, tool=tool, reason="报废")


SETUPS = {
    "in_store": lambda *args: None,
    "assigned": _assigned,
    "lent": _lent,
    "under_repair": _under_repair,
    "retired": _retired,
}


def _move(name, tool, by, technician, now):
    due = now + dt.timedelta(days=2)
    return {
        "assign": lambda: services.tool_assign(by=by, now=now, tool=tool, technician=technician),
        "lend": lambda: services.tool_lend(
            by=by, now=now, tool=tool, technician=technician, due_back=due
        ),
        "take_back": lambda: services.tool_take_back(by=by, now=now, tool=tool),
        "return": lambda: services.tool_return(by=by, now=now, tool=tool),
        "repaired": lambda: services.tool_repaired(by=by, now=now, tool=tool),
        "retire": lambda: services.tool_retire(by=by, now=now, tool=tool, reason="报废"),
    }[name]


LEGAL = {
    "assign": {"in_store"},
    "lend": {"in_store"},
    "take_back": {"assigned"},
    "return": {"lent"},
    "repaired": {"under_repair"},
    "retire": {"in_store", "under_repair"},
}
ILLEGAL = [(move, state) for move, legal in LEGAL.items() for state in SETUPS if state not in legal]


@pytest.mark.parametrize(("move", "state"), ILLEGAL)
def test_it_refuses_each_illegal_move_and_changes_nothing(
    make_tool, warehouse_a, technician_a, now, move, state
):
    tool = make_tool()
    SETUPS[state](tool, warehouse_a, technician_a, now)
    before = _world(tool)
    with pytest.raises(Conflict) as error:
        _move(move, tool, warehouse_a, technician_a, now)()
    assert error.value.code == "illegal_move"
    assert _world(tool) == before


def test_the_refusal_says_where_the_tool_is(make_tool, warehouse_a, technician_a, now):
    tool = make_tool()
    _lent(tool, warehouse_a, technician_a, now)
    with pytest.raises(Conflict) as error:
        _move("lend", tool, warehouse_a, technician_a, now)()
    assert str(technician_a) in error.value.message


def test_it_refuses_to_return_a_tool_that_is_not_out(make_tool, warehouse_a, technician_a, now):
    tool = make_tool()
    before = _world(tool)
    with pytest.raises(Conflict):
        services.tool_return(by=warehouse_a, now=now, tool=tool)
    assert _world(tool) == before


@pytest.mark.parametrize("due_in", [dt.timedelta(0), dt.timedelta(hours=-1)])
def test_a_loan_must_be_due_in_the_future(make_tool, warehouse_a, technician_a, now, due_in):
    tool = make_tool()
    before = _world(tool)
    with pytest.raises(DomainError) as error:
        services.tool_lend(
            by=warehouse_a, now=now, tool=tool, technician=technician_a, due_back=now + due_in
        )
    assert error.value.field == "due_back"
    assert _world(tool) == before


def test_a_tool_goes_only_to_an_active_technician_of_its_branch(
    make_tool, warehouse_a, technician_a, technician_b, now
):
    tool = make_tool()
    before = _world(tool)
    with pytest.raises(DomainError) as error:
        services.tool_assign(by=warehouse_a, now=now, tool=tool, technician=technician_b)
    assert error.value.field == "technician"
    technician_a.is_active = False
    technician_a.save()
    with pytest.raises(DomainError):
        services.tool_assign(by=warehouse_a, now=now, tool=tool, technician=technician_a)
    assert _world(tool) == before


@pytest.mark.parametrize("username", ["agent_a", "technician_a", "finance_a"])
def test_roles_without_the_capability_cannot_move_tools(
    request, make_tool, technician_a, now, username
):
    user = request.getfixturevalue(username)
    user = getattr(user, "user", user)
    tool = make_tool()
    before = _world(tool)
    with pytest.raises(Forbidden):
        services.tool_assign(by=user, now=now, tool=tool, technician=technician_a)
    with pytest.raises(Forbidden):
        services.tool_register(
            by=user, now=now, asset_number="GJ-X", name="焊枪", purchase_price=Decimal(80)
        )
    assert _world(tool) == before


def test_another_branchs_tool_does_not_exist_for_a_branch_user(
    make_tool, warehouse_b, technician_a, now
):
    tool = make_tool()
    before = _world(tool)
    with pytest.raises(NotFound):
        services.tool_assign(by=warehouse_b, now=now, tool=tool, technician=technician_a)
    assert _world(tool) == before


def test_supervisor_and_head_office_manager_may_move_tools(
    make_tool, supervisor_a, manager_hq, technician_a, now
):
    tool = make_tool()
    services.tool_assign(by=supervisor_a, now=now, tool=tool, technician=technician_a)
    services.tool_take_back(by=manager_hq, now=now, tool=tool)
    tool.refresh_from_db()
    assert tool.status == S.IN_STORE
