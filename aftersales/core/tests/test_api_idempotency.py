"""Idempotent creation on every endpoint that creates: a retried request creates nothing twice.

For each: the same key and body → one record and the same answer, byte for byte; the same key
with another body → 422 naming the header, nothing created; no key → a new request each time,
which creates again or is refused by the domain's own rule, but is never a replay.
"""

import base64
import datetime as dt
import importlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from django.db.models import Model
from django.test import Client
from django.utils import timezone

from aftersales.accounts.models import Role, User
from aftersales.core.models import AuditEntry
from aftersales.customers.models import Customer, ProductModel, Unit
from aftersales.factories import png_bytes
from aftersales.intake.models import ServiceCall
from aftersales.intake.services import call_register
from aftersales.parts.models import Part, StockDocument
from aftersales.warranty.models import MaintenanceContract
from aftersales.workorders.models import Photo, Request, State, WorkOrder

from .scene import Scene, footprint
from .test_api_client import PREFIX, ApiClient, error_fields

pytestmark = pytest.mark.usefixtures("quiet_request_log")

IMAGE = base64.b64encode(png_bytes()).decode()


@dataclass(frozen=True)
class Creation:
    role: str  # who creates
    model: type[Model]  # what is created
    path: Callable[[Scene], str]
    body: Callable[[Scene], dict[str, Any]]
    other: dict[str, Any]  # a change to the body: another request under the same key
    again: int  # the answer to the same request sent again without a key


def _open_call(scene: Scene) -> ServiceCall:
    side = scene.a
    return call_register(
        by=side.flow.agent,
        now=side.flow.now,
        channel="hotline",
        phone=side.customer.phone,
        customer=side.customer,
        symptom="显示屏不亮",
    )


def _on_site(scene: Scene) -> WorkOrder:
    return scene.a.flow.reach(State.ON_SITE)


CREATIONS: dict[str, Creation] = {
    "customer": Creation(
        Role.AGENT,
        Customer,
        lambda scene: "/customers",
        lambda scene: {"name": "王芳", "phone": "139 1234 5678", "address": "北京市朝阳区"},
        other={"name": "王小芳"},
        again=409,  # the phone is filed already: the existing customer is offered
    ),
    "product_model": Creation(
        Role.QUALITY,
        ProductModel,
        lambda scene: "/product-models",
        lambda scene: {
            "brand": "美的",
            "code": "KFR-26GW",
            "name": "挂机",
            "category": scene.model.category_id,
        },
        other={"name": "柜机"},
        again=409,
    ),
    "unit": Creation(
        Role.AGENT,
        Unit,
        lambda scene: "/units",
        lambda scene: {
            "customer": scene.a.customer.pk,
            "model": scene.model.pk,
            "serial": "NEW-0001",
            "purchase_date": str(timezone.localdate() - dt.timedelta(days=3)),
        },
        other={"invoice_no": "INV-9"},
        again=409,  # the serial is registered for the model already
    ),
    "call": Creation(
        Role.AGENT,
        ServiceCall,
        lambda scene: "/calls",
        lambda scene: {
            "phone": scene.a.customer.phone,
            "customer": scene.a.customer.pk,
            "symptom": "不制冷",
        },
        other={"symptom": "漏水"},
        again=201,  # every call is registered, none ignored
    ),
    "work_order": Creation(
        Role.AGENT,
        WorkOrder,
        lambda scene: "/work-orders",
        lambda scene: {
            "customer": scene.a.customer.pk,
            "symptom": "年度保养",
            "kind": "maintenance",
        },
        other={"kind": "installation"},
        again=201,
    ),
    "work_order_from_call": Creation(
        Role.AGENT,
        WorkOrder,
        lambda scene: f"/calls/{_open_call(scene).pk}/work-order",
        lambda scene: {},
        other={"kind": "maintenance"},
        again=400,  # the call has become a work order already
    ),
    "request": Creation(
        Role.TECHNICIAN,
        Request,
        lambda scene: f"/work-orders/{_on_site(scene).pk}/requests",
        lambda scene: {"kind": "escalation", "reason": "现场无法解决"},
        other={"reason": "缺少配件"},
        again=400,  # one request of a kind waits at a time
    ),
    "photo": Creation(
        Role.TECHNICIAN,
        Photo,
        lambda scene: f"/work-orders/{_on_site(scene).pk}/photos",
        lambda scene: {"kind": "fault", "image": IMAGE},
        other={"kind": "finished"},
        again=201,
    ),
    "contract": Creation(
        Role.SUPERVISOR,
        MaintenanceContract,
        lambda scene: "/contracts",
        lambda scene: {
            "customer": scene.a.customer.pk,
            "units": [scene.a.unit.pk],
            "start": "2101-01-01",
            "end": "2101-12-31",
            "annual_fee": "1200.00",
            "visits_per_year": 4,
        },
        other={"notes": "含滤网更换"},
        again=400,  # a unit is under one contract at a time
    ),
    "part": Creation(
        Role.WAREHOUSE,
        Part,
        lambda scene: "/parts",
        lambda scene: {"code": "AC-4WV", "name": "四通阀", "unit_cost": "85.00"},
        other={"name": "四通阀（含线圈）"},
        again=400,  # a part code is unique
    ),
    "stock_document": Creation(
        Role.WAREHOUSE,
        StockDocument,
        lambda scene: "/stock-documents",
        lambda scene: {
            "kind": "receipt",
            "to_warehouse": scene.a.extra["warehouse"].pk,
            "supplier": "格力电器配件部",
            "lines": [{"part": scene.part.pk, "quantity": 5}],
        },
        other={"supplier": "美的售后备件中心"},
        again=201,
    ),
}


