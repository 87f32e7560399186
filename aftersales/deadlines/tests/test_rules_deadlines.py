"""The deadline rules, with a fixed clock: which targets a job gets, and when each falls due with
the time on hold taken out exactly once."""

import datetime as dt
from decimal import Decimal

import pytest

from aftersales.calendars.rules import ALWAYS_OPEN, SHANGHAI, WorkingCalendar, add_working_hours
from aftersales.deadlines.conf import DEFAULTS
from aftersales.deadlines.rules import due_with_holds, merge_holds, targets_for

CAL = WorkingCalendar()


def at(day: str, time: str) -> dt.datetime:
    return dt.datetime.fromisoformat(f"{day}T{time}").replace(tzinfo=SHANGHAI)


def targets(**facts):
    defaults = {"kind": "repair", "category": "A", "zone": "ring2", "contract_arrival_hours": None}
    facts = defaults | facts
    return {t.name: t for t in targets_for(config=DEFAULTS, **facts)}


def test_it_gives_a_city_job_6_working_hours_to_arrive_and_a_suburb_job_7():
    city = targets(zone="ring2")["arrival"]
    assert (city.hours, city.around_the_clock, city.rule) == (Decimal(6), False, "city")
    for zone in ("nearby", "remote"):
        suburb = targets(zone=zone)["arrival"]
        assert (suburb.hours, suburb.around_the_clock, suburb.rule) == (7, False, "suburb")


def test_it_answers_every_job_within_24_hours_around_the_clock():
    reply = targets()["reply"]
    assert (reply.hours, reply.around_the_clock) == (24, True)


@pytest.mark.parametrize(
    ("zone", "hours"), [("ring1", 2), ("ring2", 3), ("ring3", 4), ("nearby", 6)]
)
def test_it_times_contract_work_by_zone_around_the_clock(zone, hours):
    arrival = targets(category="B", zone=zone)["arrival"]
    assert (arrival.hours, arrival.around_the_clock, arrival.rule) == (hours, True, "contract_zone")


def test_it_takes_the_contracts_own_time_farther_away_and_the_suburb_rule_without_one():
    farther = targets(category="B", zone="remote", contract_arrival_hours=Decimal("10"))["arrival"]
    assert (farther.hours, farther.rule) == (10, "contract")
    assert targets(category="B", zone="remote")["arrival"].rule == "suburb"
    # Out of contract, a zone is only city or suburb.
    assert targets(category="A", zone="ring1")["arrival"].hours == 6


def test_it_gives_an_emergency_2_hours_any_day_and_24_to_finish():
    found = targets(kind="emergency", category="B", zone="ring3")
    assert (found["arrival"].hours, found["arrival"].around_the_clock) == (2, True)
    assert (found["completion"].hours, found["completion"].around_the_clock) == (24, True)


def test_it_gives_planned_work_no_clock():
    assert targets(kind="maintenance") == {}
    assert targets(kind="training") == {}


def test_it_takes_each_value_from_the_configuration():
    config = DEFAULTS | {"ARRIVAL_CITY_HOURS": 4, "KINDS": ["repair", "maintenance"]}
    found = targets_for(
        kind="maintenance",
        category="A",
        zone="ring1",
        contract_arrival_hours=None,
        config=config,
    )
    assert {t.name: t.hours for t in found}["arrival"] == 4


def test_without_holds_the_due_moment_is_the_working_hours_added():
    start = at("2026-03-02", "09:00")  # a Monday
    assert due_with_holds(CAL, start, Decimal(6), []).due == at("2026-03-02", "16:30")


def test_a_call_at_night_starts_its_clock_the_next_working_morning():
    clock = due_with_holds(CAL, at("2026-03-02", "20:00"), Decimal(6), [])
    assert clock.due == at("2026-03-03", "16:00")  # 08:30–12:00 and 13:30–16:00


