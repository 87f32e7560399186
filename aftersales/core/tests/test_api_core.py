"""The API as a whole: who may call it, how errors look, the OpenAPI document, idempotent creation."""

import datetime as dt
import json
import threading

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from aftersales.accounts.models import ApiToken
from aftersales.core import idempotency
from aftersales.core.models import IdempotencyRecord
from aftersales.customers.models import Customer, ProductModel, Unit
from aftersales.factories import OutletFactory, TechnicianFactory, UnitFactory
from aftersales.intake.models import ServiceCall
from aftersales.intake.services import call_register
from aftersales.workorders.models import WorkOrder

from .test_api_client import ApiClient, error_fields

NEW_CUSTOMER = {"name": "王芳", "phone": "139 1234 5678", "address": "北京市朝阳区建国路88号"}


# Authentication ----------------------------------------------------------------------------


def test_it_refuses_a_request_without_a_token(customer_a):
    response = ApiClient().get(f"/customers/{customer_a.pk}")

    assert response.status_code == 401
    assert response.json()["code"] == "not_authenticated"


def test_it_refuses_a_bad_token(customer_a):
    response = ApiClient(token="not-a-real-token").get(f"/customers/{customer_a.pk}")

    assert response.status_code == 401


def test_it_refuses_a_revoked_token(agent_a, customer_a):
    api = ApiClient(agent_a)
    ApiToken.objects.filter(user=agent_a).update(revoked_at=timezone.now())

    assert api.get(f"/customers/{customer_a.pk}").status_code == 401


def test_it_refuses_the_token_of_a_deactivated_user(agent_a, customer_a):
    api = ApiClient(agent_a)
    agent_a.is_active = False
    agent_a.save()

    assert api.get(f"/customers/{customer_a.pk}").status_code == 401


def test_it_refuses_a_write_without_a_token_and_creates_nothing(db):
    response = ApiClient().post("/customers", NEW_CUSTOMER)

    assert response.status_code == 401
    assert not Customer.objects.exists()


def test_it_accepts_a_valid_token(agent_a, customer_a):
    response = ApiClient(agent_a).get(f"/customers/{customer_a.pk}")

    assert response.status_code == 200
    assert response.json()["name"] == "张伟"


def test_it_accepts_a_signed_in_browser_session_for_reads(agent_a, customer_a):
    client = Client()
    client.force_login(agent_a)

    response = client.get(f"/api/v1/customers/{customer_a.pk}")

    assert response.status_code == 200


def test_it_applies_csrf_to_session_writes(agent_a):
    client = Client(enforce_csrf_checks=True)
    client.force_login(agent_a)

    response = client.post("/api/v1/customers", NEW_CUSTOMER, content_type="application/json")

    assert response.status_code == 403
    assert not Customer.objects.exists()


# OpenAPI -----------------------------------------------------------------------------------


def test_it_serves_the_openapi_document_listing_the_resources():
    response = Client().get("/api/v1/openapi.json")

    assert response.status_code == 200
    paths = response.json()["paths"]
    for path in [
        "/api/v1/customers",
        "/api/v1/product-models",
        "/api/v1/units",
        "/api/v1/units/{unit_id}/history",
        "/api/v1/outlets",
        "/api/v1/calls",
        "/api/v1/calls/{call_id}/work-order",
        "/api/v1/work-orders",
        "/api/v1/work-orders/{order_id}/dispatch",
        "/api/v1/work-orders/{order_id}/complete",
        "/api/v1/work-orders/{order_id}/audit",
        "/api/v1/work-orders/{order_id}/suggestions",
        "/api/v1/technicians",
    ]:
        assert path in paths, path
    assert "bearer" in str(response.json()["components"]["securitySchemes"]).lower()


# Errors ------------------------------------------------------------------------------------


def test_it_names_the_field_of_a_domain_error(agent_a):
    response = ApiClient(agent_a).post("/customers", {**NEW_CUSTOMER, "phone": "12345"})

    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "invalid"
    assert error_fields(response) == ["phone"]
    assert "12345" in body["detail"]
    assert body["errors"][0]["message"] == body["detail"]
    assert not Customer.objects.exists()


def test_it_names_the_missing_field_of_a_malformed_request(agent_a):
    response = ApiClient(agent_a).post("/customers", {"name": "王芳", "address": "北京"})

    assert response.status_code == 422
    assert error_fields(response) == ["phone"]
    assert response.json()["errors"][0]["message"] == "This field is required."


def test_it_names_a_nested_field(agent_a):
    response = ApiClient(agent_a).post(
        "/calls", {"phone": "13912345678", "symptom": "不制冷", "new_customer": {"name": "王芳"}}
    )

    assert response.status_code == 422
    assert error_fields(response) == ["new_customer.address"]


