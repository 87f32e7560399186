"""Drawing up an outlet's monthly statement: month edges in China Standard Time, the rate that
applies, internal work left out, each job once, drafts rebuilt, confirmed statements frozen."""

import dataclasses
import datetime as dt
from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction

from aftersales.core.exceptions import Conflict, DomainError, Forbidden, NotFound
from aftersales.core.models import AuditEntry
from aftersales.settlements import services
from aftersales.settlements.models import OutletSettlement, SettlementLine
from aftersales.workorders.models import State

from .conftest import JUNE, LATER, MAY, at

St = OutletSettlement.Status


def _build(by, outlet, month=MAY, now=LATER):
    return services.settlement_build(by=by, now=now, outlet=outlet, month=month)


def _orders(settlement) -> set[str]:
    return set(settlement.lines.values_list("order__number", flat=True))


def test_it_counts_2359_on_the_last_day_in_the_month_and_midnight_in_the_next(
    job, rate, finance_a, outlet_a
):
    rate("C", "60")
    late = job(at(2025, 5, 31, 23, 59))
    midnight = job(at(2025, 6, 1, 0, 0))
    first = job(at(2025, 5, 1, 0, 0))
    may = _build(finance_a, outlet_a, MAY)
    june = _build(finance_a, outlet_a, JUNE)
    assert _orders(may) == {late.number, first.number}
    assert _orders(june) == {midnight.number}
    assert may.number.startswith("JS202505-") and june.number.startswith("JS202506-")
    assert (may.jobs, may.total, may.status) == (2, Decimal("120.00"), St.DRAFT)


def test_any_day_names_its_month(job, rate, finance_a, outlet_a):
    rate("C", "60")
    job(at(2025, 5, 20, 10))
    assert _build(finance_a, outlet_a, dt.date(2025, 5, 17)).month == MAY


def test_it_picks_the_outlets_own_rate_then_the_products_then_the_latest(
    job, rate, finance_a, outlet_a, aircon, heater
):
    rate("C", "40")  # all outlets, any product
    rate("C", "45", product=aircon)  # all outlets, air conditioners
    own = rate("C", "55", outlet=outlet_a)  # the outlet's own, any product
    own_heater = rate("C", "70", outlet=outlet_a, product=heater)
    newer = rate("C", "58", outlet=outlet_a, since=dt.date(2025, 5, 15))
    before, after = job(at(2025, 5, 10, 9)), job(at(2025, 5, 20, 9))
    line = {x.order_id: x for x in _build(finance_a, outlet_a).lines.all()}
    assert (line[before.pk].rate, line[before.pk].labour) == (own, Decimal("55.00"))
    assert (line[after.pk].rate, line[after.pk].labour) == (newer, Decimal("58.00"))
    assert own_heater.lines.count() == 0  # the unit is an air conditioner


def test_the_default_rate_pays_an_outlet_without_its_own(job, rate, finance_a, outlet_a, aircon):
    rate("C", "40")
    by_product = rate("C", "45", product=aircon)
    order = job(at(2025, 5, 10, 9))
    line = _build(finance_a, outlet_a).lines.get()
    assert line.order == order and line.rate == by_product and line.amount == Decimal("45.00")
    assert "45" in line.reason and "空调" in line.reason


def test_it_pays_by_the_jobs_category(job, rate, finance_a, outlet_a):
    rate("A", "30"), rate("B", "50"), rate("C", "60")
    paid = job(at(2025, 5, 3, 9), category="A")
    contract = job(at(2025, 5, 4, 9), category="B")
    free = job(at(2025, 5, 5, 9))
    amounts = dict(_build(finance_a, outlet_a).lines.values_list("order_id", "amount"))
    assert amounts == {paid.pk: Decimal("30.00"), contract.pk: Decimal("50.00"), free.pk: 60}


def test_the_travel_allowance_is_paid_for_suburban_customers_only(job, rate, finance_a, outlet_a):
    rate("C", "60", allowance="25")
    order = job(at(2025, 5, 5, 9), zone="ring3")
    settlement = _build(finance_a, outlet_a)
    line = settlement.lines.get()
    assert (line.allowance, line.amount, line.is_suburb) == (0, Decimal("60.00"), False)
    # The customer's file says he lives in a neighbouring county: the draft is drawn up again.
    type(order.customer).objects.filter(pk=order.customer_id).update(zone="nearby")
    settlement = services.settlement_rebuild(by=finance_a, now=LATER, settlement=settlement)
    line = settlement.lines.get()
    assert (line.allowance, line.amount, line.is_suburb) == (25, Decimal("85.00"), True)
    assert settlement.allowance_total == Decimal("25.00")
    assert "25" in line.reason


