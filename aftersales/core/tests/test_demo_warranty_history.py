"""The demo shows the warranty work of issue 3 as a user would find it: finished warranty jobs
with their parts and old parts, claims with part lines and their evidence, a part free on a paid
job under the repair's own guarantee, and units whose purchase date is not known."""

import pytest
from django.db.models import F

from aftersales.claims.models import ClaimLine
from aftersales.core.demo import seed_demo
from aftersales.customers.models import Unit
from aftersales.parts.models import StockDocument, StockDocumentLine, StockLevel
from aftersales.parts.selectors import parts_used_on_order
from aftersales.workorders.models import ServiceCategory, State, WorkOrder

pytestmark = pytest.mark.django_db


@pytest.fixture
def seeded():
    return seed_demo(seed=7, small=True)


def test_it_fits_parts_on_finished_warranty_jobs_during_the_visit(seeded):
    issued = StockDocument.objects.filter(
        kind=StockDocument.Kind.ISSUE,
        work_order__category=ServiceCategory.FREE,
        work_order__state__in=[State.COMPLETED, State.CLOSED],
    )
    assert issued.count() >= 5
    # Each part went in while the technician was there, never after the job was finished.
    assert not issued.filter(at__lt=F("work_order__arrived_at")).exists()
    assert not issued.filter(at__gt=F("work_order__completed_at")).exists()
    # The old part came back for most of them, to defective stock (以坏换新).
    returned = StockDocument.objects.filter(
        kind=StockDocument.Kind.OLD_PART_RETURN, work_order__in=issued.values("work_order")
    )
    assert returned.count() >= issued.count() // 2
    assert not StockLevel.objects.filter(quantity__lt=0).exists()


def test_its_claims_carry_part_lines_with_the_old_part_as_evidence(seeded):
    parts = ClaimLine.objects.filter(kind=ClaimLine.Kind.PART)
    assert parts.filter(evidence__isnull=False).exists()
    for line in parts.filter(evidence__isnull=False).select_related("evidence__document"):
        assert line.evidence.document.kind == StockDocument.Kind.OLD_PART_RETURN
        assert line.evidence.document.work_order_id == line.work_order_id


def test_old_parts_are_sent_back_to_the_manufacturer_or_scrapped(seeded):
    lines = StockDocumentLine.objects.filter(condition="defective")
    assert lines.filter(document__kind=StockDocument.Kind.MANUFACTURER_RETURN).exists()
    assert lines.filter(document__kind=StockDocument.Kind.SCRAP).exists()
    assert StockDocument.objects.filter(
        kind=StockDocument.Kind.MANUFACTURER_RETURN, manufacturer__gt="", reference__gt=""
    ).exists()


def test_a_paid_job_has_a_part_free_under_an_earlier_repairs_guarantee(seeded):
    paid = WorkOrder.objects.filter(
        category=ServiceCategory.PAID, stock_documents__kind=StockDocument.Kind.ISSUE
    ).distinct()
    free = [used for order in paid for used in parts_used_on_order(order) if used.is_free]
    assert free
    earlier = free[0]
    assert "WO" in earlier.reason  # names the earlier job and the guarantee's last day
    assert f"{earlier.line.document.at:%Y}" in earlier.reason


def test_some_units_have_no_purchase_date_and_their_jobs_are_paid(seeded):
    units = Unit.objects.filter(purchase_date__isnull=True)
    assert units.count() >= 3
    assert not units.exclude(invoice_no="").exists()  # no invoice shown
    repairs = WorkOrder.objects.filter(unit__in=units, kind="repair")
    assert repairs.exists()
    for order in repairs:
        assert order.category == ServiceCategory.PAID, order.number
        assert order.category_basis == {"code": "no_purchase_date"}, order.number
