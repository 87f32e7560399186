"""A branch's calendar as the administrator set it up: its own hours or the default, the company
days for all branches and for itself."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.db import IntegrityError, transaction

from aftersales.calendars.admin import WorkingHoursForm
from aftersales.calendars.models import CompanyHoliday, WorkingHours
from aftersales.calendars.rules import DEFAULT_PERIODS, add_working_hours
from aftersales.calendars.selectors import calendar_for

SH = ZoneInfo("Asia/Shanghai")
pytestmark = pytest.mark.django_db


def test_it_gives_a_branch_without_hours_the_default_day(branch_a, django_assert_max_num_queries):
    with django_assert_max_num_queries(2):
        cal = calendar_for(branch_a)
    assert cal.periods == DEFAULT_PERIODS
    assert cal.tz == SH
    assert not cal.always_open


def test_it_uses_a_branchs_own_hours(branch_a, branch_b, django_assert_max_num_queries):
    WorkingHours.objects.create(branch=branch_a, starts=dt.time(14), ends=dt.time(20))
    WorkingHours.objects.create(branch=branch_a, starts=dt.time(9), ends=dt.time(12))
    with django_assert_max_num_queries(2):
        cal = calendar_for(branch_a)
    assert cal.periods == ((dt.time(9), dt.time(12)), (dt.time(14), dt.time(20)))
    assert calendar_for(branch_b).periods == DEFAULT_PERIODS
    start = dt.datetime(2026, 2, 24, 19, tzinfo=SH)
    assert add_working_hours(cal, start, 2) == dt.datetime(2026, 2, 25, 10, tzinfo=SH)


def test_it_reads_the_default_day_from_settings(branch_a, settings):
    settings.AFTERSALES = {**settings.AFTERSALES, "WORKING_HOURS": [("09:00", "17:00")]}
    assert calendar_for(branch_a).periods == ((dt.time(9), dt.time(17)),)


def test_it_applies_company_days_for_all_and_for_the_branch(branch_a, branch_b):
    for_all = dt.date(2026, 3, 2)
    only_a = dt.date(2026, 3, 3)
    worked_sunday = dt.date(2026, 3, 1)
    CompanyHoliday.objects.create(date=for_all, name="公司年会")
    CompanyHoliday.objects.create(date=only_a, name="北京中心盘点", branch=branch_a)
    CompanyHoliday.objects.create(
        date=worked_sunday, name="北京中心调休上班", branch=branch_a, kind="workday"
    )
    # Branch B works the company-wide holiday: its own entry wins.
    CompanyHoliday.objects.create(
        date=for_all, name="上海中心照常上班", branch=branch_b, kind="workday"
    )

    a, b = calendar_for(branch_a), calendar_for(branch_b)
    assert a.holidays == {for_all, only_a}
    assert a.workdays == {worked_sunday}
    assert b.holidays == set()
    assert b.workdays == {for_all}
    assert calendar_for(None).holidays == {for_all}


def test_it_uses_no_query_for_the_emergency_calendar(branch_a, django_assert_num_queries):
    with django_assert_num_queries(0):
        cal = calendar_for(branch_a, around_the_clock=True)
    assert cal.always_open


def test_it_refuses_a_period_that_ends_before_it_starts(branch_a):
    with pytest.raises(IntegrityError), transaction.atomic():
        WorkingHours.objects.create(branch=branch_a, starts=dt.time(18), ends=dt.time(8, 30))


def test_it_refuses_two_company_wide_entries_for_one_day():
    CompanyHoliday.objects.create(date=dt.date(2026, 3, 2), name="公司年会")
    with pytest.raises(IntegrityError), transaction.atomic():
        CompanyHoliday.objects.create(date=dt.date(2026, 3, 2), name="又一个")


def test_it_refuses_overlapping_hours_in_the_administration_form(branch_a):
    WorkingHours.objects.create(branch=branch_a, starts=dt.time(8, 30), ends=dt.time(12))
    form = WorkingHoursForm(data={"branch": branch_a.pk, "starts": "11:00", "ends": "18:00"})
    assert not form.is_valid()
    assert form.non_field_errors()
    ok = WorkingHoursForm(data={"branch": branch_a.pk, "starts": "13:30", "ends": "18:00"})
    assert ok.is_valid(), ok.errors


def test_it_reads_what_an_unknown_year_is_from_the_settings(branch_a, settings):
    from aftersales.calendars.rules import is_working_day
    from aftersales.core.exceptions import DomainError

    # By default a year not yet announced counts Monday to Friday: calls must still be taken.
    assert calendar_for(branch_a).unknown_years == "weekdays"
    assert is_working_day(calendar_for(branch_a), dt.date(2027, 1, 4))
    settings.AFTERSALES = {**settings.AFTERSALES, "UNKNOWN_YEAR_CALENDAR": "refuse"}
    with pytest.raises(DomainError):
        is_working_day(calendar_for(branch_a), dt.date(2027, 1, 4))
    settings.AFTERSALES = {**settings.AFTERSALES, "UNKNOWN_YEAR_CALENDAR": "maybe"}
    with pytest.raises(ValueError):
        calendar_for(branch_a)
