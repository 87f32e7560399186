"""Bad input on the pages is told next to its field in the user's language (Chinese unless the
browser asks for English), and nothing is filed."""

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from aftersales.accounts.models import Role

from .scene import Scene, footprint

pytestmark = pytest.mark.usefixtures("quiet_request_log")
CJK = re.compile(r"[\u4e00-\u9fff]")


@dataclass(frozen=True)
class Case:
    role: str
    url: Callable[[Scene], str]
    data: Callable[[Scene], dict]
    field: str
    english: Callable[[Scene], str]


CASES: dict[str, Case] = {
    "customer with a bad phone": Case(
        Role.AGENT,
        lambda scene: reverse("customers:create"),
        lambda scene: {
            "name": "王芳",
            "phone": "12345",
            "address": "北京市朝阳区",
            "kind": "person",
            "tier": "regular",
            "zone": "ring2",
        },
        "phone",
        lambda scene: "“12345” is not a valid phone number.",
    ),
    "unit with a serial registered for the model": Case(
        Role.AGENT,
        lambda scene: reverse("customers:unit_register", args=[scene.a.customer.pk]),
        lambda scene: {
            "model": scene.model.pk,
            "serial": scene.a.unit.serial,
            "purchase_date": str(timezone.localdate() - dt.timedelta(days=3)),
        },
        "serial",
        lambda scene: (
            f"Serial number {scene.a.unit.serial} of {scene.model} is already registered."
        ),
    ),
    "call without a symptom": Case(
        Role.AGENT,
        lambda scene: reverse("intake:new"),
        lambda scene: {
            "channel": "hotline",
            "phone": scene.a.customer.phone,
            "customer": scene.a.customer.pk,
            "symptom": "",
        },
        "symptom",
        lambda scene: "This field is required.",
    ),
}


@pytest.mark.parametrize("name", list(CASES))
def test_a_form_tells_the_error_on_its_field_in_the_users_language(scene, client, name):
    case = CASES[name]
    client.force_login(scene.users[case.role])
    english = case.english(scene)
    before = footprint()
    for language in ("en", None):  # None: no Accept-Language, the default language
        headers = {"HTTP_ACCEPT_LANGUAGE": language} if language else {}

        response = client.post(case.url(scene), case.data(scene), **headers)

        assert response.status_code in (200, 400)
        errors = response.context["form"].errors
        assert list(errors) == [case.field], errors
        (message,) = errors[case.field]
        assert escape(message) in response.content.decode()
        if language == "en":
            assert message == english
        else:
            assert message != english
            assert CJK.search(message.replace(str(scene.model), "")), message
    assert footprint() == before
