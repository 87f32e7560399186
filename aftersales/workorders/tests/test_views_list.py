"""The work-order list: scoped, filtered, paginated without a query per row."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from aftersales.factories import CustomerFactory
from aftersales.workorders import services
from aftersales.workorders.models import State

pytestmark = pytest.mark.django_db
LIST = reverse("workorders:list")


@pytest.fixture
def login(client):
    def as_user(user):
        client.force_login(user)
        client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
        return client

    return as_user


def _orders(agent, unit, fault, now, count):
    return [
        services.work_order_create(
            by=agent, customer=unit.customer, unit=unit, symptom=f"不制冷 {i}", now=now
        )
        for i in range(count)
    ]


def test_it_asks_for_a_login(client):
    response = client.get(LIST)
    assert response.status_code == 302
    assert "/login/" in response["Location"]


def test_it_lists_the_branch_orders_newest_first(login, agent_a, unit_a, no_cooling, now):
    first, second = _orders(agent_a, unit_a, no_cooling, now, 2)
    response = login(agent_a).get(LIST)
    assert response.status_code == 200
    body = response.content.decode()
    assert first.number in body and second.number in body
    assert body.index(second.number) < body.index(first.number)


def test_it_hides_another_branchs_orders(login, agent_a, outsider_b, unit_a, no_cooling, now):
    (order,) = _orders(agent_a, unit_a, no_cooling, now, 1)
    response = login(outsider_b).get(LIST)
    assert response.status_code == 200
    assert order.number not in response.content.decode()


def test_it_filters_by_state_query_and_repeat(flow, login, agent_a):
    waiting = flow.new_order()
    done = flow.reach(State.COMPLETED)
    client = login(agent_a)

    body = client.get(LIST, {"state": "open"}).content.decode()
    assert waiting.number in body and done.number not in body

    body = client.get(LIST, {"state": State.COMPLETED}).content.decode()
    assert done.number in body and waiting.number not in body

    body = client.get(LIST, {"q": waiting.number}).content.decode()
    assert waiting.number in body and done.number not in body

    repeat = flow.new_order()  # same unit, same fault after a completed repair
    assert repeat.is_repeat
    body = client.get(LIST, {"repeat": "on"}).content.decode()
    assert repeat.number in body and waiting.number not in body


def test_it_offers_the_branch_filter_to_head_office_only(login, manager_hq, agent_a, branch_a):
    assert 'name="branch"' in login(manager_hq).get(LIST).content.decode()
    assert 'name="branch"' not in login(agent_a).get(LIST).content.decode()


def test_it_filters_head_office_by_branch(
    login, manager_hq, agent_a, unit_a, no_cooling, now, branch_b
):
    (order,) = _orders(agent_a, unit_a, no_cooling, now, 1)
    client = login(manager_hq)
    assert order.number in client.get(LIST, {"branch": unit_a.customer.branch_id}).content.decode()
    assert order.number not in client.get(LIST, {"branch": branch_b.pk}).content.decode()


def test_it_pages_by_fifty_without_counting(login, agent_a, unit_a, no_cooling, now):
    orders = _orders(agent_a, unit_a, no_cooling, now, 55)
    client = login(agent_a)
    first = client.get(LIST)
    assert len(first.context["orders"]) == 50
    assert first.context["has_next"]
    second = client.get(LIST, {"page": 2})
    assert [o.pk for o in second.context["orders"]] == [o.pk for o in reversed(orders[:5])]
    assert not second.context["has_next"]
    assert client.get(LIST, {"page": "x"}).status_code == 200


def _queries(client, url, params=None):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url, params or {})
    assert response.status_code == 200
    return len(ctx.captured_queries)


def test_its_query_count_does_not_grow_with_the_rows(
    login, agent_a, manager_hq, unit_a, no_cooling, now, technician_a
):
    _orders(agent_a, unit_a, no_cooling, now, 5)
    client = login(manager_hq)
    few = _queries(client, LIST)
    other = CustomerFactory(branch=unit_a.customer.branch)
    for i in range(55):
        services.work_order_create(by=agent_a, customer=other, symptom=f"异响 {i}", now=now)
    many = _queries(client, LIST)
    assert many == few
    assert _queries(client, LIST, {"state": "open", "q": unit_a.customer.name}) == few
