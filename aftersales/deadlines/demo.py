"""Demo deadlines: every demo job's targets, as the services would have stored them at its call,
met when the job's history says (reply by the appointment or the arrival, arrival, completion),
the late ones recorded as missed; and a few jobs on hold, waiting for the customer or parts.

The core demo writes its history in bulk, past the services, so the clocks are worked out here
from the same rules. Call after the core demo:

    from aftersales.deadlines import demo
    demo.seed(random.Random(1), timezone.now())
"""

import datetime as dt
import random

from aftersales.accounts.models import Role, User
from aftersales.calendars.rules import ALWAYS_OPEN, working_time_between
from aftersales.calendars.selectors import calendar_for
from aftersales.core.models import AuditEntry
from aftersales.workorders.models import OPEN_STATES, State, WorkOrder

from . import clocks, rules
from .conf import deadline_settings
from .models import Deadline, Hold

HOLD_NOTES = {
    Hold.Reason.CUSTOMER: [
        "客户出差，下周一回来后再约",
        "客户家中无人，约定周末电话确认",
        "物业要求办理施工手续",
    ],
    Hold.Reason.PARTS: ["等厂家寄压缩机，预计三天到货", "主板缺货，已向总部调拨", "等厂家寄遥控器"],
}


def _met_at(order: WorkOrder, target: str) -> dt.datetime | None:
    if target == rules.REPLY:
        if order.appointment_start and order.dispatched_at:
            return order.dispatched_at + dt.timedelta(minutes=20)
        return order.arrived_at or order.completed_at
    if target == rules.ARRIVAL:
        return order.arrived_at or order.completed_at
    return order.completed_at


def seed(rng: random.Random, now: dt.datetime) -> dict[str, int]:
    orders = list(
        WorkOrder.objects.filter(kind__in=deadline_settings()["KINDS"], deadlines__isnull=True)
        .select_related("branch", "customer", "call")
        .order_by("pk")
    )
    calendars = {}
    deadlines: list[Deadline] = []
    missed_open: list[Deadline] = []
    for order in orders:
        if order.branch_id not in calendars:
            calendars[order.branch_id] = calendar_for(order.branch)
        call_at = order.call.received_at if order.call_id else order.created_at
        branch_calendar = calendars[order.branch_id]
        for deadline in clocks.new_deadlines(
            order, call_at=call_at, contract_arrival_hours=None, branch_calendar=branch_calendar
        ):
            cal = ALWAYS_OPEN if deadline.around_the_clock else branch_calendar
            due = deadline.due_at
            met = _met_at(order, deadline.target)
            if order.state == State.CANCELLED:
                deadline.status = Deadline.Status.CANCELLED
            elif met is not None and met <= now:
                deadline.status, deadline.met_at = Deadline.Status.MET, met
                deadline.margin = working_time_between(cal, met, due)
                if deadline.margin < dt.timedelta(0):
                    deadline.breached_at, deadline.breach_recorded_at = due, met
            elif working_time_between(cal, due, now) > dt.timedelta(0):
                # The sweep saw it within its minute.
                deadline.breached_at = due
                deadline.breach_recorded_at = due + dt.timedelta(minutes=1)
                if order.state in OPEN_STATES:
                    missed_open.append(deadline)
            deadlines.append(deadline)
    Deadline.objects.bulk_create(deadlines, batch_size=1000)
    _record_misses(missed_open)
    holds = _holds(rng, now)
    return {"deadlines": len(deadlines), "holds": holds}


def _record_misses(deadlines: list[Deadline]) -> None:
    """The audit entries the sweep leaves, for the open jobs' misses."""
    from aftersales.core.demo import historical_timestamps

    entries = []
    for deadline in deadlines:
        entry = AuditEntry(
            content_type_id=_order_type(),
            object_id=str(deadline.order_id),
            object_repr=str(deadline.order)[:200],
            action="deadline_missed",
            changes={
                "deadline": [None, deadline.target],
                "due_at": [None, deadline.due_at.isoformat()],
            },
            note=deadline.rule_text,
            at=deadline.breach_recorded_at,
        )
        entries.append(entry)
    with historical_timestamps():
        AuditEntry.objects.bulk_create(entries, batch_size=1000)


def _order_type() -> int:
    from django.contrib.contenttypes.models import ContentType

    return ContentType.objects.get_for_model(WorkOrder).pk


def _holds(rng: random.Random, now: dt.datetime) -> int:
    """A few open jobs wait for the customer or for parts, through the real clocks."""
    waiting = list(
        WorkOrder.objects.filter(state__in=(State.DISPATCHED, State.SCHEDULED, State.CARRIED_BACK))
        .filter(deadlines__status=Deadline.Status.RUNNING)
        .distinct()
        .order_by("pk")[:200]
    )
    dispatchers = {u.branch_id: u for u in User.objects.filter(role=Role.DISPATCHER).order_by("pk")}
    made = 0
    for order in rng.sample(waiting, min(8, len(waiting))):
        by = dispatchers.get(order.branch_id)
        if by is None:
            continue
        reason = Hold.Reason.PARTS if order.state == State.CARRIED_BACK else Hold.Reason.CUSTOMER
        started = max(order.updated_at, now - dt.timedelta(hours=rng.uniform(2, 30)))
        Hold.objects.create(
            order=order,
            reason=reason,
            note=rng.choice(HOLD_NOTES[reason]),
            started_at=started,
            started_by=by,
        )
        clocks.refresh(order)
        made += 1
    return made