def _paid_on_site(scene: Scene) -> WorkOrder:
    order = _on_site(scene)
    WorkOrder.objects.filter(pk=order.pk).update(category="A")
    return order


def _price_item_pk() -> int:
    from aftersales.billing.models import PriceItem

    return PriceItem.objects.get_or_create(
        code="JF01", defaults={"name": "加氟", "kind": "labour", "price": 150, "source": "own"}
    )[0].pk


def _billing_creations() -> dict[str, Creation]:
    from aftersales.billing.models import PriceItem, Quote

    return {
        "price_item": Creation(
            Role.FINANCE,
            PriceItem,
            lambda scene: "/prices",
            lambda scene: {
                "code": "SM01",
                "name": "上门费",
                "kind": "travel",
                "price": "50",
                "source": "own",
            },
            other={"name": "上门费（郊区）"},
            again=400,  # a price code is unique
        ),
        "quote": Creation(
            Role.TECHNICIAN,
            Quote,
            lambda scene: f"/work-orders/{_paid_on_site(scene).pk}/quotes",
            lambda scene: {
                "fault": "缺氟",
                "expected_hours": "1.5",
                "lines": [{"item": _price_item_pk(), "quantity": "1"}],
            },
            other={"fault": "缺氟，另需更换电容"},
            again=201,  # a new version of the quote
        ),
    }


CREATIONS.update(_billing_creations())


def _tools_creations() -> dict[str, Creation]:
    from aftersales.loaners.models import LoanerUnit
    from aftersales.tools.models import Tool

    return {
        "tool": Creation(
            Role.WAREHOUSE,
            Tool,
            lambda scene: "/tools",
            lambda scene: {"asset_number": "GJ-0001", "name": "真空泵", "purchase_price": "1680"},
            other={"name": "真空泵（双级）"},
            again=409,  # an asset number is unique
        ),
        "loaner": Creation(
            Role.WAREHOUSE,
            LoanerUnit,
            lambda scene: "/loaners",
            lambda scene: {"asset_number": "TB-0001", "model": scene.model.pk},
            other={"serial": "GREE-TB-1"},
            again=409,  # an asset number is unique
        ),
    }


CREATIONS.update(_tools_creations())


def _api(scene: Scene, creation: Creation) -> tuple[ApiClient, User]:
    user = scene.users[creation.role]
    return ApiClient(user), user


# The operation of the OpenAPI document each creation above goes to.
OPERATIONS = {
    "customer": "/customers",
    "product_model": "/product-models",
    "unit": "/units",
    "call": "/calls",
    "work_order": "/work-orders",
    "work_order_from_call": "/calls/{call_id}/work-order",
    "request": "/work-orders/{order_id}/requests",
    "photo": "/work-orders/{order_id}/photos",
    "contract": "/contracts",
    "part": "/parts",
    "stock_document": "/stock-documents",
    "price_item": "/prices",
    "quote": "/work-orders/{order_id}/quotes",
    "tool": "/tools",
    "loaner": "/loaners",
}

# The claims app's creating endpoints (claims/tests/guarded.py).
from aftersales.claims.tests import guarded as claims_guarded  # noqa: E402

CREATIONS.update(claims_guarded.CREATIONS(Creation))
OPERATIONS.update(claims_guarded.OPERATIONS)

# The return and exchange endpoints, set up in their own app.
from aftersales.returns.tests import guarded as returns_guarded  # noqa: E402

CREATIONS.update(returns_guarded.CREATIONS(Creation))
OPERATIONS.update(returns_guarded.OPERATIONS)

# The outlet settlement endpoints, set up in their own app.
from aftersales.settlements.tests import tables as settlements_tables  # noqa: E402

CREATIONS.update(settlements_tables.CREATIONS(Creation))
OPERATIONS.update(settlements_tables.OPERATIONS)

