"""Reads of deadlines: the first one a job will miss, for sorting the board, and each target of
a job with the time it has left, in its own time (working hours or clock hours)."""

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import F, OuterRef, QuerySet, Subquery

from aftersales.calendars.rules import ALWAYS_OPEN, WorkingCalendar, working_time_between
from aftersales.calendars.selectors import calendar_for
from aftersales.workorders.models import WorkOrder

from .models import Deadline, Hold


def with_first_due(qs: QuerySet[WorkOrder]) -> QuerySet[WorkOrder]:
    """Each job with the moment its first running target falls due (`first_due`)."""
    first = (
        Deadline.objects.filter(order=OuterRef("pk"), status=Deadline.Status.RUNNING)
        .order_by("due_at")
        .values("due_at")[:1]
    )
    return qs.annotate(first_due=Subquery(first))


def by_first_due(qs: QuerySet[WorkOrder]) -> QuerySet[WorkOrder]:
    """What breaches first comes first; jobs without a clock last, oldest first."""
    return with_first_due(qs).order_by(F("first_due").asc(nulls_last=True), "created_at", "id")


@dataclass(frozen=True)
class Clock:
    """A target as the user sees it: `left` is the time left now (negative: late) while it runs;
    for a target on hold, the time that was left; for a met one, its margin."""

    deadline: Deadline
    left: dt.timedelta | None

    @property
    def late(self) -> bool:
        return self.left is not None and self.left < dt.timedelta(0)


class BranchCalendars:
    """Branch calendars read once per branch, for a page of jobs or a sweep."""

    def __init__(self) -> None:
        self._by_branch: dict[int, WorkingCalendar] = {}

    def of(self, deadline: Deadline, branch) -> WorkingCalendar:
        if deadline.around_the_clock:
            return ALWAYS_OPEN
        if branch.pk not in self._by_branch:
            self._by_branch[branch.pk] = calendar_for(branch)
        return self._by_branch[branch.pk]


def _clock(
    deadline: Deadline, order: WorkOrder, now: dt.datetime, calendars: BranchCalendars
) -> Clock:
    if deadline.status == Deadline.Status.RUNNING and deadline.due_at is not None:
        return Clock(
            deadline,
            working_time_between(calendars.of(deadline, order.branch), now, deadline.due_at),
        )
    if deadline.status == Deadline.Status.PAUSED:
        return Clock(deadline, deadline.left_on_hold)
    if deadline.status == Deadline.Status.MET:
        return Clock(deadline, deadline.margin)
    return Clock(deadline, None)


def clocks_of_orders(orders: Iterable[WorkOrder], *, now: dt.datetime) -> dict[int, list[Clock]]:
    """Every target of these jobs, in one query, in the order they fall due."""
    orders = {o.pk: o for o in orders}
    calendars = BranchCalendars()
    found: dict[int, list[Clock]] = {pk: [] for pk in orders}
    deadlines = Deadline.objects.filter(order_id__in=list(orders)).order_by(
        F("due_at").asc(nulls_last=True), "id"
    )
    for deadline in deadlines:
        order = orders[deadline.order_id]
        found[order.pk].append(_clock(deadline, order, now, calendars))
    return found


def next_clock(clocks: list[Clock]) -> Clock | None:
    """The running target that falls due first."""
    running = [c for c in clocks if c.deadline.status == Deadline.Status.RUNNING]
    return running[0] if running else None


def holds_of(order: WorkOrder) -> QuerySet[Hold]:
    return order.holds.select_related("started_by", "ended_by")
