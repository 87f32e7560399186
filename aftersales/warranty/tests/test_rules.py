"""The warranty decision and the three-guarantee table at their edges (SPEC §5)."""

import datetime as dt
from types import SimpleNamespace

import pytest

from aftersales.customers.models import ProductCategory, ProductModel, Unit
from aftersales.warranty.models import MaintenanceContract, ThreeGuaranteeRule
from aftersales.warranty.rules import decide_category, remedies_on
from aftersales.workorders.models import Kind, ServiceCategory

D = dt.date


@pytest.fixture(autouse=True)
def english():
    """The reasons are read in English here; one test reads them in Chinese."""
    from django.utils import translation

    with translation.override("en"):
        yield


PURCHASED = D(2025, 3, 2)
YEAR_2026 = (D(2026, 1, 1), D(2026, 12, 31))


def _unit(purchased=PURCHASED, months=24, category_id=1) -> Unit:
    category = ProductCategory(pk=category_id, code=f"c{category_id}", name="空调")
    model = ProductModel(brand="格力", code="KFR", category=category, warranty_months=months)
    return Unit(model=model, serial="S1", purchase_date=purchased)


def _contract(period=YEAR_2026, status="active") -> MaintenanceContract:
    start, end = period
    return MaintenanceContract(number="MC202601-00003", start=start, end=end, status=status)


def test_it_is_free_on_the_last_day_in_warranty_and_says_until_when():
    decision = decide_category(unit=_unit(), kind=Kind.REPAIR, on=D(2027, 3, 1), contract=None)
    assert decision.category == ServiceCategory.FREE
    assert decision.reason == (
        "Purchased 2025-03-02, 24-month warranty, in warranty until 2027-03-01."
    )


def test_it_is_paid_from_the_first_day_out_of_warranty():
    decision = decide_category(unit=_unit(), kind=Kind.REPAIR, on=D(2027, 3, 2), contract=None)
    assert decision.category == ServiceCategory.PAID
    assert "out of warranty since 2027-03-02" in decision.reason


def test_it_is_paid_without_a_unit_and_says_there_is_no_purchase_date():
    decision = decide_category(unit=None, kind=Kind.REPAIR, on=D(2027, 3, 2), contract=None)
    assert decision.category == ServiceCategory.PAID
    assert "no purchase date" in decision.reason


def test_it_is_contract_work_for_a_unit_under_contract_even_out_of_warranty():
    decision = decide_category(
        unit=_unit(purchased=D(2020, 1, 1)),
        kind=Kind.REPAIR,
        on=D(2026, 6, 1),
        contract=_contract(),
    )
    assert decision.category == ServiceCategory.CONTRACT
    assert decision.reason == "Under maintenance contract MC202601-00003 until 2026-12-31."


def test_a_contract_that_ended_the_day_before_no_longer_counts():
    decision = decide_category(
        unit=_unit(purchased=D(2020, 1, 1)),
        kind=Kind.REPAIR,
        on=D(2027, 1, 1),
        contract=_contract(),
    )
    assert decision.category == ServiceCategory.PAID


def test_a_cancelled_contract_does_not_count():
    decision = decide_category(
        unit=_unit(), kind=Kind.REPAIR, on=D(2026, 6, 1), contract=_contract(status="cancelled")
    )
    assert decision.category == ServiceCategory.FREE


@pytest.mark.parametrize("unit", [None, _unit()])
def test_internal_work_is_d_whatever_the_unit(unit):
    decision = decide_category(unit=unit, kind=Kind.TRAINING, on=D(2026, 6, 1), contract=None)
    assert decision.category == ServiceCategory.INTERNAL


def test_a_model_without_warranty_is_paid_from_day_one():
    decision = decide_category(
        unit=_unit(months=0), kind=Kind.REPAIR, on=D(2025, 3, 2), contract=None
    )
    assert decision.category == ServiceCategory.PAID
    assert "no manufacturer's warranty" in decision.reason


def test_the_reason_is_told_in_chinese():
    from django.utils import translation

    decision = decide_category(unit=_unit(), kind=Kind.REPAIR, on=D(2026, 1, 1), contract=None)
    with translation.override("zh-hans"):
        assert decision.reason == "购买日期 2025-03-02，保修 24 个月，保修至 2027-03-01。"


DEFAULTS = [
    SimpleNamespace(category_id=None, days=7, remedies=["return", "exchange", "repair"]),
    SimpleNamespace(category_id=None, days=15, remedies=["exchange", "repair"]),
]


@pytest.mark.parametrize(
    ("on", "expected"),
    [
        (D(2025, 3, 2), ["return", "exchange", "repair"]),
        (D(2025, 3, 9), ["return", "exchange", "repair"]),  # day 7
        (D(2025, 3, 10), ["exchange", "repair"]),  # day 8
        (D(2025, 3, 17), ["exchange", "repair"]),  # day 15
        (D(2025, 3, 18), ["repair"]),  # day 16: free repair in the warranty
        (D(2027, 3, 1), ["repair"]),
        (D(2027, 3, 2), []),
        (D(2025, 3, 1), []),
    ],
)
def test_the_default_table_gives_the_remedies_of_spec_5(on, expected):
    assert remedies_on(unit=_unit(), on=on, rules=DEFAULTS) == expected


def test_a_categorys_own_rows_replace_the_defaults():
    own = [SimpleNamespace(category_id=1, days=30, remedies=["exchange"])]
    assert remedies_on(unit=_unit(), on=D(2025, 3, 20), rules=DEFAULTS + own) == ["exchange"]
    other = _unit(category_id=2)
    assert remedies_on(unit=other, on=D(2025, 3, 20), rules=DEFAULTS + own) == ["repair"]


@pytest.mark.django_db
def test_the_default_table_is_created_by_the_migration():
    rows = {(r.category_id, r.days): r.remedies for r in ThreeGuaranteeRule.objects.all()}
    assert rows == {(None, 7): ["return", "exchange", "repair"], (None, 15): ["exchange", "repair"]}


def test_a_unit_without_a_purchase_date_is_paid_until_the_invoice_is_shown():
    unit = _unit(purchased=None)
    decision = decide_category(unit=unit, kind=Kind.REPAIR, on=D(2026, 3, 2), contract=None)
    assert decision.category == ServiceCategory.PAID
    assert decision.reason == (
        "No purchase date on file: paid work until the customer shows the invoice or a copy."
    )
    assert remedies_on(unit=unit, on=D(2026, 3, 2), rules=[]) == []
    assert unit.warranty_end is None
    assert not unit.in_warranty_on(D(2026, 3, 2))


def test_a_contract_still_covers_a_unit_without_a_purchase_date():
    decision = decide_category(
        unit=_unit(purchased=None), kind=Kind.REPAIR, on=D(2026, 3, 2), contract=_contract()
    )
    assert decision.category == ServiceCategory.CONTRACT
