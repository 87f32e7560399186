"""Bad input on every creating endpoint: refused as JSON naming the field, in the user's
language (Chinese by default, English when asked), and nothing is created.
"""

import base64
import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from django.utils import timezone

from aftersales.accounts.models import Role
from aftersales.factories import CustomerFactory, png_bytes
from aftersales.intake.services import call_register
from aftersales.workorders.models import State

from .scene import Scene, footprint
from .test_api_client import ApiClient, error_fields

pytestmark = pytest.mark.usefixtures("quiet_request_log")

CJK = re.compile(r"[\u4e00-\u9fff]")
MISSING = object()  # leave the field out


def _customer(scene: Scene) -> dict:
    return {"name": "王芳", "phone": "13912345678", "address": "北京市朝阳区"}


def _unit(scene: Scene) -> dict:
    return {
        "customer": scene.a.customer.pk,
        "model": scene.model.pk,
        "serial": "NEW-0001",
        "purchase_date": str(timezone.localdate() - dt.timedelta(days=3)),
    }


def _product_model(scene: Scene) -> dict:
    return {
        "brand": "美的",
        "code": "KFR-26GW",
        "name": "挂机",
        "category": scene.model.category_id,
    }


def _call(scene: Scene) -> dict:
    return {"phone": scene.a.customer.phone, "customer": scene.a.customer.pk, "symptom": "不制冷"}


def _work_order(scene: Scene) -> dict:
    return {"customer": scene.a.customer.pk, "symptom": "年度保养", "kind": "maintenance"}


@dataclass(frozen=True)
class Case:
    role: str
    path: Callable[[Scene], str]
    body: Callable[[Scene], dict]
    change: Callable[[Scene], dict[str, Any]]  # what makes the body bad
    status: int
    field: str
    english: Callable[[Scene], str]  # the message, as an English speaker reads it


def _static(value: Any) -> Callable[[Scene], Any]:
    return lambda scene: value


def _open_call_path(scene: Scene) -> str:
    side = scene.a
    call = call_register(
        by=side.flow.agent,
        now=side.flow.now,
        channel="hotline",
        phone=side.customer.phone,
        customer=side.customer,
        symptom="显示屏不亮",
    )
    return f"/calls/{call.pk}/work-order"


def _on_site_path(suffix: str) -> Callable[[Scene], str]:
    return lambda scene: f"/work-orders/{scene.a.flow.reach(State.ON_SITE).pk}/{suffix}"


REQUIRED = _static("This field is required.")
NOT_IN_SCOPE = _static("Select a valid choice. That choice is not one of the available choices.")

