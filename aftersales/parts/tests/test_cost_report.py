"""The monthly parts cost for finance (001 篇2 十六), by branch and by technician, on a small data
set computed by hand: October 2026 in China Standard Time, a document on each side of the month
left out. The page and its Excel export give the same figures, as filtered."""

import datetime as dt
from decimal import Decimal
from io import BytesIO

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from aftersales.accounts.models import Role
from aftersales.factories import UserFactory
from aftersales.parts import selectors, services
from aftersales.parts.services import LineIn
from aftersales.workorders.models import State

CST = dt.timezone(dt.timedelta(hours=8))
OCTOBER = dt.date(2026, 10, 1)


def at(month: int, day: int, hour: int = 10, minute: int = 0) -> dt.datetime:
    return dt.datetime(2026, month, day, hour, minute, tzinfo=CST)


@pytest.fixture
def october(
    flow, warehouse_a, keeper_hq, store_a, store_b, capacitor, board, technician_a, technician_a2
):
    """Branch A: technician_a's job gets 2 capacitors (36.00) and a board (210.00) in the first
    minutes of October, and he is charged 30.00 for a lost capacitor; technician_a2's job gets one
    capacitor (18.00); a capacitor (18.00) is scrapped in the last minutes of October. Branch B
    scraps a capacitor (18.00). One issue just before and one just after the month."""
    services.stock_receive(
        by=warehouse_a,
        now=at(9, 28),
        warehouse=store_a,
        lines=[LineIn(capacitor, 10), LineIn(board, 3)],
    )
    services.stock_receive(
        by=keeper_hq, now=at(9, 28), warehouse=store_b, lines=[LineIn(capacitor, 5)]
    )
    own = flow.reach(State.ON_SITE)
    other = flow.reach(State.ON_SITE, technician=technician_a2)

    def issue(order, when, *lines):
        services.stock_issue_to_order(
            by=warehouse_a, now=when, warehouse=store_a, order=order, lines=list(lines)
        )

    issue(other, at(9, 30, 23, 50), LineIn(capacitor, 1))  # September
    issue(own, at(10, 1, 0, 30), LineIn(capacitor, 2), LineIn(board, 1, serial_number="B1"))
    issue(other, at(10, 15), LineIn(capacitor, 1))
    services.stock_charge_to_person(
        by=warehouse_a,
        now=at(10, 20),
        warehouse=store_a,
        person=technician_a.user,
        amount=Decimal("30"),
        note="上门途中遗失",
        lines=[LineIn(capacitor, 1)],
    )
    services.stock_scrap(
        by=warehouse_a,
        now=at(10, 31, 23, 30),
        warehouse=store_a,
        note="受潮",
        lines=[LineIn(capacitor, 1, condition="good")],
    )
    services.stock_scrap(
        by=keeper_hq,
        now=at(10, 10),
        warehouse=store_b,
        note="摔坏",
        lines=[LineIn(capacitor, 1, condition="good")],
    )
    issue(own, at(11, 1, 0, 10), LineIn(capacitor, 1))  # November
    return own, other


def figures(row) -> tuple[str, str, str]:
    return (str(row.issued), str(row.charged), str(row.scrapped))


@pytest.fixture
def finance_hq(head_office):
    return UserFactory(username="finance_hq", role=Role.FINANCE, branch=head_office)


def test_head_office_sees_each_branch_by_technician_with_subtotals_and_total(
    october, finance_hq, branch_a, branch_b, technician_a, technician_a2
):
    report = selectors.monthly_parts_cost(finance_hq, month=dt.date(2026, 10, 17))
    assert report.month == OCTOBER
    assert [block.branch for block in report.branches] == sorted(
        [branch_a, branch_b], key=lambda b: b.code
    )
    rows = {
        (block.branch.pk, row.person.username if row.person else None): figures(row)
        for block in report.branches
        for row in block.rows
    }
    assert rows == {
        (branch_a.pk, "technician_a"): ("246.00", "30.00", "0.00"),
        (branch_a.pk, "technician_a2"): ("18.00", "0.00", "0.00"),
        (branch_a.pk, None): ("0.00", "0.00", "18.00"),
        (branch_b.pk, None): ("0.00", "0.00", "18.00"),
    }
    subtotals = {block.branch.pk: figures(block.subtotal) for block in report.branches}
    assert subtotals == {
        branch_a.pk: ("264.00", "30.00", "18.00"),
        branch_b.pk: ("0.00", "0.00", "18.00"),
    }
    assert figures(report.total) == ("264.00", "30.00", "36.00")
    # The warehouse's own row comes after the technicians'.
    block_a = next(block for block in report.branches if block.branch == branch_a)
    assert block_a.rows[-1].person is None


