"""Money an outlet collects from the customer on a paid job it did: recorded in billing against
the outlet, never on our staff's cash hand-over, deducted on the outlet's monthly statement."""

from decimal import Decimal

import pytest
from django.utils import timezone

from aftersales.billing import services as billing
from aftersales.billing.models import Invoice, Quote
from aftersales.billing.selectors import cash_positions
from aftersales.core.exceptions import DomainError
from aftersales.settlements import services
from aftersales.workorders.models import State

from .conftest import LATER, MAY, at

pytestmark = pytest.mark.django_db


def _invoiced(order, by, total: str) -> Invoice:
    """A paid job's invoice, straight in the table: quoting and consent are billing's tests."""
    quote = Quote.objects.create(
        order=order,
        version=1,
        status=Quote.Status.CONSENTED,
        fault="不制冷",
        expected_hours=1,
        total=Decimal(total),
        created_by=by,
        created_at=order.completed_at,
    )
    return Invoice.objects.create(
        number=f"IV-{order.pk}",
        order=order,
        branch=order.branch,
        quote=quote,
        total=Decimal(total),
        issued_by=by,
        issued_at=order.completed_at,
    )


def test_it_deducts_what_the_outlet_collected_and_keeps_it_off_the_staff_hand_over(
    job, rate, finance_a, agent_a, outlet_a
):
    rate("A", "80"), rate("C", "60")
    paid = job(at(2025, 5, 3, 9), category="A")
    free = job(at(2025, 5, 4, 9))
    invoice = _invoiced(paid, agent_a, "300")
    taken = billing.payment_record(
        invoice=invoice,
        by=agent_a,
        now=at(2025, 5, 3, 10),
        amount="300",
        method="cash",
        outlet_collected=True,
    )
    assert taken.outlet == outlet_a
    invoice.refresh_from_db()
    assert invoice.status == Invoice.Status.PAID
    # Not our staff's cash: the agent who recorded it owes finance nothing.
    assert cash_positions(finance_a, day=timezone.localdate(taken.at)) == []

    settlement = services.settlement_build(by=finance_a, now=LATER, outlet=outlet_a, month=MAY)
    lines = {line.order_id: line for line in settlement.lines.all()}
    assert (lines[paid.pk].labour, lines[paid.pk].collected, lines[paid.pk].amount) == (
        Decimal("80.00"),
        Decimal("300.00"),
        Decimal("-220.00"),
    )
    assert "300.00" in lines[paid.pk].reason
    assert (lines[free.pk].collected, lines[free.pk].amount) == (0, Decimal("60.00"))
    assert (settlement.collected_total, settlement.total) == (Decimal("300.00"), Decimal("-160.00"))

    # Once finance confirmed the statement, a late collection can no longer be deducted there.
    services.settlement_confirm(by=finance_a, now=LATER, settlement=settlement)
    other = _invoiced_on_statement(paid, agent_a)
    with pytest.raises(DomainError) as error:
        billing.payment_record(
            invoice=other, by=agent_a, now=LATER, amount="50", method="cash", outlet_collected=True
        )
    assert error.value.field == "outlet_collected" and settlement.number in error.value.message


def _invoiced_on_statement(order, by) -> Invoice:
    """A second invoice of the settled job (the first voided), still open."""
    Invoice.objects.filter(order=order).update(status=Invoice.Status.VOID)
    first = Invoice.objects.get(order=order)
    return Invoice.objects.create(
        number=f"IV-{order.pk}-2",
        order=order,
        branch=order.branch,
        quote=first.quote,
        total=Decimal("100"),
        issued_by=by,
        issued_at=order.completed_at,
    )


def test_only_a_job_done_by_an_outlet_takes_an_outlet_collection(flow, agent_a):
    order = flow.reach(State.COMPLETED)
    invoice = _invoiced(order, agent_a, "200")
    with pytest.raises(DomainError) as error:
        billing.payment_record(
            invoice=invoice,
            by=agent_a,
            now=flow.now,
            amount="200",
            method="cash",
            outlet_collected=True,
        )
    assert error.value.field == "outlet_collected"
    invoice.refresh_from_db()
    assert invoice.paid == 0 and not invoice.payments.exists()