# The invoices, payments, discounts and cash hand-overs (billing), and contract renewals.
from aftersales.billing.tests import api_ops as billing_ops  # noqa: E402

CREATIONS.update(billing_ops.CREATIONS(Creation))
OPERATIONS.update(billing_ops.OPERATIONS)

# The purchase requests and supplier quotes of spare parts (parts/tests/guarded.py).
from aftersales.parts.tests import guarded as parts_guarded  # noqa: E402

CREATIONS.update(parts_guarded.CREATIONS(Creation))
OPERATIONS.update(parts_guarded.OPERATIONS)

# The apps of the time rules (issue 4), each with its entries in <app>/tests/tables.py.
for _app in ("deadlines", "notifications", "followups", "maintenance", "warranty", "calendars"):
    _tables = importlib.import_module(f"aftersales.{_app}.tests.tables")
    CREATIONS.update(_tables.CREATIONS(Creation))
    OPERATIONS.update(_tables.OPERATIONS)


def _creating_operations() -> dict[str, set[str]]:
    """The operations answering 201, with the headers each takes."""
    document = Client().get(f"{PREFIX}/openapi.json").json()
    return {
        path.removeprefix(PREFIX): {p["name"] for p in spec.get("parameters", [])}
        for path, methods in document["paths"].items()
        for method, spec in methods.items()
        if "201" in spec["responses"]
    }


def test_every_creating_endpoint_takes_an_idempotency_key(db):
    """An operation that answers 201 creates something: a retry must not create it twice."""
    creating = _creating_operations()
    assert {path for path, headers in creating.items() if "Idempotency-Key" not in headers} == set()


def test_every_creating_endpoint_is_tried_here(db):
    assert set(_creating_operations()) == set(OPERATIONS.values())
    assert set(OPERATIONS) == set(CREATIONS)


@pytest.mark.parametrize("name", list(CREATIONS))
def test_a_retry_with_the_same_key_creates_once_and_gets_the_same_answer(scene, name):
    creation = CREATIONS[name]
    api, user = _api(scene, creation)
    path, body = creation.path(scene), creation.body(scene)
    records = creation.model.objects.count()

    first = api.post(path, body, key="retry-1")
    entries = AuditEntry.objects.count()
    second = api.post(path, body, key="retry-1")
    # The same body with its keys in another order is the same request.
    third = api.post(path, dict(reversed(list(body.items()))), key="retry-1")

    assert first.status_code == 201, first.json()
    assert second.status_code == third.status_code == 201
    assert second.content == third.content == first.content
    assert creation.model.objects.count() == records + 1
    assert AuditEntry.objects.count() == entries  # a replay changes nothing
    assert creation.model.objects.filter(pk=first.json()["id"]).exists()


@pytest.mark.parametrize("name", list(CREATIONS))
def test_the_same_key_with_another_body_is_refused_and_creates_nothing(scene, name):
    creation = CREATIONS[name]
    api, user = _api(scene, creation)
    path, body = creation.path(scene), creation.body(scene)
    first = api.post(path, body, key="retry-1")
    before = footprint()

    response = api.post(path, {**body, **creation.other}, key="retry-1")

    assert first.status_code == 201, first.json()
    assert response.status_code == 422
    assert response.json()["code"] == "idempotency_key_reused"
    assert error_fields(response) == ["Idempotency-Key"]
    assert "Idempotency-Key" in response.json()["detail"]
    assert footprint() == before


@pytest.mark.parametrize("name", list(CREATIONS))
def test_without_a_key_each_request_is_a_new_one(scene, name):
    creation = CREATIONS[name]
    api, user = _api(scene, creation)
    path, body = creation.path(scene), creation.body(scene)
    records = creation.model.objects.count()

    first = api.post(path, body)
    second = api.post(path, body)

    assert first.status_code == 201, first.json()
    assert second.status_code == creation.again, second.json()
    created = 2 if creation.again == 201 else 1
    assert creation.model.objects.count() == records + created
    if creation.again == 201:
        assert second.json()["id"] != first.json()["id"]


@pytest.mark.parametrize("name", ["customer", "request"])
def test_a_key_is_not_spent_by_a_refused_request(scene, name):
    """A request refused on its content stores nothing: corrected, it may reuse its key."""
    creation = CREATIONS[name]
    api, user = _api(scene, creation)
    path, body = creation.path(scene), creation.body(scene)
    broken = {"customer": {"phone": "12345"}, "request": {"kind": "holiday"}}[name]

    refused = api.post(path, {**body, **broken}, key="retry-1")
    corrected = api.post(path, body, key="retry-1")

    assert refused.status_code == 400
    assert corrected.status_code == 201
    assert creation.model.objects.filter(pk=corrected.json()["id"]).exists()
