"""The customer's appointment confirmation: the order, the day and window in the company's time
zone, who comes, the branch; once per appointment, again when it is re-booked."""

import datetime as dt

import pytest
from django.utils import timezone

from aftersales.notifications.events import appointment_confirmed
from aftersales.notifications.models import Message
from aftersales.workorders.models import State

pytestmark = pytest.mark.django_db

SHANGHAI = timezone.get_default_timezone()


def _book(order, start: dt.datetime, hours: int = 2) -> None:
    order.appointment_start = start
    order.appointment_end = start + dt.timedelta(hours=hours)
    order.save(update_fields=["appointment_start", "appointment_end"])


@pytest.fixture
def scheduled(flow, branch_a):
    branch_a.phone = "010-62345678"
    branch_a.save()
    order = flow.reach(State.SCHEDULED)
    technician = order.technician
    technician.phone = "13911112222"
    technician.save()
    # 9:00–11:00 in Beijing is 1:00–3:00 UTC: the text must say 09:00.
    _book(order, dt.datetime(2026, 11, 24, 1, 0, tzinfo=dt.UTC))
    order.refresh_from_db()
    return order


def test_it_texts_the_customer_the_appointment_in_beijing_time(
    scheduled, now, recording_gateway, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        [message] = appointment_confirmed(order=scheduled, now=now)

    message.refresh_from_db()
    assert (message.channel, message.status) == (Message.Channel.SMS, Message.Status.SENT)
    assert message.address == scheduled.contact_phone == scheduled.customer.phone
    assert (message.object_id, message.branch) == (str(scheduled.pk), scheduled.branch)
    [(phone, text)] = recording_gateway.sent
    assert phone == "+8613800138000"
    assert scheduled.number in text and scheduled.number in message.subject
    assert "2026-11-24" in text and "09:00–11:00" in text
    assert "张伟" in text  # the customer
    assert str(scheduled.technician) in text and "139 1111 2222" in text
    assert "北京服务中心" in text and "010 6234 5678" in text


def test_it_is_in_chinese_whatever_the_language_of_the_request(
    scheduled, now, recording_gateway, django_capture_on_commit_callbacks
):
    from django.utils import translation

    with translation.override("en"), django_capture_on_commit_callbacks(execute=True):
        [message] = appointment_confirmed(order=scheduled, now=now)
    assert "预约" in message.body and "星期二" in message.body


def test_the_same_appointment_is_confirmed_once(
    scheduled, now, recording_gateway, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        appointment_confirmed(order=scheduled, now=now)
        again = appointment_confirmed(order=scheduled, now=now + dt.timedelta(minutes=1))
    assert again == []
    assert len(recording_gateway.sent) == 1


def test_a_rebooked_appointment_is_confirmed_again(
    scheduled, flow, now, recording_gateway, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        appointment_confirmed(order=scheduled, now=now)
        flow.do("rebook", scheduled)  # the work-order service confirms the new window
        scheduled.refresh_from_db()
        assert appointment_confirmed(order=scheduled, now=now) == []  # and only once
    assert len(recording_gateway.sent) == 2
    second = Message.objects.filter(object_id=str(scheduled.pk)).latest("pk")
    local = timezone.localtime(scheduled.appointment_start, SHANGHAI)
    assert f"{local:%Y-%m-%d}" in second.body and f"{local:%H:%M}" in second.body
    # The first window (agreed when the order was scheduled), the one booked here, the new one.
    assert Message.objects.filter(object_id=str(scheduled.pk)).count() == 3


def test_scheduling_a_job_texts_the_customer(flow, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        order = flow.reach(State.SCHEDULED)
    [message] = Message.objects.filter(object_id=str(order.pk))
    assert message.channel == Message.Channel.SMS and message.status == Message.Status.SENT
    assert order.number in message.body


def test_an_order_without_an_appointment_tells_nothing(flow, now):
    order = flow.reach(State.DISPATCHED)
    assert appointment_confirmed(order=order, now=now) == []
    assert not Message.objects.exists()
