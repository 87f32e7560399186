"""The return pages: the list by status and branch, filing from a work order or a unit, the page
that says the entitlement in words, the general manager's decision and the resolution form."""

from decimal import Decimal

from django.urls import reverse

from aftersales.returns import services
from aftersales.returns.models import Resolution, ReturnRequest
from aftersales.workorders import services as workorder_services

EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


def test_it_lists_the_branchs_requests_by_status(client, agent_a, outsider_b, filed, approved):
    waiting, done = filed(), approved()
    client.force_login(agent_a)
    body = client.get(reverse("returns:list")).content.decode()
    assert waiting.number in body and done.number in body
    body = client.get(reverse("returns:list"), {"status": "requested"}).content.decode()
    assert waiting.number in body and done.number not in body
    client.force_login(outsider_b)
    body = client.get(reverse("returns:list")).content.decode()
    assert waiting.number not in body
    assert client.get(reverse("returns:detail", args=[waiting.pk])).status_code == 404


def test_it_files_from_a_work_orders_page(client, agent_a, customer_a, bought, now):
    unit = bought(3)
    order = workorder_services.work_order_create(
        by=agent_a, customer=customer_a, unit=unit, symptom="不制冷", now=now
    )
    client.force_login(agent_a)
    page = client.get(reverse("workorders:detail", args=[order.pk])).content.decode()
    link = f"{reverse('returns:create')}?order={order.pk}"
    assert link in page
    form = client.get(link, **EN).content.decode()
    assert "days ago" in form and unit.serial in form
    response = client.post(
        reverse("returns:create"),
        {"work_order": order.pk, "kind": "return", "reason": "三天内不制冷"},
    )
    request = ReturnRequest.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("returns:detail", args=[request.pk])
    assert (request.unit, request.work_order, request.within_entitlement) == (unit, order, True)


def test_it_files_by_serial_and_tells_a_bad_one_on_its_field(client, agent_a, bought):
    unit = bought(20, serial="GREE-X-1")
    client.force_login(agent_a)
    response = client.post(
        reverse("returns:create"), {"serial": "NOPE", "kind": "return", "reason": "x"}, **EN
    )
    assert response.status_code == 400
    assert response.context["form"].errors["serial"] == ["No unit with this serial number."]
    response = client.post(
        reverse("returns:create"), {"serial": "gree-x-1", "kind": "return", "reason": "漏水"}
    )
    assert response.status_code == 302
    assert ReturnRequest.objects.get().unit == unit


def test_the_page_says_the_entitlement_in_words_and_who_bears_the_costs(
    client, agent_a, filed, now
):
    request = filed("return", 13)
    client.force_login(agent_a)
    body = client.get(reverse("returns:detail", args=[request.pk]), **EN).content.decode()
    purchased = request.purchased_on.isoformat()
    assert f"Purchased {purchased}, 13 days ago: Exchange or Repair." in body
    assert "the customer bears the costs unless the general manager approves" in body
    chinese = client.get(reverse("returns:detail", args=[request.pk])).content.decode()
    assert "13 天前" in chinese and "换货或维修" in chinese


def test_the_general_manager_decides_on_the_page(client, gm, agent_a, filed):
    request = filed()
    client.force_login(agent_a)
    assert "decide" not in client.get(reverse("returns:detail", args=[request.pk])).context or (
        client.get(reverse("returns:detail", args=[request.pk])).context["decide_form"] is None
    )
    assert (
        client.post(
            reverse("returns:decide", args=[request.pk]), {"decision": "approve"}
        ).status_code
        == 403
    )
    client.force_login(gm)
    page = client.get(reverse("returns:detail", args=[request.pk]))
    assert page.context["decide_form"] is not None
    refused = client.post(
        reverse("returns:decide", args=[request.pk]), {"decision": "reject"}, **EN
    )
    assert refused.status_code == 400
    assert refused.context["decide_form"].errors["note"] == ["Say why the request is rejected."]
    response = client.post(reverse("returns:decide", args=[request.pk]), {"decision": "approve"})
    assert response.status_code == 302
    request.refresh_from_db()
    assert request.status == "approved"
    again = client.post(
        reverse("returns:decide", args=[request.pk]), {"decision": "reject", "note": "x"}, **EN
    )
    assert again.status_code == 400
    assert "already been decided" in again.content.decode()


def test_resolutions_and_completion_on_the_page(client, supervisor_a, approved):
    request = approved("exchange")
    client.force_login(supervisor_a)
    bad = client.post(
        reverse("returns:resolve", args=[request.pk]),
        {"kind": "exchange", "amount": "0", "replacement_serial": ""},
        **EN,
    )
    assert bad.status_code == 400
    assert bad.context["resolve_form"].errors["replacement_serial"]
    assert not Resolution.objects.exists()
    ok = client.post(
        reverse("returns:resolve", args=[request.pk]),
        {"kind": "exchange", "amount": "0", "replacement_serial": "GREE-NEW-9"},
    )
    assert ok.status_code == 302
    client.post(
        reverse("returns:resolve", args=[request.pk]), {"kind": "compensation", "amount": "200"}
    )
    page = client.get(reverse("returns:detail", args=[request.pk])).content.decode()
    assert "GREE-NEW-9" in page and "¥200.00" in page
    done = client.post(reverse("returns:complete", args=[request.pk]))
    assert done.status_code == 302
    request.refresh_from_db()
    assert (request.status, request.total_amount) == ("completed", Decimal("200.00"))


def test_the_units_file_shows_its_returns_and_the_exchange(client, agent_a, approved, now):
    request = approved("exchange")
    new = services.resolution_record(
        by=agent_a, now=now, request=request, kind="exchange", replacement_serial="GREE-NEW-2"
    ).replacement_unit
    client.force_login(agent_a)
    unit_page = client.get(
        reverse("customers:unit_detail", args=[request.unit_id])
    ).content.decode()
    assert reverse("returns:unit_panel", args=[request.unit_id]) in unit_page
    panel = client.get(reverse("returns:unit_panel", args=[request.unit_id])).content.decode()
    assert request.number in panel
    new_panel = client.get(reverse("returns:unit_panel", args=[new.pk]), **EN).content.decode()
    assert "Given in exchange for" in new_panel and str(request.unit) in new_panel
