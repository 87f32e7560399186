"""Work orders through the API: the whole flow, who may move them, and what is refused."""

import base64
import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from aftersales.core.tests.test_api_client import ApiClient, error_fields
from aftersales.factories import OutletFactory
from aftersales.workorders.models import (
    GoodsMovement,
    GoodsReceipt,
    Photo,
    RepairCard,
    Request,
    Signature,
    WorkOrder,
)


def _data_url(png: bytes) -> str:
    return "data:image/png;base64," + base64.b64encode(png).decode()


def _window(hours: int = 2) -> dict[str, str]:
    start = timezone.localtime().replace(microsecond=0) + dt.timedelta(hours=hours)
    return {"start": start.isoformat(), "end": (start + dt.timedelta(hours=2)).isoformat()}


@pytest.fixture
def order_a(agent_a, unit_a, no_cooling):
    """A fresh work order of branch A, opened through the API from a call."""
    api = ApiClient(agent_a)
    call = api.post(
        "/calls",
        {
            "phone": "13800138000",
            "unit": unit_a.pk,
            "fault_type": no_cooling.pk,
            "symptom": "不制冷",
        },
    ).json()
    return api.post(f"/calls/{call['id']}/work-order", {}).json()


def _dispatched(order, dispatcher, technician) -> dict:
    response = ApiClient(dispatcher).post(
        f"/work-orders/{order['id']}/dispatch", {"technician": technician.pk}
    )
    assert response.status_code == 200, response.json()
    return response.json()


def _on_site(order, dispatcher, technician) -> dict:
    _dispatched(order, dispatcher, technician)
    api = ApiClient(technician.user)
    assert api.post(f"/work-orders/{order['id']}/schedule", _window()).status_code == 200
    response = api.post(f"/work-orders/{order['id']}/arrive")
    assert response.status_code == 200, response.json()
    return response.json()


def test_the_whole_flow_from_call_to_closed(
    agent_a, dispatcher_a, technician_a, unit_a, no_cooling, signature_png
):
    agent = ApiClient(agent_a)
    call = agent.post(
        "/calls",
        {
            "phone": "13800138000",
            "unit": unit_a.pk,
            "fault_type": no_cooling.pk,
            "symptom": "不制冷",
        },
        key="call-1",
    )
    assert call.status_code == 201
    order = agent.post(f"/calls/{call.json()['id']}/work-order", {}, key="order-1").json()
    assert order["state"] == "registered"

    dispatched = ApiClient(dispatcher_a).post(
        f"/work-orders/{order['id']}/dispatch", {"technician": technician_a.pk}
    )
    assert dispatched.status_code == 200
    assert dispatched.json()["state"] == "dispatched"
    assert dispatched.json()["technician_name"] == str(technician_a)

    tech = ApiClient(technician_a.user)
    window = _window()
    scheduled = tech.post(f"/work-orders/{order['id']}/schedule", window)
    assert scheduled.json()["state"] == "scheduled"
    # Times come back in the company's zone, with its offset.
    assert scheduled.json()["appointment_start"] == window["start"]
    assert scheduled.json()["appointment_start"].endswith("+08:00")
    assert "arrive" in scheduled.json()["allowed_actions"]

    assert tech.post(f"/work-orders/{order['id']}/arrive").json()["state"] == "on_site"
    completed = tech.post(
        f"/work-orders/{order['id']}/complete",
        {
            "service_report": "补充制冷剂，试机正常",
            "signer_name": "张伟",
            "signature": _data_url(signature_png),
        },
    )
    assert completed.status_code == 200, completed.json()
    assert completed.json()["state"] == "completed"
    signature = Signature.objects.get(order_id=order["id"])
    assert (signature.purpose, signature.signer_name) == ("completion", "张伟")
    assert agent.get(f"/calls/{call.json()['id']}").json()["resolved_at"] is not None

    closed = agent.post(f"/work-orders/{order['id']}/close", {"note": "回访满意"})
    assert closed.status_code == 200
    assert closed.json()["state"] == "closed"
    assert closed.json()["closed_at"] is not None

    trail = agent.get(f"/work-orders/{order['id']}/audit")
    assert trail.status_code == 200
    actions = [entry["action"] for entry in trail.json()]
    assert actions == ["close", "complete", "arrive", "schedule", "dispatch", "create"]
    dispatch_entry = trail.json()[-2]
    assert dispatch_entry["actor"] == "dispatcher_a"
    assert dispatch_entry["changes"]["state"] == ["registered", "dispatched"]


