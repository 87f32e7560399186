"""Building warranty claims at the manufacturer's rates, and following them to payment."""

import datetime as dt
from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone, translation

from aftersales.claims import selectors, services
from aftersales.claims.models import ClaimLine, ClaimOrder, WarrantyClaim
from aftersales.core.exceptions import Conflict, DomainError, Forbidden, NotFound
from aftersales.parts.models import StockDocument
from aftersales.workorders.models import State, WorkOrder

C = WarrantyClaim.Status
D = Decimal


@pytest.fixture(autouse=True)
def english():
    """The messages are checked in their source words, whatever language a test before left."""
    with translation.override("en"):
        yield


def _lines(claim, kind):
    return list(claim.lines.filter(kind=kind).order_by("id"))


def test_it_claims_labour_travel_and_parts_at_the_manufacturers_rate(
    gree_rate, finished_job, build
):
    order = finished_job(issued=2, returned=2)
    returned = StockDocument.objects.get(work_order=order, kind="old_part_return").lines.get()

    claim = build([order])

    assert claim.status == C.DRAFT and claim.number.startswith("SB")
    (labour,) = _lines(claim, ClaimLine.Kind.LABOUR)
    (travel,) = _lines(claim, ClaimLine.Kind.TRAVEL)
    (part,) = _lines(claim, ClaimLine.Kind.PART)
    assert (labour.quantity, labour.amount) == (D("1"), D("120.00"))
    assert travel.amount == D("30.00")
    # Parts at unit cost (18.00) × the manufacturer's factor (1.2), for both capacitors.
    assert (part.quantity, part.unit_amount, part.amount) == (D("2"), D("21.60"), D("43.20"))
    assert part.evidence == returned and part.included
    assert claim.claimed_amount == D("193.20")
    assert list(claim.orders.values_list("work_order", flat=True)) == [order.pk]


def test_it_pays_labour_by_the_repair_cards_hours_on_a_per_hour_rate(manager_hq, flow, build, now):
    services.manufacturer_rate_create(
        by=manager_hq,
        now=now,
        brand="格力",
        labour_basis="per_hour",
        labour_rate=D("60"),
        effective_from=dt.date(2020, 1, 1),
    )
    order = flow.reach(State.CHECKED)  # carried back, repair card of 2.5 hours
    flow.do("return_unit", order)

    claim = build([order])

    (labour,) = _lines(claim, ClaimLine.Kind.LABOUR)
    assert (labour.quantity, labour.amount) == (D("2.50"), D("150.00"))
    assert claim.claimed_amount == D("150.00")  # no travel allowance in this rate


def test_a_category_rate_comes_before_the_brands_and_a_later_rate_replaces_an_earlier(
    gree_rate, manager_hq, aircon, finished_job, build, now
):
    services.manufacturer_rate_create(
        by=manager_hq,
        now=now,
        brand="格力",
        category=aircon,
        labour_basis="per_job",
        labour_rate=D("150"),
        effective_from=dt.date(2021, 1, 1),
    )
    services.manufacturer_rate_create(
        by=manager_hq,
        now=now,
        brand="格力",
        category=aircon,
        labour_basis="per_job",
        labour_rate=D("999"),
        effective_from=timezone.localdate(now) + dt.timedelta(days=30),
    )
    claim = build([finished_job()])
    (labour,) = _lines(claim, ClaimLine.Kind.LABOUR)
    assert labour.amount == D("150.00")


def test_a_part_without_its_defective_part_is_flagged_and_left_out_until_included_with_a_note(
    gree_rate, finished_job, build, manager_hq, now
):
    order = finished_job(issued=2, returned=1)
    claim = build([order])
    with_evidence, without = _lines(claim, ClaimLine.Kind.PART)
    assert with_evidence.evidence is not None and with_evidence.quantity == 1
    assert without.lacks_evidence and not without.included and without.quantity == 1
    assert claim.claimed_amount == D("171.60")  # 120 + 30 + one capacitor at 21.60

    with pytest.raises(DomainError) as error:
        services.warranty_claim_include_line(
            by=manager_hq, now=now, claim=claim, line_id=without.pk, included=True
        )
    assert error.value.field == "note"

    services.warranty_claim_include_line(
        by=manager_hq,
        now=now,
        claim=claim,
        line_id=without.pk,
        included=True,
        note="旧件在运输中丢失，已附照片",
    )
    claim.refresh_from_db()
    without.refresh_from_db()
    assert without.included and without.note == "旧件在运输中丢失，已附照片"
    assert claim.claimed_amount == D("193.20")


