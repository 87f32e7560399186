# ruff: noqa: F811  (the parts fixtures imported below are fixture arguments)
"""The parts on the invoice: each issued part with its own coverage, never more than the customer
consented to (rules.invoice_lines)."""

import datetime as dt
from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.utils import timezone

from aftersales.billing import rules, services
from aftersales.billing.models import InvoiceLine, PriceItem
from aftersales.billing.tests.conftest import make_done
from aftersales.core.exceptions import Conflict, DomainError
from aftersales.parts import services as parts
from aftersales.parts.rules import part_warranty_until
from aftersales.parts.services import LineIn
from aftersales.parts.tests.conftest import (  # noqa: F401  (fixtures)
    board,
    capacitor,
    stocked,
    store_a,
    warehouse_a,
)

D = Decimal


@pytest.fixture
def part_prices(capacitor, board):
    return {
        "cap": PriceItem.objects.create(
            code="PJ-CAP",
            name="压缩机电容",
            kind="part",
            unit="个",
            price=D("45.00"),
            source="manufacturer",
            part=capacitor,
        ),
        "board": PriceItem.objects.create(
            code="PJ-PCB",
            name="室内机主板",
            kind="part",
            unit="块",
            price=D("380.00"),
            source="manufacturer",
            part=board,
        ),
    }


def _consented(order, lines, now, signature_png):
    quote = services.quote_create(
        order=order,
        by=order.technician.user,
        now=now,
        fault="电容失效，不启动",
        expected_hours=1,
        lines=lines,
    )
    services.quote_consent_signature(
        quote=quote,
        by=order.technician.user,
        now=now,
        signer_name="张伟",
        signature_png=signature_png,
    )
    return quote


def test_it_charges_issued_parts_as_quoted_and_never_more_than_consented(
    paid_order, prices, part_prices, stocked, warehouse_a, now, signature_png, capacitor
):
    quote = _consented(
        paid_order,
        [(prices["visit"], 1), (part_prices["cap"], 1), (part_prices["board"], 1)],
        now,
        signature_png,
    )
    assert quote.total == D("475.00")
    # Two capacitors go in; the board, quoted, turns out not to be needed.
    parts.stock_issue_to_order(
        by=warehouse_a,
        now=now,
        warehouse=stocked,
        order=paid_order,
        lines=[LineIn(part=capacitor, quantity=2)],
    )
    invoice = services.invoice_issue(
        order=make_done(paid_order), by=paid_order.technician.user, now=now
    )
    lines = list(invoice.lines.all())
    assert [(x.name, x.quantity, x.price, x.amount, x.coverage) for x in lines] == [
        ("上门费", D("1.00"), D("50.00"), D("50.00"), "charged"),
        (capacitor.name, D("1.00"), D("45.00"), D("45.00"), "charged"),
        (capacitor.name, D("1.00"), D("0.00"), D("0.00"), "unquoted"),
    ]
    assert lines[1].part == capacitor and lines[1].kind == "part"
    assert lines[1].warranty_until == part_warranty_until(timezone.localdate(now), 90)
    assert "new consent" in lines[2].note
    assert invoice.total == D("95.00") <= quote.total


def test_a_serialised_part_carries_its_serial_and_guarantee(
    paid_order, part_prices, stocked, warehouse_a, now, signature_png, board
):
    _consented(paid_order, [(part_prices["board"], 1)], now, signature_png)
    parts.stock_issue_to_order(
        by=warehouse_a,
        now=now,
        warehouse=stocked,
        order=paid_order,
        lines=[LineIn(part=board, quantity=1, serial_number="PCB2024-0001")],
    )
    invoice = services.invoice_issue(
        order=make_done(paid_order), by=paid_order.technician.user, now=now
    )
    line = invoice.lines.get()
    assert (line.serial_number, line.amount, line.coverage) == (
        "PCB2024-0001",
        D("380.00"),
        "charged",
    )
    assert line.warranty_until is not None and line.warranty_until > now.date()