def test_the_carry_back_path(
    agent_a, dispatcher_a, supervisor_a, technician_a, order_a, signature_png
):
    _on_site(order_a, dispatcher_a, technician_a)
    tech = ApiClient(technician_a.user)
    supervisor = ApiClient(supervisor_a)
    url = f"/work-orders/{order_a['id']}"

    carried = tech.post(
        f"{url}/carry-back", {"items": "室内机一台，遥控器一个", "condition": "外壳有划痕"}
    )
    assert carried.json()["state"] == "carried_back"
    assert GoodsReceipt.objects.get(order_id=order_a["id"]).voided_at is None

    repaired = tech.post(
        f"{url}/record-repair",
        {"work_done": "更换压缩机电容", "hours": "2.5", "parts_replaced": "电容"},
    )
    assert repaired.status_code == 200, repaired.json()
    assert repaired.json()["state"] == "repaired"
    assert str(RepairCard.objects.get(order_id=order_a["id"]).hours) == "2.50"

    # The technician cannot pass his own repair: the supervisor checks it.
    assert tech.post(f"{url}/check", {"passed": True}).status_code == 403
    checked = supervisor.post(f"{url}/check", {"passed": True, "note": "验讫合格"})
    assert checked.json()["state"] == "checked"

    returned = tech.post(
        f"{url}/return-unit",
        {"signer_name": "张伟", "signature": base64.b64encode(signature_png).decode()},
    )
    assert returned.status_code == 200, returned.json()
    assert returned.json()["state"] == "completed"
    assert returned.json()["service_report"] == "更换压缩机电容"
    assert GoodsReceipt.objects.get(order_id=order_a["id"]).voided_at is not None
    assert list(
        GoodsMovement.objects.filter(order_id=order_a["id"])
        .order_by("id")
        .values_list("direction", flat=True)
    ) == ["in", "out"]


def test_a_failed_check_sends_the_repair_back(dispatcher_a, supervisor_a, technician_a, order_a):
    _on_site(order_a, dispatcher_a, technician_a)
    tech = ApiClient(technician_a.user)
    url = f"/work-orders/{order_a['id']}"
    tech.post(f"{url}/carry-back", {"items": "室内机"})
    tech.post(f"{url}/record-repair", {"work_done": "更换电容", "hours": 1})

    without_note = ApiClient(supervisor_a).post(f"{url}/check", {"passed": False})
    rejected = ApiClient(supervisor_a).post(f"{url}/check", {"passed": False, "note": "仍有异响"})

    assert without_note.status_code == 400
    assert error_fields(without_note) == ["note"]
    assert rejected.json()["state"] == "carried_back"
    assert RepairCard.objects.get(order_id=order_a["id"]).failed_checks == 1


def test_an_illegal_transition_is_refused_and_changes_nothing(
    agent_a, technician_a, dispatcher_a, order_a
):
    _dispatched(order_a, dispatcher_a, technician_a)
    before = WorkOrder.objects.get(pk=order_a["id"])

    response = ApiClient(technician_a.user).post(
        f"/work-orders/{order_a['id']}/complete",
        {"service_report": "好了", "signer_name": "张伟", "signature": "iVBORw0KGgo="},
    )

    assert response.status_code == 400
    assert response.json()["code"] == "illegal_transition"
    assert error_fields(response) == ["state"]
    after = WorkOrder.objects.get(pk=order_a["id"])
    assert (after.state, after.updated_at, after.completed_at) == (
        "dispatched",
        before.updated_at,
        None,
    )
    assert not Signature.objects.exists()


def test_closing_an_order_that_is_not_completed_is_illegal(agent_a, order_a):
    response = ApiClient(agent_a).post(f"/work-orders/{order_a['id']}/close", {})

    assert response.status_code == 400
    assert response.json()["code"] == "illegal_transition"
    assert WorkOrder.objects.get(pk=order_a["id"]).state == "registered"


def test_a_technician_cannot_dispatch(technician_a, dispatcher_a, technician_a2, order_a):
    _dispatched(order_a, dispatcher_a, technician_a)

    response = ApiClient(technician_a.user).post(
        f"/work-orders/{order_a['id']}/reassign", {"technician": technician_a2.pk, "reason": "换人"}
    )

    assert response.status_code == 403
    assert response.json()["code"] == "forbidden"
    assert WorkOrder.objects.get(pk=order_a["id"]).technician == technician_a


