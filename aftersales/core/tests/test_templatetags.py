"""The small display filters: ages on the board and phone numbers."""

import datetime as dt

import pytest
from django.utils import translation

from aftersales.core.templatetags.durations import age
from aftersales.core.templatetags.phones import phone

NOW = dt.datetime(2026, 11, 23, 10, 0, tzinfo=dt.UTC)


@pytest.mark.parametrize(
    ("waited", "zh", "en"),
    [
        (dt.timedelta(minutes=45, seconds=59), "45分钟", "45min"),
        (dt.timedelta(hours=2, minutes=5), "2小时5分钟", "2h 5min"),
        (dt.timedelta(days=3, hours=23, minutes=59), "3天23小时", "3d 23h"),
        (dt.timedelta(minutes=-5), "0分钟", "0min"),  # a clock a little ahead
    ],
)
def test_age_says_how_long_a_job_has_waited(waited, zh, en):
    with translation.override("zh-hans"):
        assert age(NOW - waited, NOW) == zh
    with translation.override("en"):
        assert age(NOW - waited, NOW) == en
    assert age(None, NOW) == ""


def test_phone_shows_a_stored_number_as_people_dial_it():
    assert phone("+862883318889") == "028 8331 8889"
    assert phone("+8613800138000") == "138 0013 8000"
    assert phone("") == ""


def test_span_tells_clock_time_in_days_and_working_time_in_hours():
    from aftersales.core.templatetags.durations import span

    late = -dt.timedelta(hours=30, minutes=5)
    with translation.override("en"):
        assert span(late) == "1d 6h"
        assert span(late, False) == "30h 5min"
        assert span(None) == ""
