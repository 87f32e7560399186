"""The maintenance API: schedules listed and created (with an Idempotency-Key), visits listed,
recorded — a reading out of range opens one repair, a retry with the key opens no second — and
cancelled; by role and branch."""

import base64

from aftersales.core.tests.test_api_client import ApiClient, error_fields
from aftersales.factories import png_bytes
from aftersales.maintenance.models import MaintenanceSchedule, Visit
from aftersales.workorders.models import WorkOrder

SIGNATURE = base64.b64encode(png_bytes()).decode()


def _record_body(visit, technicians, **values) -> dict:
    readings = []
    for item in visit.schedule.checklist.items.all():
        if not item.required:
            continue
        if item.is_reading:
            readings.append({"item": item.pk, "value": values.get(item.label, "2.1")})
        else:
            readings.append({"item": item.pk, "ok": values.get(item.label, True)})
    return {
        "technicians": [t.pk for t in technicians],
        "readings": readings,
        "signer_name": "王经理",
        "signature": SIGNATURE,
    }


def test_it_lists_the_branchs_schedules_and_checklists(schedule_a, technician_a, supervisor_b):
    mine = ApiClient(technician_a.user).get("/maintenance/schedules")
    assert mine.status_code == 200
    (row,) = mine.json()["items"]
    assert (row["id"], row["frequency"], row["contract"], row["min_people"]) == (
        schedule_a.pk,
        "monthly",
        schedule_a.contract_id,
        2,
    )
    assert row["ends_on"] == "2026-12-31"
    assert ApiClient(supervisor_b).get("/maintenance/schedules").json()["count"] == 0
    checklists = ApiClient(technician_a.user).get("/maintenance/checklists").json()["items"]
    assert [i["label"] for i in checklists[0]["items"]][:2] == ["进口压力", "出口压力"]
    assert checklists[0]["items"][0]["minimum"] == "2.000"


def test_a_planner_creates_a_schedule_once_per_key(supervisor_a, unit_a, gas_checklist):
    api = ApiClient(supervisor_a)
    body = {
        "unit": unit_a.pk,
        "frequency": "triennial",
        "checklist": gas_checklist.pk,
        "starts_on": "2026-06-01",
    }
    first = api.post("/maintenance/schedules", body, key="k1")
    again = api.post("/maintenance/schedules", body, key="k1")
    assert first.status_code == again.status_code == 201, first.json()
    assert first.content == again.content
    assert MaintenanceSchedule.objects.count() == 1
    assert first.json()["customer"] == unit_a.customer_id and first.json()["contract"] is None
    twin = api.post("/maintenance/schedules", body)
    assert twin.status_code == 409


def test_bad_schedule_requests_name_their_field(supervisor_a, technician_a, unit_b, gas_checklist):
    api = ApiClient(supervisor_a)
    response = api.post(
        "/maintenance/schedules",
        {
            "unit": unit_b.pk,
            "frequency": "monthly",
            "checklist": gas_checklist.pk,
            "starts_on": "2026-06-01",
        },
    )
    assert response.status_code == 400 and error_fields(response) == ["unit"]  # another branch's
    response = api.post(
        "/maintenance/schedules",
        {"frequency": "monthly", "checklist": gas_checklist.pk, "starts_on": "2026-06-01"},
    )
    assert response.status_code == 400 and error_fields(response) == ["contract"]
    refused = ApiClient(technician_a.user).post(
        "/maintenance/schedules",
        {"unit": unit_b.pk, "frequency": "monthly", "checklist": 1, "starts_on": "2026-06-01"},
    )
    assert refused.status_code == 403
    assert not MaintenanceSchedule.objects.exists()


def test_recording_out_of_range_opens_one_repair_and_a_retry_opens_none(
    visit_a, technician_a, technician_a2
):
    api = ApiClient(technician_a.user)
    body = _record_body(visit_a, [technician_a, technician_a2], 进口压力="1.2")
    url = f"/maintenance/visits/{visit_a.pk}/record"

    first = api.post(url, body, key="rec-1")
    retry = api.post(url, body, key="rec-1")

    assert first.status_code == 200, first.json()
    assert retry.status_code == 200 and retry.content == first.content
    order = WorkOrder.objects.get()
    data = first.json()
    assert (data["status"], data["abnormal"], data["work_order"], data["work_order_number"]) == (
        "done",
        True,
        order.pk,
        order.number,
    )
    assert sorted(data["technicians"]) == sorted([technician_a.pk, technician_a2.pk])
    out = [r for r in data["readings"] if not r["in_range"]]
    assert [(r["label"], r["value"], r["minimum"], r["maximum"]) for r in out] == [
        ("进口压力", "1.200", "2.000", "3.000")
    ]
    # Without the key, recording again is a conflict, not a second repair.
    assert api.post(url, body).status_code == 409
    assert WorkOrder.objects.count() == 1


def test_a_record_refused_on_its_content_changes_nothing(visit_a, technician_a, technician_a2):
    api = ApiClient(technician_a.user)
    url = f"/maintenance/visits/{visit_a.pk}/record"
    alone = api.post(url, _record_body(visit_a, [technician_a]))
    assert alone.status_code == 400 and error_fields(alone) == ["technicians"]
    unsigned = api.post(
        url, {**_record_body(visit_a, [technician_a, technician_a2]), "signature": ""}
    )
    assert unsigned.status_code == 400 and error_fields(unsigned) == ["signature"]
    body = _record_body(visit_a, [technician_a, technician_a2])
    body["readings"] = body["readings"][1:]
    missing = api.post(url, body)
    assert missing.status_code == 400 and error_fields(missing)[0].startswith("item_")
    visit_a.refresh_from_db()
    assert visit_a.status == Visit.Status.PLANNED


def test_visits_are_listed_and_cancelled_in_the_branch(
    visit_a, supervisor_a, supervisor_b, agent_a
):
    api = ApiClient(supervisor_a)
    overdue = api.get("/maintenance/visits", when="overdue").json()["items"]
    assert visit_a.pk in [v["id"] for v in overdue]
    assert ApiClient(supervisor_b).get(f"/maintenance/visits/{visit_a.pk}").status_code == 404
    url = f"/maintenance/visits/{visit_a.pk}/cancel"
    assert ApiClient(agent_a).post(url, {"reason": "客户停业"}).status_code == 403
    assert ApiClient(supervisor_b).post(url, {"reason": "客户停业"}).status_code == 404
    response = api.post(url, {"reason": "客户停业"})
    assert response.status_code == 200 and response.json()["status"] == "cancelled"


def test_a_period_is_planned_once(schedule_a, supervisor_a):
    api = ApiClient(supervisor_a)
    url = f"/maintenance/schedules/{schedule_a.pk}/plan"
    first = api.post(url, {"start": "2026-01-01", "until": "2026-03-31"})
    assert first.status_code == 200 and first.json()["planned"] == 3
    assert api.post(url, {"start": "2026-01-01", "until": "2026-03-31"}).json()["planned"] == 0
    stop = api.post(f"/maintenance/schedules/{schedule_a.pk}/stop", {"reason": "客户搬迁"})
    assert stop.status_code == 200 and stop.json()["active"] is False
    assert set(Visit.objects.values_list("status", flat=True)) == {"cancelled"}