def test_an_agent_cannot_dispatch(agent_a, technician_a, order_a):
    response = ApiClient(agent_a).post(
        f"/work-orders/{order_a['id']}/dispatch", {"technician": technician_a.pk}
    )

    assert response.status_code == 403
    assert WorkOrder.objects.get(pk=order_a["id"]).state == "registered"


def test_another_technician_cannot_complete_the_job(
    dispatcher_a, technician_a, technician_a2, order_a, signature_png
):
    """technician_a2 does not even see technician_a's job: it answers as if it did not exist."""
    _on_site(order_a, dispatcher_a, technician_a)
    api = ApiClient(technician_a2.user)

    response = api.post(
        f"/work-orders/{order_a['id']}/complete",
        {"service_report": "好了", "signer_name": "张伟", "signature": _data_url(signature_png)},
    )

    assert response.status_code == 404
    assert api.get(f"/work-orders/{order_a['id']}").status_code == 404
    assert WorkOrder.objects.get(pk=order_a["id"]).state == "on_site"
    assert not Signature.objects.exists()


def test_a_supervisor_may_do_field_work_on_a_branch_job(
    dispatcher_a, supervisor_a, technician_a, order_a, signature_png
):
    _on_site(order_a, dispatcher_a, technician_a)

    response = ApiClient(supervisor_a).post(
        f"/work-orders/{order_a['id']}/complete",
        {
            "service_report": "主任现场处理",
            "signer_name": "张伟",
            "signature": _data_url(signature_png),
        },
    )

    assert response.status_code == 200
    assert response.json()["state"] == "completed"


def test_dispatch_refuses_a_technician_not_certified(dispatcher_a, uncertified_a, order_a):
    response = ApiClient(dispatcher_a).post(
        f"/work-orders/{order_a['id']}/dispatch", {"technician": uncertified_a.pk}
    )

    assert response.status_code == 400
    assert response.json()["code"] == "not_certified"
    assert error_fields(response) == ["technician"]
    assert WorkOrder.objects.get(pk=order_a["id"]).state == "registered"


def test_dispatch_cannot_name_another_branchs_technician(dispatcher_a, technician_b, order_a):
    response = ApiClient(dispatcher_a).post(
        f"/work-orders/{order_a['id']}/dispatch", {"technician": technician_b.pk}
    )

    assert response.status_code == 400
    assert error_fields(response) == ["technician"]
    assert WorkOrder.objects.get(pk=order_a["id"]).technician is None


def test_dispatch_to_an_outlet(dispatcher_a, branch_a, aircon, order_a):
    outlet = OutletFactory(branch=branch_a)
    outlet.categories.set([aircon])

    response = ApiClient(dispatcher_a).post(
        f"/work-orders/{order_a['id']}/dispatch", {"outlet": outlet.pk}
    )

    assert response.status_code == 200
    assert (response.json()["outlet"], response.json()["technician"]) == (outlet.pk, None)


def test_another_branch_cannot_see_or_move_the_order(outsider_b, technician_b, order_a):
    api = ApiClient(outsider_b)
    url = f"/work-orders/{order_a['id']}"

    assert api.get(url).status_code == 404
    assert api.get(f"{url}/audit").status_code == 404
    assert api.post(f"{url}/dispatch", {"technician": technician_b.pk}).status_code == 404
    assert api.post(f"{url}/cancel", {"reason": "恶意取消"}).status_code == 404
    assert api.get("/work-orders").json()["count"] == 0
    order = WorkOrder.objects.get(pk=order_a["id"])
    assert (order.state, order.technician) == ("registered", None)


def test_schedule_validation_names_the_field(dispatcher_a, technician_a, order_a):
    _dispatched(order_a, dispatcher_a, technician_a)
    api = ApiClient(technician_a.user)
    url = f"/work-orders/{order_a['id']}/schedule"
    past = timezone.now() - dt.timedelta(days=1)

    missing = api.post(url, {"start": _window()["start"]})
    in_the_past = api.post(
        url, {"start": past.isoformat(), "end": (past + dt.timedelta(hours=1)).isoformat()}
    )

    assert missing.status_code == 422
    assert error_fields(missing) == ["end"]
    assert in_the_past.status_code == 400
    assert error_fields(in_the_past) == ["appointment_start"]
    assert WorkOrder.objects.get(pk=order_a["id"]).state == "dispatched"


