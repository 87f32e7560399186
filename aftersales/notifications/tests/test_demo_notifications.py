"""The demo tells staff of due and breaching jobs and texts the customers their appointments."""

import random

import pytest

from aftersales.core.models import AuditEntry
from aftersales.notifications import demo
from aftersales.notifications.models import Message
from aftersales.workorders.models import State

pytestmark = pytest.mark.django_db


def test_the_demo_writes_staff_messages_and_appointment_texts(
    flow, supervisor_a, dispatcher_a, manager_hq, now, caplog
):
    for _ in range(3):
        flow.reach(State.SCHEDULED)
    flow.reach(State.DISPATCHED)
    # The core demo writes its history straight to the tables: no confirmation was sent.
    Message.objects.all().delete()

    counts = demo.seed(random.Random(3), now, staff_events=4, sms=3)

    assert counts["in-app"] == Message.objects.filter(channel="in_app").count() > 0
    assert counts["e-mail"] == 0
    assert counts["sms"] == Message.objects.filter(channel="sms").count() == 3
    texts = Message.objects.filter(channel="sms")
    assert texts.filter(status="sent").count() == 2
    failed = texts.get(status="failed")
    assert "流控" in failed.last_error and failed.retryable and failed.attempts == 1
    assert all("预约" in m.body for m in texts)
    staff = Message.objects.filter(channel="in_app")
    assert {m.recipient for m in staff} <= {supervisor_a, dispatcher_a, manager_hq}
    assert AuditEntry.objects.filter(action="create").count() >= staff.count()
    assert not [r for r in caplog.records if r.name == "aftersales.sms"]
