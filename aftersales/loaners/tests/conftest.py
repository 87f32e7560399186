import pytest

from aftersales.accounts.models import Role
from aftersales.factories import CustomerFactory, UserFactory
from aftersales.loaners import services
from aftersales.workorders import services as workorder_services


@pytest.fixture
def warehouse_a(branch_a):
    return UserFactory(username="warehouse_a", role=Role.WAREHOUSE, branch=branch_a)


@pytest.fixture
def make_loaner(supervisor_a, aircon_model):
    numbers = iter(range(1, 10_000))

    def make(**values):
        return services.loaner_register(
            by=values.pop("by", supervisor_a),
            asset_number=values.pop("asset_number", f"TB-{next(numbers):04d}"),
            model=values.pop("model", aircon_model),
            serial=values.pop("serial", "LOAN0001"),
            **values,
        )

    return make


@pytest.fixture
def make_order(agent_a, customer_a, unit_a, now):
    """An open repair job of customer A (or of another customer) in branch A."""

    def make(customer=None, by=None):
        customer = customer or customer_a
        return workorder_services.work_order_create(
            by=by or agent_a,
            customer=customer,
            unit=unit_a if customer == customer_a else None,
            symptom="压缩机不启动",
            now=now,
        )

    return make


@pytest.fixture
def other_customer_a(branch_a):
    return CustomerFactory(name="王芳", phone="+8613700137000", branch=branch_a)
