"""The returns API: file (idempotent), read, the general manager's decision, resolutions
(idempotent) and completion; by role and branch."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from aftersales.core.tests.test_api_client import ApiClient, error_fields
from aftersales.returns.models import Resolution, ReturnRequest


def test_it_files_once_per_key_and_says_the_entitlement(agent_a, bought):
    unit = bought(8)
    api = ApiClient(agent_a)
    body = {"unit": unit.pk, "kind": "return", "reason": "八天内漏水"}
    first = api.post("/returns", body, key="k-1")
    again = api.post("/returns", body, key="k-1")
    assert first.status_code == again.status_code == 201
    assert first.content == again.content
    data = first.json()
    assert data["within_entitlement"] is False
    assert data["entitled_remedies"] == ["exchange", "repair"]
    assert data["customer_bears_costs"] is True
    assert data["days_since_purchase"] == 8
    assert ReturnRequest.objects.count() == 1
    assert api.post("/returns", body).status_code == 409


def test_a_bad_body_names_its_field(agent_a, bought):
    api = ApiClient(agent_a)
    response = api.post("/returns", {"unit": bought(3).pk, "kind": "swap", "reason": "x"})
    assert response.status_code == 400
    assert error_fields(response) == ["kind"]
    response = api.post("/returns", {"unit": 999999, "kind": "return", "reason": "x"})
    assert error_fields(response) == ["unit"]
    assert not ReturnRequest.objects.exists()


def test_the_whole_way_through_the_api(agent_a, gm, filed):
    request = filed("exchange", 12)
    path = f"/returns/{request.pk}"
    assert ApiClient(agent_a).post(f"{path}/decide", {"approve": True}).status_code == 403
    decided = ApiClient(gm).post(f"{path}/decide", {"approve": True, "note": "同意"})
    assert decided.status_code == 200
    assert decided.json()["customer_bears_costs"] is False
    assert ApiClient(gm).post(f"{path}/decide", {"approve": False, "note": "x"}).status_code == 409
    api = ApiClient(agent_a)
    line = {"kind": "exchange", "replacement_serial": "GREE-API-1", "amount": "0"}
    first = api.post(f"{path}/resolutions", line, key="r-1")
    replay = api.post(f"{path}/resolutions", line, key="r-1")
    assert first.status_code == replay.status_code == 201
    assert first.content == replay.content
    assert first.json()["replacement_serial"] == "GREE-API-1"
    bad = api.post(f"{path}/resolutions", {"kind": "credit_note", "amount": "-5"})
    assert bad.status_code in (400, 422)
    assert (
        api.post(f"{path}/resolutions", {"kind": "credit_note", "amount": "88.80"}).status_code
        == 201
    )
    assert Resolution.objects.count() == 2
    done = api.post(f"{path}/complete", {})
    assert done.status_code == 200
    assert done.json()["status"] == "completed"
    assert done.json()["total_amount"] == "88.80"
    assert [r["kind"] for r in api.get(path).json()["resolutions"]] == ["exchange", "credit_note"]


def test_another_branch_does_not_see_it(outsider_b, filed):
    request = filed()
    api = ApiClient(outsider_b)
    assert api.get("/returns").json()["count"] == 0
    assert api.get(f"/returns/{request.pk}").status_code == 404
    assert api.post(f"/returns/{request.pk}/complete", {}).status_code == 404


def test_the_list_costs_the_same_queries_for_more_rows(agent_a, filed):
    api = ApiClient(agent_a)
    filed()
    with CaptureQueriesContext(connection) as few:
        assert api.get("/returns").json()["count"] == 1
    for _ in range(5):
        filed()
    with CaptureQueriesContext(connection) as many:
        assert api.get("/returns", status="requested").json()["count"] == 6
    assert len(many) == len(few)
