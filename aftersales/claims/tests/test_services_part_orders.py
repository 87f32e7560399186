"""Claim part orders (索赔订货): a deposit, two signatures above the threshold, refunded once."""

from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from aftersales.billing import services as billing
from aftersales.billing.models import CashEntry
from aftersales.billing.selectors import cash_positions, cash_still_held
from aftersales.claims import services
from aftersales.claims.models import ClaimPartOrder
from aftersales.core.exceptions import Conflict, DomainError, Forbidden
from aftersales.core.models import AuditEntry
from aftersales.parts import services as parts
from aftersales.parts.models import Part, StockLevel
from aftersales.parts.selectors import parts_used_on_order
from aftersales.parts.services import LineIn
from aftersales.workorders.models import State, WorkOrder

P = ClaimPartOrder.Status
D = Decimal


@pytest.fixture
def request_part(flow, agent_a, compressor, now):
    def make(*, quantity: int = 1, part=None, order=None, **values):
        return services.claim_part_order_request(
            by=values.pop("by", agent_a),
            now=now,
            work_order=order or flow.reach(State.ON_SITE),
            part=part or compressor,
            quantity=quantity,
            deposit_amount=values.pop("deposit_amount", D("300")),
            deposit_method=values.pop("deposit_method", "wechat"),
            **values,
        )

    return make


def test_it_takes_the_deposit_and_needs_only_the_workshop_manager_up_to_the_threshold(
    request_part, supervisor_a, agent_a, now
):
    order = request_part(quantity=2)  # 2 × 1,000 = 2,000: at the threshold, not above
    assert order.amount == D("2000.00") and not order.needs_director
    assert (order.deposit_amount, order.deposit_method, order.deposit_taken_by) == (
        D("300.00"),
        "wechat",
        agent_a,
    )
    assert order.status == P.REQUESTED and order.waiting_for == "workshop"

    order = services.claim_part_order_approve(by=supervisor_a, now=now, order=order)

    assert order.status == P.APPROVED and order.workshop_approved_by == supervisor_a


def test_above_the_threshold_the_director_signs_too_after_the_workshop(
    request_part, supervisor_a, manager_hq, now, aircon
):
    from aftersales.parts.models import Part

    part = Part.objects.create(code="PCB-X", name="变频主板", unit_cost=D("2000.01"))
    order = request_part(part=part)
    assert order.needs_director

    with pytest.raises(Conflict):
        services.claim_part_order_confirm(by=manager_hq, now=now, order=order)
    order = services.claim_part_order_approve(by=supervisor_a, now=now, order=order)
    assert order.status == P.REQUESTED and order.waiting_for == "director"
    with pytest.raises(Forbidden):
        services.claim_part_order_confirm(by=supervisor_a, now=now, order=order)
    with pytest.raises(Conflict):
        services.claim_part_order_approve(by=supervisor_a, now=now, order=order)

    order = services.claim_part_order_confirm(by=manager_hq, now=now, order=order)

    assert order.status == P.APPROVED and order.director_approved_by == manager_hq


def test_the_director_signs_as_another_person_than_the_workshop_manager(
    request_part, manager_hq, now
):
    order = request_part(quantity=3)
    services.claim_part_order_approve(by=manager_hq, now=now, order=order)
    with pytest.raises(Forbidden):
        services.claim_part_order_confirm(by=manager_hq, now=now, order=order)
    order.refresh_from_db()
    assert order.status == P.REQUESTED


def test_the_threshold_is_a_setting(request_part, settings):
    settings.AFTERSALES = {**settings.AFTERSALES, "CLAIM_ORDER_DIRECTOR_ABOVE": 5000}
    assert not request_part(quantity=3).needs_director


def _arrived(order, by, now, storekeeper):
    services.claim_part_order_approve(by=by, now=now, order=order)
    services.claim_part_order_mark_ordered(by=by, now=now, order=order, reference="GL-778")
    return services.claim_part_order_mark_arrived(by=storekeeper, now=now, order=order)


def test_fitting_the_part_refunds_the_deposit_once(
    request_part, supervisor_a, agent_a, warehouse_a, store_a, now
):
    order = _arrived(request_part(), supervisor_a, now, warehouse_a)
    assert order.manufacturer_reference == "GL-778" and not order.deposit_refunded

    order = services.claim_part_order_fit(by=supervisor_a, now=now, order=order)

    assert order.status == P.FITTED
    assert (order.deposit_refunded_amount, order.deposit_refunded_at) == (D("300.00"), now)
    entries = AuditEntry.objects.count()
    for again in (
        lambda: services.claim_part_order_fit(by=supervisor_a, now=now, order=order),
        lambda: services.claim_part_order_cancel(
            by=agent_a, now=now, order=order, reason="重复", refund=True
        ),
    ):
        with pytest.raises(Conflict) as error:
            again()
        assert error.value.code == "already_refunded"
    assert AuditEntry.objects.count() == entries