def test_internal_work_is_never_settled(job, rate, finance_a, outlet_a):
    rate("C", "60")
    job(at(2025, 5, 5, 9), category="D")
    kept = job(at(2025, 5, 6, 9))
    assert _orders(_build(finance_a, outlet_a)) == {kept.number}


def test_only_the_outlets_finished_jobs_are_settled(
    job, flow, rate, finance_a, outlet_a, outlet_a2
):
    rate("C", "60")
    mine = job(at(2025, 5, 6, 9))
    job(at(2025, 5, 6, 10), outlet=outlet_a2)
    open_job = dataclasses.replace(flow, now=at(2025, 5, 7, 9)).reach(
        State.ON_SITE, outlet=outlet_a
    )
    assert _orders(_build(finance_a, outlet_a)) == {mine.number}
    assert not SettlementLine.objects.filter(order=open_job).exists()


def test_a_job_is_never_on_two_statements(job, rate, finance_a, outlet_a, outlet_a2):
    rate("C", "60")
    order = job(at(2025, 5, 6, 9))
    may = _build(finance_a, outlet_a)
    with pytest.raises(IntegrityError), transaction.atomic():
        SettlementLine.objects.create(
            settlement=OutletSettlement.objects.create(
                number="JS-X",
                outlet=outlet_a2,
                branch=outlet_a2.branch,
                month=MAY,
                built_by=finance_a,
                built_at=LATER,
            ),
            order=order,
            completed_at=order.completed_at,
            service_category="C",
            zone="ring2",
        )
    assert SettlementLine.objects.get(order=order).settlement == may


def test_it_refuses_a_second_statement_for_the_month(job, rate, finance_a, outlet_a):
    rate("C", "60")
    job(at(2025, 5, 6, 9))
    first = _build(finance_a, outlet_a)
    with pytest.raises(Conflict) as error:
        _build(finance_a, outlet_a, dt.date(2025, 5, 20))
    assert first.number in error.value.message
    assert OutletSettlement.objects.count() == 1


@pytest.mark.parametrize(
    ("month", "now", "field"),
    [
        (MAY, at(2025, 5, 31, 23, 59), "month"),  # the month is not over
        (JUNE, LATER, "outlet"),  # no jobs in June
        (None, LATER, "month"),
    ],
)
def test_it_refuses_a_month_not_over_or_without_jobs(
    job, rate, finance_a, outlet_a, month, now, field
):
    job(at(2025, 5, 6, 9))
    entries = AuditEntry.objects.count()
    with pytest.raises(DomainError) as error:
        _build(finance_a, outlet_a, month, now=now)
    assert error.value.field == field
    assert not OutletSettlement.objects.exists()
    assert AuditEntry.objects.count() == entries


def test_a_draft_is_rebuilt_with_new_rates_and_late_jobs(job, rate, finance_a, outlet_a, now):
    order = job(at(2025, 5, 6, 9))
    draft = _build(finance_a, outlet_a)
    assert (draft.unrated, draft.total) == (1, 0)
    assert draft.lines.get().rate is None
    with pytest.raises(DomainError):
        services.settlement_confirm(by=finance_a, now=LATER, settlement=draft)
    rate("C", "60")
    late = job(at(2025, 5, 31, 20))  # recorded after the draft was drawn up
    draft = services.settlement_rebuild(by=finance_a, now=LATER, settlement=draft)
    assert (draft.jobs, draft.unrated, draft.total) == (2, 0, Decimal("120.00"))
    assert _orders(draft) == {order.number, late.number}
    assert AuditEntry.objects.filter(action="settlement_rebuild").count() == 1