def test_a_time_without_offset_is_read_in_the_local_zone(dispatcher_a, technician_a, order_a):
    _dispatched(order_a, dispatcher_a, technician_a)
    tomorrow = timezone.localdate() + dt.timedelta(days=1)

    response = ApiClient(technician_a.user).post(
        f"/work-orders/{order_a['id']}/schedule",
        {"start": f"{tomorrow}T09:00:00", "end": f"{tomorrow}T11:00:00"},
    )

    assert response.status_code == 200, response.json()
    start = WorkOrder.objects.get(pk=order_a["id"]).appointment_start
    assert timezone.localtime(start).hour == 9


def test_rebook_hand_back_and_redispatch(dispatcher_a, technician_a, technician_a2, order_a):
    _dispatched(order_a, dispatcher_a, technician_a)
    tech = ApiClient(technician_a.user)
    url = f"/work-orders/{order_a['id']}"
    tech.post(f"{url}/schedule", _window())

    rebooked = tech.post(
        f"{url}/rebook", {**_window(26), "reason": "客户不在家，已致歉", "missed": True}
    )
    handed_back = tech.post(f"{url}/hand-back", {"customer_wishes": "客户要求下周六上午"})
    again = ApiClient(dispatcher_a).post(f"{url}/dispatch", {"technician": technician_a2.pk})

    assert rebooked.json()["missed_appointments"] == 1
    assert handed_back.json()["state"] == "registered"
    assert handed_back.json()["customer_wishes"] == "客户要求下周六上午"
    assert again.json()["technician"] == technician_a2.pk


def test_the_dispatcher_cancels_with_a_reason(dispatcher_a, order_a):
    api = ApiClient(dispatcher_a)
    url = f"/work-orders/{order_a['id']}/cancel"

    without = api.post(url, {"reason": ""})
    cancelled = api.post(url, {"reason": "客户已自行解决"})

    assert error_fields(without) == ["reason"]
    assert cancelled.json()["state"] == "cancelled"
    assert cancelled.json()["cancel_reason"] == "客户已自行解决"


def test_a_signature_that_is_not_an_image_is_refused(dispatcher_a, technician_a, order_a):
    _on_site(order_a, dispatcher_a, technician_a)

    response = ApiClient(technician_a.user).post(
        f"/work-orders/{order_a['id']}/complete",
        {
            "service_report": "好了",
            "signer_name": "张伟",
            "signature": "data:image/png;base64," + base64.b64encode(b"not a png").decode(),
        },
    )

    assert response.status_code == 400
    assert error_fields(response) == ["signature"]
    assert WorkOrder.objects.get(pk=order_a["id"]).state == "on_site"


def test_requests_for_help_go_to_the_supervisor(dispatcher_a, supervisor_a, technician_a, order_a):
    _on_site(order_a, dispatcher_a, technician_a)
    url = f"/work-orders/{order_a['id']}"

    asked = ApiClient(technician_a.user).post(
        f"{url}/requests", {"kind": "escalation", "reason": "现场无法解决"}
    )
    assert asked.status_code == 201
    assert ApiClient(supervisor_a).get(url).json()["escalated"] is True

    refused = ApiClient(technician_a.user).post(
        f"{url}/requests/{asked.json()['id']}/decide", {"approve": True}
    )
    decided = ApiClient(supervisor_a).post(
        f"{url}/requests/{asked.json()['id']}/decide", {"approve": True, "note": "明天派主任"}
    )

    assert refused.status_code == 403
    assert decided.status_code == 200
    assert decided.json()["status"] == "approved"
    assert decided.json()["decided_by"] == "supervisor_a"
    assert Request.objects.get().status == "approved"
    assert WorkOrder.objects.get(pk=order_a["id"]).escalated is False


def test_an_extension_needs_a_future_time(dispatcher_a, technician_a, order_a):
    _on_site(order_a, dispatcher_a, technician_a)

    response = ApiClient(technician_a.user).post(
        f"/work-orders/{order_a['id']}/requests", {"kind": "extension", "reason": "缺件"}
    )

    assert response.status_code == 400
    assert error_fields(response) == ["until"]
    assert not Request.objects.exists()