def test_the_database_refuses_a_refund_other_than_the_deposit_or_both_refunded_and_kept(
    request_part, now
):
    order = request_part()
    ClaimPartOrder.objects.filter(pk=order.pk).update(deposit_kept_reason="")
    with pytest.raises(IntegrityError), transaction.atomic():
        ClaimPartOrder.objects.filter(pk=order.pk).update(
            deposit_refunded_amount=D("600"), deposit_refunded_at=now
        )
    with pytest.raises(IntegrityError), transaction.atomic():
        ClaimPartOrder.objects.filter(pk=order.pk).update(status=P.FITTED)


def test_a_cancelled_order_refunds_the_deposit_or_keeps_it_with_a_reason(
    request_part, agent_a, supervisor_a, warehouse_a, store_a, now
):
    refunded = services.claim_part_order_cancel(
        by=agent_a, now=now, order=request_part(), reason="客户改为退货", refund=True
    )
    assert refunded.status == P.CANCELLED and refunded.deposit_refunded_amount == D("300.00")

    order = _arrived(request_part(), supervisor_a, now, warehouse_a)
    with pytest.raises(DomainError) as error:
        services.claim_part_order_cancel(
            by=agent_a, now=now, order=order, reason="客户不来换件", refund=False
        )
    assert error.value.field == "kept_reason"
    kept = services.claim_part_order_cancel(
        by=agent_a,
        now=now,
        order=order,
        reason="客户不来换件",
        refund=False,
        kept_reason="到货后通知三次未到店",
    )
    assert kept.status == P.CANCELLED and not kept.deposit_refunded
    assert kept.deposit_kept_reason == "到货后通知三次未到店"


@pytest.mark.parametrize(
    ("status", "service"),
    [
        (P.REQUESTED, "claim_part_order_mark_ordered"),
        (P.REQUESTED, "claim_part_order_fit"),
        (P.APPROVED, "claim_part_order_mark_arrived"),
        (P.APPROVED, "claim_part_order_approve"),
    ],
)
def test_illegal_moves_of_a_part_order_are_refused(
    request_part, supervisor_a, manager_a, now, status, service
):
    order = request_part()
    if status == P.APPROVED:
        services.claim_part_order_approve(by=supervisor_a, now=now, order=order)
    with pytest.raises(Conflict):
        getattr(services, service)(by=manager_a, now=now, order=order)
    order.refresh_from_db()
    assert order.status == status


def test_a_part_in_stock_is_issued_not_ordered(request_part, compressor, warehouse_a, store_a, now):
    parts.stock_receive(
        by=warehouse_a, now=now, warehouse=store_a, lines=[LineIn(part=compressor, quantity=1)]
    )
    with pytest.raises(DomainError) as error:
        request_part()
    assert error.value.field == "part" and "北京中心仓" in error.value.message


def test_it_orders_only_for_an_open_warranty_job_against_a_deposit(request_part, flow):
    paid = flow.reach(State.ON_SITE)
    WorkOrder.objects.filter(pk=paid.pk).update(category="A")
    with pytest.raises(DomainError) as error:
        request_part(order=WorkOrder.objects.get(pk=paid.pk))
    assert error.value.field == "work_order"
    with pytest.raises(DomainError) as error:
        request_part(order=flow.reach(State.COMPLETED))
    assert error.value.field == "work_order"
    with pytest.raises(DomainError) as error:
        request_part(deposit_amount=D("0"))
    assert error.value.field == "deposit_amount"
    with pytest.raises(DomainError) as error:
        request_part(deposit_method="credit")
    assert error.value.field == "deposit_method"
    assert not ClaimPartOrder.objects.exists()


def test_a_technician_may_not_request_and_an_agent_may_not_sign(request_part, flow, agent_a, now):
    with pytest.raises(Forbidden):
        request_part(by=flow.technician.user)
    order = request_part()
    with pytest.raises(Forbidden):
        services.claim_part_order_approve(by=agent_a, now=now, order=order)


def _stock(part, warehouse) -> int:
    level = StockLevel.objects.filter(warehouse=warehouse, part=part, condition="good").first()
    return level.quantity if level else 0


def test_the_arrived_part_enters_the_branch_warehouse_and_is_issued_to_the_job_when_fitted(
    request_part, supervisor_a, warehouse_a, store_a, compressor, now
):
    Part.objects.filter(pk=compressor.pk).update(is_serialised=True)
    compressor.refresh_from_db()
    order = _arrived(request_part(quantity=2, part=compressor), supervisor_a, now, warehouse_a)
    assert order.receipt.kind == "receipt" and order.receipt.to_warehouse == store_a
    assert _stock(compressor, store_a) == 2

    # A serialised part is fitted with the serial number of each new piece.
    with pytest.raises(DomainError) as error:
        services.claim_part_order_fit(by=supervisor_a, now=now, order=order)
    assert error.value.field == "serial_number"
    assert _stock(compressor, store_a) == 2 and not order.deposit_refunded

    order = services.claim_part_order_fit(
        by=supervisor_a, now=now, order=order, serial_number="GL-A1, GL-A2"
    )
    assert _stock(compressor, store_a) == 0
    assert order.issue.kind == "issue" and order.issue.work_order == order.work_order
    used = parts_used_on_order(order.work_order)
    assert sorted(u.serial_number for u in used) == ["GL-A1", "GL-A2"]


