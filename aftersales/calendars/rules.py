"""The working calendar: when the clock of a time rule runs (SPEC §6).

Working time is 08:30–12:00 and 13:30–18:00 (002 第五条) on China's official working days — Monday
to Friday, less the public holidays, plus the make-up working days (调休) that the State Council
announces each year — with the company's own holidays and extra working days on top. Emergency
repair runs around the clock (应急抢修 24×7, 003 方案1–2).

Pure functions: no clock, no database. A calendar walks period by period, never minute by minute,
so a board of hundreds of jobs can compute its deadlines on every page.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from zoneinfo import ZoneInfo

import chinese_calendar
from django.utils.translation import gettext, gettext_lazy

from aftersales.core.exceptions import DomainError

SHANGHAI = ZoneInfo("Asia/Shanghai")
UTC = dt.UTC

# 002 第五条: 上午8:30–12:00，下午13:30–18:00.
DEFAULT_PERIODS: tuple[tuple[dt.time, dt.time], ...] = (
    (dt.time(8, 30), dt.time(12, 0)),
    (dt.time(13, 30), dt.time(18, 0)),
)

# What a calendar does on a day of a year that the installed chinesecalendar does not know yet
# (it is released each year once the State Council announces the next year's holidays):
# "refuse" — stop with an error naming the year, so that no deadline lands on a holiday unseen;
# "weekdays" — take Monday–Friday as working days until the schedule is known (company days
# still apply on top).
UNKNOWN_YEAR_POLICIES = ("refuse", "weekdays")

# The longest stretch without a working day the walk accepts before it gives up: the longest
# official break is nine days; a year without work means the calendar is set up wrong.
MAX_IDLE_DAYS = 366


@dataclass(frozen=True)
class WorkingCalendar:
    """One branch's working time.

    `periods` are the day's working hours, in order, each [start, end) — a call at 12:00 waits
    for 13:30, one at 18:00 for the next working morning. `holidays` and `workdays` are the
    company's own days off and extra working days; they override the official schedule, and a
    day in both is a day off. `always_open` is the 24×7 calendar of emergency repair, where an
    hour is an hour and holidays do not count. `unknown_years` says what a day of a year the
    official schedule does not know is (UNKNOWN_YEAR_POLICIES).
    """

    periods: tuple[tuple[dt.time, dt.time], ...] = DEFAULT_PERIODS
    holidays: frozenset[dt.date] = field(default_factory=frozenset)
    workdays: frozenset[dt.date] = field(default_factory=frozenset)
    tz: dt.tzinfo = SHANGHAI
    always_open: bool = False
    unknown_years: str = "refuse"

    def __post_init__(self) -> None:
        if self.unknown_years not in UNKNOWN_YEAR_POLICIES:
            raise ValueError(f"unknown_years must be one of {UNKNOWN_YEAR_POLICIES}")
        object.__setattr__(self, "periods", tuple(tuple(p) for p in self.periods))
        object.__setattr__(self, "holidays", frozenset(self.holidays))
        object.__setattr__(self, "workdays", frozenset(self.workdays))
        if not self.always_open:
            check_periods(self.periods)


ALWAYS_OPEN = WorkingCalendar(always_open=True)


def check_periods(periods: Iterable[tuple[dt.time, dt.time]]) -> None:
    """The day's periods must be non-empty, each start before its end, in order, not overlapping.
    Raises a DomainError saying what is wrong (the administration form shows it)."""
    periods = list(periods)
    if not periods:
        raise DomainError(gettext("A working day needs at least one period of working hours."))
    previous_end: dt.time | None = None
    for start, end in periods:
        if start.tzinfo is not None or end.tzinfo is not None:
            raise ValueError("working periods are wall-clock times without a time zone")
        if not start < end:
            raise DomainError(
                gettext("A period of working hours must start before it ends (%(start)s–%(end)s).")
                % {"start": start.strftime("%H:%M"), "end": end.strftime("%H:%M")},
                field="ends",
            )
        if previous_end is not None and start < previous_end:
            raise DomainError(
                gettext("Periods of working hours overlap or are out of order at %(start)s.")
                % {"start": start.strftime("%H:%M")},
                field="starts",
            )
        previous_end = end


def periods_text(periods: Iterable[tuple[dt.time, dt.time]]) -> str:
    """ "08:30–12:00, 13:30–18:00": a day's periods as people write them; "" for none."""
    return ", ".join(f"{start:%H:%M}–{end:%H:%M}" for start, end in periods)


