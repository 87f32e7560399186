"""The clocks of real jobs, moved by the work-order services, with a fixed clock (Monday
2 March 2026, 09:00): targets stored at the call, met or missed by how much, holds, breaches."""

import datetime as dt

import pytest
from django.utils import translation

from aftersales.core.exceptions import DomainError
from aftersales.core.models import AuditEntry
from aftersales.customers.models import Zone
from aftersales.deadlines import services
from aftersales.deadlines.models import Deadline, Hold
from aftersales.deadlines.sweeps import sweep
from aftersales.workorders import services as orders
from aftersales.workorders.models import Kind, Request

from .conftest import at

T = Deadline.Target
S = Deadline.Status


def deadline(order, target) -> Deadline:
    return Deadline.objects.get(order=order, target=target)


def missed_entries(order) -> int:
    return AuditEntry.objects.for_object(order).filter(action="deadline_missed").count()


def test_a_new_job_stores_its_targets_when_the_call_comes_in(flow, now):
    order = flow.new_order()
    stored = {d.target: d for d in order.deadlines.all()}
    assert set(stored) == {T.REPLY, T.ARRIVAL, T.COMPLETION}
    assert all(d.started_at == now and d.status == S.RUNNING for d in stored.values())
    assert stored[T.REPLY].due_at == at("2026-03-03", "09:00")  # 24 h, around the clock
    assert stored[T.ARRIVAL].due_at == at("2026-03-02", "16:30")  # 6 working hours, city
    # 24 working hours: 7.5 on Monday, 8 on Tuesday and Wednesday, 0.5 on Thursday.
    assert stored[T.COMPLETION].due_at == at("2026-03-05", "09:00")
    with translation.override("en"):
        assert stored[T.ARRIVAL].rule_text == "within 6 working hours of the call, city"
    with translation.override("zh-hans"):
        assert stored[T.ARRIVAL].rule_text == "来电后 6 个工作小时内（市区）"


def test_a_suburb_job_gets_7_working_hours(flow, customer_a):
    customer_a.zone = Zone.NEARBY
    customer_a.save()
    assert deadline(flow.new_order(), T.ARRIVAL).due_at == at("2026-03-02", "17:30")


def test_an_emergency_at_night_is_due_2_hours_later(flow, customer_a, agent_a):
    night = at("2026-03-01", "23:00")  # a Sunday
    order = orders.work_order_create(
        by=agent_a, customer=customer_a, symptom="燃气泄漏报警", now=night, kind=Kind.EMERGENCY
    )
    assert deadline(order, T.ARRIVAL).due_at == at("2026-03-02", "01:00")


def test_planned_maintenance_has_no_clock(flow, customer_a, agent_a, now):
    order = orders.work_order_create(
        by=agent_a, customer=customer_a, symptom="春季保养", now=now, kind=Kind.MAINTENANCE
    )
    assert not order.deadlines.exists()


def test_agreeing_an_appointment_answers_the_customer(flow, now):
    order = flow.reach("scheduled")
    reply = deadline(order, T.REPLY)
    assert (reply.status, reply.met_at, reply.margin) == (S.MET, now, dt.timedelta(hours=24))
    assert deadline(order, T.ARRIVAL).status == S.RUNNING


def test_arriving_in_time_meets_the_target_with_the_time_to_spare(flow, now):
    order = flow.reach("scheduled")
    orders.work_order_arrive(order=order, by=order.technician.user, now=at("2026-03-02", "15:00"))
    arrival = deadline(order, T.ARRIVAL)
    assert (arrival.status, arrival.margin, arrival.breached_at) == (
        S.MET,
        dt.timedelta(hours=1, minutes=30),
        None,
    )
    assert missed_entries(order) == 0


def test_arriving_late_records_the_miss_once_with_how_late(flow):
    order = flow.reach("scheduled")
    late = at("2026-03-03", "10:00")
    orders.work_order_arrive(order=order, by=order.technician.user, now=late)
    arrival = deadline(order, T.ARRIVAL)
    # Late by 16:30–18:00 on Monday and 08:30–10:00 on Tuesday: three working hours.
    assert arrival.margin == -dt.timedelta(hours=3)
    assert (arrival.breached_at, arrival.breach_recorded_at) == (at("2026-03-02", "16:30"), late)
    assert missed_entries(order) == 1
    assert sweep(now=at("2026-03-03", "11:00")) == 0
    assert missed_entries(order) == 1