def test_a_branch_sees_its_own_and_head_office_may_filter_by_branch(
    october, finance_a, finance_hq, branch_a, branch_b
):
    own = selectors.monthly_parts_cost(finance_a, month=OCTOBER)
    assert [block.branch for block in own.branches] == [branch_a]
    assert figures(own.total) == ("264.00", "30.00", "18.00")
    # A branch asking for another branch's figures gets none of them.
    assert selectors.monthly_parts_cost(finance_a, month=OCTOBER, branch=branch_b).is_empty
    filtered = selectors.monthly_parts_cost(finance_hq, month=OCTOBER, branch=branch_b)
    assert figures(filtered.total) == ("0.00", "0.00", "18.00")


def test_the_neighbouring_months_hold_the_documents_left_out(october, finance_hq):
    september = selectors.monthly_parts_cost(finance_hq, month=dt.date(2026, 9, 1))
    november = selectors.monthly_parts_cost(finance_hq, month=dt.date(2026, 11, 1))
    assert figures(september.total) == ("18.00", "0.00", "0.00")
    assert figures(november.total) == ("18.00", "0.00", "0.00")
    assert selectors.monthly_parts_cost(finance_hq, month=dt.date(2026, 8, 1)).total is None


def test_it_costs_the_same_queries_whatever_the_number_of_documents(
    october, finance_hq, flow, warehouse_a, store_a, capacitor
):
    with CaptureQueriesContext(connection) as few:
        selectors.monthly_parts_cost(finance_hq, month=OCTOBER)
    services.stock_receive(
        by=warehouse_a, now=at(10, 1), warehouse=store_a, lines=[LineIn(capacitor, 4)]
    )
    for day in range(2, 6):
        services.stock_issue_to_order(
            by=warehouse_a,
            now=at(10, day),
            warehouse=store_a,
            order=flow.reach(State.ON_SITE),
            lines=[LineIn(capacitor, 1)],
        )
    with CaptureQueriesContext(connection) as many:
        report = selectors.monthly_parts_cost(finance_hq, month=OCTOBER)
    assert figures(report.total) == ("336.00", "30.00", "36.00")
    assert len(few.captured_queries) == len(many.captured_queries) <= 5


def test_the_page_shows_the_table_for_the_month_asked(client, october, finance_a):
    client.force_login(finance_a)
    response = client.get(reverse("parts:cost_report"), {"month": "2026-10"})
    body = response.content.decode()
    assert response.status_code == 200
    assert "¥246.00" in body and "¥264.00" in body and "¥30.00" in body
    assert "?month=2026-10" in body  # the export link keeps the filter
    empty = client.get(reverse("parts:cost_report"), {"month": "2026-08"}).content.decode()
    assert "¥246.00" not in empty


def test_roles_without_the_report_are_refused(client, october, agent_a, technician_a):
    for user in (agent_a, technician_a.user):
        client.force_login(user)
        assert client.get(reverse("parts:cost_report")).status_code == 403
        assert client.get(reverse("parts:cost_report_xlsx")).status_code == 403


def test_the_export_holds_the_same_figures_as_filtered(
    client, october, finance_hq, branch_a, technician_a, technician_a2
):
    client.force_login(finance_hq)
    response = client.get(
        reverse("parts:cost_report_xlsx"),
        {"month": "2026-10", "branch": branch_a.pk},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 200
    assert response["Content-Type"].startswith(
        "application/vnd.openxmlformats-officedocument.spreadsheetml"
    )
    assert 'filename="parts-cost-2026-10.xlsx"' in response["Content-Disposition"]
    sheet = load_workbook(BytesIO(response.content)).active
    rows = [
        [Decimal(str(v)) if isinstance(v, int | float) else v for v in row]
        for row in sheet.iter_rows(values_only=True)
    ]
    assert rows[0] == ["Monthly parts cost", "2026-10", branch_a.name, None, None]
    assert rows[1] == [
        "Branch",
        "Technician",
        "Parts issued at cost",
        "Charged to person",
        "Scrapped value",
    ]
    people = sorted([technician_a, technician_a2], key=lambda t: str(t.user))
    expected = {
        "technician_a": [Decimal("246"), Decimal("30"), Decimal("0")],
        "technician_a2": [Decimal("18"), Decimal("0"), Decimal("0")],
    }
    assert rows[2:] == [
        *[[branch_a.name, str(t.user), *expected[t.user.username]] for t in people],
        [branch_a.name, "Warehouse (no technician)", Decimal("0"), Decimal("0"), Decimal("18")],
        [branch_a.name, "Subtotal", Decimal("264"), Decimal("30"), Decimal("18")],
        ["Total", None, Decimal("264"), Decimal("30"), Decimal("18")],
    ]
    assert sheet["C3"].number_format == "#,##0.00"
