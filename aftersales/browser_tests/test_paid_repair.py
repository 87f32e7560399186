"""A paid repair from quote to payment, in the browser, as each person does it:

an out-of-warranty air conditioner (category A, paid), the technician on site quotes from the
price list, the customer signs his consent on the technician's phone before any work (002
第11条, 第56条4), the technician completes the job, issues the invoice and takes the payment in
cash, and finance receives the cash the same day on the hand-over screen (002 第21条, 004 (十)).
The figures are checked on each screen and in the database.
"""

import datetime as dt
import io
import re
from decimal import Decimal

from django.utils import translation
from PIL import Image
from playwright.sync_api import Page, expect

from aftersales.billing.models import CashHandover, Consent, Invoice, Payment, PriceItem, Quote
from aftersales.customers.models import Unit
from aftersales.workorders.models import ServiceCategory, State
from aftersales.workorders.tests.conftest import flow  # noqa: F401  (a fixture)

from .test_call_to_signature import dark_pixels, log_in, log_out

FAULT = "压缩机启动电容失效，需补充制冷剂"


def zh(text) -> str:
    """A label or message as the zh-CN browser sees it (msgids and lazy labels alike)."""
    with translation.override("zh-hans"):
        return translation.gettext(text) if isinstance(text, str) else str(text)


def draw_on(page: Page, canvas_selector: str) -> None:
    """Two strokes with real pointer moves across the pad."""
    canvas = page.locator(canvas_selector)
    canvas.scroll_into_view_if_needed()
    box = canvas.bounding_box()
    assert box is not None and box["width"] > 100 and box["height"] > 60
    x, y, w, h = box["x"], box["y"], box["width"], box["height"]
    for stroke in (
        [(0.10, 0.70), (0.20, 0.25), (0.30, 0.75), (0.42, 0.30), (0.52, 0.70)],
        [(0.58, 0.45), (0.70, 0.30), (0.78, 0.65), (0.90, 0.40)],
    ):
        page.mouse.move(x + w * stroke[0][0], y + h * stroke[0][1])
        page.mouse.down()
        for fx, fy in stroke[1:]:
            page.mouse.move(x + w * fx, y + h * fy, steps=8)
        page.mouse.up()