def test_it_tells_a_badly_typed_value(agent_a, customer_a, aircon_model):
    response = ApiClient(agent_a).post(
        "/units",
        {
            "customer": customer_a.pk,
            "model": aircon_model.pk,
            "serial": "X1",
            "purchase_date": "soon",
        },
    )

    assert response.status_code == 422
    assert error_fields(response) == ["purchase_date"]
    assert response.json()["errors"][0]["message"] == "Enter a valid date."


def test_it_tells_errors_in_chinese_by_default(agent_a):
    api = ApiClient(agent_a, language="zh-hans")

    response = api.post("/customers", {"name": "王芳", "address": "北京"})

    assert response.status_code == 422
    assert response.json()["errors"][0]["message"] == "这个字段是必填项。"


def test_it_answers_a_record_of_another_branch_as_not_found(outsider_b, customer_a):
    api = ApiClient(outsider_b)

    other_branch = api.get(f"/customers/{customer_a.pk}")
    missing = api.get("/customers/999999")

    assert other_branch.status_code == missing.status_code == 404
    assert other_branch.json() == missing.json()


# Idempotency -------------------------------------------------------------------------------


def test_it_creates_once_for_a_repeated_key_and_replays_the_answer(agent_a):
    api = ApiClient(agent_a)

    first = api.post("/customers", NEW_CUSTOMER, key="k-1")
    second = api.post("/customers", NEW_CUSTOMER, key="k-1")

    assert first.status_code == second.status_code == 201
    assert first.json() == second.json()
    assert Customer.objects.count() == 1
    assert IdempotencyRecord.objects.get(user=agent_a, key="k-1").response == first.json()


def test_it_refuses_a_key_reused_for_another_body(agent_a):
    api = ApiClient(agent_a)
    api.post("/customers", NEW_CUSTOMER, key="k-1")

    response = api.post("/customers", {**NEW_CUSTOMER, "name": "王小芳"}, key="k-1")

    assert response.status_code == 422
    assert response.json()["code"] == "idempotency_key_reused"
    assert error_fields(response) == ["Idempotency-Key"]
    assert list(Customer.objects.values_list("name", flat=True)) == ["王芳"]


def test_it_refuses_a_key_reused_on_another_endpoint(agent_a, customer_a):
    api = ApiClient(agent_a)
    api.post("/customers", NEW_CUSTOMER, key="k-1")

    response = api.post(
        "/calls",
        {"phone": "13800138000", "customer": customer_a.pk, "symptom": "不制冷"},
        key="k-1",
    )

    assert response.status_code == 422
    assert not ServiceCall.objects.exists()


def test_it_keeps_keys_apart_per_user(agent_a, dispatcher_a):
    ApiClient(agent_a).post("/customers", NEW_CUSTOMER, key="k-1")

    response = ApiClient(dispatcher_a).post(
        "/customers", {**NEW_CUSTOMER, "phone": "13912340000"}, key="k-1"
    )

    assert response.status_code == 201
    assert Customer.objects.count() == 2


def test_it_does_not_spend_a_key_on_a_refused_request(agent_a):
    api = ApiClient(agent_a)

    refused = api.post("/customers", {**NEW_CUSTOMER, "phone": "12345"}, key="k-1")
    corrected = api.post("/customers", NEW_CUSTOMER, key="k-1")

    assert refused.status_code == 400
    assert corrected.status_code == 201
    assert Customer.objects.count() == 1


def test_it_treats_the_same_body_in_another_key_order_as_the_same(agent_a):
    api = ApiClient(agent_a)
    api.post("/customers", NEW_CUSTOMER, key="k-1")

    replay = api.post("/customers", dict(reversed(list(NEW_CUSTOMER.items()))), key="k-1")

    assert replay.status_code == 201
    assert Customer.objects.count() == 1


