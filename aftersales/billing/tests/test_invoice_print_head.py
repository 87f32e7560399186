"""The printed invoice is headed by the company's name (one setting) and the branch under it."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

NAME = "蓉城家电售后服务有限公司"


def test_it_heads_the_printed_invoice_with_the_company_and_the_branch(
    client, finance_a, invoice, settings
):
    settings.AFTERSALES = {**settings.AFTERSALES, "COMPANY_NAME": NAME}
    order = invoice.order
    client.force_login(finance_a)
    body = client.get(reverse("billing:invoice_print", args=[order.pk])).content.decode()
    head = body[body.index("v-company-name") : body.index("</header>")]
    assert invoice.number in body
    assert NAME in head and order.branch.name in head
    assert head.index(NAME) < head.index(order.branch.name)