def test_it_takes_a_paid_repair_from_quote_to_cash_at_finance(
    live_server,
    page,
    phone_page,
    screenshot,
    flow,  # noqa: F811
    technician_a,
    finance_a,
    unit_a,  # noqa: F811
):
    base = live_server.url
    # Bought six years ago: long out of the manufacturer's warranty, so the job is paid work.
    Unit.objects.filter(pk=unit_a.pk).update(
        purchase_date=unit_a.purchase_date - dt.timedelta(days=365 * 6)
    )
    unit_a.refresh_from_db()
    visit = PriceItem.objects.create(
        code="SM01", name="上门费（市区）", kind="travel", price=Decimal("50"), source="own"
    )
    gas = PriceItem.objects.create(
        code="KT03",
        name="加氟（R32，补充）",
        kind="labour",
        price=Decimal("200"),
        source="price_bureau",
    )
    capacitor = PriceItem.objects.create(
        code="KT13",
        name="压缩机电容",
        kind="part",
        unit="个",
        price=Decimal("45"),
        source="manufacturer",
    )
    order = flow.reach(State.ON_SITE)
    assert order.category == ServiceCategory.PAID
    phone = phone_page

    # 1. On site, the technician quotes from the price list: fault, time, lines.
    log_in(phone, base, technician_a.user)
    phone.goto(f"{base}/work-orders/{order.pk}/")
    expect(phone.locator("#charges")).to_contain_text(
        zh("This is paid work: give the customer a quote and record his consent first.")
    )
    phone.locator(f"#charges a[href='/billing/orders/{order.pk}/quote/']").click()
    phone.locator("#id_fault").fill(FAULT)
    phone.locator("#id_expected_hours").fill("1.5")
    phone.locator("#id_item_0").select_option(str(visit.pk))
    phone.locator("#id_item_1").select_option(str(gas.pk))
    phone.locator("#id_item_2").select_option(str(capacitor.pk))
    phone.locator("#id_qty_2").fill("2")
    phone.locator("form.bill-quote-form button.btn-primary").click()

    # 2. The customer reads the quote and signs it on the phone: ¥50 + ¥200 + 2 × ¥45 = ¥340.
    expect(phone).to_have_url(f"{base}/billing/orders/{order.pk}/consent/")
    expect(phone.locator(".messages .msg-success")).to_contain_text("¥340.00")
    quote_card = phone.locator("section.bill-quote").first
    expect(quote_card).to_contain_text("¥340.00")
    expect(quote_card.locator("tbody tr")).to_have_count(3)
    phone.locator("#id_signer_name").fill("张伟")
    draw_on(phone, "form.card canvas.sigpad-canvas")
    expect(phone.locator("input[name=signature]")).to_have_value(
        re.compile(r"^data:image/png;base64,.{200,}")
    )
    screenshot(phone, "11-paid-repair-consent-signed")
    phone.locator("form.card button.btn-primary").first.click()

    expect(phone).to_have_url(f"{base}/work-orders/{order.pk}/")
    expect(phone.locator(".messages .msg-success")).to_contain_text(order.number)
    expect(phone.locator("#charges .badge-ok")).to_have_text(zh(Quote.Status.CONSENTED.label))

    # 3. The work is done: the customer signs the completion.
    # On the job's page (where consent sent him), the completion form, opened by its anchor.
    phone.goto(f"{base}/work-orders/{order.pk}/#action-complete")
    phone.reload()
    complete = phone.locator("details#action-complete")
    expect(complete).to_have_attribute("open", "")
    complete.locator("textarea[name=service_report]").fill(
        "更换压缩机电容两只，补充R32制冷剂，试机制冷正常"
    )
    complete.locator("input[name=signer_name]").fill("张伟")
    draw_on(phone, "#action-complete canvas")
    complete.locator(".wo-form-actions button").click()
    expect(phone.locator(".messages .msg-success")).to_contain_text(order.number)
    order.refresh_from_db()
    assert order.state == State.COMPLETED

    # 4. The invoice from the consented quote, then ¥340 in cash.
    phone.goto(f"{base}/billing/orders/{order.pk}/invoice/")
    phone.locator(f"form[action='/billing/orders/{order.pk}/invoice/issue/'] button").click()
    invoice = Invoice.objects.get(order=order)
    expect(phone.locator("h1")).to_contain_text(invoice.number)
    lines = phone.locator("table.bill-invoice-lines")
    expect(lines.locator("tbody tr")).to_have_count(3)
    expect(lines.locator(".bill-total")).to_have_text("¥340.00")
    expect(lines.locator(".bill-outstanding")).to_have_text("¥340.00")
    expect(phone.locator("#id_amount")).to_have_value("340.00")
    phone.locator("#id_method").select_option("cash")
    phone.locator(f"form[action='/billing/orders/{order.pk}/payment/'] button").click()
    expect(phone.locator(".messages .msg-success")).to_contain_text("¥340.00")
    expect(lines.locator(".bill-paid")).to_have_text("¥340.00")
    expect(lines.locator(".bill-outstanding")).to_have_text("¥0.00")
    expect(phone.locator("h1 .badge")).to_have_text(zh(Invoice.Status.PAID.label))
    expect(phone.locator(".badge-warn", has_text=zh("not handed over"))).to_have_count(1)
    screenshot(phone, "12-paid-repair-invoice-paid")
    log_out(phone)

    # 5. Finance receives the technician's cash the same day.
    log_in(page, base, finance_a)
    page.goto(f"{base}/billing/cash/")
    row = page.locator("table tbody tr", has_text=str(technician_a))
    expect(row.locator("td").nth(1)).to_have_text("¥340.00")
    expect(row.locator("td").nth(2)).to_have_text("¥0.00")
    expect(row.locator("td").nth(3)).to_have_text("¥340.00")
    screenshot(page, "13-cash-handover-outstanding")
    row.locator("button.btn-primary").click()
    expect(page.locator(".messages .msg-success")).to_contain_text("¥340.00")
    expect(row.locator("td").nth(2)).to_have_text("¥340.00")
    expect(row.locator("td").nth(3)).to_have_text("¥0.00")
    expect(row.locator("button")).to_have_count(0)
    screenshot(page, "14-cash-handover-received")

    # And in the database: consent signed before the work, invoice paid, cash at finance.
    quote = Quote.objects.get(order=order)
    assert (quote.version, quote.status, quote.total) == (1, "consented", Decimal("340.00"))
    consent = Consent.objects.get(quote=quote)
    assert consent.method == Consent.Method.SIGNATURE and consent.signer_name == "张伟"
    assert consent.at <= order.completed_at
    with consent.image.open("rb") as stored:
        png = stored.read()
    with Image.open(io.BytesIO(png)) as image:
        width, height = image.size
    assert 200 < dark_pixels(png) < width * height // 4
    invoice.refresh_from_db()
    assert (invoice.status, invoice.total, invoice.paid, invoice.outstanding) == (
        Invoice.Status.PAID,
        Decimal("340.00"),
        Decimal("340.00"),
        Decimal("0.00"),
    )
    assert [(x.name, x.amount) for x in invoice.lines.all()] == [
        ("上门费（市区）", Decimal("50.00")),
        ("加氟（R32，补充）", Decimal("200.00")),
        ("压缩机电容", Decimal("90.00")),
    ]
    payment = Payment.objects.get(invoice=invoice)
    assert (payment.method, payment.amount, payment.collected_by) == (
        "cash",
        Decimal("340.00"),
        technician_a.user,
    )
    handover = CashHandover.objects.get()
    assert payment.handover_id == handover.pk
    assert (handover.technician, handover.received_by, handover.total) == (
        technician_a.user,
        finance_a,
        Decimal("340.00"),
    )
