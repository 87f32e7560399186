"""Technicians and dispatch suggestions through the API."""

from aftersales.core.tests.test_api_client import ApiClient
from aftersales.intake.services import call_open_work_order, call_register
from aftersales.workorders.services import work_order_dispatch


def _order(agent, unit, fault, now):
    call = call_register(
        by=agent,
        now=now,
        channel="hotline",
        phone="13800138000",
        unit=unit,
        fault_type=fault,
        symptom="不制冷",
    )
    return call_open_work_order(call=call, by=agent, now=now)


def test_it_lists_the_branchs_technicians_with_their_certifications(
    dispatcher_a, technician_a, uncertified_a, technician_b, aircon
):
    api = ApiClient(dispatcher_a)

    everyone = api.get("/technicians").json()
    for_aircon = api.get("/technicians", category=aircon.pk).json()

    assert sorted(t["username"] for t in everyone["items"]) == ["technician_a", "uncertified_a"]
    assert [t["username"] for t in for_aircon["items"]] == ["technician_a"]
    assert for_aircon["items"][0]["certifications"] == ["aircon"]


def test_head_office_sees_every_branchs_technicians(manager_hq, technician_a, technician_b):
    listed = ApiClient(manager_hq).get("/technicians").json()

    assert sorted(t["username"] for t in listed["items"]) == ["technician_a", "technician_b"]


def test_it_suggests_certified_technicians_least_busy_first(
    agent_a,
    dispatcher_a,
    technician_a,
    technician_a2,
    uncertified_a,
    technician_b,
    unit_a,
    no_cooling,
    now,
):
    busy = _order(agent_a, unit_a, no_cooling, now)
    work_order_dispatch(order=busy, by=dispatcher_a, now=now, technician=technician_a)
    order = _order(agent_a, unit_a, no_cooling, now)

    response = ApiClient(dispatcher_a).get(f"/work-orders/{order.pk}/suggestions")

    assert response.status_code == 200
    suggestions = response.json()
    # Only aircon-certified technicians of branch A; technician_a already has a job today.
    assert [s["technician"]["username"] for s in suggestions] == ["technician_a2", "technician_a"]
    assert [s["load_today"] for s in suggestions] == [0, 1]
    assert all(s["same_branch"] for s in suggestions)
    assert suggestions[0]["reason"]


def test_another_branch_gets_no_suggestions_for_the_order(
    agent_a, outsider_b, unit_a, no_cooling, now
):
    order = _order(agent_a, unit_a, no_cooling, now)

    response = ApiClient(outsider_b).get(f"/work-orders/{order.pk}/suggestions")

    assert response.status_code == 404
