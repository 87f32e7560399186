from ninja import Schema

from aftersales.core.schemas import LocalTime


class DeadlineOut(Schema):
    target: str
    rule: str
    rule_text: str
    hours: float
    around_the_clock: bool
    started_at: LocalTime
    status: str
    due_at: LocalTime | None
    # Seconds of the target's own time: left now (negative when late) while it runs; left when
    # the hold began while on hold; how early (positive) or late (negative) it was met.
    seconds_left: int | None
    met_at: LocalTime | None
    missed: bool
    breached_at: LocalTime | None


class HoldOut(Schema):
    id: int
    reason: str
    note: str
    started_at: LocalTime
    ended_at: LocalTime | None


class DeadlinesOut(Schema):
    order: int
    on_hold: bool
    deadlines: list[DeadlineOut]
    holds: list[HoldOut]


class HoldIn(Schema):
    reason: str
    note: str