def test_the_database_refuses_a_part_line_without_evidence_or_note_included(
    gree_rate, finished_job, build
):
    claim = build([finished_job(issued=1)])
    (line,) = _lines(claim, ClaimLine.Kind.PART)
    line.included = True
    with pytest.raises(IntegrityError), transaction.atomic():
        line.save()


def test_a_work_order_is_never_claimed_twice(gree_rate, finished_job, build):
    order = finished_job()
    first = build([order])

    with pytest.raises(Conflict) as error:
        build([order])
    assert first.number in error.value.message
    with pytest.raises(DomainError):
        build([order, order])
    # And the database itself keeps a job on one live claim.
    with pytest.raises(IntegrityError), transaction.atomic():
        ClaimOrder.objects.create(claim=first, work_order=order)
    assert WarrantyClaim.objects.count() == 1


def test_a_rejected_claim_frees_its_jobs_to_be_claimed_again(
    gree_rate, finished_job, build, manager_hq, now
):
    order = finished_job()
    claim = build([order])
    services.warranty_claim_submit(by=manager_hq, now=now, claim=claim)
    services.warranty_claim_reject(by=manager_hq, now=now, claim=claim, note="缺少购机发票")

    again = build([order])

    assert again.claimed_amount == claim.claimed_amount
    assert ClaimOrder.objects.filter(work_order=order, released=False).get().claim == again


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ("paid", "not free warranty work"),
        ("on_site", "not completed"),
        ("other_brand", "not for a unit of"),
        ("late", "outside the claim's period"),
    ],
)
def test_it_claims_only_completed_warranty_jobs_of_the_brand_in_the_period(
    gree_rate, finished_job, build, change, message
):
    order = finished_job(state=State.ON_SITE if change == "on_site" else State.COMPLETED)
    if change == "paid":
        WorkOrder.objects.filter(pk=order.pk).update(category="A")
    if change == "other_brand":
        order.unit.model.brand = "美的"
        order.unit.model.save()
    values = {}
    if change == "late":
        values["period_end"] = order.created_at.date() - dt.timedelta(days=1)
        values["period_start"] = values["period_end"] - dt.timedelta(days=30)

    with pytest.raises(DomainError) as error:
        build([WorkOrder.objects.get(pk=order.pk)], **values)

    assert message in error.value.message and error.value.field == "orders"
    assert not WarrantyClaim.objects.exists()


def test_a_closed_job_is_claimed_too(gree_rate, finished_job, build):
    claim = build([finished_job(state=State.CLOSED)])
    assert claim.claimed_amount == D("150.00")


def test_it_refuses_a_brand_without_a_rate(finished_job, build):
    with pytest.raises(DomainError) as error:
        build([finished_job()])
    assert "no rate of 格力" in error.value.message


def _submitted(build, finished_job, manager_hq, now):
    claim = build([finished_job(issued=2, returned=2)])
    return services.warranty_claim_submit(by=manager_hq, now=now, claim=claim)


def test_it_accepts_less_than_claimed_with_the_manufacturers_note(
    gree_rate, finished_job, build, manager_hq, now
):
    claim = _submitted(build, finished_job, manager_hq, now)
    assert claim.outstanding == D("193.20")

    with pytest.raises(DomainError) as error:
        services.warranty_claim_accept(by=manager_hq, now=now, claim=claim, amount=D("150"))
    assert error.value.field == "note"
    with pytest.raises(DomainError) as error:
        services.warranty_claim_accept(by=manager_hq, now=now, claim=claim, amount=D("500"))
    assert error.value.field == "amount"

    claim = services.warranty_claim_accept(
        by=manager_hq, now=now, claim=claim, amount=D("150"), note="远程费不予支付"
    )
    assert claim.status == C.ACCEPTED
    assert (claim.accepted_amount, claim.manufacturer_note) == (D("150.00"), "远程费不予支付")
    assert claim.outstanding == D("150.00")


