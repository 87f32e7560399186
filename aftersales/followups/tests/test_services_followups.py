"""Follow-up tasks after a job, the calls on them, the registers and the questions (services)."""

import datetime as dt

import pytest
from django.utils import timezone

from aftersales.core.exceptions import Conflict, DomainError, Forbidden, NotFound
from aftersales.core.models import AuditEntry
from aftersales.followups import services
from aftersales.followups.models import CallRecord, FollowUp, Letter, PhoneLog, Question
from aftersales.workorders.models import State, WorkOrder

K, S = FollowUp.Kind, FollowUp.Status
DAY = dt.timedelta(days=1)


def _plan(order, by, now=None):
    return services.follow_ups_plan_for_order(order=order, by=by, now=now or order.completed_at)


def _call(follow_up, by, at, **kwargs):
    kwargs.setdefault("reached", True)
    if kwargs["reached"]:
        kwargs.setdefault("customer_said", "空调制冷正常，对上门服务满意")
        kwargs.setdefault("satisfied", "yes")
    return services.follow_up_record_call(follow_up=follow_up, by=by, now=at, at=at, **kwargs)


# Planning -------------------------------------------------------------------------------------


def test_it_plans_the_first_call_three_days_to_a_week_after_completion(completed, agent_a):
    order = completed()

    (first,) = _plan(order, agent_a)

    assert (first.kind, first.status, first.policy) == (K.FIRST_CALL, S.OPEN, "two_calls")
    assert first.due_from == order.completed_at + 3 * DAY
    assert first.due_by == order.completed_at + 7 * DAY
    assert (first.customer, first.branch, first.work_order) == (
        order.customer,
        order.branch,
        order,
    )
    assert AuditEntry.objects.for_object(first).get().action == "follow_up_plan"


def test_with_the_call_centre_policy_it_plans_one_call_back_within_24_hours(
    completed, agent_a, policy
):
    policy("call_back_24h")
    order = completed()

    (call_back,) = _plan(order, agent_a)

    assert (call_back.kind, call_back.policy) == (K.CALL_BACK, "call_back_24h")
    assert call_back.due_from == order.completed_at
    assert call_back.due_by == order.completed_at + dt.timedelta(hours=24)


def test_planning_twice_creates_nothing_more(completed, agent_a, policy):
    order = completed()
    _plan(order, agent_a)
    entries = AuditEntry.objects.count()

    assert _plan(order, agent_a) == []
    policy("call_back_24h")  # even under another policy: the job is followed up already
    assert _plan(order, None) == []

    assert FollowUp.objects.filter(work_order=order).count() == 1
    assert AuditEntry.objects.count() == entries


def test_the_system_plans_with_no_user(completed):
    order = completed()
    (first,) = services.follow_ups_plan_for_order(order=order, by=None, now=order.completed_at)
    assert AuditEntry.objects.for_object(first).get().actor is None


def test_a_job_not_completed_is_not_followed_up(flow, agent_a):
    order = flow.reach(State.ON_SITE)
    with pytest.raises(Conflict):
        _plan(order, agent_a, now=flow.now)
    assert not FollowUp.objects.exists()


def test_internal_work_has_no_customer_to_call_back(completed, agent_a):
    order = completed()
    WorkOrder.objects.filter(pk=order.pk).update(category="D")
    assert _plan(order, agent_a) == []


def test_a_closed_job_is_followed_up_too(flow, agent_a):
    order = flow.reach(State.CLOSED)
    FollowUp.objects.filter(work_order=order).delete()
    assert [f.kind for f in _plan(order, agent_a)] == [K.FIRST_CALL]


def test_only_those_who_follow_up_plan_and_only_in_their_branch(completed, technician_a, agent_b):
    order = completed()
    with pytest.raises(Forbidden):
        _plan(order, technician_a.user)
    with pytest.raises(NotFound):
        _plan(order, agent_b)
    assert not FollowUp.objects.exists()


# Calls ----------------------------------------------------------------------------------------


