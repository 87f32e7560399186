"""Who pays for a part used on a job, decided line by line (rules.part_coverage): free on
warranty and contract work; on paid work free again when the same part was fitted to the unit
on an earlier job whose repair guarantee still runs (000 篇4 六), with the reason in words."""

from datetime import date

import pytest
from django.utils import translation

from aftersales.parts.rules import EarlierFitting, part_coverage
from aftersales.workorders.models import ServiceCategory

EARLIER = [EarlierFitting(date(2026, 10, 2), "WO202610-00007")]


@pytest.fixture(autouse=True)
def in_english():
    with translation.override("en"):
        yield


@pytest.mark.parametrize(
    ("category", "words"),
    [(ServiceCategory.FREE, "warranty work (C)"), (ServiceCategory.CONTRACT, "contract work (B)")],
)
def test_it_is_free_on_warranty_and_contract_work(category, words):
    coverage = part_coverage(
        service_category=category, issued_on=date(2026, 11, 1), warranty_days=90
    )
    assert coverage.is_free and words in coverage.reason


def test_it_is_charged_on_paid_work_without_an_earlier_fitting():
    coverage = part_coverage(
        service_category=ServiceCategory.PAID, issued_on=date(2026, 11, 1), warranty_days=90
    )
    assert not coverage.is_free and coverage.reason == "Charged: paid work (A)."


def test_paid_work_is_free_when_the_same_part_is_still_guaranteed_and_says_why():
    # Fitted 2 October with 91 days of guarantee: 2 October to 31 December inclusive.
    coverage = part_coverage(
        service_category=ServiceCategory.PAID,
        issued_on=date(2026, 12, 31),
        warranty_days=91,
        earlier=EARLIER,
    )
    assert coverage.is_free
    assert coverage.reason == (
        "Free: fitted 2026-10-02 on WO202610-00007, guaranteed until 2026-12-31."
    )


def test_the_day_after_the_guarantee_ends_it_is_charged_again():
    coverage = part_coverage(
        service_category=ServiceCategory.PAID,
        issued_on=date(2027, 1, 1),
        warranty_days=91,
        earlier=EARLIER,
    )
    assert not coverage.is_free


def test_the_latest_covering_fitting_is_named():
    earlier = [
        EarlierFitting(date(2026, 9, 1), "WO202609-00001"),
        EarlierFitting(date(2026, 10, 20), "WO202610-00020"),
    ]
    coverage = part_coverage(
        service_category=ServiceCategory.PAID,
        issued_on=date(2026, 11, 1),
        warranty_days=90,
        earlier=earlier,
    )
    assert "WO202610-00020" in coverage.reason and "2027-01-17" in coverage.reason


def test_the_reason_is_told_in_chinese():
    with translation.override("zh-hans"):
        coverage = part_coverage(
            service_category=ServiceCategory.PAID,
            issued_on=date(2026, 11, 1),
            warranty_days=90,
            earlier=EARLIER,
        )
    assert "WO202610-00007" in coverage.reason and "2026-12-30" in coverage.reason
    assert "免费" in coverage.reason