def test_a_technician_adds_a_photo(dispatcher_a, technician_a, order_a, signature_png):
    _on_site(order_a, dispatcher_a, technician_a)
    api = ApiClient(technician_a.user)
    url = f"/work-orders/{order_a['id']}/photos"

    added = api.post(url, {"kind": "fault", "image": base64.b64encode(signature_png).decode()})
    garbage = api.post(url, {"kind": "fault", "image": "%%%"})

    assert added.status_code == 201
    assert added.json()["url"].endswith(".png")
    assert garbage.status_code == 400
    assert error_fields(garbage) == ["image"]
    assert [p["id"] for p in api.get(url).json()] == [added.json()["id"]]
    assert Photo.objects.count() == 1


def test_create_a_work_order_without_a_call(agent_a, customer_a, unit_a):
    response = ApiClient(agent_a).post(
        "/work-orders",
        {
            "customer": customer_a.pk,
            "unit": unit_a.pk,
            "symptom": "年度保养",
            "kind": "maintenance",
        },
    )

    assert response.status_code == 201
    assert response.json()["kind"] == "maintenance"
    assert response.json()["category"] in {"A", "B", "C"}
    assert WorkOrder.objects.get().call is None


def test_an_agent_cannot_choose_another_category_than_the_rule(agent_a, customer_a, unit_a):
    response = ApiClient(agent_a).post(
        "/work-orders",
        {"customer": customer_a.pk, "unit": unit_a.pk, "symptom": "不制冷", "category": "D"},
    )

    assert response.status_code == 400
    assert response.json()["errors"][0]["field"] == "category"
    assert not WorkOrder.objects.exists()


def test_a_supervisor_chooses_the_category_with_a_reason(supervisor_a, customer_a, unit_a):
    client = ApiClient(supervisor_a)
    body = {"customer": customer_a.pk, "unit": unit_a.pk, "symptom": "展厅样机", "category": "D"}

    without_reason = client.post("/work-orders", body)
    created = client.post("/work-orders", {**body, "category_reason": "公司展厅样机，内部维修"})

    assert without_reason.status_code == 400
    assert without_reason.json()["errors"][0]["field"] == "category_reason"
    assert created.status_code == 201
    order = WorkOrder.objects.get()
    assert (order.category, order.category_overridden) == ("D", True)
    assert order.category_note == "公司展厅样机，内部维修"


def test_finance_cannot_create_a_work_order(finance_a, customer_a):
    response = ApiClient(finance_a).post(
        "/work-orders", {"customer": customer_a.pk, "symptom": "保养"}
    )

    assert response.status_code == 403
    assert not WorkOrder.objects.exists()


def test_the_list_filters_by_state_and_branch(
    agent_a, manager_hq, dispatcher_a, technician_a, order_a, branch_a, branch_b
):
    second = (
        ApiClient(agent_a)
        .post(
            "/work-orders",
            {"customer": order_a["customer"], "symptom": "保养", "kind": "maintenance"},
        )
        .json()
    )
    _dispatched(order_a, dispatcher_a, technician_a)
    api = ApiClient(agent_a)
    hq = ApiClient(manager_hq)

    def ids(response):
        return [item["id"] for item in response.json()["items"]]

    assert ids(api.get("/work-orders", state="dispatched")) == [order_a["id"]]
    assert ids(api.get("/work-orders", state="registered")) == [second["id"]]
    assert sorted(ids(api.get("/work-orders", state="open"))) == sorted(
        [order_a["id"], second["id"]]
    )
    assert ids(hq.get("/work-orders", branch=branch_b.pk)) == []
    assert len(ids(hq.get("/work-orders", branch=branch_a.pk))) == 2


def test_a_technician_lists_only_his_jobs(dispatcher_a, technician_a, technician_a2, order_a):
    _dispatched(order_a, dispatcher_a, technician_a)

    mine = ApiClient(technician_a.user).get("/work-orders").json()
    theirs = ApiClient(technician_a2.user).get("/work-orders").json()

    assert [item["id"] for item in mine["items"]] == [order_a["id"]]
    assert theirs["count"] == 0


def test_the_list_costs_the_same_queries_for_one_order_or_many(
    agent_a, dispatcher_a, technician_a, customer_a
):
    api = ApiClient(agent_a)

    def add_dispatched_order():
        order = api.post("/work-orders", {"customer": customer_a.pk, "symptom": "保养"}).json()
        _dispatched(order, dispatcher_a, technician_a)

    def queries_to_list() -> int:
        with CaptureQueriesContext(connection) as context:
            response = api.get("/work-orders")
        assert response.status_code == 200
        return len(context.captured_queries)

    add_dispatched_order()
    for_one = queries_to_list()
    for _ in range(4):
        add_dispatched_order()

    assert queries_to_list() == for_one