def test_reaching_the_customer_on_the_first_call_plans_the_second_from_that_moment(
    completed, agent_a
):
    order = completed()
    (first,) = _plan(order, agent_a)
    at = order.completed_at + 4 * DAY + dt.timedelta(hours=2, minutes=13)

    record = _call(first, agent_a, at)

    first.refresh_from_db()
    assert (first.status, first.done_at, first.done_by, first.attempts) == (S.DONE, at, agent_a, 1)
    assert first.outcome == "空调制冷正常，对上门服务满意"
    assert (record.reached, record.satisfied, record.at) == (True, "yes", at)
    second = FollowUp.objects.get(work_order=order, kind=K.SECOND_CALL)
    assert (second.status, second.due_from, second.due_by) == (S.OPEN, at, at + 7 * DAY)
    # The call is in the phone register too, as an outgoing call of the follow-up.
    log = PhoneLog.objects.get()
    assert (log.direction, log.phone, log.customer, log.call_record) == (
        "out",
        order.customer.phone,
        order.customer,
        record,
    )


def test_the_second_call_plans_nothing_more(completed, agent_a):
    order = completed()
    (first,) = _plan(order, agent_a)
    _call(first, agent_a, order.completed_at + 4 * DAY)
    second = FollowUp.objects.get(kind=K.SECOND_CALL)

    _call(second, agent_a, order.completed_at + 9 * DAY)

    assert FollowUp.objects.filter(work_order=order).count() == 2
    assert set(FollowUp.objects.values_list("status", flat=True)) == {S.DONE}


def test_a_call_back_done_plans_no_second_call(completed, agent_a, policy):
    policy("call_back_24h")
    order = completed()
    (call_back,) = _plan(order, agent_a)
    _call(call_back, agent_a, order.completed_at + dt.timedelta(hours=5))
    assert FollowUp.objects.filter(work_order=order).count() == 1


def test_after_three_calls_without_reaching_the_customer_the_task_is_unreachable(
    completed, agent_a
):
    order = completed()
    (first,) = _plan(order, agent_a)
    at = order.completed_at + 3 * DAY

    _call(first, agent_a, at, reached=False, notes="无人接听")
    _call(first, agent_a, at + dt.timedelta(hours=3), reached=False)
    first.refresh_from_db()
    assert (first.status, first.attempts) == (S.OPEN, 2)

    _call(first, agent_a, at + DAY, reached=False, notes="关机")

    first.refresh_from_db()
    assert (first.status, first.attempts, first.done_at) == (S.UNREACHABLE, 3, at + DAY)
    assert not FollowUp.objects.filter(kind=K.SECOND_CALL).exists()
    assert CallRecord.objects.filter(follow_up=first, reached=False).count() == 3
    with pytest.raises(Conflict):
        _call(first, agent_a, at + 2 * DAY)


def test_the_attempts_allowed_are_configurable(completed, agent_a, policy):
    policy("two_calls", MAX_ATTEMPTS=1)
    order = completed()
    (first,) = _plan(order, agent_a)
    _call(first, agent_a, order.completed_at + 3 * DAY, reached=False)
    first.refresh_from_db()
    assert first.status == S.UNREACHABLE


def test_a_reached_call_needs_what_the_customer_said(completed, agent_a):
    order = completed()
    (first,) = _plan(order, agent_a)
    at = order.completed_at + 4 * DAY
    with pytest.raises(DomainError) as error:
        _call(first, agent_a, at, customer_said="  ")
    assert error.value.field == "customer_said"
    with pytest.raises(DomainError) as error:
        _call(first, agent_a, at, satisfied="maybe")
    assert error.value.field == "satisfied"
    with pytest.raises(DomainError) as error:  # before the job was done
        _call(first, agent_a, order.completed_at - DAY)
    assert error.value.field == "at"
    with pytest.raises(DomainError) as error:  # in the future
        services.follow_up_record_call(
            follow_up=first, by=agent_a, now=at, at=at + DAY, reached=False
        )
    assert error.value.field == "at"
    first.refresh_from_db()
    assert (first.status, first.attempts) == (S.OPEN, 0)
    assert not CallRecord.objects.exists() and not PhoneLog.objects.exists()