def test_completing_meets_completion_and_ends_the_wait(flow, now, dispatcher_a):
    order = flow.reach("on_site")
    services.order_hold(order=order, by=dispatcher_a, reason="parts", note="等压缩机", now=now)
    flow.do("complete", order)
    assert deadline(order, T.COMPLETION).status == S.MET
    assert Hold.objects.get(order=order).ended_at == now


def test_cancelling_stops_every_clock(flow):
    order = flow.reach("cancelled")
    assert set(order.deadlines.values_list("status", flat=True)) == {S.CANCELLED}
    assert sweep(now=at("2026-03-09", "09:00")) == 0
    assert missed_entries(order) == 0


def test_a_hold_for_the_customer_stops_arrival_and_completion_but_not_the_reply(flow, dispatcher_a):
    order = flow.new_order()
    hold = services.order_hold(
        order=order,
        by=dispatcher_a,
        reason="customer",
        note="客户出差，周二回",
        now=at("2026-03-02", "10:00"),
    )
    arrival = deadline(order, T.ARRIVAL)
    assert (arrival.status, arrival.due_at, arrival.left_on_hold) == (
        S.PAUSED,
        None,
        dt.timedelta(hours=5),
    )
    assert deadline(order, T.REPLY).status == S.RUNNING
    services.order_resume(order=order, by=dispatcher_a, now=at("2026-03-02", "14:00"))
    # 1 h before the hold; 5 h from 14:00: 4 h that afternoon and one on Tuesday morning.
    arrival.refresh_from_db()
    assert (arrival.status, arrival.due_at) == (S.RUNNING, at("2026-03-03", "09:30"))
    assert deadline(order, T.REPLY).due_at == at("2026-03-03", "09:00")
    hold.refresh_from_db()
    assert hold.ended_at == at("2026-03-02", "14:00")
    actions = list(AuditEntry.objects.for_object(order).values_list("action", flat=True))
    assert actions.count("hold") == 1 and actions.count("resume") == 1


def test_waiting_for_parts_stops_only_completion(flow, dispatcher_a):
    order = flow.new_order()
    services.order_hold(
        order=order, by=dispatcher_a, reason="parts", note="等主板", now=at("2026-03-02", "10:00")
    )
    assert deadline(order, T.ARRIVAL).status == S.RUNNING
    assert deadline(order, T.COMPLETION).status == S.PAUSED


def test_time_on_hold_is_taken_out_once_however_often_the_job_is_paused(flow, dispatcher_a):
    order = flow.new_order()
    for start, end in [("09:30", "10:30"), ("10:30", "11:00"), ("14:00", "14:30")]:
        services.order_hold(
            order=order,
            by=dispatcher_a,
            reason="customer",
            note="联系不上",
            now=at("2026-03-02", start),
        )
        services.order_resume(order=order, by=dispatcher_a, now=at("2026-03-02", end))
    # Two working hours held in all: 16:30 becomes 18:00 and half an hour on Tuesday.
    assert deadline(order, T.ARRIVAL).due_at == at("2026-03-03", "09:00")
    # Working out the clocks again changes nothing.
    services.clocks.refresh(order)
    assert deadline(order, T.ARRIVAL).due_at == at("2026-03-03", "09:00")


def test_a_second_hold_and_a_resume_without_one_are_refused(flow, dispatcher_a, now):
    order = flow.new_order()
    services.order_hold(order=order, by=dispatcher_a, reason="customer", note="客户不在", now=now)
    with pytest.raises(DomainError) as refused:
        services.order_hold(order=order, by=dispatcher_a, reason="parts", note="等配件", now=now)
    assert refused.value.code == "on_hold"
    services.order_resume(order=order, by=dispatcher_a, now=now + dt.timedelta(hours=1))
    with pytest.raises(DomainError) as refused:
        services.order_resume(order=order, by=dispatcher_a, now=now + dt.timedelta(hours=2))
    assert refused.value.code == "not_on_hold"
    assert Hold.objects.filter(order=order).count() == 1


def test_a_hold_needs_a_reason_and_an_open_job(flow, dispatcher_a, now):
    order = flow.new_order()
    with pytest.raises(DomainError):
        services.order_hold(order=order, by=dispatcher_a, reason="weather", note="下雨", now=now)
    with pytest.raises(DomainError):
        services.order_hold(order=order, by=dispatcher_a, reason="customer", note=" ", now=now)
    done = flow.reach("completed")
    with pytest.raises(DomainError):
        services.order_hold(order=done, by=dispatcher_a, reason="customer", note="回访", now=now)
    assert not Hold.objects.exists()


