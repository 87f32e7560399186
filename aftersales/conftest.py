"""Named people and records, so that tests read like sentences:
agent_a takes a call in branch A, technician_a is certified for air conditioners, outsider_b
works in branch B and must never see branch A's records."""

import datetime as dt

import pytest
from django.utils import timezone

from aftersales.accounts.models import Role
from aftersales.factories import (
    BranchFactory,
    CategoryFactory,
    CustomerFactory,
    FaultTypeFactory,
    ProductModelFactory,
    TechnicianFactory,
    UnitFactory,
    UserFactory,
    png_bytes,
)


@pytest.fixture
def now():
    return timezone.now()


@pytest.fixture
def head_office(db):
    return BranchFactory(code="HQ", name="总部服务部", is_head_office=True)


@pytest.fixture
def branch_a(db):
    return BranchFactory(code="BJ", name="北京服务中心")


@pytest.fixture
def branch_b(db):
    return BranchFactory(code="SH", name="上海服务中心")


@pytest.fixture
def aircon(db):
    return CategoryFactory(code="aircon", name="空调")


@pytest.fixture
def heater(db):
    return CategoryFactory(code="heater", name="热水器")


@pytest.fixture
def no_cooling(aircon):
    return FaultTypeFactory(category=aircon, code="E1", name="不制冷")


@pytest.fixture
def noisy(aircon):
    return FaultTypeFactory(category=aircon, code="E2", name="噪音大")


@pytest.fixture
def aircon_model(aircon):
    return ProductModelFactory(category=aircon, brand="格力", code="KFR-35GW", warranty_months=24)


def _user(username, role, branch):
    return UserFactory(username=username, role=role, branch=branch)


@pytest.fixture
def agent_a(branch_a):
    return _user("agent_a", Role.AGENT, branch_a)


@pytest.fixture
def dispatcher_a(branch_a):
    return _user("dispatcher_a", Role.DISPATCHER, branch_a)


@pytest.fixture
def supervisor_a(branch_a):
    return _user("supervisor_a", Role.SUPERVISOR, branch_a)


@pytest.fixture
def manager_hq(head_office):
    return _user("manager_hq", Role.MANAGER, head_office)


@pytest.fixture
def finance_a(branch_a):
    return _user("finance_a", Role.FINANCE, branch_a)


@pytest.fixture
def outsider_b(branch_b):
    """A dispatcher of branch B: every branch-A record must look to him as if it did not exist."""
    return _user("outsider_b", Role.DISPATCHER, branch_b)


@pytest.fixture
def technician_a(branch_a, aircon):
    return TechnicianFactory(
        user=_user("technician_a", Role.TECHNICIAN, branch_a), certifications=[aircon]
    )


@pytest.fixture
def technician_a2(branch_a, aircon):
    return TechnicianFactory(
        user=_user("technician_a2", Role.TECHNICIAN, branch_a), certifications=[aircon]
    )


@pytest.fixture
def uncertified_a(branch_a, heater):
    """Certified for water heaters only."""
    return TechnicianFactory(
        user=_user("uncertified_a", Role.TECHNICIAN, branch_a), certifications=[heater]
    )


@pytest.fixture
def technician_b(branch_b, aircon):
    return TechnicianFactory(
        user=_user("technician_b", Role.TECHNICIAN, branch_b), certifications=[aircon]
    )


@pytest.fixture
def customer_a(branch_a):
    return CustomerFactory(name="张伟", phone="+8613800138000", branch=branch_a)


@pytest.fixture
def customer_b(branch_b):
    return CustomerFactory(name="李娜", phone="+8613900139000", branch=branch_b)


@pytest.fixture
def unit_a(customer_a, aircon_model):
    return UnitFactory(
        customer=customer_a,
        model=aircon_model,
        serial="GREE0001",
        purchase_date=timezone.localdate() - dt.timedelta(days=200),
    )


@pytest.fixture
def unit_b(customer_b, aircon_model):
    return UnitFactory(customer=customer_b, model=aircon_model, serial="GREE0002")


@pytest.fixture
def signature_png():
    return png_bytes()
