"""The parts demo loads on top of the core demo through the real services: stock agrees with the
documents, nothing is negative, every kind of document is there."""

import pytest
from django.db.models import Sum

from aftersales.core.demo import seed_demo
from aftersales.parts.models import (
    Condition,
    Part,
    PurchaseRequest,
    StockDocument,
    StockDocumentLine,
    StockLevel,
    Warehouse,
)

pytestmark = pytest.mark.django_db


def test_it_loads_warehouses_parts_stock_and_every_kind_of_document():
    seed_demo(seed=7, small=True)  # the parts demo is part of it
    assert Part.objects.count() >= 80
    assert PurchaseRequest.objects.filter(status="approved", quotes__isnull=False).exists()
    assert Warehouse.objects.filter(kind=Warehouse.Kind.CENTRAL).count() == 1
    assert Warehouse.objects.filter(kind=Warehouse.Kind.VAN).exists()
    assert set(StockDocument.objects.values_list("kind", flat=True)) == set(
        StockDocument.Kind.values
    )
    assert not StockLevel.objects.filter(quantity__lt=0).exists()

    # Good stock in = received; out = issued + scrapped + charged (transfers move it around).
    def total(kind, condition=None):
        lines = StockDocumentLine.objects.filter(document__kind=kind)
        if condition:
            lines = lines.filter(condition=condition)
        return lines.aggregate(n=Sum("quantity"))["n"] or 0

    good = StockLevel.objects.filter(condition=Condition.GOOD).aggregate(n=Sum("quantity"))["n"]
    out = total("issue") + total("scrap", Condition.GOOD) + total("charge", Condition.GOOD)
    assert good == total("receipt") - out
