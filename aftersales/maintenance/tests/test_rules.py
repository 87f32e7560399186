"""The days a schedule falls due, readings against their range, and quarters in Shanghai time."""

import datetime as dt
from decimal import Decimal

import pytest

from aftersales.maintenance import rules
from aftersales.maintenance.models import Frequency

from .conftest import at

D = dt.date


def test_it_plans_every_two_weeks_from_the_start():
    assert rules.visit_dates(Frequency.BIWEEKLY, D(2026, 1, 5), D(2026, 2, 16)) == [
        D(2026, 1, 5),
        D(2026, 1, 19),
        D(2026, 2, 2),
        D(2026, 2, 16),
    ]


def test_it_plans_monthly_on_the_same_day():
    assert rules.visit_dates(Frequency.MONTHLY, D(2026, 1, 15), D(2026, 4, 14)) == [
        D(2026, 1, 15),
        D(2026, 2, 15),
        D(2026, 3, 15),
    ]


def test_a_monthly_visit_from_the_31st_is_clamped_to_the_end_of_shorter_months():
    assert rules.visit_dates(Frequency.MONTHLY, D(2026, 1, 31), D(2026, 5, 31)) == [
        D(2026, 1, 31),
        D(2026, 2, 28),
        D(2026, 3, 31),  # back on the 31st: every month counts from the start
        D(2026, 4, 30),
        D(2026, 5, 31),
    ]
    assert rules.visit_dates(Frequency.MONTHLY, D(2028, 1, 30), D(2028, 3, 1)) == [
        D(2028, 1, 30),
        D(2028, 2, 29),  # a leap year
    ]


def test_it_plans_in_spring_and_autumn_april_and_october_by_default():
    assert rules.visit_dates(Frequency.SPRING_AUTUMN, D(2026, 1, 10), D(2027, 12, 31)) == [
        D(2026, 4, 10),
        D(2026, 10, 10),
        D(2027, 4, 10),
        D(2027, 10, 10),
    ]


def test_spring_and_autumn_start_after_april_goes_to_october_first():
    assert rules.visit_dates(Frequency.SPRING_AUTUMN, D(2026, 5, 12), D(2027, 5, 1)) == [
        D(2026, 10, 12),
        D(2027, 4, 12),
    ]


def test_spring_and_autumn_months_are_configurable(settings):
    settings.AFTERSALES = {**settings.AFTERSALES, "SPRING_AUTUMN_MONTHS": (3, 9)}
    assert rules.visit_dates(Frequency.SPRING_AUTUMN, D(2026, 1, 31), D(2026, 12, 31)) == [
        D(2026, 3, 31),
        D(2026, 9, 30),  # clamped
    ]
    assert rules.visit_dates(
        Frequency.SPRING_AUTUMN, D(2026, 1, 1), D(2026, 12, 31), months=[5, 11]
    ) == [D(2026, 5, 1), D(2026, 11, 1)]


def test_bad_spring_and_autumn_months_are_refused():
    with pytest.raises(ValueError):
        rules.visit_dates(Frequency.SPRING_AUTUMN, D(2026, 1, 1), D(2026, 12, 31), months=[13])


def test_it_plans_yearly_and_every_three_years():
    assert rules.visit_dates(Frequency.YEARLY, D(2024, 2, 29), D(2027, 3, 1)) == [
        D(2024, 2, 29),
        D(2025, 2, 28),
        D(2026, 2, 28),
        D(2027, 2, 28),
    ]
    assert rules.visit_dates(Frequency.TRIENNIAL, D(2020, 6, 1), D(2029, 6, 1)) == [
        D(2020, 6, 1),
        D(2023, 6, 1),
        D(2026, 6, 1),
        D(2029, 6, 1),
    ]


def test_an_empty_period_has_no_visits():
    assert rules.visit_dates(Frequency.MONTHLY, D(2026, 5, 1), D(2026, 4, 30)) == []
    with pytest.raises(ValueError):
        rules.visit_dates("weekly", D(2026, 1, 1), D(2026, 2, 1))


@pytest.mark.parametrize(
    ("value", "minimum", "maximum", "inside"),
    [
        ("2.0", "2.0", "3.0", True),  # bounds included
        ("3.0", "2.0", "3.0", True),
        ("1.99", "2.0", "3.0", False),
        ("3.01", "2.0", "3.0", False),
        ("500", None, "3.0", False),
        ("-5", None, "3.0", True),
        ("0.1", "0.5", None, False),
        ("42", None, None, True),
    ],
)
def test_a_reading_is_in_range_within_its_bounds(value, minimum, maximum, inside):
    def dec(x):
        return Decimal(x) if x is not None else None

    assert rules.reading_in_range(dec(value), dec(minimum), dec(maximum)) is inside


def test_no_reading_is_not_in_range():
    assert rules.reading_in_range(None, Decimal("1"), Decimal("2")) is False


def test_the_range_is_written_as_on_the_checklist():
    assert rules.range_text(Decimal("2.0"), Decimal("3.0"), "kPa") == "2.0–3.0 kPa"
    assert rules.range_text(Decimal("2.000"), Decimal("3.000"), "kPa") == "2.0–3.0 kPa"
    assert rules.range_text(Decimal("210"), None, "V") == "≥ 210.0 V"
    assert rules.range_text(None, Decimal("1.850"), "") == "≤ 1.85"
    assert rules.range_text(None, None, "kPa") == ""


def test_quarters_are_bounded_in_shanghai_time():
    start, end = rules.quarter_bounds(2026, 1)
    assert start == at(2026, 1, 1, 0, 0)
    assert end == at(2026, 4, 1, 0, 0)
    assert start.utcoffset() == dt.timedelta(hours=8)
    assert rules.quarter_dates(2026, 4) == (D(2026, 10, 1), D(2026, 12, 31))
    assert rules.quarter_of(D(2026, 3, 31)) == (2026, 1)
    assert rules.quarter_of(D(2026, 4, 1)) == (2026, 2)
    assert rules.shift_quarter(2026, 1, -1) == (2025, 4)
    assert rules.shift_quarter(2026, 4, 1) == (2027, 1)
    with pytest.raises(ValueError):
        rules.quarter_dates(2026, 5)
