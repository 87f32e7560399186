import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from aftersales.customers.models import Customer
from aftersales.factories import CustomerFactory, UnitFactory
from aftersales.intake.models import ServiceCall
from aftersales.intake.services import call_open_work_order, call_register, call_solve_by_phone
from aftersales.workorders.models import State, WorkOrder

pytestmark = pytest.mark.django_db

NEW_CUSTOMER = {"kind": "person", "tier": "regular", "zone": "ring2", "channel": "hotline"}


def _call(agent, unit, now, **kwargs):
    values = {"channel": "hotline", "phone": "13800138000", "symptom": "不制冷", "unit": unit}
    return call_register(by=agent, now=now, **(values | kwargs))


def test_the_call_screen_shows_the_phone_scripts(client, agent_a):
    client.force_login(agent_a)
    response = client.get(reverse("intake:new"))
    assert response.status_code == 200
    assert "请问有什么可以帮您" in response.text  # zh-hans by default: the regulation's words
    assert f'hx-get="{reverse("intake:customer_lookup")}"' in response.text


def test_the_phone_scripts_follow_the_language(client, agent_a):
    client.force_login(agent_a)
    response = client.get(reverse("intake:new"), HTTP_ACCEPT_LANGUAGE="en")
    assert "How can I help you?" in response.text


def test_finance_cannot_take_calls(client, finance_a, customer_a):
    client.force_login(finance_a)
    assert client.get(reverse("intake:new")).status_code == 403
    response = client.post(
        reverse("intake:new"),
        {**NEW_CUSTOMER, "phone": "13800138000", "customer": customer_a.pk, "symptom": "x"},
    )
    assert response.status_code == 403
    assert not ServiceCall.objects.exists()
    assert client.get(reverse("intake:list")).status_code == 200  # but may read the register


