import datetime as dt
from decimal import Decimal

import pytest

from aftersales.billing import selectors, services
from aftersales.billing.models import CashHandover, DiscountRequest, Invoice, Payment
from aftersales.billing.tests.conftest import make_done
from aftersales.core.exceptions import DomainError, Forbidden
from aftersales.workorders.models import State

from .conftest import make_paid


def test_it_invoices_the_consented_quote_once(invoice, consented, now):
    assert invoice.number.startswith("IV")
    assert invoice.total == Decimal("350.00")
    assert invoice.amount_due == Decimal("350.00")
    assert [line.name for line in invoice.lines.all()] == ["上门费", "加氟"]
    with pytest.raises(DomainError, match="invoiced already"):
        services.invoice_issue(order=consented.order, by=consented.order.technician.user, now=now)


def test_it_does_not_invoice_without_consent(quoted, now):
    with pytest.raises(DomainError) as error:
        services.invoice_issue(order=quoted.order, by=quoted.order.technician.user, now=now)
    assert error.value.code == "no_consent"
    assert not Invoice.objects.exists()


def test_an_invoice_paid_in_full_is_paid_and_takes_no_more(invoice, now):
    tech = invoice.order.technician.user
    services.payment_record(invoice=invoice, by=tech, now=now, amount="100", method="wechat")
    with pytest.raises(DomainError, match="250.00") as error:
        services.payment_record(invoice=invoice, by=tech, now=now, amount="250.01", method="cash")
    assert error.value.field == "amount"
    services.payment_record(invoice=invoice, by=tech, now=now, amount="250", method="cash")
    invoice.refresh_from_db()
    assert (invoice.status, invoice.paid, invoice.outstanding) == (
        Invoice.Status.PAID,
        Decimal("350.00"),
        Decimal("0.00"),
    )
    with pytest.raises(DomainError):
        services.payment_record(invoice=invoice, by=tech, now=now, amount="1", method="cash")
    assert Payment.objects.count() == 2


def test_another_technician_does_not_collect_on_the_job(invoice, technician_a2, now):
    with pytest.raises(Forbidden):
        services.payment_record(
            invoice=invoice, by=technician_a2.user, now=now, amount="10", method="cash"
        )


def _paid_job(flow, prices, now, signature_png, *, technician, amount, method="cash", at=None):
    """A paid job done by `technician`, quoted at `amount`, paid in full."""
    from aftersales.billing.models import PriceItem

    item = PriceItem.objects.create(
        code=f"T{PriceItem.objects.count()}",
        name="维修工时",
        kind="labour",
        price=amount,
        source="own",
    )
    order = make_paid(flow.reach(State.ON_SITE, technician=technician))
    quote = services.quote_create(
        order=order,
        by=technician.user,
        now=now,
        fault="故障",
        expected_hours=1,
        lines=[(item, 1)],
    )
    services.quote_consent_signature(
        quote=quote, by=technician.user, now=now, signer_name="客户", signature_png=signature_png
    )
    inv = services.invoice_issue(order=make_done(order), by=technician.user, now=now)
    return services.payment_record(
        invoice=inv, by=technician.user, now=at or now, amount=amount, method=method
    )


def _row(rows, user):
    return next(r for r in rows if r["collected_by"] == user.pk)


def test_the_hand_over_screen_totals_each_technician(
    flow, prices, now, signature_png, technician_a, technician_a2, finance_a
):
    today = now.astimezone(dt.timezone(dt.timedelta(hours=8))).date()
    yesterday = now - dt.timedelta(days=1)
    old = _paid_job(
        flow, prices, now, signature_png, technician=technician_a, amount=80, at=yesterday
    )
    a1 = _paid_job(flow, prices, now, signature_png, technician=technician_a, amount=120)
    _paid_job(flow, prices, now, signature_png, technician=technician_a, amount=30, method="alipay")
    b1 = _paid_job(flow, prices, now, signature_png, technician=technician_a2, amount=200)
    _paid_job(flow, prices, now, signature_png, technician=technician_a2, amount=55)

    services.cash_handover_receive(
        technician=technician_a2.user, by=finance_a, now=now, payment_ids=[b1.pk]
    )
    rows = selectors.cash_positions(finance_a, day=today)
    a, b = _row(rows, technician_a.user), _row(rows, technician_a2.user)
    # Alipay is not cash; yesterday's ¥80 is still outstanding today.
    assert (a["collected"], a["handed_over"], a["outstanding"]) == (120, 0, 200)
    assert (b["collected"], b["handed_over"], b["outstanding"]) == (255, 200, 55)

    services.cash_handover_receive(
        technician=technician_a.user, by=finance_a, now=now, payment_ids=[old.pk, a1.pk]
    )
    a = _row(selectors.cash_positions(finance_a, day=today), technician_a.user)
    assert (a["collected"], a["handed_over"], a["outstanding"]) == (120, 200, 0)


