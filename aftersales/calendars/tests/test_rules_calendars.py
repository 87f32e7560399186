"""The working-time clock around the 2026 Spring Festival (春节: 02-15 to 02-23 off, Saturdays
02-14 and 02-28 worked), checked without a database."""

import datetime as dt
import random
import time
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from aftersales.calendars.rules import (
    ALWAYS_OPEN,
    WorkingCalendar,
    add_working_hours,
    check_periods,
    is_working_day,
    is_working_moment,
    next_working_moment,
    working_time_between,
)
from aftersales.core.exceptions import DomainError

SH = ZoneInfo("Asia/Shanghai")
CAL = WorkingCalendar()
H = dt.timedelta(hours=1)


def at(month: int, day: int, hour: int = 0, minute: int = 0, year: int = 2026) -> dt.datetime:
    return dt.datetime(year, month, day, hour, minute, tzinfo=SH)


# The library's 2026 schedule, as the State Council published it.
@pytest.mark.parametrize(
    ("day", "working"),
    [
        (dt.date(2026, 2, 13), True),  # Friday before the break
        (dt.date(2026, 2, 14), True),  # make-up Saturday
        (dt.date(2026, 2, 15), False),
        (dt.date(2026, 2, 17), False),  # New Year's Day of the lunar year, a Tuesday
        (dt.date(2026, 2, 23), False),  # last day of the break, a Monday
        (dt.date(2026, 2, 24), True),
        (dt.date(2026, 2, 28), True),  # make-up Saturday
        (dt.date(2026, 3, 1), False),  # an ordinary Sunday
        (dt.date(2026, 3, 7), False),  # an ordinary Saturday
    ],
)
def test_it_follows_the_official_2026_spring_festival_schedule(day, working):
    assert is_working_day(CAL, day) is working


def test_it_lands_a_friday_evening_call_on_the_make_up_saturday():
    # 1 h on Friday until 18:00, 3.5 h on Saturday morning, 1.5 h after lunch.
    assert add_working_hours(CAL, at(2, 13, 17), 6) == at(2, 14, 15)


def test_it_starts_the_clock_of_a_holiday_call_when_work_resumes():
    assert next_working_moment(CAL, at(2, 15, 10)) == at(2, 24, 8, 30)
    assert add_working_hours(CAL, at(2, 15, 10), 0) == at(2, 24, 8, 30)
    assert add_working_hours(CAL, at(2, 15, 10), 6) == at(2, 24, 16)


def test_it_adds_across_the_lunch_break():
    assert add_working_hours(CAL, at(2, 24, 11), 2) == at(2, 24, 14, 30)
    assert add_working_hours(CAL, at(2, 24, 11), Decimal("1.5")) == at(2, 24, 14)


def test_it_works_the_make_up_saturday_and_rests_the_sunday_after_it():
    assert add_working_hours(CAL, at(2, 27, 16), 5) == at(2, 28, 11, 30)
    assert add_working_hours(CAL, at(2, 28, 17), 2) == at(3, 2, 9, 30)


def test_it_skips_a_company_holiday_and_works_a_company_working_day():
    off_monday = WorkingCalendar(holidays=frozenset({dt.date(2026, 3, 2)}))
    assert add_working_hours(off_monday, at(2, 28, 17), 2) == at(3, 3, 9, 30)
    working_sunday = WorkingCalendar(workdays=frozenset({dt.date(2026, 3, 1)}))
    assert add_working_hours(working_sunday, at(2, 28, 17), 2) == at(3, 1, 9, 30)
    # A company holiday on a make-up Saturday: the company rests, whatever the state says.
    off_saturday = WorkingCalendar(holidays=frozenset({dt.date(2026, 2, 14)}))
    assert add_working_hours(off_saturday, at(2, 13, 17), 6) == at(2, 24, 15)
    # A day entered as both is a day off.
    both = WorkingCalendar(
        holidays=frozenset({dt.date(2026, 3, 1)}), workdays=frozenset({dt.date(2026, 3, 1)})
    )
    assert not is_working_day(both, dt.date(2026, 3, 1))


def test_it_starts_a_night_call_the_next_morning():
    assert add_working_hours(CAL, at(2, 24, 20), 1) == at(2, 25, 9, 30)
    assert add_working_hours(CAL, at(2, 25, 2), 1) == at(2, 25, 9, 30)
    assert not is_working_moment(CAL, at(2, 24, 20))


def test_it_treats_period_boundaries_as_start_inclusive_end_exclusive():
    assert is_working_moment(CAL, at(2, 24, 8, 30))
    assert not is_working_moment(CAL, at(2, 24, 12))
    assert next_working_moment(CAL, at(2, 24, 12)) == at(2, 24, 13, 30)
    assert is_working_moment(CAL, at(2, 24, 13, 30))
    assert not is_working_moment(CAL, at(2, 24, 18))
    assert next_working_moment(CAL, at(2, 24, 18)) == at(2, 25, 8, 30)
    # A deadline that falls on the end of a period stays there.
    assert add_working_hours(CAL, at(2, 24, 11), 1) == at(2, 24, 12)
    assert add_working_hours(CAL, at(2, 24, 17), 1) == at(2, 24, 18)
    assert add_working_hours(CAL, at(2, 24, 12), 1) == at(2, 24, 14, 30)
    assert add_working_hours(CAL, at(2, 24, 13, 30), 1) == at(2, 24, 14, 30)
    assert add_working_hours(CAL, at(2, 24, 18), Decimal("0.5")) == at(2, 25, 9)
    # Friday 18:00 before the break: the next working moment is the make-up Saturday.
    assert next_working_moment(CAL, at(2, 13, 18)) == at(2, 14, 8, 30)


