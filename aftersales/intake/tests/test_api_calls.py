"""The call register through the API: take a call, settle it by phone, open a work order."""

from aftersales.core.tests.test_api_client import ApiClient, error_fields
from aftersales.customers.models import Customer
from aftersales.intake.models import ServiceCall
from aftersales.workorders.models import WorkOrder


def _call_body(customer, **extra):
    return {
        "channel": "hotline",
        "phone": "138 0013 8000",
        "customer": customer.pk,
        "symptom": "空调不制冷",
        **extra,
    }


def test_an_agent_registers_a_call_for_a_known_unit(agent_a, unit_a, no_cooling):
    response = ApiClient(agent_a).post(
        "/calls",
        {
            "phone": "13800138000",
            "unit": unit_a.pk,
            "fault_type": no_cooling.pk,
            "symptom": "不制冷",
            "customer_request": "明天上午上门",
        },
    )

    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["number"].startswith("CL")
    assert body["customer"] == unit_a.customer_id
    assert body["serial"] == "GREE0001"
    assert body["outcome"] == "open"
    assert body["taken_by"] == "agent_a"
    assert ServiceCall.objects.get(pk=body["id"]).unit == unit_a


def test_a_first_time_caller_gets_a_customer_file(agent_a, branch_a):
    response = ApiClient(agent_a).post(
        "/calls",
        {
            "phone": "13912345678",
            "symptom": "热水器不点火",
            "new_customer": {"name": "王芳", "address": "北京市朝阳区"},
        },
    )

    assert response.status_code == 201
    customer = Customer.objects.get(phone="+8613912345678")
    assert (customer.name, customer.branch) == ("王芳", branch_a)
    assert response.json()["customer"] == customer.pk


def test_finance_cannot_take_a_call(finance_a, customer_a):
    response = ApiClient(finance_a).post("/calls", _call_body(customer_a))

    assert response.status_code == 403
    assert not ServiceCall.objects.exists()


def test_a_technician_cannot_take_a_call(technician_a, customer_a):
    response = ApiClient(technician_a.user).post("/calls", _call_body(customer_a))

    assert response.status_code == 403
    assert not ServiceCall.objects.exists()


def test_a_call_without_a_symptom_names_the_field(agent_a, customer_a):
    body = _call_body(customer_a)
    del body["symptom"]
    api = ApiClient(agent_a)

    missing = api.post("/calls", body)
    blank = api.post("/calls", {**body, "symptom": "   "})

    assert missing.status_code == 422
    assert error_fields(missing) == ["symptom"]
    assert blank.status_code == 400
    assert error_fields(blank) == ["symptom"]
    assert not ServiceCall.objects.exists()


def test_a_bad_phone_names_the_field(agent_a, customer_a):
    response = ApiClient(agent_a).post("/calls", _call_body(customer_a, phone="555"))

    assert response.status_code == 400
    assert error_fields(response) == ["phone"]
    assert not ServiceCall.objects.exists()


def test_a_call_cannot_name_another_branchs_customer(outsider_b, customer_a):
    response = ApiClient(outsider_b).post("/calls", _call_body(customer_a))

    assert response.status_code == 400
    assert error_fields(response) == ["customer"]
    assert not ServiceCall.objects.exists()


def test_a_call_solved_by_phone_is_closed_as_such(agent_a, customer_a):
    api = ApiClient(agent_a)
    call = api.post("/calls", _call_body(customer_a)).json()

    response = api.post(f"/calls/{call['id']}/solve", {"guidance": "遥控器换电池后正常"})

    assert response.status_code == 200
    assert response.json()["outcome"] == "solved_by_phone"
    assert ServiceCall.objects.get(pk=call["id"]).resolved_at is not None
    # Settled once: opening a work order from it now is refused.
    again = api.post(f"/calls/{call['id']}/work-order", {})
    assert again.status_code == 400
    assert not WorkOrder.objects.exists()


def test_opening_a_work_order_from_a_call(agent_a, unit_a, no_cooling):
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

    response = api.post(f"/calls/{call['id']}/work-order", {"kind": "repair"})

    assert response.status_code == 201
    order = response.json()
    assert order["state"] == "registered"
    assert order["category"] == "C"  # in warranty: free
    assert (order["call"], order["unit"], order["fault_type"]) == (
        call["id"],
        unit_a.pk,
        no_cooling.pk,
    )
    assert api.get(f"/calls/{call['id']}").json()["work_order"] == order["id"]


def test_another_branch_cannot_see_or_handle_the_call(agent_a, outsider_b, customer_a):
    call = ApiClient(agent_a).post("/calls", _call_body(customer_a)).json()
    api = ApiClient(outsider_b)

    assert api.get(f"/calls/{call['id']}").status_code == 404
    assert api.post(f"/calls/{call['id']}/solve", {"guidance": "x"}).status_code == 404
    assert api.post(f"/calls/{call['id']}/work-order", {}).status_code == 404
    assert api.get("/calls").json()["count"] == 0
    assert ServiceCall.objects.get(pk=call["id"]).outcome == "open"
    assert not WorkOrder.objects.exists()


def test_it_lists_calls_by_outcome(agent_a, customer_a):
    api = ApiClient(agent_a)
    open_call = api.post("/calls", _call_body(customer_a)).json()
    solved = api.post("/calls", _call_body(customer_a)).json()
    api.post(f"/calls/{solved['id']}/solve", {"guidance": "已指导"})

    listed = api.get("/calls", outcome="open").json()

    assert [item["id"] for item in listed["items"]] == [open_call["id"]]