def test_only_the_warehouse_receives_and_only_those_who_issue_parts_fit(
    request_part, supervisor_a, agent_a, warehouse_a, store_a, now
):
    order = request_part()
    services.claim_part_order_approve(by=supervisor_a, now=now, order=order)
    services.claim_part_order_mark_ordered(by=agent_a, now=now, order=order)
    with pytest.raises(Forbidden):
        services.claim_part_order_mark_arrived(by=agent_a, now=now, order=order)
    order.refresh_from_db()
    assert order.status == P.ORDERED and order.receipt is None
    order = services.claim_part_order_mark_arrived(by=warehouse_a, now=now, order=order)
    with pytest.raises(Forbidden):
        services.claim_part_order_fit(by=agent_a, now=now, order=order)


def test_a_cash_deposit_is_due_at_finance_and_a_cash_refund_reduces_what_is_owed(
    request_part, supervisor_a, agent_a, warehouse_a, store_a, finance_a, now
):
    """Agent takes ¥300 in cash; the supervisor fits the part and pays the ¥300 back in cash.
    The agent owes finance ¥300; finance owes the supervisor ¥300; a WeChat deposit is not
    cash in anybody's hands."""
    request_part(deposit_method="wechat", deposit_amount=D("500"))
    order = _arrived(request_part(deposit_method="cash"), supervisor_a, now, warehouse_a)
    services.claim_part_order_fit(by=supervisor_a, now=now, order=order)

    day = timezone.localdate(now)
    rows = {r["collected_by"]: r for r in cash_positions(finance_a, day=day)}
    assert set(rows) == {agent_a.pk, supervisor_a.pk}
    agent, supervisor = rows[agent_a.pk], rows[supervisor_a.pk]
    assert (agent["collected"], agent["paid_out"], agent["outstanding"]) == (
        D("300.00"),
        D("0.00"),
        D("300.00"),
    )
    assert (supervisor["collected"], supervisor["paid_out"], supervisor["outstanding"]) == (
        D("0.00"),
        D("300.00"),
        D("-300.00"),
    )
    held = cash_still_held(
        finance_a, day=day, branch=None, technicians=[agent_a.pk, supervisor_a.pk]
    )
    taken = billing.cash_handover_receive(
        technician=agent_a,
        by=finance_a,
        now=now,
        payment_ids=[],
        entry_ids=held[agent_a.pk].entries,
    )
    assert taken.total == D("300.00")
    with pytest.raises(DomainError) as error:
        billing.cash_handover_receive(
            technician=agent_a,
            by=finance_a,
            now=now,
            payment_ids=[],
            entry_ids=held[agent_a.pk].entries,
        )
    assert error.value.code == "handed_over"
    with pytest.raises(DomainError):  # the supervisor's refund is not the agent's
        billing.cash_handover_receive(
            technician=agent_a,
            by=finance_a,
            now=now,
            payment_ids=[],
            entry_ids=held[supervisor_a.pk].entries,
        )
    paid_back = billing.cash_handover_receive(
        technician=supervisor_a,
        by=finance_a,
        now=now,
        payment_ids=[],
        entry_ids=held[supervisor_a.pk].entries,
    )
    assert paid_back.total == D("-300.00")
    rows = {r["collected_by"]: r for r in cash_positions(finance_a, day=day)}
    assert rows[agent_a.pk]["outstanding"] == rows[supervisor_a.pk]["outstanding"] == D("0.00")
    assert rows[agent_a.pk]["handed_over"] == D("300.00")
    assert CashEntry.objects.count() == 2


def test_a_deposit_kept_stays_owed_and_a_cash_refund_on_cancel_is_paid_out(
    request_part, agent_a, finance_a, now
):
    kept = request_part(deposit_method="cash")
    services.claim_part_order_cancel(
        by=agent_a, now=now, order=kept, reason="客户不来", refund=False, kept_reason="未到店"
    )
    refunded = request_part(deposit_method="cash", deposit_amount=D("100"))
    services.claim_part_order_cancel(
        by=agent_a, now=now, order=refunded, reason="客户改为退货", refund=True
    )
    (row,) = cash_positions(finance_a, day=timezone.localdate(now))
    assert (row["collected"], row["paid_out"], row["outstanding"]) == (
        D("400.00"),
        D("100.00"),
        D("300.00"),
    )