def official_is_workday(day: dt.date, unknown_years: str = "refuse") -> bool:
    """China's official schedule (chinesecalendar). A year the installed release does not know is
    an error naming the year (guessing would put deadlines on holidays), unless the company chose
    `unknown_years="weekdays"`: then Monday to Friday work until the schedule is known."""
    try:
        return _official_is_workday(day)
    except NotImplementedError:
        if unknown_years == "weekdays":
            return day.weekday() < 5
        raise _unknown_year(day.year) from None


def _unknown_year(year: int) -> DomainError:
    return DomainError(
        gettext(
            "The official holiday schedule for %(year)s is not known yet: update the "
            "chinesecalendar package, or enter that year's days as company holidays and "
            "working days."
        )
        % {"year": year},
        code="calendar_year_unknown",
    )


# The library scans its whole table on every question; a few years of answers fit in memory.
@functools.lru_cache(maxsize=8192)
def _official_is_workday(day: dt.date) -> bool:
    return chinese_calendar.is_workday(day)


def is_working_day(cal: WorkingCalendar, day: dt.date) -> bool:
    if cal.always_open:
        return True
    if day in cal.holidays:
        return False
    if day in cal.workdays:
        return True
    return official_is_workday(day, cal.unknown_years)


def _local(cal: WorkingCalendar, at: dt.datetime) -> dt.datetime:
    if at.tzinfo is None or at.utcoffset() is None:
        raise ValueError("working-time rules take aware datetimes")
    return at.astimezone(cal.tz)


def _span(a: dt.datetime, b: dt.datetime) -> dt.timedelta:
    # Through UTC: subtracting two datetimes of one tzinfo ignores a change of offset.
    return b.astimezone(UTC) - a.astimezone(UTC)


def _periods_on(cal: WorkingCalendar, day: dt.date) -> list[tuple[dt.datetime, dt.datetime]]:
    if not is_working_day(cal, day):
        return []
    return [
        (dt.datetime.combine(day, start, cal.tz), dt.datetime.combine(day, end, cal.tz))
        for start, end in cal.periods
    ]


def _periods_from(
    cal: WorkingCalendar, at: dt.datetime
) -> Iterator[tuple[dt.datetime, dt.datetime]]:
    """The working periods that end after `at` (local), in order, the first one cut to start at
    `at` if it is under way."""
    day = at.date()
    idle = 0
    while True:
        periods = [
            (max(s, at), e) for s, e in _periods_on(cal, day) if _span(at, e) > dt.timedelta(0)
        ]
        if periods:
            idle = 0
            yield from periods
        else:
            idle += 1
            if idle > MAX_IDLE_DAYS:
                raise DomainError(
                    gettext("No working day in the year after %(day)s: check the calendar.")
                    % {"day": at.date().isoformat()},
                    code="calendar_no_working_day",
                )
        day += dt.timedelta(days=1)


def is_working_moment(cal: WorkingCalendar, at: dt.datetime) -> bool:
    local = _local(cal, at)
    if cal.always_open:
        return True
    return any(s <= local < e for s, e in _periods_on(cal, local.date()))


def next_working_moment(cal: WorkingCalendar, at: dt.datetime) -> dt.datetime:
    """`at` itself if the clock runs then; otherwise when it starts again — a call on a holiday
    or at night starts its clock at the next working moment."""
    local = _local(cal, at)
    if cal.always_open:
        return local
    start, _end = next(_periods_from(cal, local))
    return start