def test_it_counts_plain_hours_around_the_clock_for_emergencies():
    assert is_working_moment(ALWAYS_OPEN, at(2, 17, 3))
    assert next_working_moment(ALWAYS_OPEN, at(2, 17, 3)) == at(2, 17, 3)
    assert add_working_hours(ALWAYS_OPEN, at(2, 16, 23), 2) == at(2, 17, 1)
    assert working_time_between(ALWAYS_OPEN, at(2, 13, 17), at(2, 24, 9)) == dt.timedelta(
        days=10, hours=16
    )


def test_it_takes_hours_as_decimal_int_or_timedelta():
    start = at(2, 24, 9)
    expected = at(2, 24, 10, 15)
    assert add_working_hours(CAL, start, Decimal("1.25")) == expected
    assert add_working_hours(CAL, start, dt.timedelta(minutes=75)) == expected
    with pytest.raises(ValueError):
        add_working_hours(CAL, start, -1)


def test_it_answers_in_shanghai_time_whatever_zone_it_is_asked_in():
    utc_start = dt.datetime(2026, 2, 24, 1, 0, tzinfo=dt.UTC)  # 09:00 in Shanghai
    result = add_working_hours(CAL, utc_start, 1)
    assert result == at(2, 24, 10)
    assert result.utcoffset() == dt.timedelta(hours=8)
    assert result.tzinfo == SH


def test_it_refuses_naive_datetimes():
    with pytest.raises(ValueError):
        add_working_hours(CAL, dt.datetime(2026, 2, 24, 9), 1)  # noqa: DTZ001
    with pytest.raises(ValueError):
        is_working_moment(CAL, dt.datetime(2026, 2, 24, 9))  # noqa: DTZ001


def test_it_says_which_year_the_official_schedule_does_not_know():
    with pytest.raises(DomainError) as error:
        add_working_hours(CAL, at(1, 4, 9, year=2100), 1)
    assert "2100" in error.value.message
    # Days the company entered itself need no official schedule.
    entered = WorkingCalendar(workdays=frozenset({dt.date(2100, 1, 4)}))
    assert add_working_hours(entered, at(1, 4, 9, year=2100), 1) == at(1, 4, 10, year=2100)


def test_it_measures_working_time_between_two_moments():
    # Friday 17:00–18:00, the whole make-up Saturday (3.5 h + 4.5 h), then 08:30–09:00.
    assert working_time_between(CAL, at(2, 13, 17), at(2, 24, 9)) == 9.5 * H
    assert working_time_between(CAL, at(2, 24, 9), at(2, 13, 17)) == -9.5 * H
    assert working_time_between(CAL, at(2, 15), at(2, 23, 23)) == dt.timedelta(0)
    assert working_time_between(CAL, at(2, 24, 11), at(2, 24, 14)) == 1.5 * H


def test_it_rejects_a_day_whose_periods_make_no_sense():
    with pytest.raises(DomainError):
        check_periods([])
    with pytest.raises(DomainError):
        WorkingCalendar(periods=((dt.time(12), dt.time(9)),))
    with pytest.raises(DomainError):
        WorkingCalendar(
            periods=((dt.time(8), dt.time(12)), (dt.time(11), dt.time(18))),
        )


def _random_moment(rng: random.Random) -> dt.datetime:
    start = at(1, 1)
    return start + dt.timedelta(
        days=rng.randrange(330), seconds=rng.randrange(86400), microseconds=rng.randrange(10**6)
    )


@pytest.mark.parametrize(
    "cal",
    [
        CAL,
        WorkingCalendar(
            periods=((dt.time(9), dt.time(11, 45)), (dt.time(12, 30), dt.time(20))),
            holidays=frozenset({dt.date(2026, 3, 2), dt.date(2026, 5, 6)}),
            workdays=frozenset({dt.date(2026, 2, 22)}),
        ),
        ALWAYS_OPEN,
    ],
    ids=["default", "own-hours", "24x7"],
)
def test_it_inverts_add_working_hours_with_working_time_between(cal):
    rng = random.Random(20260214)
    for _ in range(400):
        start = _random_moment(rng)
        hours = (
            Decimal(rng.randrange(0, 6000)) / 100
            if rng.random() < 0.5
            else dt.timedelta(microseconds=rng.randrange(0, 60 * 3600 * 10**6))
        )
        delta = hours if isinstance(hours, dt.timedelta) else dt.timedelta(hours=float(hours))
        end = add_working_hours(cal, start, hours)
        assert working_time_between(cal, start, end) == delta, (start, hours)
        assert end >= next_working_moment(cal, start)
        # The deadline is a working moment, or the very end of a period.
        assert is_working_moment(cal, end) or (
            delta > dt.timedelta(0) and is_working_moment(cal, end - dt.timedelta(microseconds=1))
        ), (start, hours, end)

        # The other way round: back to the same working moment, or to the end of the period
        # before it when it opens a period (no working time lies between the two).
        later = next_working_moment(cal, _random_moment(rng))
        if later > next_working_moment(cal, start):
            back = add_working_hours(cal, start, working_time_between(cal, start, later))
            assert back == later or (
                not is_working_moment(cal, back) and next_working_moment(cal, back) == later
            ), (start, later, back)


def test_it_computes_a_board_of_deadlines_quickly():
    rng = random.Random(7)
    starts = [_random_moment(rng) for _ in range(1000)]
    began = time.perf_counter()
    for start in starts:
        add_working_hours(CAL, start, 40)
    # A minute-by-minute walk would take tens of seconds; period by period it is a fraction.
    assert time.perf_counter() - began < 5
