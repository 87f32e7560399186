"""The clocks of a job, moved by what happens to it (SPEC §6).

Called from the work-order services inside their transaction, with the order locked: a new job
starts its clocks; agreeing an appointment answers the customer; arriving meets the arrival;
finishing meets completion; cancelling stops them; an approved extension moves completion; a
hold stops the clocks its reason names. A breach is recorded once, by `record_breach`, whoever
gets there first: the work-order service that meets a target late, or the sweep.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from decimal import Decimal

from django.db import transaction
from django.db.models import Q

from aftersales.calendars.rules import ALWAYS_OPEN, WorkingCalendar, working_time_between
from aftersales.calendars.selectors import calendar_for
from aftersales.core import audit
from aftersales.workorders.models import WorkOrder

from . import rules
from .conf import deadline_settings
from .models import Deadline, Hold
from .selectors import BranchCalendars

T = Deadline.Target
OPEN = (Deadline.Status.RUNNING, Deadline.Status.PAUSED)


def _calendar(deadline: Deadline, branch_calendar: WorkingCalendar) -> WorkingCalendar:
    return ALWAYS_OPEN if deadline.around_the_clock else branch_calendar


def _holds_for(target: str, holds: Iterable[Hold]) -> list[rules.Hold]:
    pauses = deadline_settings()["HOLD_PAUSES"]
    return [(h.started_at, h.ended_at) for h in holds if target in pauses.get(h.reason, ())]


def start_clocks(order: WorkOrder, *, call_at: dt.datetime) -> list[Deadline]:
    """The job's targets, by its kind, category and the customer's zone, counted from the call."""
    from aftersales.warranty.selectors import contract_covering

    contract = None
    if order.category == "B" and order.unit_id:
        contract = contract_covering(order.unit, call_at.date())
    deadlines = new_deadlines(
        order,
        call_at=call_at,
        contract_arrival_hours=getattr(contract, "arrival_hours", None),
        branch_calendar=None,
    )
    return Deadline.objects.bulk_create(deadlines)


def new_deadlines(
    order: WorkOrder,
    *,
    call_at: dt.datetime,
    contract_arrival_hours,
    branch_calendar: WorkingCalendar | None,
) -> list[Deadline]:
    """The job's targets, unsaved, each due by its rule from the call (no holds yet)."""
    targets = rules.targets_for(
        kind=order.kind,
        category=order.category,
        zone=order.customer.zone,
        contract_arrival_hours=contract_arrival_hours,
        config=deadline_settings(),
    )
    if targets and branch_calendar is None:
        branch_calendar = calendar_for(order.branch)
    deadlines = []
    for target in targets:
        cal = ALWAYS_OPEN if target.around_the_clock else branch_calendar
        deadlines.append(
            Deadline(
                order=order,
                target=target.name,
                rule=target.rule,
                hours=target.hours,
                around_the_clock=target.around_the_clock,
                started_at=call_at,
                due_at=rules.due_with_holds(cal, call_at, target.hours, []).due,
            )
        )
    return deadlines


def refresh(order: WorkOrder) -> None:
    """Work out again when each open target falls due, with the job's holds taken out."""
    holds = list(order.holds.all())
    branch_calendar = calendar_for(order.branch)
    for deadline in order.deadlines.filter(status__in=OPEN):
        clock = rules.due_with_holds(
            _calendar(deadline, branch_calendar),
            deadline.started_at,
            deadline.hours,
            _holds_for(deadline.target, holds),
        )
        status = Deadline.Status.PAUSED if clock.due is None else Deadline.Status.RUNNING
        if (deadline.due_at, deadline.left_on_hold, deadline.status) != (
            clock.due,
            clock.left_on_hold,
            status,
        ):
            deadline.due_at, deadline.left_on_hold = clock.due, clock.left_on_hold
            deadline.status = status
            deadline.save(update_fields=["due_at", "left_on_hold", "status"])


