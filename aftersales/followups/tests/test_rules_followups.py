"""When follow-ups fall due, from the facts alone (followups.rules): fixed times, no clock."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from aftersales.followups import rules

TZ = ZoneInfo("Asia/Shanghai")
DONE = dt.datetime(2026, 3, 10, 15, 20, tzinfo=TZ)  # a Tuesday afternoon


def test_it_plans_the_first_of_two_calls_three_days_to_a_week_after_the_job():
    assert rules.plan_after_completion("two_calls", DONE) == [
        (
            "first_call",
            dt.datetime(2026, 3, 13, 15, 20, tzinfo=TZ),
            dt.datetime(2026, 3, 17, 15, 20, tzinfo=TZ),
        )
    ]


def test_it_plans_the_call_centres_call_back_within_24_hours():
    assert rules.plan_after_completion("call_back_24h", DONE) == [
        ("call_back", DONE, dt.datetime(2026, 3, 11, 15, 20, tzinfo=TZ))
    ]


def test_it_counts_the_second_call_from_the_moment_of_the_first():
    first = dt.datetime(2026, 3, 14, 9, 5, tzinfo=TZ)
    assert rules.second_call_window(first) == (first, dt.datetime(2026, 3, 21, 9, 5, tzinfo=TZ))


def test_the_windows_follow_the_configuration():
    config = {"FIRST_CALL_FROM_DAYS": 1, "FIRST_CALL_BY_DAYS": 2, "CALL_BACK_HOURS": 12}
    assert rules.plan_after_completion("two_calls", DONE, config)[0][1:] == (
        DONE + dt.timedelta(days=1),
        DONE + dt.timedelta(days=2),
    )
    assert rules.plan_after_completion("call_back_24h", DONE, config)[0][2] == DONE + dt.timedelta(
        hours=12
    )
    first = dt.datetime(2026, 3, 14, 9, 0, tzinfo=TZ)
    week_later = {"SECOND_CALL_FROM_DAYS": 7, "SECOND_CALL_BY_DAYS": 14}
    assert rules.second_call_window(first, week_later) == (
        dt.datetime(2026, 3, 21, 9, 0, tzinfo=TZ),
        dt.datetime(2026, 3, 28, 9, 0, tzinfo=TZ),
    )


def test_it_refuses_an_unknown_policy_and_a_naive_time():
    with pytest.raises(ValueError):
        rules.plan_after_completion("whenever", DONE)
    with pytest.raises(ValueError):
        rules.plan_after_completion("two_calls", dt.datetime(2026, 3, 10, 15, 20))  # noqa: DTZ001


@pytest.mark.parametrize(
    ("tier", "since", "due"),
    [
        ("key", dt.date(2026, 1, 15), dt.date(2026, 7, 15)),  # every 6 months
        ("key", dt.date(2025, 8, 31), dt.date(2026, 2, 28)),  # no 31 February
        ("long_term", dt.date(2026, 1, 15), dt.date(2027, 1, 15)),  # every year
        ("long_term", dt.date(2024, 2, 29), dt.date(2025, 2, 28)),
        ("regular", dt.date(2026, 1, 15), None),  # no periodic visits
    ],
)
def test_it_visits_key_customers_twice_a_year_and_long_term_customers_yearly(tier, since, due):
    assert rules.next_periodic_visit(tier, since) == due


def test_visit_intervals_are_configurable():
    config = {"VISIT_MONTHS": {"key": 3, "long_term": 6, "regular": 24}}
    assert rules.next_periodic_visit("key", dt.date(2026, 1, 15), config) == dt.date(2026, 4, 15)
    assert rules.next_periodic_visit("regular", dt.date(2026, 1, 15), config) == dt.date(
        2028, 1, 15
    )


def test_the_first_visit_is_owed_from_today_at_the_earliest_and_later_ones_may_be_late():
    today = dt.date(2026, 11, 23)
    since = dt.date(2020, 5, 1)
    assert rules.visit_due("key", last_visit=None, since=since, today=today) == today
    assert rules.visit_due("key", last_visit=None, since=dt.date(2026, 9, 1), today=today) == (
        dt.date(2027, 3, 1)
    )
    assert rules.visit_due("key", last_visit=dt.date(2026, 3, 2), since=since, today=today) == (
        dt.date(2026, 9, 2)  # late since September
    )
    assert rules.visit_due("regular", last_visit=None, since=since, today=today) is None


def test_a_visit_is_put_on_the_worklist_two_weeks_ahead():
    due = dt.date(2026, 7, 15)
    assert rules.visit_falls_in_lookahead(due, dt.date(2026, 7, 1))
    assert not rules.visit_falls_in_lookahead(due, dt.date(2026, 6, 30))
    assert rules.visit_falls_in_lookahead(due, dt.date(2026, 8, 1))  # overdue: still planned
    assert rules.visit_window(due, TZ) == (
        dt.datetime(2026, 7, 1, tzinfo=TZ),
        dt.datetime(2026, 7, 15, 23, 59, 59, tzinfo=TZ),
    )


def test_a_question_is_answered_within_two_days():
    raised = dt.datetime(2026, 3, 13, 16, 0, tzinfo=TZ)
    assert rules.question_due(raised) == dt.datetime(2026, 3, 15, 16, 0, tzinfo=TZ)
    assert rules.question_due(raised, {"QUESTION_ANSWER_DAYS": 1}) == raised + dt.timedelta(days=1)


def test_the_customer_hears_the_answer_the_day_it_is_found():
    answered = dt.datetime(2026, 3, 14, 17, 30, tzinfo=TZ)
    assert not rules.told_late(answered, answered.replace(hour=23, minute=59), TZ)
    assert rules.told_late(answered, dt.datetime(2026, 3, 15, 8, 30, tzinfo=TZ), TZ)
    # In UTC the answer and the call are on one day, in the company's zone they are not.
    utc = ZoneInfo("UTC")
    assert rules.told_late(
        dt.datetime(2026, 3, 14, 15, 0, tzinfo=utc),
        dt.datetime(2026, 3, 14, 16, 30, tzinfo=utc),
        TZ,
    )
    assert not rules.told_late(answered, None, TZ)


def test_it_gives_up_after_the_attempts_allowed():
    assert not rules.gives_up(2)
    assert rules.gives_up(3)
    assert rules.gives_up(1, {"MAX_ATTEMPTS": 1})
