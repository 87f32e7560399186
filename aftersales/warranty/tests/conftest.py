import datetime as dt

import pytest
from django.utils import timezone

from aftersales.warranty.services import contract_create


@pytest.fixture
def today(now):
    return timezone.localdate(now)


@pytest.fixture
def contract_a(supervisor_a, customer_a, unit_a, today, now):
    """Active since last month, for a year, on unit_a."""
    return contract_create(
        by=supervisor_a,
        customer=customer_a,
        units=[unit_a],
        start=today - dt.timedelta(days=30),
        end=today + dt.timedelta(days=334),
        annual_fee="1200",
        visits_per_year=2,
        now=now,
    )