def meet(order: WorkOrder, targets: Iterable[str], *, at: dt.datetime) -> list[Deadline]:
    """The targets are met at `at`: how early or late is kept, and a late one is a breach."""
    branch_calendar = calendar_for(order.branch)
    met = []
    for deadline in order.deadlines.filter(target__in=list(targets), status__in=OPEN):
        if deadline.due_at is None:
            deadline.margin = deadline.left_on_hold  # met while on hold: what was left is spare
        else:
            deadline.margin = working_time_between(
                _calendar(deadline, branch_calendar), at, deadline.due_at
            )
        deadline.status, deadline.met_at = Deadline.Status.MET, at
        deadline.save(update_fields=["status", "met_at", "margin"])
        if deadline.margin < dt.timedelta(0):
            record_breach(deadline.pk, now=at)
        met.append(deadline)
    return met


def stop(order: WorkOrder, *, at: dt.datetime) -> None:
    """A cancelled job owes nothing more; its open hold ends with it."""
    order.deadlines.filter(status__in=OPEN).update(status=Deadline.Status.CANCELLED)
    order.holds.filter(ended_at__isnull=True).update(ended_at=at)


def end_open_hold(order: WorkOrder, *, at: dt.datetime, by) -> None:
    """Finishing the job ends the wait it was on."""
    order.holds.filter(ended_at__isnull=True).update(ended_at=at, ended_by=by)


def extend_completion(order: WorkOrder, *, until: dt.datetime) -> None:
    """An approved extension (004 (十四)) gives the job until `until`: the hours given grow by the
    working time from the old due moment to the new one, so later holds still count."""
    deadline = order.deadlines.filter(target=T.COMPLETION, status__in=OPEN).first()
    if deadline is None or deadline.due_at is None or until <= deadline.due_at:
        return
    cal = _calendar(deadline, calendar_for(order.branch))
    extra = working_time_between(cal, deadline.due_at, until)
    deadline.hours += round(Decimal(extra.total_seconds()) / 3600, 2)
    deadline.save(update_fields=["hours"])
    refresh(order)


@transaction.atomic
def record_breach(
    deadline_id: int, *, now: dt.datetime, calendars: BranchCalendars | None = None
) -> bool:
    """Record that the target was missed — once. The conditional update lets one caller win when
    the sweep runs twice, or on two workers, or meets a job that is being completed late.

    Missed means more of the target's own time has gone by than it was given: a working-hours
    target due at 18:00 is not missed by an arrival at 19:00 (不得逾上班時間內六小時, 004 (十九)),
    only once the next working period has begun."""
    found = Deadline.objects.select_related("order__branch").filter(pk=deadline_id).first()
    if found is None or found.due_at is None:
        return False
    if found.status == Deadline.Status.MET:
        late = found.margin is not None and found.margin < dt.timedelta(0)
    else:
        cal = (calendars or BranchCalendars()).of(found, found.order.branch)
        late = working_time_between(cal, found.due_at, now) > dt.timedelta(0)
    if not late:
        return False
    claimed = Deadline.objects.filter(
        Q(status=Deadline.Status.RUNNING) | Q(status=Deadline.Status.MET),
        pk=deadline_id,
        breach_recorded_at__isnull=True,
        due_at=found.due_at,
    ).update(breach_recorded_at=now)
    if claimed != 1:
        return False
    deadline = Deadline.objects.select_related("order__branch", "order__technician__user").get(
        pk=deadline_id
    )
    Deadline.objects.filter(pk=deadline_id).update(breached_at=deadline.due_at)
    deadline.breached_at = deadline.due_at
    audit.record(
        deadline.order,
        by=None,
        action="deadline_missed",
        changes={
            "deadline": [None, deadline.target],
            "due_at": [None, deadline.due_at.isoformat()],
        },
        note=deadline.rule_text,
    )
    from .notices import tell_breach

    tell_breach(deadline, now=now)
    return True