def test_a_visit_is_recorded_but_not_put_in_the_phone_register(completed, agent_a):
    order = completed()
    (first,) = _plan(order, agent_a)
    _call(first, agent_a, order.completed_at + 4 * DAY, channel="visit")
    assert not PhoneLog.objects.exists()


def test_an_agent_of_another_branch_cannot_touch_the_task(completed, agent_a, agent_b):
    order = completed()
    (first,) = _plan(order, agent_a)
    with pytest.raises(NotFound):
        _call(first, agent_b, order.completed_at + 4 * DAY)
    with pytest.raises(NotFound):
        services.follow_up_assign(
            follow_up=first, by=agent_b, now=order.completed_at, assignee=None
        )


def test_a_task_is_given_to_follow_up_staff_of_its_branch(
    completed, agent_a, supervisor_a, technician_a, agent_b
):
    order = completed()
    (first,) = _plan(order, agent_a)
    now = order.completed_at

    services.follow_up_assign(follow_up=first, by=supervisor_a, now=now, assignee=agent_a)
    first.refresh_from_db()
    assert first.assigned_to == agent_a

    for wrong in (technician_a.user, agent_b):  # no follow-up calls; another branch
        with pytest.raises(DomainError) as error:
            services.follow_up_assign(follow_up=first, by=supervisor_a, now=now, assignee=wrong)
        assert error.value.field == "assigned_to"
    first.refresh_from_db()
    assert first.assigned_to == agent_a


# Questions ------------------------------------------------------------------------------------


def test_a_question_raised_on_the_call_goes_to_the_supervisor_due_in_two_days(
    completed, agent_a, supervisor_a
):
    order = completed()
    (first,) = _plan(order, agent_a)
    at = order.completed_at + 4 * DAY

    record = _call(first, agent_a, at, question="保修期过后清洗滤网收费吗？")

    question = Question.objects.get()
    assert (question.follow_up, question.call, question.customer) == (first, record, order.customer)
    assert (question.assigned_to, question.raised_by, question.raised_at) == (
        supervisor_a,
        agent_a,
        at,
    )
    assert question.due_at == at + 2 * DAY


def test_the_answer_is_recorded_and_the_customer_told(flow, customer_a, agent_a, supervisor_a):
    raised = flow.now
    question = services.question_raise(
        by=agent_a, now=raised, question="能否延长保修？", customer=customer_a
    )
    with pytest.raises(Conflict):  # nothing to tell yet
        services.question_customer_told(question=question, by=agent_a, now=raised)
    with pytest.raises(Forbidden):  # an agent does not answer
        services.question_answer(question=question, by=agent_a, now=raised, answer="可以")

    answered = raised + DAY
    services.question_answer(question=question, by=supervisor_a, now=answered, answer="可购买延保")
    services.question_customer_told(
        question=question, by=agent_a, now=answered + dt.timedelta(hours=1)
    )

    question.refresh_from_db()
    assert (question.answer, question.answered_by, question.customer_told_by) == (
        "可购买延保",
        supervisor_a,
        agent_a,
    )
    assert not question.answered_late
    with pytest.raises(Conflict):
        services.question_answer(question=question, by=supervisor_a, now=answered, answer="再答")


def test_telling_the_customer_a_day_later_shows_as_late(flow, customer_a, agent_a, supervisor_a):
    tz = timezone.get_default_timezone()
    raised = dt.datetime(2026, 3, 13, 10, 0, tzinfo=tz)
    question = services.question_raise(by=agent_a, now=raised, question="？？", customer=customer_a)
    answered = dt.datetime(2026, 3, 16, 17, 0, tzinfo=tz)  # past its two days, too
    services.question_answer(question=question, by=supervisor_a, now=answered, answer="答复")
    services.question_customer_told(
        question=question, by=agent_a, now=dt.datetime(2026, 3, 17, 9, 0, tzinfo=tz)
    )
    question.refresh_from_db()
    assert question.answered_late and question.told_late