def test_a_covered_part_is_free_with_its_reason():
    part = SimpleNamespace(pk=7, name="四通阀")
    quoted = SimpleNamespace(
        item=SimpleNamespace(kind="part", part_id=7),
        name="四通阀",
        unit="个",
        quantity=D(1),
        price=D("180.00"),
        amount=D("180.00"),
    )
    used = SimpleNamespace(
        part=part,
        quantity=1,
        serial_number="",
        is_free=True,
        warranty_until=dt.date(2026, 1, 1),
        reason="上次维修保修期内",
    )
    (line,) = rules.invoice_lines([quoted], [used])
    assert (line.amount, line.coverage, line.note) == (D("0.00"), "covered", "上次维修保修期内")
    assert line.warranty_until == dt.date(2026, 1, 1)


def test_a_part_line_naming_no_spare_part_is_charged_as_quoted(invoice, prices):
    # The fixture's quote has no part lines: the invoice is the quote.
    assert invoice.total == D("350.00")
    assert all(x.coverage == InvoiceLine.Coverage.CHARGED for x in invoice.lines.all())


def test_a_voided_invoice_is_replaced_by_a_new_one(invoice, finance_a, now):
    services.invoice_void(invoice=invoice, by=finance_a, now=now, reason="客户名称开错")
    invoice.refresh_from_db()
    assert (invoice.status, invoice.void_reason, invoice.voided_by) == (
        "void",
        "客户名称开错",
        finance_a,
    )
    again = services.invoice_issue(order=invoice.order, by=invoice.order.technician.user, now=now)
    assert again.pk != invoice.pk and again.total == invoice.total
    with pytest.raises(DomainError, match="void already"):
        services.invoice_void(invoice=invoice, by=finance_a, now=now, reason="x")


def test_it_refuses_to_invoice_a_quote_that_is_no_longer_current(consented, now):
    with pytest.raises(Conflict):
        services.invoice_issue(
            order=make_done(consented.order),
            by=consented.order.technician.user,
            now=now,
            quote_id=consented.pk + 1000,
        )


def test_only_a_part_line_names_a_spare_part(manager_hq, capacitor):
    with pytest.raises(DomainError) as error:
        services.price_item_create(
            by=manager_hq,
            code="X1",
            name="加氟",
            kind="labour",
            price=1,
            source="own",
            part=capacitor,
        )
    assert error.value.field == "part"


def test_the_printed_invoice_shows_each_part_with_its_serial_and_guarantee(
    client, paid_order, part_prices, stocked, warehouse_a, now, signature_png, board, finance_a
):
    from django.urls import reverse

    _consented(paid_order, [(part_prices["board"], 1)], now, signature_png)
    parts.stock_issue_to_order(
        by=warehouse_a,
        now=now,
        warehouse=stocked,
        order=paid_order,
        lines=[LineIn(part=board, quantity=1, serial_number="PCB2024-0002")],
    )
    invoice = services.invoice_issue(
        order=make_done(paid_order), by=paid_order.technician.user, now=now
    )
    client.force_login(finance_a)
    page = client.get(reverse("billing:invoice_print", args=[paid_order.pk])).content.decode()
    line = invoice.lines.get()
    assert invoice.number in page and "PCB2024-0002" in page and "¥380.00" in page
    assert f"{line.warranty_until:%Y-%m-%d}" in page
    # Voided, it prints marked void with the reason, and the job is invoiced again.
    services.invoice_void(invoice=invoice, by=finance_a, now=now, reason="抬头错误")
    void_url = reverse("billing:invoice_print", args=[paid_order.pk]) + f"?invoice={invoice.pk}"
    assert "抬头错误" in client.get(void_url).content.decode()
    response = client.post(reverse("billing:invoice_void", args=[paid_order.pk]), {"reason": ""})
    assert response.status_code == 400  # a void needs its reason
    assert invoice.order.invoices.count() == 1
