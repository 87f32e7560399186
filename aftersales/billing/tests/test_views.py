from django.urls import reverse

from aftersales.billing.models import Consent, Payment, PriceItem, Quote
from aftersales.billing.tests.conftest import make_done
from aftersales.factories import png_bytes

from .test_services_invoices import _paid_job

DATA_URL = "data:image/png;base64," + __import__("base64").b64encode(png_bytes()).decode()


def test_the_work_order_page_leads_to_quote_and_consent(client, paid_order):
    client.force_login(paid_order.technician.user)
    body = client.get(reverse("workorders:detail", args=[paid_order.pk])).content.decode()
    assert reverse("billing:quote", args=[paid_order.pk]) in body


def test_a_technician_quotes_and_the_customer_signs_on_his_phone(client, paid_order, prices):
    client.force_login(paid_order.technician.user)
    url = reverse("billing:quote", args=[paid_order.pk])
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        {
            "fault": "缺氟",
            "expected_hours": "1.5",
            "item_0": prices["visit"].pk,
            "qty_0": "1",
            "item_1": prices["gas"].pk,
            "qty_1": "2",
        },
    )
    assert response.status_code == 302
    quote = Quote.objects.get(order=paid_order)
    assert str(quote.total) == "350.00"
    consent_url = reverse("billing:consent", args=[paid_order.pk])
    assert "350.00" in client.get(consent_url).content.decode()
    # Without a drawing nothing is recorded.
    assert client.post(consent_url, {"signer_name": "张伟", "signature": ""}).status_code == 400
    assert not Consent.objects.exists()
    assert (
        client.post(consent_url, {"signer_name": "张伟", "signature": DATA_URL}).status_code == 302
    )
    quote.refresh_from_db()
    assert quote.status == Quote.Status.CONSENTED


def test_a_quote_without_lines_is_refused_on_the_form(client, paid_order):
    client.force_login(paid_order.technician.user)
    response = client.post(
        reverse("billing:quote", args=[paid_order.pk]), {"fault": "缺氟", "expected_hours": "1"}
    )
    assert response.status_code == 400
    assert not Quote.objects.exists()


def test_an_agent_records_phone_consent(client, quoted, agent_a):
    client.force_login(agent_a)
    url = reverse("billing:consent_phone", args=[quoted.order.pk])
    assert client.post(url, {"signer_name": "张伟"}).status_code == 302
    assert Consent.objects.get().method == "phone"


def test_invoice_payment_and_discount_pages(client, consented, supervisor_a):
    order = make_done(consented.order)
    client.force_login(order.technician.user)
    client.post(reverse("billing:invoice_issue", args=[order.pk]))
    client.post(reverse("billing:discount", args=[order.pk]), {"amount": "70", "reason": "老客户"})
    client.post(reverse("billing:payment", args=[order.pk]), {"amount": "100", "method": "cash"})
    body = client.get(reverse("billing:invoice", args=[order.pk])).content.decode()
    assert "350.00" in body and "100.00" in body
    client.force_login(supervisor_a)  # 20 % is above a supervisor's 10 %
    page = client.get(reverse("billing:discounts")).content.decode()
    assert order.number in page
    client.post(reverse("billing:discount_decide", args=[order.pk]), {"approve": "1"})
    order.invoices.get().refresh_from_db()
    assert str(order.invoices.get().discount) == "0.00"


def test_another_branch_does_not_see_the_invoice(client, consented, outsider_b):
    client.force_login(outsider_b)
    assert client.get(reverse("billing:invoice", args=[consented.order.pk])).status_code == 404


def test_the_price_list_page_and_create(client, prices, manager_hq, agent_a):
    client.force_login(agent_a)
    assert "加氟" in client.get(reverse("billing:prices")).content.decode()
    assert client.get(reverse("billing:price_create")).status_code == 403
    client.force_login(manager_hq)
    response = client.post(
        reverse("billing:price_create"),
        {
            "code": "QX01",
            "name": "清洗",
            "kind": "labour",
            "unit": "次",
            "price": "80",
            "source": "own",
        },
    )
    assert response.status_code == 302
    assert PriceItem.objects.filter(code="QX01").exists()


def test_finance_receives_a_technicians_cash(
    client, flow, prices, now, signature_png, technician_a, finance_a
):
    cash = _paid_job(flow, prices, now, signature_png, technician=technician_a, amount=120)
    client.force_login(finance_a)
    body = client.get(reverse("billing:handover")).content.decode()
    assert "120.00" in body and str(technician_a.user) in body
    client.post(
        reverse("billing:handover_receive"),
        {"technician": technician_a.user.pk, "payments": str(cash.pk)},
    )
    assert Payment.objects.get(pk=cash.pk).handover is not None
    # A second time is refused and changes nothing.
    client.post(
        reverse("billing:handover_receive"),
        {"technician": technician_a.user.pk, "payments": str(cash.pk)},
    )
    assert Payment.objects.get(pk=cash.pk).handover.total == 120


def test_the_hand_over_screen_does_not_query_per_technician(
    client,
    flow,
    prices,
    now,
    signature_png,
    technician_a,
    technician_a2,
    finance_a,
    django_assert_max_num_queries,
):
    client.force_login(finance_a)
    _paid_job(flow, prices, now, signature_png, technician=technician_a, amount=10)
    with django_assert_max_num_queries(12) as few:
        client.get(reverse("billing:handover"))
    for _ in range(3):
        _paid_job(flow, prices, now, signature_png, technician=technician_a2, amount=10)
        _paid_job(flow, prices, now, signature_png, technician=technician_a, amount=10)
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(reverse("billing:handover"))


def test_a_technician_may_not_open_the_hand_over_screen(client, technician_a):
    client.force_login(technician_a.user)
    assert client.get(reverse("billing:handover")).status_code == 403