def test_the_lookup_offers_matching_customers_and_their_units(client, agent_a, unit_a, customer_b):
    client.force_login(agent_a)
    response = client.get(
        reverse("intake:customer_lookup"), {"phone": "138 0013 8000"}, HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 200
    assert "<html" not in response.text
    assert "张伟" in response.text and "GREE0001" in response.text
    assert f'data-customer="{unit_a.customer.pk}"' in response.text
    assert f'data-unit="{unit_a.pk}"' in response.text
    assert "李娜" not in response.text  # branch B
    assert 'class="exact"' in response.text


def test_the_lookup_says_when_nobody_has_the_phone(client, agent_a, customer_a):
    client.force_login(agent_a)
    response = client.get(
        reverse("intake:customer_lookup"), {"phone": "13511112222"}, HTTP_ACCEPT_LANGUAGE="en"
    )
    assert "data-customer" not in response.text
    assert "new customer" in response.text


def test_the_lookup_ignores_a_too_short_query(client, agent_a, customer_a):
    client.force_login(agent_a)
    response = client.get(reverse("intake:customer_lookup"), {"phone": "1"})
    assert "data-customer" not in response.text


def test_registering_a_call_files_a_new_customer(client, agent_a, branch_a):
    client.force_login(agent_a)
    response = client.post(
        reverse("intake:new"),
        {
            **NEW_CUSTOMER,
            "phone": "135 1111 2222",
            "name": "陈静",
            "address": "朝阳区8号",
            "symptom": "热水器不点火",
            "customer_request": "尽快上门",
            "channel": "wechat",
        },
    )
    call = ServiceCall.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("intake:detail", args=[call.pk])
    assert call.customer.name == "陈静" and call.customer.branch == branch_a
    assert call.customer.phone == "+8613511112222"
    assert (call.channel, call.address) == ("wechat", "朝阳区8号")


def test_a_known_phone_offers_the_customer_instead_of_filing_a_second(client, agent_a, customer_a):
    client.force_login(agent_a)
    response = client.post(
        reverse("intake:new"),
        {
            **NEW_CUSTOMER,
            "phone": "13800138000",
            "name": "张伟",
            "address": "某地",
            "symptom": "不制冷",
        },
    )
    assert response.status_code == 400
    assert Customer.objects.count() == 1
    assert not ServiceCall.objects.exists()
    assert response.context["form"].errors["phone"]
    assert response.context["matches"] == [customer_a]
    assert f'data-customer="{customer_a.pk}"' in response.text


def test_a_call_on_a_picked_unit(client, agent_a, unit_a, no_cooling):
    client.force_login(agent_a)
    # Only what the browser sends: picking a unit disables the new-customer fieldset.
    response = client.post(
        reverse("intake:new"),
        {
            "channel": "hotline",
            "phone": "13800138000",
            "customer": unit_a.customer.pk,
            "unit": unit_a.pk,
            "fault_type": no_cooling.pk,
            "symptom": "不制冷",
        },
    )
    assert response.status_code == 302
    call = ServiceCall.objects.get()
    assert (call.customer, call.unit, call.model, call.serial) == (
        unit_a.customer,
        unit_a,
        unit_a.model,
        "GREE0001",
    )
    assert call.address == unit_a.customer.address


def test_another_branch_customer_cannot_be_picked(client, outsider_b, customer_a):
    client.force_login(outsider_b)
    response = client.post(
        reverse("intake:new"),
        {**NEW_CUSTOMER, "phone": "13800138000", "customer": customer_a.pk, "symptom": "x"},
    )
    assert response.status_code == 400
    assert "customer" in response.context["form"].errors
    assert not ServiceCall.objects.exists()


def test_a_missing_symptom_is_shown_and_nothing_is_filed(client, agent_a, customer_a):
    client.force_login(agent_a)
    response = client.post(
        reverse("intake:new"), {**NEW_CUSTOMER, "phone": "13800138000", "customer": customer_a.pk}
    )
    assert response.status_code == 400
    assert "symptom" in response.context["form"].errors


def test_a_unit_link_prefills_the_call_screen(client, agent_a, unit_a):
    client.force_login(agent_a)
    response = client.get(reverse("intake:new"), {"unit": unit_a.pk})
    assert response.context["picked_unit"] == unit_a
    assert f'value="{unit_a.pk}"' in response.text


def test_a_call_solved_by_guidance(client, agent_a, unit_a, now):
    call = _call(agent_a, unit_a, now)
    client.force_login(agent_a)
    response = client.post(reverse("intake:solve", args=[call.pk]), {"guidance": "清洗滤网"})
    assert response.status_code == 302
    call.refresh_from_db()
    assert (call.outcome, call.guidance) == (ServiceCall.Outcome.SOLVED_BY_PHONE, "清洗滤网")


def test_guidance_cannot_be_empty(client, agent_a, unit_a, now):
    call = _call(agent_a, unit_a, now)
    client.force_login(agent_a)
    response = client.post(reverse("intake:solve", args=[call.pk]), {"guidance": " "})
    assert response.status_code == 400
    assert "guidance" in response.context["solve_form"].errors


def test_a_call_becomes_a_work_order(client, agent_a, unit_a, now):
    call = _call(agent_a, unit_a, now)
    client.force_login(agent_a)
    response = client.post(
        reverse("intake:open_work_order", args=[call.pk]), {"kind": "repair", "category": ""}
    )
    order = WorkOrder.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("workorders:detail", args=[order.pk])
    assert order.call == call and order.state == State.REGISTERED
    call.refresh_from_db()
    assert call.outcome == ServiceCall.Outcome.WORK_ORDER


def test_a_settled_call_cannot_be_settled_again(client, agent_a, unit_a, now):
    call = _call(agent_a, unit_a, now)
    call_open_work_order(call=call, by=agent_a, now=now)
    client.force_login(agent_a)
    response = client.post(reverse("intake:solve", args=[call.pk]), {"guidance": "x"})
    assert response.status_code == 400
    assert WorkOrder.objects.count() == 1
    assert response.context["can_settle"] is False


def test_a_repeat_repair_is_shown_prominently(
    client, agent_a, technician_a, unit_a, no_cooling, now
):
    first = WorkOrder.objects.create(
        number="WO-OLD",
        branch=unit_a.customer.branch,
        customer=unit_a.customer,
        unit=unit_a,
        fault_type=no_cooling,
        symptom="不制冷",
        address="x",
        contact_phone="+8613800138000",
        state=State.COMPLETED,
        completed_at=now - dt.timedelta(days=10),
        created_by=agent_a,
    )
    call = _call(agent_a, unit_a, now, fault_type=no_cooling)
    assert call.is_repeat
    client.force_login(agent_a)
    response = client.get(reverse("intake:detail", args=[call.pk]))
    assert 'class="notice notice-danger"' in response.text
    assert first.number in response.text


def test_another_branch_call_does_not_exist_for_outsider_b(
    client, agent_a, outsider_b, unit_a, now
):
    call = _call(agent_a, unit_a, now)
    client.force_login(outsider_b)
    assert client.get(reverse("intake:detail", args=[call.pk])).status_code == 404
    response = client.post(reverse("intake:solve", args=[call.pk]), {"guidance": "x"})
    assert response.status_code == 404
    response = client.post(reverse("intake:open_work_order", args=[call.pk]), {"kind": "repair"})
    assert response.status_code == 404
    assert not WorkOrder.objects.exists()


def test_the_call_list_filters_by_channel_and_outcome(client, agent_a, unit_a, now):
    _call(agent_a, unit_a, now, channel="letter", symptom="来信报修")
    solved = _call(agent_a, unit_a, now, channel="hotline", symptom="电话咨询")
    call_solve_by_phone(call=solved, by=agent_a, now=now, guidance="ok")
    client.force_login(agent_a)
    text = client.get(reverse("intake:list"), {"channel": "letter"}).text
    assert "来信报修" in text and "电话咨询" not in text
    text = client.get(reverse("intake:list"), {"outcome": "solved_by_phone"}).text
    assert "电话咨询" in text and "来信报修" not in text
    yesterday = (now - dt.timedelta(days=2)).date().isoformat()
    assert "来信报修" not in client.get(reverse("intake:list"), {"day": yesterday}).text


def _list_queries(client):
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(reverse("intake:list")).status_code == 200
    return len(ctx.captured_queries)


def test_the_call_list_runs_the_same_queries_for_5_or_50_rows(client, agent_a, branch_a, now):
    client.force_login(agent_a)

    def make(count):
        for unit in UnitFactory.create_batch(count, customer__branch=branch_a):
            call = call_register(
                by=agent_a,
                now=now,
                channel="hotline",
                phone=unit.customer.phone,
                symptom="坏了",
                unit=unit,
            )
            if count > 5:
                call_open_work_order(call=call, by=agent_a, now=now)

    make(5)
    few = _list_queries(client)
    make(45)
    assert _list_queries(client) == few


def test_the_call_list_hides_other_branches(client, outsider_b, agent_a, unit_a, now, branch_b):
    _call(agent_a, unit_a, now, symptom="甲分公司的来电")
    CustomerFactory(branch=branch_b)
    client.force_login(outsider_b)
    assert "甲分公司的来电" not in client.get(reverse("intake:list")).text
