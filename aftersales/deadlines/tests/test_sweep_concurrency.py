"""Two workers sweep at the same instant: each missed target is recorded once and its staff told
once. Two real transactions on two connections (PostgreSQL)."""

import datetime as dt
import threading

import pytest
from django.db import connection, connections
from django.utils import timezone

from aftersales.core.models import AuditEntry
from aftersales.deadlines.models import Deadline
from aftersales.deadlines.sweeps import sweep

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="needs two real concurrent transactions: SQLite locks the whole database",
    ),
]


@pytest.fixture
def now():
    return timezone.now()


def test_two_workers_sweeping_at_once_record_each_miss_once(flow):
    from aftersales.notifications.models import Message

    orders = [flow.new_order() for _ in range(4)]
    Deadline.objects.filter(order__in=orders, target=Deadline.Target.ARRIVAL).update(
        due_at=timezone.now() - dt.timedelta(days=10)
    )
    barrier = threading.Barrier(2)
    counts: list[int] = []
    errors: list[BaseException] = []

    def work() -> None:
        try:
            barrier.wait(timeout=10)
            counts.append(sweep(now=timezone.now()))
        except BaseException as error:  # reported below, not lost in the thread
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=work) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert errors == []
    missed = AuditEntry.objects.filter(action="deadline_missed")
    assert missed.count() == 4
    assert sorted(int(e.object_id) for e in missed) == sorted(o.pk for o in orders)
    for order in orders:
        arrival = order.deadlines.get(target=Deadline.Target.ARRIVAL)
        keys = Message.objects.filter(key=f"deadline-missed-{arrival.pk}")
        # One message per person told, never two.
        assert keys.count() == keys.values("recipient", "channel").distinct().count() > 0
