"""A paid job on site with technician_a, a small price list, and finance of branch A."""

from decimal import Decimal

import pytest

from aftersales.accounts.models import Role
from aftersales.billing import services
from aftersales.billing.models import PriceItem
from aftersales.factories import UserFactory
from aftersales.workorders.models import ServiceCategory, State, WorkOrder
from aftersales.workorders.tests.conftest import flow, world_of  # noqa: F401


def make_paid(order: WorkOrder) -> WorkOrder:
    WorkOrder.objects.filter(pk=order.pk).update(category=ServiceCategory.PAID)
    order.refresh_from_db()
    return order


def make_done(order: WorkOrder) -> WorkOrder:
    """The work is done (an invoice is issued only then): completed, as the customer's
    signature leaves it. A shortcut of the test setup, the workflow is tested elsewhere."""
    WorkOrder.objects.filter(pk=order.pk).update(
        state=State.COMPLETED, completed_at=order.arrived_at or order.created_at
    )
    order.refresh_from_db()
    return order


@pytest.fixture
def paid_order(flow):  # noqa: F811
    return make_paid(flow.reach(State.ON_SITE))


@pytest.fixture
def prices(db):
    return {
        "visit": PriceItem.objects.create(
            code="SM01", name="上门费", kind="travel", price=Decimal("50.00"), source="own"
        ),
        "gas": PriceItem.objects.create(
            code="JF01", name="加氟", kind="labour", price=Decimal("150.00"), source="price_bureau"
        ),
        "cap": PriceItem.objects.create(
            code="PJ01",
            name="压缩机电容",
            kind="part",
            unit="个",
            price=Decimal("35.50"),
            source="manufacturer",
        ),
    }


@pytest.fixture
def gm_a(branch_a):
    return UserFactory(username="gm_a", role=Role.GM, branch=branch_a)


@pytest.fixture
def quoted(paid_order, prices, now):
    """Quote v1 on the paid order: 上门费 + 加氟 ×2 = ¥350."""
    return services.quote_create(
        order=paid_order,
        by=paid_order.technician.user,
        now=now,
        fault="缺氟，制冷差",
        expected_hours="1.5",
        lines=[(prices["visit"], 1), (prices["gas"], 2)],
    )


@pytest.fixture
def consented(quoted, now, signature_png):
    services.quote_consent_signature(
        quote=quoted,
        by=quoted.order.technician.user,
        now=now,
        signer_name="张伟",
        signature_png=signature_png,
    )
    quoted.refresh_from_db()
    return quoted


@pytest.fixture
def invoice(consented, now):
    return services.invoice_issue(
        order=make_done(consented.order), by=consented.order.technician.user, now=now
    )


@pytest.fixture(autouse=True)
def english_messages():
    """Service messages are matched by their English msgid; the pages are checked in Chinese
    where it matters (the view tests look at amounts and numbers)."""
    from django.utils import translation

    with translation.override("en"):
        yield
