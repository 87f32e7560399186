"""The company's name heads every printout from one setting, with the branch under it."""

import pytest
from django.template import Context, Template
from django.test import override_settings
from django.urls import reverse

from aftersales.workorders.models import State
from aftersales.workorders.tests.conftest import flow, world_of  # noqa: F401

pytestmark = pytest.mark.django_db

NAME = "蓉城家电售后服务有限公司"


def _render() -> str:
    return Template("{% load printouts %}{% company_name %}").render(Context())


def test_it_prints_the_company_name_of_the_setting(settings):
    settings.AFTERSALES = {**settings.AFTERSALES, "COMPANY_NAME": NAME}
    assert _render() == NAME


def test_it_prints_a_neutral_name_when_none_is_set(settings):
    settings.AFTERSALES = {k: v for k, v in settings.AFTERSALES.items() if k != "COMPANY_NAME"}
    assert _render() == "售后服务中心"


def header(body: str) -> str:
    """The printout's head: company name, then the branch line."""
    start = body.index("company-name")
    return body[start : body.index("</header>", start)]


def test_it_heads_the_service_voucher_with_the_company_and_the_branch(
    flow,  # noqa: F811
    client,
    agent_a,
    settings,
):
    settings.AFTERSALES = {**settings.AFTERSALES, "COMPANY_NAME": NAME}
    order = flow.reach(State.COMPLETED)
    client.force_login(agent_a)
    head = header(client.get(reverse("workorders:voucher", args=[order.pk])).content.decode())
    assert NAME in head and order.branch.name in head
    assert head.index(NAME) < head.index(order.branch.name)


@override_settings(LANGUAGE_CODE="zh-hans")
def test_it_prints_the_default_name_on_the_voucher_out_of_the_box(
    flow,  # noqa: F811
    client,
    agent_a,
):
    order = flow.reach(State.COMPLETED)
    client.force_login(agent_a)
    body = client.get(reverse("workorders:voucher", args=[order.pk])).content.decode()
    assert "售后服务中心" in header(body)
