"""The demo helpers fill believable tools and loaners through the services."""

import random

from aftersales.core.models import AuditEntry
from aftersales.loaners import demo as loaners_demo
from aftersales.loaners.models import LoanerLoan
from aftersales.tools import demo as tools_demo
from aftersales.tools.models import Tool, ToolEvent, ToolLoan


def test_the_tools_demo_registers_assigns_and_lends_through_the_services(
    warehouse_a, technician_a, technician_a2, now
):
    tools = tools_demo.seed(random.Random(3), now, count=40)
    assert len(tools) == 40
    assert Tool.objects.filter(status=Tool.Status.ASSIGNED).exists()
    assert any(tool.is_fixed_asset for tool in tools)
    assert ToolEvent.objects.filter(kind=ToolEvent.Kind.REGISTER).count() == 40
    assert AuditEntry.objects.filter(action="tool_register").count() == 40
    # The demo is repeatable: the same seed gives the same register.
    names = [tool.name for tool in tools]
    ToolLoan.objects.all().delete()
    Tool.objects.all().delete()
    assert [t.name for t in tools_demo.seed(random.Random(3), now, count=40)] == names


def test_the_loaners_demo_lends_only_for_open_orders_of_the_same_class(
    warehouse_a, supervisor_a, make_order, now
):
    for _ in range(4):
        make_order()
    loaners = loaners_demo.seed(random.Random(2), now, count=6)
    assert len(loaners) == 6
    assert LoanerLoan.objects.exists()
    for loan in LoanerLoan.objects.select_related("work_order__unit__model", "loaner__model"):
        assert loan.work_order.is_open
        assert loan.work_order.branch_id == loan.loaner.branch_id
        assert loan.work_order.unit.model.category_id == loan.loaner.model.category_id