def test_payment_settles_the_claim_and_the_brands_outstanding(
    gree_rate, finished_job, build, manager_hq, finance_a, now
):
    claim = _submitted(build, finished_job, manager_hq, now)
    other = _submitted(build, finished_job, manager_hq, now)
    claim = services.warranty_claim_accept(by=manager_hq, now=now, claim=claim, amount=D("193.20"))
    (row,) = selectors.outstanding_by_brand(manager_hq)
    assert (row["brand"], row["claims"], row["outstanding"]) == ("格力", 2, D("386.40"))

    with pytest.raises(DomainError) as error:
        services.warranty_claim_record_payment(
            by=finance_a,
            now=now,
            claim=claim,
            amount=D("190"),
            paid_on=timezone.localdate(now),
            reference="HT-001",
        )
    assert error.value.field == "note"  # short of the amount accepted: say why
    claim = services.warranty_claim_record_payment(
        by=finance_a,
        now=now,
        claim=claim,
        amount=D("193.20"),
        paid_on=timezone.localdate(now),
        reference="HT-001",
    )

    assert claim.status == C.PAID and claim.outstanding == 0 and claim.short_paid == 0
    assert (claim.paid_amount, claim.payment_reference) == (D("193.20"), "HT-001")
    (row,) = selectors.outstanding_by_brand(manager_hq)
    assert (row["paid"], row["outstanding"]) == (D("193.20"), other.claimed_amount)


@pytest.mark.parametrize(
    ("status", "service", "values"),
    [
        (C.DRAFT, "warranty_claim_accept", {"amount": D("10")}),
        (C.DRAFT, "warranty_claim_record_payment", {}),
        (C.SUBMITTED, "warranty_claim_submit", {}),
        (C.SUBMITTED, "warranty_claim_record_payment", {}),
        (C.SUBMITTED, "warranty_claim_cancel", {"reason": "不报了"}),
        (C.ACCEPTED, "warranty_claim_reject", {"note": "不合格"}),
        (C.PAID, "warranty_claim_accept", {"amount": D("10")}),
    ],
)
def test_illegal_moves_are_refused_and_change_nothing(
    gree_rate, finished_job, build, manager_hq, now, status, service, values
):
    claim = build([finished_job()])
    if status != C.DRAFT:
        services.warranty_claim_submit(by=manager_hq, now=now, claim=claim)
    if status in (C.ACCEPTED, C.PAID):
        services.warranty_claim_accept(by=manager_hq, now=now, claim=claim, amount=D("150"))
    if status == C.PAID:
        services.warranty_claim_record_payment(
            by=manager_hq,
            now=now,
            claim=claim,
            amount=D("150"),
            paid_on=timezone.localdate(now),
            reference="HT-9",
        )
    if service == "warranty_claim_record_payment":
        values = {"amount": D("10"), "paid_on": timezone.localdate(now), "reference": "X"}

    with pytest.raises(Conflict) as error:
        getattr(services, service)(by=manager_hq, now=now, claim=claim, **values)

    assert error.value.code == "illegal_move"
    claim.refresh_from_db()
    assert claim.status == status


def test_a_cancelled_draft_frees_its_jobs(gree_rate, finished_job, build, manager_hq, now):
    order = finished_job()
    claim = build([order])
    services.warranty_claim_cancel(by=manager_hq, now=now, claim=claim, reason="期间选错")
    assert build([order]).status == C.DRAFT


def test_only_managers_and_finance_build_claims_and_only_of_their_branch(
    gree_rate, finished_job, build, agent_a, supervisor_a, outsider_b, manager_hq, now
):
    order = finished_job()
    for user in (agent_a, supervisor_a):
        with pytest.raises(Forbidden):
            build([order], by=user)
    claim = build([order])
    from aftersales.accounts.models import Role
    from aftersales.factories import UserFactory

    finance_b = UserFactory(username="finance_b", role=Role.FINANCE, branch=outsider_b.branch)
    with pytest.raises(NotFound):
        services.warranty_claim_submit(by=finance_b, now=now, claim=claim)
    assert not selectors.visible_claims(finance_b).exists()
    assert list(selectors.visible_claims(manager_hq)) == [claim]


def test_claimable_orders_leave_out_jobs_already_on_a_claim(
    gree_rate, finished_job, build, manager_hq
):
    claimed, free = finished_job(), finished_job()
    build([claimed])
    assert list(selectors.claimable_orders(manager_hq, brand="格力")) == [free]
