"""From the customer's call to his signature, in the browser, as each person does it:

the agent takes the call and opens a work order, the dispatcher sends a certified technician,
the technician agrees the appointment, arrives, and closes the visit with the customer's
signature drawn on his phone (001 篇1 三7, 002 第63条), and the job is found, completed, in the
unit's service file (售后服务档案, 000 篇2, 002 (四)).

Labels are looked up in the same catalogue the server renders from, so the test follows the
translators instead of breaking on a reworded label.
"""

import io
import re
from datetime import timedelta

from django.utils import timezone, translation
from PIL import Image
from playwright.sync_api import Page, expect

from aftersales.core.models import AuditEntry
from aftersales.intake.models import Channel, ServiceCall
from aftersales.workorders.models import Signature, State, WorkOrder

PASSWORD = "pass12345"  # UserFactory's
SERVICE_REPORT = "补充制冷剂至标准压力，试机30分钟制冷正常"
SIGNER = "张伟"


def zh(text) -> str:
    """A label as the zh-CN browser sees it."""
    with translation.override("zh-hans"):
        return str(text)


def log_in(page: Page, base: str, user) -> None:
    page.goto(f"{base}/login/")
    page.locator("#id_username").fill(user.username)
    page.locator("#id_password").fill(PASSWORD)
    page.locator("form[action='/login/'] button").click()
    expect(page.locator(".who-name")).to_have_text(str(user))


def log_out(page: Page) -> None:
    page.locator("form[action='/logout/'] button").click()
    expect(page.locator("#id_username")).to_be_visible()


def draw_signature(page: Page) -> None:
    """Two strokes with real pointer moves across the pad, as a finger or mouse would sign."""
    canvas = page.locator("#action-complete canvas")
    canvas.scroll_into_view_if_needed()
    box = canvas.bounding_box()
    assert box is not None and box["width"] > 100 and box["height"] > 100
    x, y, w, h = box["x"], box["y"], box["width"], box["height"]
    strokes = [
        [(0.10, 0.70), (0.20, 0.25), (0.30, 0.75), (0.42, 0.30), (0.52, 0.70)],
        [(0.58, 0.45), (0.70, 0.30), (0.78, 0.65), (0.90, 0.40)],
    ]
    for stroke in strokes:
        page.mouse.move(x + w * stroke[0][0], y + h * stroke[0][1])
        page.mouse.down()
        for fx, fy in stroke[1:]:
            page.mouse.move(x + w * fx, y + h * fy, steps=8)
        page.mouse.up()


def dark_pixels(png: bytes) -> int:
    with Image.open(io.BytesIO(png)) as image:
        assert image.format == "PNG"
        return sum(image.convert("L").histogram()[:100])


