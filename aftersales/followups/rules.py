"""When each follow-up falls due, decided from the facts alone (SPEC §6, §7).

Pure functions: no clock, no database. The times come from `conf` (DEFAULTS unless a config is
given), the moments they count from are passed in.
"""

from __future__ import annotations

import calendar
import datetime as dt
from typing import Any

from .conf import CALL_BACK_24H, DEFAULTS, TWO_CALLS

FIRST_CALL = "first_call"
SECOND_CALL = "second_call"
CALL_BACK = "call_back"
PERIODIC_VISIT = "periodic_visit"

Window = tuple[dt.datetime, dt.datetime]


def _config(config: dict[str, Any] | None) -> dict[str, Any]:
    return {**DEFAULTS, **(config or {})}


def plan_after_completion(
    policy: str, completed_at: dt.datetime, config: dict[str, Any] | None = None
) -> list[tuple[str, dt.datetime, dt.datetime]]:
    """The tasks a finished job gets, as (kind, due from, due by).

    Two calls (000 篇3 (三)4–5): the first between 3 days and a week after completion; the second
    is planned only once the first is made (`second_call_window`). The call centre's policy
    (002 B): one call-back within 24 hours of completion, for every job.
    """
    if completed_at.tzinfo is None:
        raise ValueError("completed_at must be an aware datetime")
    c = _config(config)
    if policy == TWO_CALLS:
        return [
            (
                FIRST_CALL,
                completed_at + dt.timedelta(days=c["FIRST_CALL_FROM_DAYS"]),
                completed_at + dt.timedelta(days=c["FIRST_CALL_BY_DAYS"]),
            )
        ]
    if policy == CALL_BACK_24H:
        return [(CALL_BACK, completed_at, completed_at + dt.timedelta(hours=c["CALL_BACK_HOURS"]))]
    raise ValueError(f"unknown follow-up policy {policy!r}")


def second_call_window(first_call_at: dt.datetime, config: dict[str, Any] | None = None) -> Window:
    """The second call counts from the moment the first one was made (000 篇3 (三)5)."""
    if first_call_at.tzinfo is None:
        raise ValueError("first_call_at must be an aware datetime")
    c = _config(config)
    return (
        first_call_at + dt.timedelta(days=c["SECOND_CALL_FROM_DAYS"]),
        first_call_at + dt.timedelta(days=c["SECOND_CALL_BY_DAYS"]),
    )


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day `months` later; the 31st becomes the month's last day when it has none."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def visit_months(tier: str, config: dict[str, Any] | None = None) -> int | None:
    """How often a customer of the tier is visited, or None when the tier is not visited."""
    months = _config(config)["VISIT_MONTHS"].get(tier)
    return int(months) if months else None


def next_periodic_visit(
    tier: str, last_visit_or_since: dt.date | None, config: dict[str, Any] | None = None
) -> dt.date | None:
    """When the customer's next periodic visit falls due: a key customer every 6 months, a
    long-term customer every year (000 篇2 4(6)), counted from the last visit or, before the
    first, from the day he became a customer. None for a tier without visits."""
    months = visit_months(tier, config)
    if months is None or last_visit_or_since is None:
        return None
    return add_months(last_visit_or_since, months)


def visit_due(
    tier: str,
    *,
    last_visit: dt.date | None,
    since: dt.date,
    today: dt.date,
    config: dict[str, Any] | None = None,
) -> dt.date | None:
    """The due day of the customer's next periodic visit: counted from his last visit, late if
    that is long ago; before any visit is on record, from the day he became a customer, but not
    before today — the system does not know of visits made before it, so the first is owed now,
    not years ago."""
    if last_visit is not None:
        return next_periodic_visit(tier, last_visit, config)
    due = next_periodic_visit(tier, since, config)
    return None if due is None else max(due, today)


def visit_window(due: dt.date, tz: dt.tzinfo, config: dict[str, Any] | None = None) -> Window:
    """A periodic visit is on the worklist from `VISIT_LOOKAHEAD_DAYS` before its day until the
    end of that day, in the company's zone."""
    c = _config(config)
    start = dt.datetime.combine(due - dt.timedelta(days=c["VISIT_LOOKAHEAD_DAYS"]), dt.time(), tz)
    return start, dt.datetime.combine(due, dt.time(23, 59, 59), tz)


def visit_falls_in_lookahead(
    due: dt.date, today: dt.date, config: dict[str, Any] | None = None
) -> bool:
    """Whether a visit due on `due` is put on the worklist today (past days included)."""
    return due <= today + dt.timedelta(days=_config(config)["VISIT_LOOKAHEAD_DAYS"])


def question_due(raised_at: dt.datetime, config: dict[str, Any] | None = None) -> dt.datetime:
    """A question the agent could not answer is answered within 2 days (000 篇3 (三)4)."""
    return raised_at + dt.timedelta(days=_config(config)["QUESTION_ANSWER_DAYS"])


def told_late(answered_at: dt.datetime | None, told_at: dt.datetime | None, tz: dt.tzinfo) -> bool:
    """The customer hears the answer the day it is found (000 篇3 (三)4): a later day is late."""
    if answered_at is None or told_at is None:
        return False
    return told_at.astimezone(tz).date() > answered_at.astimezone(tz).date()


def gives_up(attempts: int, config: dict[str, Any] | None = None) -> bool:
    """After MAX_ATTEMPTS calls without reaching the customer, the task is unreachable."""
    return attempts >= int(_config(config)["MAX_ATTEMPTS"])
