"""The deadlines of a job, decided from its facts alone (SPEC §6).

Which targets a job has and how long each is (`targets_for`), and when a target falls due once
the time on hold is taken out (`due_with_holds`). Pure functions: no clock, no database; the
calendar and the holds are given.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from aftersales.calendars.rules import (
    ALWAYS_OPEN,
    WorkingCalendar,
    add_working_hours,
    working_time_between,
)

REPLY, ARRIVAL, COMPLETION = "reply", "arrival", "completion"
TARGETS = (REPLY, ARRIVAL, COMPLETION)
SUBURBS = {"nearby", "remote"}

Hold = tuple[dt.datetime, dt.datetime | None]


@dataclass(frozen=True)
class Target:
    """One thing a job must meet in time: `hours` of working time (or of clock time when
    `around_the_clock`), by the rule named in `rule` (its label is shown on the job)."""

    name: str
    hours: Decimal
    around_the_clock: bool
    rule: str
    basis: dict[str, Any] = field(default_factory=dict)


def _hours(value: Any) -> Decimal:
    return Decimal(str(value))


def targets_for(
    *,
    kind: str,
    category: str,
    zone: str,
    contract_arrival_hours: Decimal | None,
    config: dict[str, Any],
) -> list[Target]:
    """The targets of a new job: reply, arrival and completion, each by its rule.

    Emergencies come first (2 hours, any day); then contract work (category B) by the customer's
    zone; then the city/suburb rule. Kinds of planned work have none.
    """
    if kind not in config["KINDS"]:
        return []
    reply = Target(
        REPLY, _hours(config["REPLY_HOURS"]), bool(config["REPLY_AROUND_THE_CLOCK"]), "reply"
    )
    if kind == "emergency":
        arrival = Target(ARRIVAL, _hours(config["EMERGENCY_ARRIVAL_HOURS"]), True, "emergency")
        completion = Target(
            COMPLETION, _hours(config["EMERGENCY_COMPLETION_HOURS"]), True, "emergency"
        )
        return [reply, arrival, completion]
    completion = Target(COMPLETION, _hours(config["COMPLETION_HOURS"]), False, "completion")
    by_zone = config["CONTRACT_ARRIVAL_HOURS"]
    if category == "B" and (zone in by_zone or contract_arrival_hours is not None):
        # A contract's own time wins for the zones the table leaves to the contract ("farther").
        hours = by_zone.get(zone) if zone in by_zone else contract_arrival_hours
        arrival = Target(
            ARRIVAL,
            _hours(hours),
            bool(config["CONTRACT_AROUND_THE_CLOCK"]),
            "contract_zone" if zone in by_zone else "contract",
            {"zone": zone},
        )
    elif zone in SUBURBS:
        arrival = Target(ARRIVAL, _hours(config["ARRIVAL_SUBURB_HOURS"]), False, "suburb")
    else:
        arrival = Target(ARRIVAL, _hours(config["ARRIVAL_CITY_HOURS"]), False, "city")
    return [reply, arrival, completion]


def merge_holds(holds: Iterable[Hold]) -> list[Hold]:
    """Holds in order, overlapping ones joined, so that time on hold counts once however the holds
    were recorded. An open hold (no end) swallows everything after its start."""
    merged: list[list[dt.datetime | None]] = []
    for start, end in sorted(holds, key=lambda h: h[0]):
        if end is not None and end <= start:
            continue
        if merged and (merged[-1][1] is None or start <= merged[-1][1]):
            last_end = merged[-1][1]
            merged[-1][1] = None if last_end is None or end is None else max(last_end, end)
        else:
            merged.append([start, end])
    return [(s, e) for s, e in merged]  # type: ignore[misc]


@dataclass(frozen=True)
class Clock:
    """Where a target stands: its due moment (None while on hold) and, on hold, the time that
    was left when the hold began."""

    due: dt.datetime | None
    left_on_hold: dt.timedelta | None = None


def due_with_holds(
    cal: WorkingCalendar, start: dt.datetime, hours: Decimal, holds: Iterable[Hold]
) -> Clock:
    """When `hours` of the calendar's time after `start` run out, the holds taken out.

    The clock runs from `start` (a call at night starts counting at the next working moment, by
    the calendar); it stops at each hold and goes on at its end. A hold that begins after the
    time has run out changes nothing: the target was missed before it.
    """
    remaining = dt.timedelta(seconds=float(hours * 3600))
    at = start
    for hold_start, hold_end in merge_holds(holds):
        if hold_end is not None and hold_end <= at:
            continue
        if hold_start > at:
            available = working_time_between(cal, at, hold_start)
            if remaining <= available:
                return Clock(add_working_hours(cal, at, remaining))
            remaining -= available
        if hold_end is None:
            return Clock(None, remaining)
        at = max(at, hold_end)
    return Clock(add_working_hours(cal, at, remaining))


def calendar_of(target_around_the_clock: bool, branch_calendar: WorkingCalendar) -> WorkingCalendar:
    return ALWAYS_OPEN if target_around_the_clock else branch_calendar


def time_left(cal: WorkingCalendar, now: dt.datetime, due: dt.datetime) -> dt.timedelta:
    """The calendar's time from `now` to `due`: negative when the target is late; for a target
    met at `now`, how early (positive) or late (negative) it was met."""
    return working_time_between(cal, now, due)