CASES: dict[str, Case] = {
    # Customers
    "customer-bad-phone": Case(
        Role.AGENT,
        _static("/customers"),
        _customer,
        _static({"phone": "12345"}),
        400,
        "phone",
        _static("“12345” is not a valid phone number."),
    ),
    "customer-bad-other-phone": Case(
        Role.AGENT,
        _static("/customers"),
        _customer,
        _static({"alt_phone": "999"}),
        400,
        "alt_phone",
        _static("“999” is not a valid phone number."),
    ),
    "customer-missing-name": Case(
        Role.AGENT,
        _static("/customers"),
        _customer,
        _static({"name": MISSING}),
        422,
        "name",
        REQUIRED,
    ),
    "customer-name-not-text": Case(
        Role.AGENT,
        _static("/customers"),
        _customer,
        _static({"name": 123}),
        422,
        "name",
        _static("Enter a valid value."),
    ),
    "customer-blank-address": Case(
        Role.AGENT,
        _static("/customers"),
        _customer,
        _static({"address": "  "}),
        400,
        "address",
        _static("Address is required."),
    ),
    "customer-unknown-tier": Case(
        Role.AGENT,
        _static("/customers"),
        _customer,
        _static({"tier": "gold"}),
        400,
        "tier",
        _static("Unknown tier."),
    ),
    "customer-known-phone": Case(
        Role.AGENT,
        _static("/customers"),
        _customer,
        lambda scene: {"phone": scene.a.customer.phone},
        409,
        "phone",
        lambda scene: f"A customer with this phone already exists: {scene.a.customer.name}.",
    ),
    # Units
    "unit-serial-of-the-model-registered": Case(
        Role.AGENT,
        _static("/units"),
        _unit,
        lambda scene: {"serial": scene.a.unit.serial},
        409,
        "serial",
        lambda scene: (
            f"Serial number {scene.a.unit.serial} of {scene.model} is already registered."
        ),
    ),
    "unit-missing-serial": Case(
        Role.AGENT, _static("/units"), _unit, _static({"serial": MISSING}), 422, "serial", REQUIRED
    ),
    "unit-bought-in-the-future": Case(
        Role.AGENT,
        _static("/units"),
        _unit,
        _static({"purchase_date": str(timezone.localdate() + dt.timedelta(days=1))}),
        400,
        "purchase_date",
        _static("The purchase date is in the future."),
    ),
    "unit-bad-date": Case(
        Role.AGENT,
        _static("/units"),
        _unit,
        _static({"purchase_date": "soon"}),
        422,
        "purchase_date",
        _static("Enter a valid date."),
    ),
    "unit-of-another-branchs-customer": Case(
        Role.AGENT,
        _static("/units"),
        _unit,
        lambda scene: {"customer": scene.b.customer.pk},
        400,
        "customer",
        NOT_IN_SCOPE,
    ),
    # Product models
    "model-twice": Case(
        Role.QUALITY,
        _static("/product-models"),
        _product_model,
        lambda scene: {"brand": scene.model.brand, "code": scene.model.code},
        409,
        "code",
        _static("This model already exists."),
    ),
    "model-impossible-warranty": Case(
        Role.QUALITY,
        _static("/product-models"),
        _product_model,
        _static({"warranty_months": 999}),
        400,
        "warranty_months",
        _static("Warranty months must be between 0 and 240."),
    ),
    "model-missing-category": Case(
        Role.QUALITY,
        _static("/product-models"),
        _product_model,
        _static({"category": MISSING}),
        422,
        "category",
        REQUIRED,
    ),
    # Calls
    "call-bad-phone": Case(
        Role.AGENT,
        _static("/calls"),
        _call,
        _static({"phone": "555"}),
        400,
        "phone",
        _static("“555” is not a valid phone number."),
    ),
    "call-missing-symptom": Case(
        Role.AGENT,
        _static("/calls"),
        _call,
        _static({"symptom": MISSING}),
        422,
        "symptom",
        REQUIRED,
    ),
    "call-unknown-channel": Case(
        Role.AGENT,
        _static("/calls"),
        _call,
        _static({"channel": "fax"}),
        400,
        "channel",
        _static("Unknown channel."),
    ),
    "call-without-a-customer": Case(
        Role.AGENT,
        _static("/calls"),
        _call,
        _static({"customer": MISSING}),
        400,
        "customer",
        _static("Choose the customer or enter a new one."),
    ),
    "call-new-customer-without-address": Case(
        Role.AGENT,
        _static("/calls"),
        _call,
        _static({"customer": MISSING, "new_customer": {"name": "王芳"}}),
        422,
        "new_customer.address",
        REQUIRED,
    ),
    # Work orders
    "order-missing-customer": Case(
        Role.AGENT,
        _static("/work-orders"),
        _work_order,
        _static({"customer": MISSING}),
        422,
        "customer",
        REQUIRED,
    ),
    "order-bad-phone": Case(
        Role.AGENT,
        _static("/work-orders"),
        _work_order,
        _static({"contact_phone": "123"}),
        400,
        "contact_phone",
        _static("“123” is not a valid phone number."),
    ),
    "order-unknown-kind": Case(
        Role.AGENT,
        _static("/work-orders"),
        _work_order,
        _static({"kind": "magic"}),
        400,
        "kind",
        _static("Unknown kind of work."),
    ),
    "order-unit-of-another-customer": Case(
        Role.AGENT,
        _static("/work-orders"),
        _work_order,
        lambda scene: {"unit": scene.a.unit.pk, "customer": _other_customer(scene).pk},
        400,
        "unit",
        _static("The unit belongs to another customer."),
    ),
    "order-from-call-unknown-category": Case(
        Role.AGENT,
        _open_call_path,
        _static({}),
        _static({"category": "Z"}),
        400,
        "category",
        _static("Unknown service category."),
    ),
    "order-promised-by-not-a-time": Case(
        Role.AGENT,
        _static("/work-orders"),
        _work_order,
        _static({"promised_by": "tomorrow"}),
        422,
        "promised_by",
        _static("Enter a valid date/time."),
    ),
    "order-from-call-kind-not-text": Case(
        Role.AGENT,
        _open_call_path,
        _static({}),
        _static({"kind": ["repair"]}),
        422,
        "kind",
        _static("Enter a valid value."),
    ),
    # Requests and photos
    "request-unknown-kind": Case(
        Role.TECHNICIAN,
        _on_site_path("requests"),
        _static({"kind": "escalation", "reason": "现场无法解决"}),
        _static({"kind": "holiday"}),
        400,
        "kind",
        _static("Unknown kind of request."),
    ),
    "request-extension-without-time": Case(
        Role.TECHNICIAN,
        _on_site_path("requests"),
        _static({"kind": "escalation", "reason": "缺少配件"}),
        _static({"kind": "extension"}),
        400,
        "until",
        _static("Give the new promised time, in the future."),
    ),
    "decision-not-yes-or-no": Case(
        Role.SUPERVISOR,
        lambda scene: f"/work-orders/{scene.a.order.pk}/requests/{scene.a.request.pk}/decide",
        _static({"approve": True}),
        _static({"approve": "perhaps"}),
        422,
        "approve",
        _static("Enter a valid value."),
    ),
    "photo-not-an-image": Case(
        Role.TECHNICIAN,
        _on_site_path("photos"),
        _static({"kind": "fault", "image": base64.b64encode(png_bytes()).decode()}),
        _static({"image": base64.b64encode(b"%PDF-1.4").decode()}),
        400,
        "image",
        _static("The file is not a JPEG, PNG or WebP image."),
    ),
}


