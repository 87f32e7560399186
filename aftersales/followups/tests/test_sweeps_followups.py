"""The periodic sweep (followups.sweeps), run with a fixed `now`: periodic visits by customer tier,
jobs that missed their follow-ups, and questions past their two days — each once."""

import datetime as dt

import pytest
from django.utils import timezone

from aftersales.core.models import AuditEntry
from aftersales.customers.models import Customer
from aftersales.factories import CustomerFactory
from aftersales.followups import services, sweeps
from aftersales.followups.models import FollowUp, Question
from aftersales.notifications.models import Message

TZ = timezone.get_default_timezone()
K, S = FollowUp.Kind, FollowUp.Status


def at(year: int, month: int, day: int, hour: int = 10) -> dt.datetime:
    return dt.datetime(year, month, day, hour, tzinfo=TZ)


@pytest.fixture
def customers(branch_a):
    """A key, a long-term and a regular customer, all customers since 15 January 2025."""
    made = {
        tier: CustomerFactory(name=name, tier=tier, branch=branch_a)
        for tier, name in [("key", "重点甲"), ("long_term", "长期甲"), ("regular", "普通甲")]
    }
    Customer.objects.filter(pk__in=[c.pk for c in made.values()]).update(created_at=at(2025, 1, 15))
    return made


def _visits(customer):
    return list(
        FollowUp.objects.filter(customer=customer, kind=K.PERIODIC_VISIT).order_by("due_by")
    )


def test_it_plans_a_key_customers_visit_two_weeks_before_six_months_are_up(customers):
    key = customers["key"]

    assert sweeps.plan_periodic_visits(now=at(2025, 6, 30)) == 0  # 15 days ahead: not yet
    assert sweeps.plan_periodic_visits(now=at(2025, 7, 1)) == 1

    (visit,) = _visits(key)
    assert visit.due_by == dt.datetime(2025, 7, 15, 23, 59, 59, tzinfo=TZ)
    assert visit.due_from == at(2025, 7, 1, 0)
    assert (visit.status, visit.branch, visit.work_order) == (S.OPEN, key.branch, None)
    assert AuditEntry.objects.for_object(visit).get().actor is None
    assert _visits(customers["long_term"]) == [] and _visits(customers["regular"]) == []


def test_long_term_customers_are_visited_yearly_and_regular_ones_not_at_all(customers):
    sweeps.plan_periodic_visits(now=at(2026, 1, 2))

    (visit,) = _visits(customers["long_term"])
    assert visit.due_by.date() == dt.date(2026, 1, 15)
    assert _visits(customers["regular"]) == []
    # The key customer, owed his first visit since July, is owed it today: nothing is known of
    # visits before the system.
    (first,) = _visits(customers["key"])
    assert first.due_by.date() == dt.date(2026, 1, 2)


def test_the_next_visit_counts_from_the_last_one_made(customers, agent_a):
    key = customers["key"]
    sweeps.plan_periodic_visits(now=at(2025, 7, 1))
    (visit,) = _visits(key)
    # While a visit is open no other is planned.
    assert sweeps.plan_periodic_visits(now=at(2025, 12, 30)) == 0

    services.follow_up_record_call(
        follow_up=visit,
        by=agent_a,
        now=at(2025, 7, 20),
        reached=True,
        channel="visit",
        customer_said="设备运行良好，建议增加巡检次数",
        satisfied="yes",
    )
    sweeps.plan_periodic_visits(now=at(2026, 1, 5))  # due 20 January: not yet
    assert len(_visits(key)) == 1
    sweeps.plan_periodic_visits(now=at(2026, 1, 6))

    assert [v.due_by.date() for v in _visits(key)] == [dt.date(2025, 7, 15), dt.date(2026, 1, 20)]


def test_visit_intervals_follow_the_settings(customers, policy):
    policy("two_calls", VISIT_MONTHS={"key": 3, "regular": 12})
    sweeps.plan_periodic_visits(now=at(2025, 4, 10))
    assert [v.due_by.date() for v in _visits(customers["key"])] == [dt.date(2025, 4, 15)]
    assert _visits(customers["long_term"]) == []
    sweeps.plan_periodic_visits(now=at(2026, 1, 10))
    assert [v.due_by.date() for v in _visits(customers["regular"])] == [dt.date(2026, 1, 15)]


def test_it_catches_a_completed_job_without_follow_ups(completed, policy):
    order = completed()
    now = order.completed_at + dt.timedelta(days=2)

    assert sweeps.plan_missed_jobs(now=now) == 1

    (first,) = FollowUp.objects.filter(work_order=order)
    assert first.kind == K.FIRST_CALL
    assert first.due_from == order.completed_at + dt.timedelta(days=3)
    assert AuditEntry.objects.for_object(first).get().actor is None
    assert sweeps.plan_missed_jobs(now=now) == 0


def test_it_leaves_jobs_completed_long_ago(completed):
    order = completed()
    assert sweeps.plan_missed_jobs(now=order.completed_at + dt.timedelta(days=31)) == 0
    assert not FollowUp.objects.exists()


def test_it_tells_the_supervisor_once_of_a_question_past_its_two_days(
    customer_a, agent_a, supervisor_a
):
    raised = at(2026, 3, 13, 16)
    question = services.question_raise(by=agent_a, now=raised, question="？", customer=customer_a)
    answered_in_time = services.question_raise(
        by=agent_a, now=raised, question="！", customer=customer_a
    )

    assert sweeps.notify_overdue_questions(now=at(2026, 3, 15, 15)) == 0  # not late yet
    services.question_answer(
        question=answered_in_time, by=supervisor_a, now=at(2026, 3, 15, 9), answer="好的"
    )
    assert sweeps.notify_overdue_questions(now=at(2026, 3, 15, 17)) == 1
    assert sweeps.notify_overdue_questions(now=at(2026, 3, 16, 17)) == 0

    (message,) = Message.objects.filter(channel="in_app")
    assert message.recipient == supervisor_a
    assert message.key == f"followups.question_overdue.{question.pk}"
    assert customer_a.name in message.subject
    question.refresh_from_db()
    assert question.overdue_notified_at == at(2026, 3, 15, 17)


def test_a_question_without_its_supervisor_goes_to_the_branchs_others(
    customer_a, agent_a, supervisor_a, manager_hq
):
    question = services.question_raise(
        by=agent_a, now=at(2026, 3, 13), question="？", customer=customer_a
    )
    supervisor_a.is_active = False
    supervisor_a.save()
    sweeps.notify_overdue_questions(now=at(2026, 3, 16))
    assert list(Message.objects.values_list("recipient", flat=True).distinct()) == [manager_hq.pk]
    assert Question.objects.get(pk=question.pk).overdue_notified_at is not None


def test_the_whole_sweep_run_twice_does_everything_once(customers, completed, agent_a):
    order = completed()
    now = order.completed_at + dt.timedelta(days=3)
    services.question_raise(
        by=agent_a, now=now - dt.timedelta(days=3), question="？", customer=customers["key"]
    )
    first = sweeps.sweep(now=now)
    counts = (FollowUp.objects.count(), Message.objects.count(), AuditEntry.objects.count())

    second = sweeps.sweep(now=now)

    # The key and the long-term customers have been customers for over a year by now.
    assert first == 2 + 1 + 1 and second == 0
    assert (FollowUp.objects.count(), Message.objects.count(), AuditEntry.objects.count()) == counts
