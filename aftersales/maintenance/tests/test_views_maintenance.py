"""The maintenance pages: schedules with the visits due, the schedule form and detail, the record
form on site with its signature pad, the signed record, the checklists; by role and branch."""

import base64
import datetime as dt

from django.urls import reverse

from aftersales.factories import png_bytes
from aftersales.maintenance.models import ChecklistTemplate, MaintenanceSchedule, Visit
from aftersales.workorders.models import WorkOrder

D = dt.date
SIGNATURE = "data:image/png;base64," + base64.b64encode(png_bytes()).decode()


def _record_data(visit, technicians, **values) -> dict:
    data = {
        "technicians": [t.pk for t in technicians],
        "signer_name": "王经理",
        "signature": SIGNATURE,
        "notes": "",
    }
    for item in visit.schedule.checklist.items.all():
        data[f"item_{item.pk}"] = values.get(item.label, "2.5" if item.is_reading else "ok")
        if item.label == "出口压力":
            data[f"item_{item.pk}"] = values.get(item.label, "2.0")
        if not item.required and item.label not in values:
            data[f"item_{item.pk}"] = ""
        data[f"note_{item.pk}"] = ""
    return data


def test_the_schedule_list_shows_the_visits_due_and_the_branchs_schedules(
    client, technician_a, schedule_a, visit_a
):
    client.force_login(technician_a.user)
    response = client.get(reverse("maintenance:schedules"))
    body = response.content.decode()
    assert response.status_code == 200
    assert "张伟" in body and schedule_a.contract.number in body
    assert reverse("maintenance:visit_record", args=[visit_a.pk]) in body  # overdue: to record
    assert reverse("maintenance:schedule_create") not in body  # technicians do not plan


def test_a_supervisor_creates_a_schedule_from_a_contract(
    client, supervisor_a, contract_a, gas_checklist
):
    client.force_login(supervisor_a)
    url = reverse("maintenance:schedule_create")
    page = client.get(url, {"contract": contract_a.pk})
    assert page.status_code == 200 and contract_a.number in page.content.decode()
    response = client.post(
        url,
        {
            "contract": contract_a.pk,
            "unit": "",
            "frequency": "spring_autumn",
            "checklist": gas_checklist.pk,
            "min_people": 2,
            "starts_on": "2026-04-15",
            "ends_on": "",
            "notes": "春秋两季检修",
        },
    )
    schedule = MaintenanceSchedule.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("maintenance:schedule_detail", args=[schedule.pk])
    assert (schedule.frequency, schedule.min_people, schedule.ends_on) == (
        "spring_autumn",
        2,
        D(2026, 12, 31),
    )
    detail = client.get(response["Location"]).content.decode()
    assert "春秋两季检修" in detail and "进口压力" in detail


def test_a_unit_is_found_by_its_serial_number(client, supervisor_a, unit_a, gas_checklist):
    client.force_login(supervisor_a)
    data = {
        "contract": "",
        "unit": unit_a.serial.lower(),
        "frequency": "yearly",
        "checklist": gas_checklist.pk,
        "min_people": 1,
        "starts_on": "2026-06-01",
    }
    response = client.post(reverse("maintenance:schedule_create"), data)
    assert response.status_code == 302
    assert MaintenanceSchedule.objects.get().unit == unit_a
    bad = client.post(reverse("maintenance:schedule_create"), {**data, "unit": "NOPE"})
    assert bad.status_code == 400 and "unit" in bad.context["form"].errors
    empty = client.post(reverse("maintenance:schedule_create"), {**data, "unit": ""})
    assert empty.status_code == 400 and "contract" in empty.context["form"].errors


def test_a_refused_schedule_is_told_on_its_field(client, supervisor_a, contract_a, gas_checklist):
    client.force_login(supervisor_a)
    response = client.post(
        reverse("maintenance:schedule_create"),
        {
            "contract": contract_a.pk,
            "frequency": "monthly",
            "checklist": gas_checklist.pk,
            "min_people": 1,
            "starts_on": "2027-03-01",  # after the contract
        },
    )
    assert response.status_code == 400
    assert "starts_on" in response.context["form"].errors
    assert not MaintenanceSchedule.objects.exists()


def test_a_technician_may_not_open_the_planning_pages(client, technician_a, schedule_a):
    client.force_login(technician_a.user)
    assert client.get(reverse("maintenance:schedule_create")).status_code == 403
    assert client.get(reverse("maintenance:schedule_edit", args=[schedule_a.pk])).status_code == 403
    assert (
        client.post(reverse("maintenance:schedule_stop", args=[schedule_a.pk])).status_code == 403
    )
    assert client.get(reverse("maintenance:checklist_create")).status_code == 403


def test_another_branch_does_not_find_the_schedule_or_its_visits(
    client, supervisor_b, schedule_a, visit_a
):
    client.force_login(supervisor_b)
    assert (
        client.get(reverse("maintenance:schedule_detail", args=[schedule_a.pk])).status_code == 404
    )
    assert client.get(reverse("maintenance:visit_detail", args=[visit_a.pk])).status_code == 404
    assert client.get(reverse("maintenance:visit_record", args=[visit_a.pk])).status_code == 404
    listing = client.get(reverse("maintenance:schedules")).content.decode()
    assert "张伟" not in listing


