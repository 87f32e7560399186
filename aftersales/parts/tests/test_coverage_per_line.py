"""Each part used on a job carries its own coverage: on paid work, a part fitted to the same unit
on an earlier job and still under that repair's guarantee is reworked free, with the reason shown
on the job's page and given by the API; the other lines are charged. Two queries, not one a line."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from aftersales.core.tests.test_api_client import ApiClient
from aftersales.parts import selectors, services
from aftersales.parts.services import LineIn
from aftersales.workorders.models import ServiceCategory, State, WorkOrder


@pytest.fixture(autouse=True)
def in_english():
    with translation.override("en"):
        yield


def _paid(order: WorkOrder) -> WorkOrder:
    WorkOrder.objects.filter(pk=order.pk).update(category=ServiceCategory.PAID)
    order.refresh_from_db()
    return order


def _issue(by, store, order, at, *lines):
    return services.stock_issue_to_order(
        by=by, now=at, warehouse=store, order=order, lines=list(lines)
    )


@pytest.fixture
def comeback(flow, warehouse_a, stocked, capacitor, board, now):
    """A capacitor fitted 30 days ago on a first job; the unit is back on paid work today and gets
    another capacitor and a main board."""
    first = flow.reach(State.ON_SITE)
    _issue(warehouse_a, stocked, first, now - timedelta(days=30), LineIn(capacitor, 1))
    second = _paid(flow.reach(State.ON_SITE))
    _issue(
        warehouse_a,
        stocked,
        second,
        now,
        LineIn(capacitor, 2),
        LineIn(board, 1, serial_number="PCB-B1"),
    )
    return first, second


def test_a_part_still_under_its_repair_guarantee_is_free_on_paid_work(comeback, now):
    first, second = comeback
    used = {u.part.code: u for u in selectors.parts_used_on_order(second)}
    fitted_on = timezone.localtime(now - timedelta(days=30)).date()
    until = fitted_on + timedelta(days=89)
    assert used["CAP-35UF"].is_free and used["CAP-35UF"].amount == Decimal("0.00")
    assert used["CAP-35UF"].reason == (
        f"Free: fitted {fitted_on:%Y-%m-%d} on {first.number}, guaranteed until {until:%Y-%m-%d}."
    )
    # The main board was never fitted to this unit before: charged at its sale price.
    assert not used["PCB-KFR35"].is_free
    assert used["PCB-KFR35"].amount == Decimal("380.00")
    assert used["PCB-KFR35"].reason == "Charged: paid work (A)."


def test_after_the_guarantee_the_same_part_is_charged(flow, warehouse_a, stocked, capacitor, now):
    first = flow.reach(State.ON_SITE)
    _issue(warehouse_a, stocked, first, now - timedelta(days=120), LineIn(capacitor, 1))
    second = _paid(flow.reach(State.ON_SITE))
    _issue(warehouse_a, stocked, second, now, LineIn(capacitor, 1))
    [used] = selectors.parts_used_on_order(second)
    assert not used.is_free and used.amount == Decimal("45.00")


def test_a_fitting_on_another_unit_or_a_cancelled_job_does_not_count(
    flow, warehouse_a, stocked, capacitor, now, customer_a, aircon_model
):
    from aftersales.factories import UnitFactory

    cancelled = flow.reach(State.ON_SITE)
    _issue(warehouse_a, stocked, cancelled, now - timedelta(days=5), LineIn(capacitor, 1))
    WorkOrder.objects.filter(pk=cancelled.pk).update(state=State.CANCELLED)
    other = flow.reach(State.ON_SITE)
    WorkOrder.objects.filter(pk=other.pk).update(
        unit=UnitFactory(customer=customer_a, model=aircon_model)
    )
    _issue(warehouse_a, stocked, other, now - timedelta(days=4), LineIn(capacitor, 1))
    order = _paid(flow.reach(State.ON_SITE))
    _issue(warehouse_a, stocked, order, now, LineIn(capacitor, 1))
    [used] = selectors.parts_used_on_order(order)
    assert not used.is_free


def test_the_earlier_job_itself_is_charged_normally(comeback):
    first, second = comeback
    _paid(first)
    [used] = selectors.parts_used_on_order(first)
    assert not used.is_free  # the later job does not cover the earlier one


def test_it_costs_two_queries_however_many_lines(
    comeback, flow, warehouse_a, stocked, capacitor, now
):
    first, second = comeback
    with CaptureQueriesContext(connection) as few:
        selectors.parts_used_on_order(second)
    services.stock_receive(
        by=warehouse_a, now=now, warehouse=stocked, lines=[LineIn(capacitor, 20)]
    )
    for day in range(1, 6):
        earlier = flow.reach(State.ON_SITE)
        _issue(warehouse_a, stocked, earlier, now - timedelta(days=day), LineIn(capacitor, 1))
        _issue(warehouse_a, stocked, second, now, LineIn(capacitor, 1))
    with CaptureQueriesContext(connection) as many:
        used = selectors.parts_used_on_order(second)
    assert len(used) == 7
    assert len(few.captured_queries) == len(many.captured_queries) == 2


def test_the_job_page_and_the_api_give_the_reason(comeback, client, warehouse_a):
    first, second = comeback
    client.force_login(warehouse_a)
    body = client.get(
        reverse("parts:order_parts", args=[second.pk]), HTTP_ACCEPT_LANGUAGE="en"
    ).content.decode()
    assert "Free: fitted" in body and first.number in body
    assert "Charged: paid work (A)." in body
    assert "¥380.00" in body  # only the board is charged
    used = ApiClient(warehouse_a).get(f"/work-orders/{second.pk}/parts").json()
    reasons = {u["part_code"]: (u["is_free"], u["amount"], u["reason"]) for u in used}
    assert reasons["PCB-KFR35"] == (False, "380.00", "Charged: paid work (A).")
    assert reasons["CAP-35UF"][:2] == (True, "0.00")
    assert first.number in reasons["CAP-35UF"][2]
