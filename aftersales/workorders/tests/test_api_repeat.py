"""Repeat repairs through the API: the same unit reported again for the same fault is flagged on
the call, on the work order and in the unit's service file, and can be listed on its own
(不允许同一问题重复修理, 001 篇1 三6)."""

from aftersales.core.tests.test_api_client import ApiClient
from aftersales.workorders.models import State


def _report(api: ApiClient, unit, fault) -> tuple[dict, dict]:
    call = api.post(
        "/calls",
        {"phone": "13800138000", "unit": unit.pk, "fault_type": fault.pk, "symptom": "又不制冷了"},
    )
    assert call.status_code == 201, call.json()
    order = api.post(f"/calls/{call.json()['id']}/work-order", {})
    assert order.status_code == 201, order.json()
    return call.json(), order.json()


def test_the_same_fault_again_is_flagged_on_call_order_and_service_file(
    flow, agent_a, unit_a, no_cooling
):
    earlier = flow.reach(State.COMPLETED)
    api = ApiClient(agent_a)

    call, order = _report(api, unit_a, no_cooling)

    assert (call["is_repeat"], call["repeat_of"]) == (True, earlier.pk)
    assert (order["is_repeat"], order["repeat_of"]) == (True, earlier.pk)
    history = api.get(f"/units/{unit_a.pk}/history").json()
    flags = {entry["order"]["id"]: entry["is_repeat"] for entry in history if entry["order"]}
    assert flags == {earlier.pk: False, order["id"]: True}


def test_another_fault_on_the_unit_is_not_a_repeat(flow, agent_a, unit_a, noisy):
    flow.reach(State.COMPLETED)  # repaired for no_cooling
    api = ApiClient(agent_a)

    call, order = _report(api, unit_a, noisy)

    assert (call["is_repeat"], order["is_repeat"]) == (False, False)


def test_repeat_repairs_are_listed_on_their_own(flow, agent_a, unit_a, no_cooling):
    earlier = flow.reach(State.COMPLETED)
    api = ApiClient(agent_a)
    call, order = _report(api, unit_a, no_cooling)

    orders = api.get("/work-orders", repeat_only="true").json()
    calls = api.get("/calls", repeat_only="true").json()

    assert [item["id"] for item in orders["items"]] == [order["id"]]
    assert [item["id"] for item in calls["items"]] == [call["id"]]
    assert earlier.pk in [item["id"] for item in api.get("/work-orders").json()["items"]]