def test_a_confirmed_statement_is_frozen(job, rate, finance_a, outlet_a):
    fee = rate("C", "60", outlet=outlet_a)
    job(at(2025, 5, 6, 9))
    settlement = _build(finance_a, outlet_a)
    settlement = services.settlement_confirm(by=finance_a, now=LATER, settlement=settlement)
    assert (settlement.status, settlement.confirmed_by) == (St.CONFIRMED, finance_a)
    job(at(2025, 5, 7, 9))
    for move in (services.settlement_rebuild, services.settlement_confirm):
        with pytest.raises(Conflict):
            move(by=finance_a, now=LATER, settlement=settlement)
    with pytest.raises(Conflict):
        services.outlet_rate_update(by=finance_a, now=LATER, rate=fee, amount=80)
    settlement.refresh_from_db()
    assert (settlement.jobs, settlement.total) == (1, Decimal("60.00"))


def test_a_confirmed_statement_is_marked_paid_with_day_and_reference(
    job, rate, finance_a, outlet_a
):
    rate("C", "60")
    job(at(2025, 5, 6, 9))
    settlement = _build(finance_a, outlet_a)
    with pytest.raises(Conflict):  # a draft is not paid
        services.settlement_mark_paid(
            by=finance_a, now=LATER, settlement=settlement, paid_on=LATER.date(), reference="X"
        )
    settlement = services.settlement_confirm(by=finance_a, now=LATER, settlement=settlement)
    for paid_on, reference, field in [
        (dt.date(2025, 7, 3), "ICBC-1", "paid_on"),  # tomorrow
        (dt.date(2025, 7, 1), "ICBC-1", "paid_on"),  # before it was confirmed
        (dt.date(2025, 7, 2), " ", "reference"),
    ]:
        with pytest.raises(DomainError) as error:
            services.settlement_mark_paid(
                by=finance_a, now=LATER, settlement=settlement, paid_on=paid_on, reference=reference
            )
        assert error.value.field == field
    paid = services.settlement_mark_paid(
        by=finance_a, now=LATER, settlement=settlement, paid_on=LATER.date(), reference="ICBC-1"
    )
    assert (paid.status, paid.paid_on, paid.payment_reference) == (St.PAID, LATER.date(), "ICBC-1")


def test_all_outlets_with_jobs_of_the_branch_are_drawn_up_at_once(
    job, rate, finance_a, outlet_a, outlet_a2, outlet_b, flow
):
    rate("C", "60")
    job(at(2025, 5, 6, 9))
    job(at(2025, 5, 6, 10), outlet=outlet_a2)
    built = services.settlement_build_all(by=finance_a, now=LATER, month=MAY)
    assert {s.outlet for s in built} == {outlet_a, outlet_a2}
    assert services.settlement_build_all(by=finance_a, now=LATER, month=MAY) == []


def test_finance_of_another_branch_does_not_see_the_outlet(
    job, rate, finance_a, finance_b, agent_a, outlet_a
):
    rate("C", "60")
    job(at(2025, 5, 6, 9))
    with pytest.raises(NotFound):
        _build(finance_b, outlet_a)
    with pytest.raises(Forbidden):
        _build(agent_a, outlet_a)
    settlement = _build(finance_a, outlet_a)
    with pytest.raises(NotFound):
        services.settlement_confirm(by=finance_b, now=LATER, settlement=settlement)
    assert services.settlement_build_all(by=finance_b, now=LATER, month=MAY) == []


def test_head_office_settles_every_branchs_outlets(job, rate, finance_hq, outlet_a):
    rate("C", "60")
    job(at(2025, 5, 6, 9))
    settlement = _build(finance_hq, outlet_a)
    assert settlement.branch == outlet_a.branch


def test_only_head_office_sets_the_rate_for_all_outlets(finance_a, manager_hq, outlet_a, now):
    values = {"now": now, "service_category": "C", "amount": "60", "effective_from": MAY}
    with pytest.raises(DomainError) as error:
        services.outlet_rate_create(by=finance_a, **values)
    assert error.value.field == "outlet"
    assert services.outlet_rate_create(by=manager_hq, **values).outlet is None
    own = services.outlet_rate_create(by=finance_a, outlet=outlet_a, **values)
    assert own.amount == Decimal("60.00")
    with pytest.raises(Conflict):
        services.outlet_rate_create(by=finance_a, outlet=outlet_a, **values)
    with pytest.raises(DomainError) as error:
        services.outlet_rate_create(
            by=finance_a, outlet=outlet_a, **{**values, "service_category": "D"}
        )
    assert error.value.field == "service_category"
