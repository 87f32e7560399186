"""A fixed clock: Monday 2 March 2026, 09:00 in Shanghai, an ordinary working morning."""

import datetime as dt

import pytest

from aftersales.calendars.rules import SHANGHAI
from aftersales.factories import UnitFactory
from aftersales.workorders.tests.conftest import flow  # noqa: F401  (a fixture)


def at(day: str, time: str) -> dt.datetime:
    return dt.datetime.fromisoformat(f"{day}T{time}").replace(tzinfo=SHANGHAI)


@pytest.fixture
def now():
    return at("2026-03-02", "09:00")


@pytest.fixture
def unit_a(customer_a, aircon_model, now):
    """Bought 200 days before the fixed clock: a warranty (C) job, free."""
    return UnitFactory(
        customer=customer_a,
        model=aircon_model,
        serial="GREE0001",
        purchase_date=now.date() - dt.timedelta(days=200),
    )
