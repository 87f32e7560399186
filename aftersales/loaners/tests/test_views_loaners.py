"""The loaner pages: the register, a loaner's page, loans out, and the panel on a work order."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from aftersales.loaners import services
from aftersales.loaners.models import LoanerLoan, LoanerUnit


def _lend(loaner, order, by, now, days=3):
    return services.loaner_lend(
        by=by,
        now=now,
        loaner=loaner,
        customer=order.customer,
        work_order=order,
        expected_return=now + dt.timedelta(days=days),
    )


def test_the_work_order_page_loads_the_loaner_panel_from_this_app(client, supervisor_a, make_order):
    order = make_order()
    client.force_login(supervisor_a)
    body = client.get(reverse("workorders:detail", args=[order.pk])).content.decode()
    assert reverse("loaners:order_panel", args=[order.pk]) in body


def test_the_panel_offers_the_branchs_available_loaners_to_those_who_may_lend(
    client, supervisor_a, agent_a, make_order, make_loaner, manager_hq, branch_b
):
    order = make_order()
    mine = make_loaner(asset_number="TB-0001")
    make_loaner(asset_number="TB-0002", by=manager_hq, branch=branch_b)
    client.force_login(supervisor_a)
    response = client.get(reverse("loaners:order_panel", args=[order.pk]))
    assert list(response.context["lend_form"].fields["loaner"].queryset) == [mine]
    client.force_login(agent_a)
    response = client.get(reverse("loaners:order_panel", args=[order.pk]))
    assert response.status_code == 200 and response.context["lend_form"] is None


def test_it_lends_a_loaner_from_the_work_order_and_shows_it_there(
    client, supervisor_a, make_order, make_loaner
):
    order, loaner = make_order(), make_loaner()
    client.force_login(supervisor_a)
    response = client.post(
        reverse("loaners:lend", args=[order.pk]),
        {"loaner": loaner.pk, "expected_return": "2999-01-01T18:00", "deposit": "300"},
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("workorders:detail", args=[order.pk])
    loan = LoanerLoan.objects.get()
    assert (loan.work_order, loan.customer) == (order, order.customer)
    panel = client.get(reverse("loaners:order_panel", args=[order.pk])).content.decode()
    assert loaner.asset_number in panel


def test_a_refused_lending_is_explained_and_changes_nothing(
    client, supervisor_a, make_order, make_loaner
):
    order, loaner = make_order(), make_loaner()
    client.force_login(supervisor_a)
    response = client.post(
        reverse("loaners:lend", args=[order.pk]),
        {"loaner": loaner.pk, "expected_return": "2000-01-01T18:00"},
    )
    assert response.status_code == 400
    assert response.context["form"].errors["expected_return"]
    assert not LoanerLoan.objects.exists()


def test_another_branch_cannot_open_the_panel_or_lend(client, outsider_b, make_order, make_loaner):
    order, loaner = make_order(), make_loaner()
    client.force_login(outsider_b)
    assert client.get(reverse("loaners:order_panel", args=[order.pk])).status_code == 404
    response = client.post(
        reverse("loaners:lend", args=[order.pk]),
        {"loaner": loaner.pk, "expected_return": "2999-01-01T18:00"},
    )
    assert response.status_code == 404
    assert client.get(reverse("loaners:detail", args=[loaner.pk])).status_code == 404
    assert not LoanerLoan.objects.exists()


def test_an_agent_may_not_lend(client, agent_a, make_order, make_loaner):
    order, loaner = make_order(), make_loaner()
    client.force_login(agent_a)
    response = client.post(
        reverse("loaners:lend", args=[order.pk]),
        {"loaner": loaner.pk, "expected_return": "2999-01-01T18:00"},
    )
    assert response.status_code == 403
    assert not LoanerLoan.objects.exists()


def test_it_records_the_return_and_goes_back_where_it_was_asked(
    client, supervisor_a, make_order, make_loaner, now
):
    order, loaner = make_order(), make_loaner()
    loan = _lend(loaner, order, supervisor_a, now)
    client.force_login(supervisor_a)
    back = reverse("workorders:detail", args=[order.pk])
    response = client.post(
        reverse("loaners:return", args=[loan.pk]),
        {"condition": "遥控器丢失", "damaged": "on", "next": back},
    )
    assert response.status_code == 302 and response["Location"] == back
    loaner.refresh_from_db()
    assert not loaner.is_available
    response = client.post(reverse("loaners:return", args=[loan.pk]), {})
    assert response.status_code == 400  # already returned: told, nothing changes
    assert LoanerLoan.objects.get().return_condition == "遥控器丢失"


def test_a_damaged_loaner_is_made_available_again_from_its_page(client, supervisor_a, make_loaner):
    loaner = make_loaner()
    LoanerUnit.objects.filter(pk=loaner.pk).update(is_available=False)
    client.force_login(supervisor_a)
    response = client.post(reverse("loaners:repaired", args=[loaner.pk]), {"condition": "已修复"})
    assert response.status_code == 302
    loaner.refresh_from_db()
    assert loaner.is_available and loaner.condition == "已修复"
    response = client.post(reverse("loaners:repaired", args=[loaner.pk]), {})
    assert response.status_code == 400


def test_it_registers_a_loaner_from_the_form(client, supervisor_a, aircon_model, branch_a):
    client.force_login(supervisor_a)
    response = client.post(
        reverse("loaners:create"),
        {"asset_number": "TB-0500", "model": aircon_model.pk, "serial": "X1"},
    )
    loaner = LoanerUnit.objects.get()
    assert response["Location"] == reverse("loaners:detail", args=[loaner.pk])
    assert loaner.branch == branch_a


def test_loans_out_lists_open_loans_and_overdue_only_on_request(
    client, supervisor_a, make_order, make_loaner, other_customer_a, now
):
    late = _lend(make_loaner(), make_order(), supervisor_a, now - dt.timedelta(days=5), days=2)
    on_time = _lend(make_loaner(), make_order(customer=other_customer_a), supervisor_a, now)
    returned = _lend(make_loaner(), make_order(), supervisor_a, now)
    services.loaner_return(by=supervisor_a, now=now, loan=returned)
    client.force_login(supervisor_a)
    page = client.get(reverse("loaners:out")).context["page"]
    assert [loan.pk for loan in page] == [late.pk, on_time.pk]
    page = client.get(reverse("loaners:out"), {"overdue": "1"}).context["page"]
    assert [loan.pk for loan in page] == [late.pk]


@pytest.mark.parametrize("name", ["loaners:out", "loaners:list"])
def test_the_lists_cost_the_same_queries_for_3_rows_as_for_30(
    client, supervisor_a, make_order, make_loaner, now, name
):
    def grow(n):
        for _ in range(n):
            _lend(make_loaner(), make_order(), supervisor_a, now - dt.timedelta(days=5), days=1)

    client.force_login(supervisor_a)
    grow(3)
    with CaptureQueriesContext(connection) as few:
        client.get(reverse(name))
    grow(27)
    with CaptureQueriesContext(connection) as many:
        assert len(client.get(reverse(name)).context["page"]) == 30
    assert len(many) == len(few)


def test_the_panel_costs_the_same_queries_for_1_loan_as_for_5(
    client, supervisor_a, make_order, make_loaner, now
):
    order = make_order()
    client.force_login(supervisor_a)

    def grow(n):
        for _ in range(n):
            loan = _lend(make_loaner(), order, supervisor_a, now)
            services.loaner_return(by=supervisor_a, now=now, loan=loan)

    grow(1)
    url = reverse("loaners:order_panel", args=[order.pk])
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    grow(4)
    with CaptureQueriesContext(connection) as many:
        client.get(url)
    assert len(many) == len(few)
