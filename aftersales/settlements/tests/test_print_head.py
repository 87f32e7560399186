"""The outlet statement is headed by the company's name (one setting) and the branch under it."""

import pytest
from django.urls import reverse

from aftersales.settlements import services

from .conftest import LATER, MAY, at

pytestmark = pytest.mark.django_db

NAME = "蓉城家电售后服务有限公司"


def test_it_heads_the_statement_with_the_company_and_the_branch(
    client, finance_a, job, rate, outlet_a, settings
):
    settings.AFTERSALES = {**settings.AFTERSALES, "COMPANY_NAME": NAME}
    rate("C", "60")
    job(at(2025, 5, 6, 9))
    statement = services.settlement_build(by=finance_a, now=LATER, outlet=outlet_a, month=MAY)
    client.force_login(finance_a)
    body = client.get(reverse("settlements:print", args=[statement.pk])).content.decode()
    head = body[body.index("s-company-name") : body.index("</header>")]
    assert NAME in head and statement.branch.name in head
    assert head.index(NAME) < head.index(statement.branch.name)
