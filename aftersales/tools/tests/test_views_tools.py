"""The tool pages: register with its filters, a tool's page and its moves, overdue loans, my tools."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from aftersales.tools import services
from aftersales.tools.models import Tool, ToolLoan


def _lend(tool, by, technician, now, days=2):
    return services.tool_lend(
        by=by, now=now, tool=tool, technician=technician, due_back=now + dt.timedelta(days=days)
    )


def test_it_lists_the_branchs_tools_with_fixed_assets_flagged(client, warehouse_a, make_tool):
    make_tool(name="冷媒回收机", price="4200", asset_number="GJ-0001")
    make_tool(name="焊枪", price="180", asset_number="GJ-0002")
    client.force_login(warehouse_a)
    body = client.get(reverse("tools:list")).content.decode()
    assert "冷媒回收机" in body and "焊枪" in body
    assert body.count("badge badge-warn") == 1  # only the 4,200-yuan one


def test_it_filters_by_status_holder_and_fixed_asset(
    client, warehouse_a, make_tool, technician_a, now
):
    big = make_tool(name="冷媒回收机", price="4200")
    small = make_tool(name="焊枪", price="180")
    services.tool_assign(by=warehouse_a, now=now, tool=small, technician=technician_a)
    client.force_login(warehouse_a)

    def names(**query) -> set[str]:
        page = client.get(reverse("tools:list"), query).context["page"]
        return {tool.name for tool in page}

    assert names(fixed_asset="yes") == {big.name}
    assert names(fixed_asset="no") == {small.name}
    assert names(status="assigned") == {small.name}
    assert names(holder=technician_a.pk) == {small.name}
    assert names(q="回收") == {big.name}


def test_it_shows_another_branchs_tools_to_no_one_there(client, outsider_b, make_tool):
    tool = make_tool(name="压力表组")
    client.force_login(outsider_b)
    assert "压力表组" not in client.get(reverse("tools:list")).content.decode()
    assert client.get(reverse("tools:detail", args=[tool.pk])).status_code == 404


def test_head_office_filters_by_branch(client, manager_hq, make_tool, branch_b):
    make_tool(name="压力表组")
    make_tool(name="电钻", by=manager_hq, branch=branch_b)
    client.force_login(manager_hq)
    page = client.get(reverse("tools:list"), {"branch": branch_b.pk}).context["page"]
    assert [tool.name for tool in page] == ["电钻"]


def test_the_register_costs_the_same_queries_for_3_tools_as_for_30(
    client, warehouse_a, make_tool, technician_a, now
):
    def grow(n):
        for _ in range(n):
            tool = make_tool()
            services.tool_assign(by=warehouse_a, now=now, tool=tool, technician=technician_a)

    client.force_login(warehouse_a)
    grow(3)
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("tools:list"))
    grow(27)
    with CaptureQueriesContext(connection) as many:
        assert len(client.get(reverse("tools:list")).context["page"]) == 30
    assert len(many) == len(few)


def test_a_tools_page_shows_its_log_and_the_moves_its_status_allows(
    client, warehouse_a, make_tool, technician_a, now
):
    tool = make_tool(name="真空泵")
    _lend(tool, warehouse_a, technician_a, now)
    client.force_login(warehouse_a)
    response = client.get(reverse("tools:detail", args=[tool.pk]))
    assert [move.name for move, _form in response.context["moves"]] == ["return"]
    body = response.content.decode()
    assert str(technician_a) in body
    assert "真空泵" in body


def test_a_role_without_the_capability_sees_the_tool_but_no_moves(client, agent_a, make_tool):
    tool = make_tool()
    client.force_login(agent_a)
    response = client.get(reverse("tools:detail", args=[tool.pk]))
    assert response.status_code == 200
    assert response.context["moves"] == []
    response = client.post(reverse("tools:retire", args=[tool.pk]), {"retire-reason": "报废"})
    assert response.status_code == 403
    assert Tool.objects.get(pk=tool.pk).status == Tool.Status.IN_STORE


def test_it_registers_a_tool_from_the_form(client, warehouse_a, branch_a):
    client.force_login(warehouse_a)
    response = client.post(
        reverse("tools:create"),
        {"asset_number": "GJ-0777", "name": "冷媒回收机", "purchase_price": "4200", "spec": ""},
    )
    tool = Tool.objects.get(asset_number="GJ-0777")
    assert response.status_code == 302
    assert response["Location"] == reverse("tools:detail", args=[tool.pk])
    assert tool.branch == branch_a and tool.is_fixed_asset


def test_a_duplicate_asset_number_is_told_on_its_field(client, warehouse_a, make_tool):
    make_tool(asset_number="GJ-0001")
    client.force_login(warehouse_a)
    response = client.post(
        reverse("tools:create"), {"asset_number": "GJ-0001", "name": "焊枪", "purchase_price": "80"}
    )
    assert response.status_code == 200
    assert response.context["form"].errors["asset_number"]
    assert Tool.objects.count() == 1


def test_it_lends_and_takes_the_return_through_the_pages(
    client, warehouse_a, make_tool, technician_a
):
    tool = make_tool()
    client.force_login(warehouse_a)
    response = client.post(
        reverse("tools:lend", args=[tool.pk]),
        {"lend-technician": technician_a.pk, "lend-due_back": "2999-01-01T18:00"},
    )
    assert response.status_code == 302
    tool.refresh_from_db()
    assert tool.status == Tool.Status.LENT
    response = client.post(
        reverse("tools:return", args=[tool.pk]),
        {"return-condition": "外壳裂", "return-damaged": "on"},
    )
    assert response.status_code == 302
    tool.refresh_from_db()
    assert tool.status == Tool.Status.UNDER_REPAIR


def test_an_illegal_move_is_explained_on_the_page_and_changes_nothing(
    client, warehouse_a, make_tool, technician_a, now
):
    tool = make_tool()
    client.force_login(warehouse_a)
    response = client.post(
        reverse("tools:return", args=[tool.pk]),
        {"return-condition": "好"},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 400
    assert response.context["refusal"] == ["Only a lent tool can be returned: it is in store."]
    assert response.context["refusal"][0] in response.content.decode()
    assert not ToolLoan.objects.exists()


def test_overdue_loans_lists_only_loans_past_due_and_not_returned(
    client, warehouse_a, make_tool, technician_a, now
):
    late = make_tool(name="压力表组")
    _lend(late, warehouse_a, technician_a, now - dt.timedelta(days=5), days=2)
    on_time = make_tool(name="电钻")
    _lend(on_time, warehouse_a, technician_a, now, days=2)
    back = make_tool(name="焊枪")
    _lend(back, warehouse_a, technician_a, now - dt.timedelta(days=5), days=2)
    services.tool_return(by=warehouse_a, now=now, tool=back)
    client.force_login(warehouse_a)
    page = client.get(reverse("tools:overdue")).context["page"]
    assert [loan.tool.name for loan in page] == ["压力表组"]


def test_overdue_loans_cost_the_same_queries_for_3_as_for_30(
    client, warehouse_a, make_tool, technician_a, now
):
    def grow(n):
        for _ in range(n):
            _lend(make_tool(), warehouse_a, technician_a, now - dt.timedelta(days=5), days=1)

    client.force_login(warehouse_a)
    grow(3)
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("tools:overdue"))
    grow(27)
    with CaptureQueriesContext(connection) as many:
        assert len(client.get(reverse("tools:overdue")).context["page"]) == 30
    assert len(many) == len(few)


def test_a_technician_sees_the_tools_he_holds_on_his_own_page(
    client, warehouse_a, make_tool, technician_a, technician_a2, now
):
    mine = make_tool(name="数字万用表")
    services.tool_assign(by=warehouse_a, now=now, tool=mine, technician=technician_a)
    borrowed = make_tool(name="真空泵")
    _lend(borrowed, warehouse_a, technician_a, now, days=3)
    others = make_tool(name="冷媒回收机")
    services.tool_assign(by=warehouse_a, now=now, tool=others, technician=technician_a2)
    client.force_login(technician_a.user)
    response = client.get(reverse("tools:mine"))
    assert {tool.name for tool in response.context["tools"]} == {"数字万用表", "真空泵"}
    assert "冷媒回收机" not in response.content.decode()


@pytest.mark.parametrize("username", ["agent_a", "finance_a"])
def test_my_tools_is_for_field_staff(client, request, username):
    client.force_login(request.getfixturevalue(username))
    assert client.get(reverse("tools:mine")).status_code == 403
