"""The year at a glance, the holiday breaks of the duty roster, and a year the official schedule
does not know yet (chinesecalendar knows up to 2026): refused by default, Monday to Friday when
the company chooses so. Without a database."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from aftersales.calendars.rules import (
    DayKind,
    WorkingCalendar,
    add_working_hours,
    calendar_day,
    check_year_known,
    holiday_periods,
    is_working_day,
    official_day,
    official_is_workday,
    periods_text,
    year_days,
    year_is_known,
)
from aftersales.core.exceptions import DomainError

SH = ZoneInfo("Asia/Shanghai")
D = dt.date


def test_it_refuses_a_day_of_2027_by_default_naming_the_year():
    with pytest.raises(DomainError) as error:
        is_working_day(WorkingCalendar(), D(2027, 1, 4))
    assert error.value.code == "calendar_year_unknown" and "2027" in error.value.message
    with pytest.raises(DomainError):
        official_is_workday(D(2027, 1, 4))
    with pytest.raises(DomainError) as error:
        check_year_known(2027)
    assert error.value.code == "calendar_year_unknown"
    check_year_known(2026)


def test_it_works_monday_to_friday_in_an_unknown_year_when_the_company_chooses_so():
    cal = WorkingCalendar(unknown_years="weekdays")
    assert is_working_day(cal, D(2027, 1, 4))  # a Monday
    assert is_working_day(cal, D(2027, 1, 8))  # a Friday
    assert not is_working_day(cal, D(2027, 1, 9))  # a Saturday
    friday_evening = dt.datetime(2027, 1, 8, 17, tzinfo=SH)
    assert add_working_hours(cal, friday_evening, 2) == dt.datetime(2027, 1, 11, 9, 30, tzinfo=SH)
    # The company's days still come first: 2027's New Year holiday entered by hand.
    entered = WorkingCalendar(
        unknown_years="weekdays",
        holidays=frozenset({D(2027, 1, 1)}),
        workdays=frozenset({D(2027, 1, 2)}),
    )
    assert not is_working_day(entered, D(2027, 1, 1))
    assert is_working_day(entered, D(2027, 1, 2))  # a Saturday worked


def test_the_choice_does_not_touch_a_known_year():
    cal = WorkingCalendar(unknown_years="weekdays")
    assert not is_working_day(cal, D(2026, 2, 16))  # a Monday of the Spring Festival break
    assert is_working_day(cal, D(2026, 2, 14))  # its make-up Saturday


def test_it_refuses_an_unknown_choice():
    with pytest.raises(ValueError):
        WorkingCalendar(unknown_years="guess")


def test_it_tells_what_the_official_schedule_makes_of_a_day():
    assert official_day(D(2026, 2, 17)) == official_day(D(2026, 2, 17))
    assert (official_day(D(2026, 2, 17)).kind, official_day(D(2026, 2, 17)).name) == (
        DayKind.HOLIDAY,
        "Spring Festival",
    )
    assert official_day(D(2026, 2, 14)).kind == DayKind.MAKEUP
    assert official_day(D(2026, 3, 7)).kind == DayKind.WEEKEND
    assert official_day(D(2026, 3, 9)).kind == DayKind.WORKDAY
    assert official_day(D(2027, 3, 9)).kind == DayKind.UNKNOWN
    assert year_is_known(2026) and not year_is_known(2027)


def test_the_year_view_agrees_with_the_clock():
    cal = WorkingCalendar(holidays=frozenset({D(2026, 3, 2)}), workdays=frozenset({D(2026, 3, 1)}))
    days = year_days(cal, 2026)
    assert len(days) == 365
    assert all(day.working == is_working_day(cal, day.date) for day in days)
    assert calendar_day(cal, D(2026, 3, 2)).company == "holiday"
    assert calendar_day(cal, D(2026, 3, 1)).company == "workday"
    # 2026 has 248 official working days; one company holiday off, one working Sunday on.
    assert sum(day.working for day in days) == 248


def test_an_unknown_year_is_shown_unknown_but_for_the_companys_days():
    cal = WorkingCalendar(holidays=frozenset({D(2027, 1, 1)}))
    days = {day.date: day for day in year_days(cal, 2027)}
    assert days[D(2027, 1, 4)].working is None
    assert days[D(2027, 1, 1)].working is False
    weekdays = {day.date: day for day in year_days(WorkingCalendar(unknown_years="weekdays"), 2027)}
    assert weekdays[D(2027, 1, 4)].working is True


def test_it_lists_the_holiday_breaks_of_the_year_for_the_roster():
    periods = holiday_periods(2026, {D(2026, 12, 31): "公司年会", D(2026, 10, 2): "重复"})
    names = [(p.name, p.start, p.end, p.official) for p in periods]
    assert ("Spring Festival", D(2026, 2, 15), D(2026, 2, 23), True) in names
    assert ("National Day", D(2026, 10, 1), D(2026, 10, 7), True) in names
    assert names[-1] == ("公司年会", D(2026, 12, 31), D(2026, 12, 31), False)
    assert "重复" not in [p.name for p in periods]  # inside an official break already
    assert [p.start for p in periods] == sorted(p.start for p in periods)
    spring = next(p for p in periods if p.name == "Spring Festival")
    assert len(spring.days) == 9 and D(2026, 2, 17) in spring
    assert spring.label == "春节" or spring.label == "Spring Festival"


def test_an_unknown_year_has_only_the_companys_breaks():
    periods = holiday_periods(2027, {D(2027, 2, 6): "春节", D(2027, 2, 7): "春节"})
    assert [(p.name, p.start, p.end) for p in periods] == [("春节", D(2027, 2, 6), D(2027, 2, 7))]


def test_it_writes_a_days_periods_as_people_do():
    assert periods_text([(dt.time(8, 30), dt.time(12)), (dt.time(13, 30), dt.time(18))]) == (
        "08:30–12:00, 13:30–18:00"
    )
    assert periods_text([]) == ""