@pytest.mark.parametrize(
    ("path", "body", "model"),
    [
        ("/units", "unit", Unit),
        ("/calls", "call", ServiceCall),
        ("/work-orders", "order", WorkOrder),
        ("/product-models", "product_model", None),
    ],
)
def test_every_creation_endpoint_is_idempotent(
    path, body, model, agent_a, manager_hq, customer_a, aircon_model, aircon, no_cooling
):
    bodies = {
        "unit": {
            "customer": customer_a.pk,
            "model": aircon_model.pk,
            "serial": "NEW-001",
            "purchase_date": str(timezone.localdate() - dt.timedelta(days=3)),
        },
        "call": {"phone": "13800138000", "customer": customer_a.pk, "symptom": "不制冷"},
        "order": {"customer": customer_a.pk, "symptom": "年度保养", "kind": "maintenance"},
        "product_model": {"brand": "美的", "code": "KFR-26", "name": "挂机", "category": aircon.pk},
    }
    # The catalogue is head office's to edit.
    api = ApiClient(manager_hq if body == "product_model" else agent_a)
    model = model or ProductModel
    before = model.objects.count()

    first = api.post(path, bodies[body], key="retry-me")
    second = api.post(path, bodies[body], key="retry-me")

    assert first.status_code == 201, first.json()
    assert second.status_code == 201
    assert second.json() == first.json()
    assert model.objects.count() == before + 1


def test_opening_a_work_order_from_a_call_is_idempotent(agent_a, customer_a):
    api = ApiClient(agent_a)
    call = api.post(
        "/calls", {"phone": "13800138000", "customer": customer_a.pk, "symptom": "不制冷"}
    ).json()

    first = api.post(f"/calls/{call['id']}/work-order", {}, key="open-1")
    second = api.post(f"/calls/{call['id']}/work-order", {}, key="open-1")
    without_key = api.post(f"/calls/{call['id']}/work-order", {})

    assert first.status_code == second.status_code == 201
    assert first.json()["number"] == second.json()["number"]
    assert WorkOrder.objects.count() == 1
    # Without the key a second attempt is a second request, refused by the rule instead.
    assert without_key.status_code == 400


def test_it_replays_when_the_key_was_stored_between_its_check_and_its_insert(agent_a, monkeypatch):
    """The race: another request with the key committed after this one looked and before it
    inserted. The unique constraint stops the insert, nothing is created, the answer replayed."""
    body = {"x": 1}
    IdempotencyRecord.objects.create(
        user=agent_a,
        key="k-race",
        endpoint="POST /things",
        request_hash=idempotency.request_hash("POST /things", body),
        status_code=201,
        response={"id": 1, "name": "先到的请求"},
    )
    real_stored = idempotency.stored
    looks = []

    def stored_after_the_first_look(user, key):
        looks.append(key)
        return None if len(looks) == 1 else real_stored(user, key)

    monkeypatch.setattr(idempotency, "stored", stored_after_the_first_look)
    created = []

    response = idempotency.idempotent_create(
        user=agent_a,
        key="k-race",
        endpoint="POST /things",
        body=body,
        create=lambda: created.append(1),
        render=lambda _obj: {"id": 2},
    )

    assert response.status_code == 201
    assert json.loads(response.content) == {"id": 1, "name": "先到的请求"}
    assert created == []
    assert len(looks) == 2
    assert IdempotencyRecord.objects.filter(key="k-race").count() == 1


@pytest.mark.django_db(transaction=True)
def test_concurrent_requests_with_one_key_create_once(agent_a):
    """Two threads retry the same creation at once; SQLite serialises writers, PostgreSQL the
    unique index: either way one customer, and both get its answer."""
    if connection.vendor == "sqlite" and connection.settings_dict["NAME"].startswith(
        ("file:memorydb", ":memory:")
    ):
        pytest.skip("an in-memory SQLite database cannot be shared between threads")
    barrier = threading.Barrier(2)
    answers = []

    def attempt():
        try:
            barrier.wait()
            response = ApiClient(agent_a).post("/customers", NEW_CUSTOMER, key="together")
            answers.append((response.status_code, response.json()))
        finally:
            connection.close()

    threads = [threading.Thread(target=attempt) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert Customer.objects.count() == 1
    assert [status for status, _ in answers] == [201, 201]
    assert answers[0][1] == answers[1][1]


@pytest.mark.parametrize("path", ["/customers", "/units", "/calls", "/technicians", "/outlets"])
def test_lists_cost_the_same_queries_for_one_row_or_many(path, agent_a, branch_a, aircon, now):
    def add_rows():
        unit = UnitFactory(customer__branch=branch_a)
        call_register(
            by=agent_a,
            now=now,
            channel="hotline",
            phone=unit.customer.phone,
            unit=unit,
            symptom="不制冷",
        )
        TechnicianFactory(user__branch=branch_a, certifications=[aircon])
        OutletFactory(branch=branch_a)

    api = ApiClient(agent_a)

    def queries() -> int:
        with CaptureQueriesContext(connection) as context:
            assert api.get(path).status_code == 200
        return len(context.captured_queries)

    add_rows()
    for_one = queries()
    for _ in range(3):
        add_rows()

    assert queries() == for_one
    assert api.get(path).json()["count"] == 4
