"""The periodic sweep: the coming weeks of every active schedule planned, and the branch
supervisor told once of each visit due and each overdue — run twice, nothing twice."""

import datetime as dt

from aftersales.core.models import AuditEntry
from aftersales.maintenance import services
from aftersales.maintenance.models import Frequency, Visit
from aftersales.maintenance.sweeps import sweep
from aftersales.notifications.models import Message
from aftersales.warranty.services import contract_cancel

from .conftest import NOW, at

D = dt.date


def _in_app(key: str):
    return Message.objects.filter(key=key, channel="in_app")


def test_it_plans_the_look_ahead_of_every_active_schedule_once(
    schedule_a, supervisor_a, unit_a, gas_checklist
):
    biweekly = services.schedule_create(
        by=supervisor_a,
        now=NOW,
        unit=unit_a,
        frequency=Frequency.BIWEEKLY,
        checklist=gas_checklist,
        starts_on=D(2026, 5, 12),
    )
    later = at(2026, 6, 20, 2)  # five weeks on: the next visits come into the window

    sweep(now=later)
    planned = Visit.objects.count()
    entries = AuditEntry.objects.count()
    messages = Message.objects.count()
    assert sweep(now=later) == 0  # the second run finds nothing to do
    assert (Visit.objects.count(), AuditEntry.objects.count(), Message.objects.count()) == (
        planned,
        entries,
        messages,
    )

    assert list(schedule_a.visits.values_list("planned_on", flat=True)) == [
        D(2026, 6, 5),
        D(2026, 7, 5),
    ]
    assert list(biweekly.visits.values_list("planned_on", flat=True)) == [
        D(2026, 5, 12),
        D(2026, 5, 26),
        D(2026, 6, 9),
        D(2026, 6, 23),
        D(2026, 7, 7),  # 21 July is past 20 June + 30 days
    ]
    july = schedule_a.visits.get(planned_on=D(2026, 7, 5))
    entry = AuditEntry.objects.for_object(july).get()
    assert (entry.action, entry.actor) == ("visit_plan", None)


def test_stopped_schedules_and_cancelled_contracts_are_not_planned(
    schedule_a, supervisor_a, contract_a
):
    contract_cancel(by=supervisor_a, contract=contract_a, reason="客户不再续约", now=NOW)
    sweep(now=at(2026, 8, 1, 2))
    assert list(schedule_a.visits.values_list("planned_on", flat=True)) == [D(2026, 6, 5)]


def test_the_supervisor_hears_once_of_a_visit_due_and_once_when_it_is_overdue(
    schedule_a, supervisor_a
):
    june = schedule_a.visits.get(planned_on=D(2026, 6, 5))
    due_key, overdue_key = (
        f"maintenance-visit-{june.pk}-due",
        f"maintenance-visit-{june.pk}-overdue",
    )

    sweep(now=at(2026, 6, 1, 2))  # four days ahead: not yet
    assert not _in_app(due_key).exists()

    sweep(now=at(2026, 6, 2, 2))  # three days ahead
    sweep(now=at(2026, 6, 3, 2))
    assert [m.recipient for m in _in_app(due_key)] == [supervisor_a]
    june.refresh_from_db()
    assert june.due_notice_at == at(2026, 6, 2, 2)

    sweep(now=at(2026, 6, 5, 23))  # on the day itself it is due, not overdue
    assert not _in_app(overdue_key).exists()
    sweep(now=at(2026, 6, 6, 2))
    sweep(now=at(2026, 6, 7, 2))
    assert _in_app(overdue_key).count() == 1
    entry = AuditEntry.objects.for_object(june).filter(action="visit_overdue_notice").get()
    assert entry.actor is None


def test_a_recorded_or_cancelled_visit_is_not_chased(schedule_a, supervisor_a, visit_a):
    services.visit_cancel(by=supervisor_a, now=NOW, visit=visit_a, reason="客户停业")
    sweep(now=NOW)
    assert not Message.objects.filter(key__contains=f"-{visit_a.pk}-").exists()


def test_the_count_tells_what_was_done(schedule_a, visit_a):
    # 5 May is overdue on the fixed clock's day; 5 June is already planned, not yet due.
    assert sweep(now=NOW) == 1
    assert sweep(now=NOW) == 0