def test_it_carries_a_call_to_a_signed_completion_in_the_service_file(
    live_server,
    page,
    phone_page,
    screenshot,
    agent_a,
    dispatcher_a,
    technician_a,
    uncertified_a,
    unit_a,
    no_cooling,
):
    base = live_server.url
    customer = unit_a.customer

    # 1–2. The agent takes the call: finds the customer by phone, picks the unit, notes the fault.
    log_in(page, base, agent_a)
    expect(page).to_have_url(f"{base}/calls/new/")
    expect(page.locator("html")).to_have_attribute("lang", "zh-hans")
    page.locator("#id_channel").select_option(Channel.WECHAT)
    page.locator("#id_phone").press_sequentially(
        "13800138000"
    )  # keystrokes: the lookup fires on keyup
    unit_button = page.locator(f"#lookup button[data-unit='{unit_a.pk}']")
    expect(unit_button).to_have_text(f"{unit_a.model} #{unit_a.serial}")
    expect(page.locator("#lookup li.exact strong")).to_have_text(customer.name)
    unit_button.click()
    expect(page.locator("#picked")).to_be_visible()
    expect(page.locator("#picked-label")).to_contain_text(unit_a.serial)
    expect(page.locator("#new-customer")).to_be_hidden()
    expect(page.locator("#product")).to_be_hidden()
    expect(page.locator("#id_caller_name")).to_have_value(customer.name)
    page.locator("#id_fault_type").select_option(str(no_cooling.pk))
    page.locator("#id_symptom").fill("空调开机后只吹风不制冷，显示E1")
    page.locator("#id_customer_request").fill("希望明天上午上门")
    screenshot(page, "01-agent-call-screen-filled")
    page.locator("form.call-form button.btn-primary").click()

    expect(page).to_have_url(re.compile(r"/calls/\d+/$"))
    expect(page.locator("dl.facts")).to_contain_text(customer.name)
    expect(page.locator("dl.facts")).to_contain_text(zh(Channel.WECHAT.label))
    page.locator("form[action$='/work-order/'] button").click()

    expect(page).to_have_url(re.compile(r"/work-orders/\d+/$"))
    order = WorkOrder.objects.get(customer=customer)
    expect(page.locator("h1")).to_contain_text(order.number)
    expect(page.locator("h1 .badge.state-registered")).to_have_text(zh(State.REGISTERED.label))
    log_out(page)

    # 3. The dispatcher sends a technician certified for air conditioners, from the suggestions.
    log_in(page, base, dispatcher_a)
    expect(page).to_have_url(f"{base}/work-orders/board/")
    row = page.locator(
        "table.wo-board tr", has=page.get_by_role("link", name=order.number, exact=True)
    )
    suggestions = row.locator(".wo-quick form button")
    expect(suggestions).to_have_count(1)  # the heater-only technician is not offered
    expect(suggestions).to_contain_text(str(technician_a))
    expect(row).not_to_contain_text(str(uncertified_a))
    suggestions.click()
    expect(page.locator(".messages .msg-success")).to_contain_text(order.number)
    expect(page.get_by_role("link", name=order.number, exact=True)).to_have_count(0)
    log_out(page)

    # 4. The technician, on his phone: agree the appointment, arrive, complete with a signature.
    phone = phone_page
    log_in(phone, base, technician_a.user)
    expect(phone).to_have_url(f"{base}/work-orders/my-jobs/")
    card = phone.locator(
        "article.wo-job", has=phone.get_by_role("link", name=order.number, exact=True)
    )
    expect(card.locator(f".badge.state-{State.DISPATCHED}")).to_have_text(
        zh(State.DISPATCHED.label)
    )
    expect(card).to_contain_text(customer.name)
    card.locator("a[href*='#action-schedule']").click()

    schedule = phone.locator("details#action-schedule")
    expect(schedule).to_have_attribute("open", "")
    # From this minute for two hours: always today, whatever the time the test runs.
    start = timezone.localtime().replace(second=0, microsecond=0)
    schedule.locator("input[name=start]").fill(start.strftime("%Y-%m-%dT%H:%M"))
    schedule.locator("input[name=end]").fill(
        (start + timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M")
    )
    schedule.locator("button.btn-primary").click()

    expect(phone).to_have_url(f"{base}/work-orders/my-jobs/")
    expect(phone.locator(".messages .msg-success")).to_contain_text(order.number)
    expect(card.locator(f".badge.state-{State.SCHEDULED}")).to_have_text(zh(State.SCHEDULED.label))
    expect(card.locator(".wo-job-when")).to_contain_text(start.strftime("%H:%M"))
    card.locator("form[action$='/do/arrive/'] button").click()

    expect(card.locator(f".badge.state-{State.ON_SITE}")).to_have_text(zh(State.ON_SITE.label))
    card.locator("a[href*='#action-complete']").click()

    complete = phone.locator("details#action-complete")
    expect(complete).to_have_attribute("open", "")
    complete.locator("textarea[name=service_report]").fill(SERVICE_REPORT)
    complete.locator("input[name=signer_name]").fill(SIGNER)
    signature_field = complete.locator("input[name=signature]")
    expect(signature_field).to_have_value("")
    draw_signature(phone)
    expect(signature_field).to_have_value(re.compile(r"^data:image/png;base64,.{200,}"))
    expect(complete.locator(".sigpad-hint")).to_be_hidden()
    screenshot(phone, "02-technician-phone-signature-drawn")
    complete.locator(".wo-form-actions button").click()

    expect(phone).to_have_url(f"{base}/work-orders/my-jobs/")
    expect(phone.locator(".messages .msg-success")).to_contain_text(order.number)
    expect(phone.locator("article.wo-job")).to_have_count(0)

    # 5. The agent finds the job, completed, in the unit's service file.
    log_in(page, base, agent_a)
    page.locator(".mainnav a[href='/customers/units/']").click()
    page.locator(f"a[href='/customers/units/{unit_a.pk}/']").click()
    expect(page.locator("h1")).to_contain_text(unit_a.serial)
    entry = page.locator(
        "table.history tbody tr", has=page.get_by_role("link", name=order.number, exact=True)
    )
    expect(entry).to_have_count(1)
    expect(entry.locator(".badge.state-completed")).to_have_text(zh(State.COMPLETED.label))
    expect(entry).to_contain_text(str(technician_a))
    expect(entry).to_contain_text(SERVICE_REPORT)
    expect(entry).to_contain_text(str(no_cooling))
    screenshot(page, "03-unit-service-file")

    # The signature on the work order is the drawn image, served back to the browser.
    entry.get_by_role("link", name=order.number, exact=True).click()
    signature_img = page.locator(".wo-signatures img")
    expect(signature_img).to_have_count(1)
    expect(page.locator(".wo-signatures figcaption")).to_contain_text(SIGNER)
    signature_img.scroll_into_view_if_needed()
    page.wait_for_function(
        "img => img.complete && img.naturalWidth > 100", arg=signature_img.element_handle()
    )

    # And in the database: completed, signed with a real drawing, every step in the audit trail.
    order.refresh_from_db()
    assert order.state == State.COMPLETED
    assert order.technician == technician_a
    assert order.unit == unit_a and order.fault_type == no_cooling
    assert order.service_report == SERVICE_REPORT
    assert order.appointment_start == start
    assert order.dispatched_at and order.arrived_at and order.completed_at
    call = ServiceCall.objects.get(pk=order.call_id)
    assert call.channel == Channel.WECHAT
    assert call.outcome == ServiceCall.Outcome.WORK_ORDER
    assert call.resolved_at == order.completed_at

    signature = Signature.objects.get(order=order)
    assert signature.purpose == Signature.Purpose.COMPLETION
    assert signature.signer_name == SIGNER
    assert signature.collected_by == technician_a.user
    with signature.image.open("rb") as stored:
        png = stored.read()
    assert len(png) > 0
    with Image.open(io.BytesIO(png)) as image:
        width, height = image.size
    dark = dark_pixels(png)
    assert 200 < dark < width * height // 4, f"{dark} dark pixels: the drawing did not arrive"

    trail = list(AuditEntry.objects.for_object(order).order_by("at", "id"))
    assert [(e.action, e.actor) for e in trail] == [
        ("create", agent_a),
        ("dispatch", dispatcher_a),
        ("schedule", technician_a.user),
        ("arrive", technician_a.user),
        ("complete", technician_a.user),
    ]
    assert [e.changes["state"] for e in trail[1:]] == [
        [State.REGISTERED, State.DISPATCHED],
        [State.DISPATCHED, State.SCHEDULED],
        [State.SCHEDULED, State.ON_SITE],
        [State.ON_SITE, State.COMPLETED],
    ]
