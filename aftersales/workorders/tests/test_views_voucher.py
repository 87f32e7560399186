"""The printable service voucher (服务凭证)."""

import pytest
from django.urls import reverse

from aftersales.workorders.models import State

pytestmark = pytest.mark.django_db


def test_the_voucher_shows_the_fields_and_the_signature(flow, client, agent_a, unit_a):
    order = flow.reach(State.COMPLETED)
    client.force_login(agent_a)
    response = client.get(reverse("workorders:voucher", args=[order.pk]), HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    body = response.content.decode()
    signature = order.signatures.get()
    assert f'src="{signature.image.url}"' in body
    for text in (
        order.number,
        unit_a.customer.name,
        order.contact_phone_display,
        order.address,
        unit_a.serial,
        unit_a.model.code,
        "补充制冷剂，试机正常",
        "张伟",
        order.branch.name,
        "In warranty",
        "window.print()",
        "Service voucher",
    ):
        assert text in body, text
    assert "☑ C · Free (warranty)" in body.replace("</span> ", " ")


def test_the_voucher_is_not_found_for_another_branch(flow, client, outsider_b):
    order = flow.reach(State.COMPLETED)
    client.force_login(outsider_b)
    assert client.get(reverse("workorders:voucher", args=[order.pk])).status_code == 404


def test_the_voucher_needs_a_login(flow, client):
    order = flow.new_order()
    assert client.get(reverse("workorders:voucher", args=[order.pk])).status_code == 302


def test_the_voucher_prints_the_centres_phone_as_people_dial_it(flow, client, agent_a):
    order = flow.reach(State.COMPLETED)
    order.branch.phone = "+862883318889"
    order.branch.save()
    client.force_login(agent_a)
    body = client.get(reverse("workorders:voucher", args=[order.pk])).content.decode()
    assert "028 8331 8889" in body
    assert "+862883318889" not in body