def test_planning_and_stopping_from_the_schedule_page(client, supervisor_a, schedule_a):
    client.force_login(supervisor_a)
    plan = reverse("maintenance:schedule_plan", args=[schedule_a.pk])
    response = client.post(plan, {"plan-start": "2026-01-01", "plan-until": "2026-04-30"})
    assert response.status_code == 302
    assert schedule_a.visits.count() == 5  # January–April and 5 June
    refused = client.post(plan, {"plan-start": "2026-05-01", "plan-until": "2026-01-01"})
    assert refused.status_code == 400 and refused.context["plan_form"].errors
    stop = reverse("maintenance:schedule_stop", args=[schedule_a.pk])
    assert client.post(stop, {}).status_code == 400
    assert client.post(stop, {"stop-reason": "客户设备拆除"}).status_code == 302
    schedule_a.refresh_from_db()
    assert not schedule_a.active
    page = client.get(reverse("maintenance:schedule_detail", args=[schedule_a.pk])).content.decode()
    assert "客户设备拆除" in page


def test_the_record_form_shows_each_item_with_its_allowed_range(client, technician_a, visit_a):
    client.force_login(technician_a.user)
    response = client.get(reverse("maintenance:visit_record", args=[visit_a.pk]))
    body = response.content.decode()
    assert response.status_code == 200
    assert "进口压力" in body and "2.0–3.0 kPa" in body and "1.8–2.2 kPa" in body
    assert "data-signature-pad" in body and "workorders/workorders.js" in body
    assert f'value="{technician_a.pk}"' in body


def test_recording_out_of_range_on_the_page_opens_the_repair(
    client, technician_a, technician_a2, visit_a
):
    client.force_login(technician_a.user)
    url = reverse("maintenance:visit_record", args=[visit_a.pk])
    response = client.post(
        url, _record_data(visit_a, [technician_a, technician_a2], 进口压力="3.6")
    )
    assert response.status_code == 302, response.context["form"].errors
    visit_a.refresh_from_db()
    order = WorkOrder.objects.get()
    assert visit_a.status == Visit.Status.DONE and visit_a.work_order == order
    page = client.get(response["Location"])
    body = page.content.decode()
    assert order.number in body
    assert "mt-out" in body and "3.6 kPa" in body
    assert visit_a.signature.url in body
    # Recorded: the form sends back to the record.
    assert client.get(url).status_code == 302


def test_a_record_with_too_few_people_or_no_signature_is_told_on_the_form(
    client, technician_a, technician_a2, visit_a
):
    client.force_login(technician_a.user)
    url = reverse("maintenance:visit_record", args=[visit_a.pk])
    alone = client.post(url, _record_data(visit_a, [technician_a]))
    assert alone.status_code == 400 and "technicians" in alone.context["form"].errors
    unsigned = client.post(
        url, {**_record_data(visit_a, [technician_a, technician_a2]), "signature": ""}
    )
    assert unsigned.status_code == 400 and "signature" in unsigned.context["form"].errors
    missing = _record_data(visit_a, [technician_a, technician_a2])
    pressure = next(i for i in visit_a.schedule.checklist.items.all() if i.label == "进口压力")
    missing[f"item_{pressure.pk}"] = ""
    refused = client.post(url, missing)
    assert refused.status_code == 400 and f"item_{pressure.pk}" in refused.context["form"].errors
    visit_a.refresh_from_db()
    assert visit_a.status == Visit.Status.PLANNED and not WorkOrder.objects.exists()


def test_a_planner_cancels_a_visit_with_a_reason(client, supervisor_a, visit_a):
    client.force_login(supervisor_a)
    url = reverse("maintenance:visit_cancel", args=[visit_a.pk])
    assert client.post(url, {}).status_code == 400
    assert client.post(url, {"cancel-reason": "客户五一停业"}).status_code == 302
    visit_a.refresh_from_db()
    assert visit_a.status == Visit.Status.CANCELLED


def test_the_visit_list_filters_by_what_is_left_to_do(client, supervisor_a, visit_a, schedule_a):
    from aftersales.maintenance import services

    from .conftest import NOW

    services.visit_cancel(by=supervisor_a, now=NOW, visit=visit_a, reason="客户五一停业")
    client.force_login(supervisor_a)
    url = reverse("maintenance:visits")
    still = client.get(url).content.decode()  # by default: still to do
    assert "2026-06-05" in still and "2026-05-05" not in still
    cancelled = client.get(url, {"when": "cancelled"}).content.decode()
    assert "2026-05-05" in cancelled and "2026-06-05" not in cancelled
    everything = client.get(url, {"when": "all"}).content.decode()
    assert "2026-05-05" in everything and "2026-06-05" in everything


def test_a_checklist_is_made_with_its_rows(client, supervisor_a, aircon):
    client.force_login(supervisor_a)
    url = reverse("maintenance:checklist_create")
    assert client.get(url).status_code == 200
    data = {
        "name": "空调春秋保养",
        "product_category": aircon.pk,
        "notes": "",
        "items-TOTAL_FORMS": "3",
        "items-INITIAL_FORMS": "0",
        "items-MIN_NUM_FORMS": "0",
        "items-MAX_NUM_FORMS": "60",
        "items-0-label": "清洗滤网",
        "items-0-kind": "check",
        "items-0-required": "on",
        "items-1-label": "出风温度",
        "items-1-kind": "reading",
        "items-1-unit": "℃",
        "items-1-minimum": "8",
        "items-1-maximum": "15",
        "items-1-required": "on",
        "items-2-label": "",
        "items-2-kind": "check",
    }
    response = client.post(url, data)
    assert response.status_code == 302
    checklist = ChecklistTemplate.objects.get()
    assert [(i.label, i.range_text) for i in checklist.items.all()] == [
        ("清洗滤网", ""),
        ("出风温度", "8.0–15.0 ℃"),
    ]
    listing = client.get(reverse("maintenance:checklists")).content.decode()
    assert "出风温度" in listing and "8.0–15.0 ℃" in listing
    again = client.post(url, {**data, "items-1-minimum": "20"})
    assert again.status_code == 400  # same name, and minimum above maximum