def test_a_call_before_the_spring_festival_runs_into_its_make_up_saturday():
    # Friday 13 February 2026, 17:00: one hour that day, the rest on Saturday the 14th, a make-up
    # working day (调休) of the 2026 Spring Festival.
    clock = due_with_holds(CAL, at("2026-02-13", "17:00"), Decimal(6), [])
    assert clock.due == at("2026-02-14", "15:00")


def test_a_call_during_the_spring_festival_starts_after_it():
    clock = due_with_holds(CAL, at("2026-02-17", "10:00"), Decimal(7), [])
    assert clock.due == add_working_hours(CAL, at("2026-02-24", "08:30"), Decimal(7))
    assert clock.due == at("2026-02-24", "17:00")


def test_an_emergency_counts_clock_hours_through_the_night():
    clock = due_with_holds(ALWAYS_OPEN, at("2026-03-01", "23:00"), Decimal(2), [])
    assert clock.due == at("2026-03-02", "01:00")


def test_a_hold_moves_the_due_moment_by_the_working_time_it_took():
    start = at("2026-03-02", "09:00")
    hold = (at("2026-03-02", "10:00"), at("2026-03-02", "14:00"))  # 2.5 working hours
    # 1 h before the hold, then 5 h from 14:00: 4 h that afternoon, 1 h the next morning.
    assert due_with_holds(CAL, start, Decimal(6), [hold]).due == at("2026-03-03", "09:30")


def test_time_on_hold_is_taken_out_once_however_the_holds_overlap():
    start = at("2026-03-02", "09:00")
    once = due_with_holds(
        CAL, start, Decimal(6), [(at("2026-03-02", "10:00"), at("2026-03-02", "14:00"))]
    )
    overlapping = [
        (at("2026-03-02", "10:00"), at("2026-03-02", "13:00")),
        (at("2026-03-02", "11:00"), at("2026-03-02", "14:00")),
        (at("2026-03-02", "10:00"), at("2026-03-02", "14:00")),  # the same hold recorded twice
    ]
    assert due_with_holds(CAL, start, Decimal(6), overlapping).due == once.due


def test_each_of_several_holds_counts():
    start = at("2026-03-02", "09:00")
    holds = [
        (at("2026-03-02", "09:30"), at("2026-03-02", "10:30")),
        (at("2026-03-02", "14:00"), at("2026-03-02", "15:00")),
    ]
    # Without holds 16:30; two hours held: 18:00 that day takes 1.5 h, 08:30–09:00 the rest.
    assert due_with_holds(CAL, start, Decimal(6), holds).due == at("2026-03-03", "09:00")


def test_a_job_on_hold_has_no_due_moment_and_keeps_what_was_left():
    start = at("2026-03-02", "09:00")
    clock = due_with_holds(CAL, start, Decimal(6), [(at("2026-03-02", "11:00"), None)])
    assert clock.due is None
    assert clock.left_on_hold == dt.timedelta(hours=4)


def test_a_hold_after_the_time_ran_out_does_not_undo_the_miss():
    start = at("2026-03-02", "09:00")
    late_hold = (at("2026-03-03", "09:00"), at("2026-03-03", "11:00"))
    assert due_with_holds(CAL, start, Decimal(6), [late_hold]).due == at("2026-03-02", "16:30")


def test_a_hold_at_night_costs_no_working_time():
    start = at("2026-03-02", "09:00")
    night = (at("2026-03-02", "19:00"), at("2026-03-03", "07:00"))
    assert due_with_holds(CAL, start, Decimal(8), [night]).due == add_working_hours(
        CAL, start, Decimal(8)
    )


def test_merge_holds_joins_overlaps_and_keeps_an_open_one_open():
    a, b, c = at("2026-03-02", "09:00"), at("2026-03-02", "10:00"), at("2026-03-02", "11:00")
    assert merge_holds([(b, c), (a, b)]) == [(a, c)]
    assert merge_holds([(a, b), (b, None), (a, c)]) == [(a, None)]
    assert merge_holds([(b, a)]) == []  # ends before it starts: nothing held