def test_a_question_needs_its_text_and_a_customer_in_scope(customer_a, agent_a, agent_b, now):
    with pytest.raises(DomainError) as error:
        services.question_raise(by=agent_a, now=now, question="  ", customer=customer_a)
    assert error.value.field == "question"
    with pytest.raises(DomainError) as error:
        services.question_raise(by=agent_a, now=now, question="？")
    assert error.value.field == "customer"
    with pytest.raises(NotFound):
        services.question_raise(by=agent_b, now=now, question="？", customer=customer_a)
    assert not Question.objects.exists()


# Registers ------------------------------------------------------------------------------------


def test_the_phone_register_finds_the_customer_by_the_phone(customer_a, agent_a, now):
    log = services.phone_log_add(
        by=agent_a, now=now, direction="in", phone="138 0013 8000", subject="咨询清洗费用"
    )
    assert (log.customer, log.phone, log.branch, log.at) == (
        customer_a,
        "+8613800138000",
        customer_a.branch,
        now,
    )
    unknown = services.phone_log_add(
        by=agent_a, now=now, direction="out", phone="010-62345678", subject="回电"
    )
    assert unknown.customer is None and unknown.branch == agent_a.branch


def test_the_phone_register_refuses_bad_input(agent_a, now):
    for kwargs, field in [
        ({"direction": "sideways", "phone": "13800138000", "subject": "x"}, "direction"),
        ({"direction": "in", "phone": "12345", "subject": "x"}, "phone"),
        ({"direction": "in", "phone": "13800138000", "subject": " "}, "subject"),
    ]:
        with pytest.raises(DomainError) as error:
            services.phone_log_add(by=agent_a, now=now, **kwargs)
        assert error.value.field == field
    assert not PhoneLog.objects.exists()


def test_the_letter_register_numbers_letters_and_follows_replies(customer_a, agent_a, now):
    today = timezone.localtime(now).date()
    letter = services.letter_add(
        by=agent_a,
        now=now,
        direction="in",
        kind="enquiry",
        customer=customer_a,
        subject="来函咨询保养套餐",
        reference="HF-2026-031",
        date=today - DAY,
        reply_due=today + 3 * DAY,
    )
    assert letter.number.startswith("XH") and letter.branch == customer_a.branch

    services.letter_mark_replied(letter=letter, by=agent_a, now=now)

    letter.refresh_from_db()
    assert letter.replied_on == today
    with pytest.raises(Conflict):
        services.letter_mark_replied(letter=letter, by=agent_a, now=now)


def test_the_letter_register_refuses_bad_dates(customer_a, agent_a, now):
    today = timezone.localtime(now).date()
    with pytest.raises(DomainError) as error:
        services.letter_add(
            by=agent_a, now=now, direction="out", customer=customer_a, subject="x", date=today + DAY
        )
    assert error.value.field == "date"
    with pytest.raises(DomainError) as error:
        services.letter_add(
            by=agent_a,
            now=now,
            direction="out",
            customer=customer_a,
            subject="x",
            reply_due=today - DAY,
        )
    assert error.value.field == "reply_due"
    with pytest.raises(DomainError) as error:
        services.letter_add(by=agent_a, now=now, direction="out", customer=None, subject="x")
    assert error.value.field == "customer"
    assert not Letter.objects.exists()


def test_a_technician_keeps_no_registers(customer_a, technician_a, now):
    with pytest.raises(Forbidden):
        services.phone_log_add(
            by=technician_a.user, now=now, direction="in", phone="13800138000", subject="x"
        )
    with pytest.raises(Forbidden):
        services.letter_add(
            by=technician_a.user, now=now, direction="out", customer=customer_a, subject="x"
        )
