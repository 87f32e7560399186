"""The dispatcher's board, the technician's day and the supervisor's branch view."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from aftersales.factories import CustomerFactory, TechnicianFactory, UnitFactory, UserFactory
from aftersales.workorders import services
from aftersales.workorders.models import State, WorkOrder

pytestmark = pytest.mark.django_db
BOARD = reverse("workorders:board")
MY_JOBS = reverse("workorders:my_jobs")
SUPERVISOR = reverse("workorders:supervisor")


@pytest.fixture
def login(client):
    def as_user(user):
        client.force_login(user)
        client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
        return client

    return as_user


def _queries(client, url):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


def _waiting(agent, unit, count, now):
    """Orders on different customers and units, so nothing is shared between rows."""
    orders = []
    for i in range(count):
        customer = CustomerFactory(branch=unit.customer.branch)
        other_unit = UnitFactory(customer=customer, model=unit.model)
        orders.append(
            services.work_order_create(
                by=agent, customer=customer, unit=other_unit, symptom=f"不制冷 {i}", now=now
            )
        )
    return orders


# Board ---------------------------------------------------------------------------------------


def test_the_board_shows_waiting_jobs_oldest_first_with_suggestions(
    flow, login, dispatcher_a, technician_a
):
    first, second = flow.new_order(), flow.new_order()
    WorkOrder.objects.filter(pk=first.pk).update(created_at=timezone.now() - dt.timedelta(hours=3))
    response = login(dispatcher_a).get(BOARD)
    assert response.status_code == 200
    body = response.content.decode()
    assert body.index(first.number) < body.index(second.number)
    assert str(technician_a) in body and "same branch" in body
    assert 'hx-trigger="every 60s"' in body
    assert reverse("workorders:action", args=[first.pk, "dispatch"]) in body


def test_the_board_shows_overdue_jobs(flow, login, dispatcher_a):
    order = flow.reach(State.DISPATCHED)
    WorkOrder.objects.filter(pk=order.pk).update(promised_by=timezone.now() - dt.timedelta(hours=1))
    response = login(dispatcher_a).get(BOARD)
    assert [o.pk for o, _s in response.context["overdue"]] == [order.pk]


def test_the_board_is_refused_without_dispatch(login, finance_a, technician_a, agent_a):
    assert login(finance_a).get(BOARD).status_code == 403
    assert login(technician_a.user).get(BOARD).status_code == 403
    assert login(agent_a).get(BOARD).status_code == 403


def test_the_board_shows_only_the_own_branch(flow, login, outsider_b):
    order = flow.new_order()
    assert order.number not in login(outsider_b).get(BOARD).content.decode()


def test_htmx_refresh_gets_only_the_tables(flow, login, dispatcher_a):
    order = flow.new_order()
    response = login(dispatcher_a).get(BOARD, headers={"HX-Request": "true"})
    body = response.content.decode()
    assert body.lstrip().startswith('<div id="board-tables"')
    assert order.number in body
    assert "<html" not in body


def test_quick_dispatch_returns_to_the_board(flow, login, dispatcher_a, technician_a):
    order = flow.new_order()
    response = login(dispatcher_a).post(
        reverse("workorders:action", args=[order.pk, "dispatch"]),
        {"technician": technician_a.pk, "next": BOARD},
    )
    assert response.status_code == 302 and response["Location"] == BOARD
    order.refresh_from_db()
    assert order.state == State.DISPATCHED


def test_the_board_query_count_does_not_grow(
    login, dispatcher_a, agent_a, unit_a, technician_a, technician_a2, now
):
    _waiting(agent_a, unit_a, 5, now)
    client = login(dispatcher_a)
    few = _queries(client, BOARD)
    _waiting(agent_a, unit_a, 55, now)
    TechnicianFactory(
        user=UserFactory(
            username="technician_a3", role="technician", branch=unit_a.customer.branch
        ),
        certifications=[unit_a.model.category],
    )
    assert _queries(client, BOARD) == few


# My jobs -------------------------------------------------------------------------------------


def test_my_jobs_shows_todays_cards_with_a_phone_link(flow, login, technician_a):
    # A window around the present moment is "today" (or carried over) at any hour of the day;
    # the flow's own window, two hours ahead, is tomorrow late in the evening.
    order = flow.reach(State.DISPATCHED)
    services.work_order_schedule(
        order=order,
        by=technician_a.user,
        now=flow.now,
        start=flow.now - dt.timedelta(minutes=10),
        end=flow.now + dt.timedelta(hours=1),
    )
    order.refresh_from_db()
    response = login(technician_a.user).get(MY_JOBS)
    body = response.content.decode()
    assert order.number in body
    assert f'href="tel:{order.contact_phone}"' in body
    assert order.address in body
    assert reverse("workorders:action", args=[order.pk, "arrive"]) in body
    assert 'name="viewport"' in body


def test_my_jobs_shows_nobody_elses_jobs(flow, login, technician_a2):
    order = flow.reach(State.SCHEDULED)
    assert order.number not in login(technician_a2.user).get(MY_JOBS).content.decode()


def test_my_jobs_arrive_button_returns_to_my_jobs(flow, login, technician_a):
    order = flow.reach(State.SCHEDULED)
    response = login(technician_a.user).post(
        reverse("workorders:action", args=[order.pk, "arrive"]), {"next": MY_JOBS}
    )
    assert response["Location"] == MY_JOBS
    order.refresh_from_db()
    assert order.state == State.ON_SITE


def test_my_jobs_query_count_does_not_grow(login, agent_a, dispatcher_a, unit_a, technician_a, now):
    def dispatch(orders):
        for order in orders:
            services.work_order_dispatch(
                order=order, by=dispatcher_a, now=now, technician=technician_a
            )

    dispatch(_waiting(agent_a, unit_a, 5, now))
    client = login(technician_a.user)
    few = _queries(client, MY_JOBS)
    dispatch(_waiting(agent_a, unit_a, 55, now))
    response = client.get(MY_JOBS)
    assert len(response.context["cards"]) == 60
    assert _queries(client, MY_JOBS) == few


# Supervisor ----------------------------------------------------------------------------------


def test_the_supervisor_sees_his_branch_in_counts(
    flow, login, supervisor_a, technician_a, outsider_b
):
    flow.new_order()
    flow.reach(State.REPAIRED)
    on_site = flow.reach(State.ON_SITE)
    flow.do("request", on_site)
    repeat = flow.reach(State.COMPLETED) and flow.new_order()
    assert repeat.is_repeat
    response = login(supervisor_a).get(SUPERVISOR)
    assert response.status_code == 200
    counts = {value: n for value, _label, n in response.context["state_rows"]}
    assert counts[State.REGISTERED] == 2 and counts[State.REPAIRED] == 1
    assert [t.pk for t in response.context["technicians"]][:1] == [technician_a.pk]
    assert response.context["repeats_count"] == 1
    body = response.content.decode()
    assert on_site.number in body  # escalated and its pending request
    assert "需要" in body or "现场无法解决" in body


def test_the_supervisor_sees_no_requests_of_cancelled_orders(flow, login, supervisor_a):
    waiting = flow.reach(State.ON_SITE)
    flow.do("request", waiting)
    cancelled = flow.reach(State.ON_SITE)
    flow.do("request", cancelled)
    flow.do("cancel", cancelled, reason="客户已自行修好")
    response = login(supervisor_a).get(SUPERVISOR)
    pending = [request.order_id for request in response.context["pending_requests"]]
    assert pending == [waiting.pk]


def test_the_supervisor_view_is_refused_without_check(login, finance_a, dispatcher_a):
    assert login(finance_a).get(SUPERVISOR).status_code == 403
    assert login(dispatcher_a).get(SUPERVISOR).status_code == 403


def test_the_supervisor_query_count_does_not_grow(
    login, supervisor_a, agent_a, unit_a, technician_a, now
):
    _waiting(agent_a, unit_a, 3, now)
    client = login(supervisor_a)
    few = _queries(client, SUPERVISOR)
    _waiting(agent_a, unit_a, 30, now)
    assert _queries(client, SUPERVISOR) == few