def _as_timedelta(hours: Decimal | dt.timedelta | int) -> dt.timedelta:
    if isinstance(hours, dt.timedelta):
        delta = hours
    else:
        micro = (Decimal(hours) * 3_600_000_000).to_integral_value()
        delta = dt.timedelta(microseconds=int(micro))
    if delta < dt.timedelta(0):
        raise ValueError("working hours to add must not be negative")
    return delta


def add_working_hours(
    cal: WorkingCalendar, start: dt.datetime, hours: Decimal | dt.timedelta | int
) -> dt.datetime:
    """The moment `hours` of working time after `start` (004 (十九): on site within 6 working
    hours). The clock starts at the next working moment; a deadline that falls exactly at the end
    of a period stays there (18:00), it does not jump to the next morning."""
    remaining = _as_timedelta(hours)
    local = _local(cal, start)
    if cal.always_open:
        return (local.astimezone(UTC) + remaining).astimezone(cal.tz)
    for seg_start, seg_end in _periods_from(cal, local):
        available = _span(seg_start, seg_end)
        if remaining <= available:
            return (seg_start.astimezone(UTC) + remaining).astimezone(cal.tz)
        remaining -= available
    raise AssertionError("unreachable: _periods_from never ends")  # pragma: no cover


def working_time_between(
    cal: WorkingCalendar, start: dt.datetime, end: dt.datetime
) -> dt.timedelta:
    """Working time from `start` to `end`; negative when `end` comes first (how late a job is).
    The inverse of add_working_hours: working_time_between(c, s, add_working_hours(c, s, h)) == h.
    """
    a, b = _local(cal, start), _local(cal, end)
    if _span(a, b) < dt.timedelta(0):
        return -working_time_between(cal, end, start)
    if cal.always_open:
        return _span(a, b)
    total = dt.timedelta(0)
    day = a.date()
    while day <= b.date():
        for s, e in _periods_on(cal, day):
            lo, hi = max(s, a), min(e, b)
            if _span(lo, hi) > dt.timedelta(0):
                total += _span(lo, hi)
        day += dt.timedelta(days=1)
    return total


# The year at a glance and its holiday breaks ------------------------------------------------------


class DayKind:
    """What the official schedule makes of a day."""

    WORKDAY = "workday"  # an ordinary Monday to Friday
    WEEKEND = "weekend"  # an ordinary Saturday or Sunday
    HOLIDAY = "holiday"  # a day of a public holiday break (法定节假日), weekend days in it included
    MAKEUP = "makeup"  # a weekend day worked in exchange for a break (调休上班)
    UNKNOWN = "unknown"  # a day of a year the installed schedule does not know


# The holidays' names as chinesecalendar gives them, in the user's language.
HOLIDAY_NAMES = {
    "New Year's Day": gettext_lazy("New Year's Day"),
    "Spring Festival": gettext_lazy("Spring Festival"),
    "Tomb-sweeping Day": gettext_lazy("Tomb-sweeping Day"),
    "Labour Day": gettext_lazy("Labour Day"),
    "Dragon Boat Festival": gettext_lazy("Dragon Boat Festival"),
    "National Day": gettext_lazy("National Day"),
    "Mid-autumn Festival": gettext_lazy("Mid-autumn Festival"),
}


def holiday_name(name: str) -> str:
    return str(HOLIDAY_NAMES.get(name, name))


@dataclass(frozen=True)
class OfficialDay:
    kind: str
    name: str = ""  # the holiday's name in chinesecalendar ("Spring Festival"), or ""

    @property
    def label(self) -> str:
        return holiday_name(self.name) if self.name else ""


@functools.lru_cache(maxsize=8192)
def _holiday_detail(day: dt.date) -> tuple[bool, str | None]:
    return chinese_calendar.get_holiday_detail(day)


