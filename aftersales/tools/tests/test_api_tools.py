"""The tools API: register (idempotent), read, lend and return, overdue loans; by role and branch."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from aftersales.core.models import AuditEntry
from aftersales.core.tests.test_api_client import ApiClient, error_fields
from aftersales.tools import services
from aftersales.tools.models import Tool, ToolLoan

BODY = {"asset_number": "GJ-0900", "name": "冷媒回收机", "purchase_price": "4200.00"}


def test_it_registers_a_tool_once_per_idempotency_key(warehouse_a, branch_a):
    api = ApiClient(warehouse_a)
    first = api.post("/tools", BODY, key="k-1")
    again = api.post("/tools", BODY, key="k-1")
    assert first.status_code == again.status_code == 201
    assert first.content == again.content
    assert Tool.objects.count() == 1
    data = first.json()
    assert data["is_fixed_asset"] is True
    assert data["branch"] == branch_a.pk
    assert data["status"] == "in_store"


def test_a_duplicate_asset_number_is_a_conflict_on_its_field(warehouse_a, make_tool):
    make_tool(asset_number="GJ-0900")
    response = ApiClient(warehouse_a).post("/tools", BODY)
    assert response.status_code == 409
    assert error_fields(response) == ["asset_number"]


@pytest.mark.parametrize("username", ["agent_a", "finance_a"])
def test_roles_without_the_capability_may_not_register(request, username):
    response = ApiClient(request.getfixturevalue(username)).post("/tools", BODY)
    assert response.status_code == 403
    assert not Tool.objects.exists()


def test_it_lists_and_reads_only_the_branchs_tools(warehouse_a, outsider_b, make_tool):
    tool = make_tool(price="999.99")
    mine = ApiClient(warehouse_a)
    assert [item["id"] for item in mine.get("/tools").json()["items"]] == [tool.pk]
    assert mine.get("/tools", fixed_asset="true").json()["count"] == 0
    assert mine.get(f"/tools/{tool.pk}").json()["is_fixed_asset"] is False
    other = ApiClient(outsider_b)
    assert other.get("/tools").json()["count"] == 0
    assert other.get(f"/tools/{tool.pk}").status_code == 404


def test_it_lends_and_returns_a_tool(warehouse_a, make_tool, technician_a):
    tool = make_tool()
    api = ApiClient(warehouse_a)
    due = (timezone.localtime() + dt.timedelta(days=2)).replace(microsecond=0)
    response = api.post(
        f"/tools/{tool.pk}/lend", {"technician": technician_a.pk, "due_back": due.isoformat()}
    )
    assert response.status_code == 200, response.json()
    assert response.json()["technician"] == technician_a.pk
    assert api.get(f"/tools/{tool.pk}").json()["status"] == "lent"

    again = api.post(
        f"/tools/{tool.pk}/lend", {"technician": technician_a.pk, "due_back": due.isoformat()}
    )
    assert again.status_code == 409
    assert ToolLoan.objects.count() == 1

    response = api.post(f"/tools/{tool.pk}/return", {"condition": "手柄松动", "damaged": True})
    assert response.status_code == 200
    assert response.json()["damaged"] is True
    assert api.get(f"/tools/{tool.pk}").json()["status"] == "under_repair"
    loans = api.get(f"/tools/{tool.pk}/loans").json()
    assert [loan["condition"] for loan in loans] == ["手柄松动"]


def test_returning_a_tool_that_is_not_out_is_refused(warehouse_a, make_tool):
    tool = make_tool()
    entries = AuditEntry.objects.count()
    response = ApiClient(warehouse_a).post(f"/tools/{tool.pk}/return", {})
    assert response.status_code == 409
    assert response.json()["code"] == "illegal_move"
    assert AuditEntry.objects.count() == entries


def test_a_technician_may_not_lend_and_another_branch_may_not_touch(
    technician_a, outsider_b, make_tool
):
    tool = make_tool()
    body = {"technician": technician_a.pk, "due_back": "2999-01-01T10:00:00+08:00"}
    assert ApiClient(technician_a.user).post(f"/tools/{tool.pk}/lend", body).status_code == 403
    assert ApiClient(outsider_b).post(f"/tools/{tool.pk}/lend", body).status_code == 404
    assert not ToolLoan.objects.exists()


def test_overdue_loans_are_listed_with_no_query_per_row(warehouse_a, make_tool, technician_a, now):
    api = ApiClient(warehouse_a)

    def grow(n):
        for _ in range(n):
            services.tool_lend(
                by=warehouse_a,
                now=now - dt.timedelta(days=3),
                tool=make_tool(),
                technician=technician_a,
                due_back=now - dt.timedelta(days=1),
            )

    grow(2)
    with CaptureQueriesContext(connection) as few:
        assert api.get("/tools/overdue-loans").json()["count"] == 2
    grow(10)
    with CaptureQueriesContext(connection) as many:
        assert api.get("/tools/overdue-loans").json()["count"] == 12
    assert len(many) == len(few)
    with CaptureQueriesContext(connection) as tools_many:
        api.get("/tools")
    grow(5)
    with CaptureQueriesContext(connection) as tools_more:
        api.get("/tools")
    assert len(tools_more) == len(tools_many)
