"""The demo files its follow-ups, registers and questions through the services."""

import datetime as dt
import random

from aftersales.core.models import AuditEntry
from aftersales.customers.models import Customer
from aftersales.followups import demo, sweeps
from aftersales.followups.models import CallRecord, FollowUp, Letter, PhoneLog, Question
from aftersales.workorders.models import WorkOrder


def test_the_demo_follows_up_the_finished_jobs_and_fills_the_registers(
    completed, agent_a, supervisor_a, customer_a, now
):
    orders = [completed() for _ in range(6)]
    for days, order in zip((1, 5, 9, 12, 16, 20), orders, strict=True):
        WorkOrder.objects.filter(pk=order.pk).update(completed_at=now - dt.timedelta(days=days))
    # A key customer for a year, never visited: owed a visit.
    Customer.objects.filter(pk=customer_a.pk).update(
        tier="key", created_at=now - dt.timedelta(days=365)
    )

    counts = demo.seed(random.Random(3), now)

    assert FollowUp.objects.filter(work_order__in=orders, kind="first_call").count() == 6
    assert counts["call records"] == CallRecord.objects.count() > 0
    assert FollowUp.objects.filter(kind="periodic_visit", customer=customer_a).exists()
    assert PhoneLog.objects.filter(call_record__isnull=True).count() == len(demo.PHONE_SUBJECTS)
    assert Letter.objects.count() == len(demo.LETTERS)
    assert Question.objects.filter(customer_told_at__isnull=False).exists()
    assert Question.objects.filter(answered_at__isnull=True, due_at__lt=now).exists()
    assert AuditEntry.objects.filter(action="follow_up_record_call").count() == (
        CallRecord.objects.count()
    )
    # The sweep finds nothing the demo left to plan.
    assert sweeps.plan_missed_jobs(now=now) == sweeps.plan_periodic_visits(now=now) == 0
