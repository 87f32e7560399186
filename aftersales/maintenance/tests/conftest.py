"""Maintenance fixtures on a fixed clock (Tuesday 12 May 2026, 10:00 in Shanghai): the gas
facilities' monthly checklist (inlet pressure 2.0–3.0 kPa, leak test), a maintenance contract on
customer A's unit, and schedules made through the real services."""

import datetime as dt

import pytest
from django.utils import timezone

from aftersales.accounts.models import Role
from aftersales.core.tests.conftest import quiet_request_log, scene  # noqa: F401
from aftersales.factories import UserFactory, png_bytes
from aftersales.maintenance import services
from aftersales.maintenance.models import Frequency
from aftersales.warranty.services import contract_create

SHANGHAI = timezone.get_default_timezone()
NOW = dt.datetime(2026, 5, 12, 10, 0, tzinfo=SHANGHAI)
TODAY = NOW.date()


def at(*args: int) -> dt.datetime:
    """A moment in China Standard Time."""
    return dt.datetime(*args, tzinfo=SHANGHAI)


GAS_ITEMS = [
    {"label": "进口压力", "kind": "reading", "unit": "kPa", "minimum": "2.0", "maximum": "3.0"},
    {"label": "出口压力", "kind": "reading", "unit": "kPa", "minimum": "1.8", "maximum": "2.2"},
    {"label": "泄漏检测", "kind": "check"},
    {"label": "备注拍照", "kind": "check", "required": False},
]


@pytest.fixture
def manager_a(branch_a):
    return UserFactory(username="manager_a", role=Role.MANAGER, branch=branch_a)


@pytest.fixture
def supervisor_b(branch_b):
    return UserFactory(username="supervisor_b", role=Role.SUPERVISOR, branch=branch_b)


@pytest.fixture
def gas_checklist(supervisor_a):
    return services.checklist_template_create(
        by=supervisor_a, now=NOW, name="燃气设施月检", items=GAS_ITEMS
    )


@pytest.fixture
def contract_a(supervisor_a, customer_a, unit_a):
    return contract_create(
        by=supervisor_a,
        customer=customer_a,
        units=[unit_a],
        start=dt.date(2026, 1, 1),
        end=dt.date(2026, 12, 31),
        annual_fee="2400",
        visits_per_year=12,
        now=at(2025, 12, 20, 9),
    )


@pytest.fixture
def schedule_a(supervisor_a, contract_a, gas_checklist):
    """Monthly on the 5th under contract A, by two people (调压站巡检不得少于两人)."""
    return services.schedule_create(
        by=supervisor_a,
        now=NOW,
        contract=contract_a,
        frequency=Frequency.MONTHLY,
        checklist=gas_checklist,
        starts_on=dt.date(2026, 1, 5),
        min_people=2,
    )


@pytest.fixture
def visit_a(schedule_a, supervisor_a):
    """The visit of 5 May 2026, overdue on the fixed clock's day."""
    (visit,) = services.visit_plan(
        by=supervisor_a,
        now=NOW,
        schedule=schedule_a,
        start=dt.date(2026, 5, 1),
        until=dt.date(2026, 5, 10),
    )
    return visit


@pytest.fixture
def readings(gas_checklist):
    """Per label, the item's id: tests say readings as {'进口压力': {'value': '2.5'}, …}."""
    ids = {item.label: item.pk for item in gas_checklist.items.all()}

    def make(**by_label):
        return {ids[label]: entry for label, entry in by_label.items()}

    make.ids = ids
    return make


def normal(readings):
    return readings(进口压力={"value": "2.5"}, 出口压力={"value": "2.0"}, 泄漏检测={"ok": True})


@pytest.fixture
def record(technician_a, technician_a2, signature_png):
    """Record a visit with valid arguments, any of which a test may change."""

    def run(visit, *, by=None, **changes):
        args = {
            "by": by or technician_a.user,
            "now": NOW,
            "visit": visit,
            "technicians": [technician_a, technician_a2],
            "signer_name": "王经理",
            "signature_png": png_bytes(),
            "notes": "",
        }
        args.update(changes)
        return services.visit_record(**args)

    return run