def _other_customer(scene: Scene):
    return CustomerFactory(name="另一位客户", branch=scene.a.branch)


def _bad_body(case: Case, scene: Scene) -> dict:
    body = {**case.body(scene), **case.change(scene)}
    return {name: value for name, value in body.items() if value is not MISSING}


@pytest.mark.parametrize("name", list(CASES))
def test_bad_input_is_refused_naming_the_field_in_the_users_language(scene, name):
    case = CASES[name]
    path, body = case.path(scene), _bad_body(case, scene)
    english = case.english(scene)
    before = footprint()
    for language in ("en", None):  # None: no Accept-Language, the default language
        api = ApiClient(scene.users[case.role], language=language)

        response = api.post(path, body)

        assert response.status_code == case.status, response.json()
        assert error_fields(response) == [case.field]
        answer = response.json()
        message = answer["errors"][0]["message"]
        assert answer["detail"] == message
        if language == "en":
            assert message == english
        else:
            # Told in Chinese: not the English sentence, and in Chinese characters.
            assert message != english
            assert CJK.search(message.replace(str(scene.model), "")), message
        assert footprint() == before


def test_the_good_bodies_of_these_cases_are_accepted(scene):
    """So that each case above is refused for the one thing it changes."""
    seen = set()
    for case in CASES.values():
        key = (case.role, case.body)
        if key in seen:
            continue
        seen.add(key)
        response = ApiClient(scene.users[case.role]).post(case.path(scene), case.body(scene))
        assert response.status_code in (200, 201), response.json()