def official_day(day: dt.date) -> OfficialDay:
    """The official schedule's word on a day; UNKNOWN in a year it does not know."""
    try:
        is_off, name = _holiday_detail(day)
    except NotImplementedError:
        return OfficialDay(DayKind.UNKNOWN)
    if name:
        return OfficialDay(DayKind.HOLIDAY if is_off else DayKind.MAKEUP, name)
    return OfficialDay(DayKind.WEEKEND if is_off else DayKind.WORKDAY)


def year_is_known(year: int) -> bool:
    return official_day(dt.date(year, 1, 1)).kind != DayKind.UNKNOWN


def check_year_known(year: int) -> None:
    """A DomainError (code "calendar_year_unknown") naming a year the schedule does not know."""
    if not year_is_known(year):
        raise _unknown_year(year)


@dataclass(frozen=True)
class CalendarDay:
    """One day of a branch's year: the official schedule, the company's own entry ("holiday",
    "workday" or None) and the outcome. `working` is None when nobody knows: a year the official
    schedule does not know, without a company entry, under the "refuse" policy."""

    date: dt.date
    official: OfficialDay
    company: str | None
    working: bool | None


def calendar_day(cal: WorkingCalendar, day: dt.date) -> CalendarDay:
    official = official_day(day)
    company = "holiday" if day in cal.holidays else "workday" if day in cal.workdays else None
    if company is not None:
        working: bool | None = company == "workday"
    elif official.kind == DayKind.UNKNOWN:
        working = day.weekday() < 5 if cal.unknown_years == "weekdays" else None
    else:
        working = official.kind in (DayKind.WORKDAY, DayKind.MAKEUP)
    return CalendarDay(day, official, company, working)


def year_days(cal: WorkingCalendar, year: int) -> list[CalendarDay]:
    """Every day of the year as the branch's calendar sees it (the same answer as
    is_working_day, without raising for an unknown year)."""
    day, last = dt.date(year, 1, 1), dt.date(year, 12, 31)
    days = []
    while day <= last:
        days.append(calendar_day(cal, day))
        day += dt.timedelta(days=1)
    return days


@dataclass(frozen=True)
class HolidayPeriod:
    """A holiday break: consecutive days off of one official holiday (the weekend days of the
    break included), or consecutive company holidays of one name."""

    name: str
    start: dt.date
    end: dt.date
    official: bool

    @property
    def label(self) -> str:
        return holiday_name(self.name) if self.official else self.name

    @property
    def days(self) -> list[dt.date]:
        return [self.start + dt.timedelta(days=n) for n in range((self.end - self.start).days + 1)]

    def __contains__(self, day: object) -> bool:
        return isinstance(day, dt.date) and self.start <= day <= self.end


def _runs(days: Iterable[tuple[dt.date, str]], *, official: bool) -> list[HolidayPeriod]:
    periods: list[HolidayPeriod] = []
    for day, name in sorted(days):
        last = periods[-1] if periods else None
        if last and last.name == name and last.end + dt.timedelta(days=1) == day:
            periods[-1] = HolidayPeriod(name, last.start, day, official)
        else:
            periods.append(HolidayPeriod(name, day, day, official))
    return periods


def holiday_periods(year: int, company_holidays: dict[dt.date, str]) -> list[HolidayPeriod]:
    """The year's holiday breaks in date order, for the duty roster (000 篇9 4.2.4: 節假日期間
    應專門安排值班): the official ones (none for a year the schedule does not know) and the
    company's own holidays that fall outside them."""
    official: list[tuple[dt.date, str]] = []
    if year_is_known(year):
        day = dt.date(year, 1, 1)
        while day.year == year:
            info = official_day(day)
            if info.kind == DayKind.HOLIDAY:
                official.append((day, info.name))
            day += dt.timedelta(days=1)
    taken = {day for day, _name in official}
    own = [
        (day, name)
        for day, name in company_holidays.items()
        if day.year == year and day not in taken
    ]
    periods = _runs(official, official=True) + _runs(own, official=False)
    return sorted(periods, key=lambda period: period.start)
