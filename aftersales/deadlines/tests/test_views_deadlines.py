"""The deadlines as the dispatcher sees them: on the job's page with the time left, the hold and
resume buttons, the board sorted by what breaches first, and the API."""

import datetime as dt

from django.urls import reverse
from django.utils import timezone, translation

from aftersales.core.models import AuditEntry
from aftersales.deadlines.models import Deadline, Hold
from aftersales.workorders.models import WorkOrder


def _fresh(flow):
    """A job registered now, with the real clock (the pages read it)."""
    flow.now = timezone.now()
    return flow.new_order()


def test_the_job_page_shows_each_target_with_its_rule_and_time(flow, client, dispatcher_a):
    order = _fresh(flow)
    client.force_login(dispatcher_a)
    with translation.override("zh-hans"):
        page = client.get(
            reverse("workorders:detail", args=[order.pk]), HTTP_ACCEPT_LANGUAGE="zh-hans"
        )
    body = page.content.decode()
    assert page.status_code == 200
    assert 'id="deadlines"' in body
    for deadline in order.deadlines.all():
        assert timezone.localtime(deadline.due_at).strftime("%m-%d %H:%M") in body
    assert reverse("deadlines:hold", args=[order.pk]) in body


def test_a_dispatcher_puts_a_job_on_hold_and_back_from_its_page(flow, client, dispatcher_a):
    order = _fresh(flow)
    client.force_login(dispatcher_a)
    answer = client.post(
        reverse("deadlines:hold", args=[order.pk]), {"reason": "customer", "note": "客户出差"}
    )
    assert answer.status_code == 302
    assert Hold.objects.get(order=order).ended_at is None
    assert order.deadlines.get(target="arrival").status == Deadline.Status.PAUSED
    page = client.get(reverse("workorders:detail", args=[order.pk]))
    assert reverse("deadlines:resume", args=[order.pk]) in page.content.decode()
    client.post(reverse("deadlines:resume", args=[order.pk]))
    assert Hold.objects.get(order=order).ended_at is not None
    assert order.deadlines.get(target="arrival").status == Deadline.Status.RUNNING


def test_a_hold_without_its_note_is_refused_and_changes_nothing(flow, client, dispatcher_a):
    order = _fresh(flow)
    client.force_login(dispatcher_a)
    entries = AuditEntry.objects.count()
    answer = client.post(reverse("deadlines:hold", args=[order.pk]), {"reason": "customer"})
    assert answer.status_code == 302
    assert not Hold.objects.exists()
    assert AuditEntry.objects.count() == entries


def test_the_board_puts_what_breaches_first_at_the_top(flow, client, dispatcher_a, customer_a):
    suburb, city = _fresh(flow), _fresh(flow)
    # The later job breaches first: its arrival falls due sooner.
    Deadline.objects.filter(order=suburb, target="arrival").update(
        due_at=timezone.now() + dt.timedelta(hours=5)
    )
    Deadline.objects.filter(order=city, target="arrival").update(
        due_at=timezone.now() + dt.timedelta(hours=1)
    )
    Deadline.objects.filter(order__in=[suburb, city], target__in=["reply", "completion"]).update(
        due_at=timezone.now() + dt.timedelta(days=3)
    )
    client.force_login(dispatcher_a)
    body = client.get(reverse("workorders:board")).content.decode()
    assert body.index(city.number) < body.index(suburb.number)


def test_a_missed_target_puts_the_job_among_those_running_late(flow, client, dispatcher_a):
    order = _fresh(flow)
    Deadline.objects.filter(order=order, target="arrival").update(
        due_at=timezone.now() - dt.timedelta(minutes=30)
    )
    client.force_login(dispatcher_a)
    page = client.get(reverse("workorders:board"))
    late = page.context["overdue"]
    assert [o.pk for o, _s in late] == [order.pk]


def test_the_api_tells_each_target_and_takes_a_hold(flow, dispatcher_a):
    from aftersales.core.tests.test_api_client import ApiClient

    order = _fresh(flow)
    api = ApiClient(dispatcher_a)
    found = api.get(f"/work-orders/{order.pk}/deadlines").json()
    assert {d["target"] for d in found["deadlines"]} == {"reply", "arrival", "completion"}
    assert all(d["seconds_left"] > 0 for d in found["deadlines"])
    held = api.post(f"/work-orders/{order.pk}/hold", {"reason": "parts", "note": "等主板"}).json()
    assert held["on_hold"] is True
    completion = next(d for d in held["deadlines"] if d["target"] == "completion")
    assert completion["status"] == "paused" and completion["due_at"] is None
    refused = api.post(f"/work-orders/{order.pk}/hold", {"reason": "parts", "note": "x"})
    assert refused.status_code == 400 and refused.json()["code"] == "on_hold"
    assert api.post(f"/work-orders/{order.pk}/resume", {}).json()["on_hold"] is False
    assert WorkOrder.objects.get(pk=order.pk).holds.count() == 1