def test_an_approved_extension_moves_completion_to_the_new_time(flow, supervisor_a):
    order = flow.reach("on_site")
    until = at("2026-03-09", "17:00")
    request = flow.do(
        "request", order, kind=Request.Kind.EXTENSION, reason="等厂家配件", until=until
    )
    orders.work_order_decide_request(
        request=request, by=supervisor_a, approve=True, now=at("2026-03-02", "12:00")
    )
    assert deadline(order, T.COMPLETION).due_at == until


def test_the_sweep_records_a_miss_once_however_often_it_runs(flow):
    order = flow.new_order()
    assert sweep(now=at("2026-03-02", "16:00")) >= 1  # the arrival is due within the hour
    assert missed_entries(order) == 0
    later = at("2026-03-02", "17:00")
    sweep(now=later)
    sweep(now=later + dt.timedelta(minutes=5))
    arrival = deadline(order, T.ARRIVAL)
    assert (arrival.breached_at, arrival.breach_recorded_at) == (at("2026-03-02", "16:30"), later)
    assert arrival.status == S.RUNNING  # still owed, and shown as missed
    assert missed_entries(order) == 1
    # The branch's dispatcher and supervisor are told once, in Chinese, whatever the request's
    # language.
    from aftersales.notifications.models import Message

    told = Message.objects.filter(key=f"deadline-missed-{arrival.pk}", channel="in_app")
    assert {m.recipient.role for m in told} >= {"dispatcher", "supervisor"}
    assert told.count() == told.values("recipient").distinct().count()
    assert all("到达现场已超时" in m.subject and order.number in m.body for m in told)


def test_the_sweep_warns_once_before_a_target_falls_due(flow):
    order = flow.new_order()
    assert sweep(now=at("2026-03-02", "15:00")) == 0
    assert sweep(now=at("2026-03-02", "15:45")) == 1
    assert sweep(now=at("2026-03-02", "15:50")) == 0
    assert deadline(order, T.ARRIVAL).warned_at == at("2026-03-02", "15:45")


def test_a_job_met_early_is_never_recorded_as_missed(flow):
    order = flow.reach("on_site")
    sweep(now=at("2026-03-10", "09:00"))
    assert deadline(order, T.ARRIVAL).breached_at is None
    # Only the job itself, still not done a week later, is missed.
    entries = AuditEntry.objects.for_object(order).filter(action="deadline_missed")
    assert [e.changes["deadline"][1] for e in entries] == [T.COMPLETION]


def test_an_evening_arrival_after_a_deadline_at_18_00_is_not_late(flow):
    # 6 working hours from Monday 12:00 (lunch) run out at 18:00; 19:00 uses no more of them.
    order = flow.reach("scheduled")
    Deadline.objects.filter(order=order, target=T.ARRIVAL).update(due_at=at("2026-03-02", "18:00"))
    assert sweep(now=at("2026-03-02", "19:00")) == 0
    orders.work_order_arrive(order=order, by=order.technician.user, now=at("2026-03-02", "19:00"))
    arrival = deadline(order, T.ARRIVAL)
    assert (arrival.margin, arrival.breached_at) == (dt.timedelta(0), None)
    assert missed_entries(order) == 0


def test_a_target_due_at_18_00_is_missed_once_the_next_morning_begins(flow):
    order = flow.new_order()
    Deadline.objects.filter(order=order, target=T.ARRIVAL).update(due_at=at("2026-03-02", "18:00"))
    sweep(now=at("2026-03-02", "23:00"))
    sweep(now=at("2026-03-03", "08:30"))
    assert deadline(order, T.ARRIVAL).breached_at is None
    sweep(now=at("2026-03-03", "08:31"))
    assert deadline(order, T.ARRIVAL).breached_at == at("2026-03-02", "18:00")
    assert missed_entries(order) == 1


def test_a_call_on_new_years_eve_still_gets_its_deadlines_in_a_year_not_yet_announced(
    flow, customer_a, agent_a
):
    # chinesecalendar knows no 2027 yet: until it does, Monday to Friday count (the default).
    eve = at("2026-12-31", "16:00")  # a Thursday
    order = orders.work_order_create(by=agent_a, customer=customer_a, symptom="不制热", now=eve)
    # Two hours that day, four on Friday 1 January 2027 (a weekday, until the year is entered).
    assert deadline(order, T.ARRIVAL).due_at == at("2027-01-01", "14:00")