def test_a_payment_is_handed_over_once(flow, prices, now, signature_png, technician_a, finance_a):
    cash = _paid_job(flow, prices, now, signature_png, technician=technician_a, amount=90)
    services.cash_handover_receive(
        technician=technician_a.user, by=finance_a, now=now, payment_ids=[cash.pk]
    )
    with pytest.raises(DomainError) as error:
        services.cash_handover_receive(
            technician=technician_a.user, by=finance_a, now=now, payment_ids=[cash.pk]
        )
    assert error.value.code == "handed_over"
    assert CashHandover.objects.count() == 1


def test_only_finance_receives_cash_and_only_the_collectors(
    flow, prices, now, signature_png, technician_a, technician_a2, finance_a, supervisor_a
):
    cash = _paid_job(flow, prices, now, signature_png, technician=technician_a, amount=90)
    with pytest.raises(Forbidden):
        services.cash_handover_receive(
            technician=technician_a.user, by=supervisor_a, now=now, payment_ids=[cash.pk]
        )
    with pytest.raises(DomainError, match="someone else"):
        services.cash_handover_receive(
            technician=technician_a2.user, by=finance_a, now=now, payment_ids=[cash.pk]
        )
    assert not CashHandover.objects.exists()


def test_a_discount_within_the_limit_applies_at_once(invoice, supervisor_a, now):
    # A supervisor may give 10 % without asking anyone.
    asked = services.discount_request(
        invoice=invoice, by=supervisor_a, now=now, amount="35", reason="老客户"
    )
    invoice.refresh_from_db()
    assert asked.status == DiscountRequest.Status.APPROVED
    assert invoice.amount_due == Decimal("315.00")


def test_a_discount_above_the_limit_waits_for_someone_whose_limit_covers_it(
    invoice, supervisor_a, manager_hq, gm_a, now
):
    tech = invoice.order.technician.user
    asked = services.discount_request(
        invoice=invoice, by=tech, now=now, amount="140", reason="客户投诉上次维修"
    )
    invoice.refresh_from_db()
    assert asked.status == DiscountRequest.Status.PENDING
    assert asked.percent == Decimal("40.00")
    assert invoice.amount_due == Decimal("350.00")  # unchanged until approved
    for too_low in (supervisor_a, manager_hq):  # 10 % and 30 %
        with pytest.raises(Forbidden):
            services.discount_decide(request=asked, by=too_low, now=now, approve=True)
    invoice.refresh_from_db()
    assert invoice.discount == 0
    services.discount_decide(request=asked, by=gm_a, now=now, approve=True, note="同意")
    invoice.refresh_from_db()
    assert invoice.amount_due == Decimal("210.00")
    with pytest.raises(DomainError, match="already been decided"):
        services.discount_decide(request=asked, by=gm_a, now=now, approve=False, note="x")


def test_a_refused_discount_leaves_the_invoice(invoice, supervisor_a, now):
    asked = services.discount_request(
        invoice=invoice, by=invoice.order.technician.user, now=now, amount="20", reason="凑整"
    )
    with pytest.raises(DomainError, match="why"):
        services.discount_decide(request=asked, by=supervisor_a, now=now, approve=False)
    services.discount_decide(
        request=asked, by=supervisor_a, now=now, approve=False, note="不符合规定"
    )
    invoice.refresh_from_db()
    assert invoice.discount == 0
    asked.refresh_from_db()
    assert asked.status == DiscountRequest.Status.REJECTED


def test_void_only_an_unpaid_invoice(invoice, finance_a, now):
    services.payment_record(
        invoice=invoice, by=invoice.order.technician.user, now=now, amount="10", method="cash"
    )
    with pytest.raises(DomainError, match="cannot be voided"):
        services.invoice_void(invoice=invoice, by=finance_a, now=now, reason="开错")
