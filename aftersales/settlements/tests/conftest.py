"""Outlets of branches A and B, finance of each, and `job`: a work order of customer A dispatched
to an outlet and completed at a given moment, through the real services."""

import dataclasses
import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from aftersales.accounts.models import Role
from aftersales.core.tests.conftest import quiet_request_log, scene  # noqa: F401
from aftersales.factories import OutletFactory, UserFactory
from aftersales.settlements.models import OutletRate
from aftersales.workorders.models import State, WorkOrder
from aftersales.workorders.tests.conftest import flow, world_of  # noqa: F401

SHANGHAI = timezone.get_default_timezone()
MAY = dt.date(2025, 5, 1)
JUNE = dt.date(2025, 6, 1)
LATER = dt.datetime(2025, 7, 2, 9, tzinfo=SHANGHAI)  # when May and June are drawn up


def at(*args: int) -> dt.datetime:
    """A moment in China Standard Time."""
    return dt.datetime(*args, tzinfo=SHANGHAI)


@pytest.fixture
def outlet_a(branch_a, aircon, heater):
    outlet = OutletFactory(name="朝阳家电维修网点", branch=branch_a)
    outlet.categories.set([aircon, heater])
    return outlet


@pytest.fixture
def outlet_a2(branch_a, aircon):
    outlet = OutletFactory(name="海淀制冷维修部", branch=branch_a)
    outlet.categories.set([aircon])
    return outlet


@pytest.fixture
def outlet_b(branch_b, aircon):
    outlet = OutletFactory(name="浦东家电服务站", branch=branch_b)
    outlet.categories.set([aircon])
    return outlet


@pytest.fixture
def finance_b(branch_b):
    return UserFactory(username="finance_b", role=Role.FINANCE, branch=branch_b)


@pytest.fixture
def finance_hq(head_office):
    return UserFactory(username="finance_hq", role=Role.FINANCE, branch=head_office)


@pytest.fixture
def job(flow, outlet_a):  # noqa: F811
    """`job(at(2025, 5, 31, 23, 59), category="A")`: a job of customer A sent to `outlet`
    (default outlet A) and completed at that moment."""

    def make(when: dt.datetime, *, outlet=None, category: str | None = None, zone: str = ""):
        # Bought 100 days before the job, in warranty: free (C) unless told otherwise.
        type(flow.unit).objects.filter(pk=flow.unit.pk).update(
            purchase_date=when.date() - dt.timedelta(days=100)
        )
        flow.unit.refresh_from_db()
        order = dataclasses.replace(flow, now=when).reach(
            State.COMPLETED, outlet=outlet or outlet_a
        )
        changes = {}
        if category:
            changes["category"] = category
        if changes:
            WorkOrder.objects.filter(pk=order.pk).update(**changes)
        if zone:
            type(order.customer).objects.filter(pk=order.customer_id).update(zone=zone)
        order.refresh_from_db()
        return order

    return make


@pytest.fixture
def rate(finance_a, manager_hq):
    """`rate("C", "60")`: a rate straight in the table; `outlet=None` is the default."""

    def make(category: str, amount: str, *, outlet=None, product=None, allowance="0", since=None):
        return OutletRate.objects.create(
            outlet=outlet,
            service_category=category,
            product_category=product,
            amount=Decimal(amount),
            suburb_allowance=Decimal(allowance),
            effective_from=since or dt.date(2025, 1, 1),
            created_by=manager_hq,
            created_at=LATER,
        )

    return make
