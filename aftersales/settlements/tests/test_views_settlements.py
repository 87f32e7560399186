"""The settlement pages: the list with its filters, drawing up a month, a statement and its
paper copy, confirm and mark paid, and the rates; by role and branch."""

import random

import pytest
from django.urls import reverse

from aftersales.core.models import AuditEntry
from aftersales.settlements import demo, services
from aftersales.settlements.models import OutletRate, OutletSettlement

from .conftest import LATER, MAY, at


@pytest.fixture
def draft(job, rate, finance_a, outlet_a):
    rate("C", "60", allowance="25")
    job(at(2025, 5, 31, 23, 59), zone="remote")
    return services.settlement_build(by=finance_a, now=LATER, outlet=outlet_a, month=MAY)


def test_it_draws_up_all_outlets_of_a_month_and_lists_them(client, finance_a, job, rate, outlet_a2):
    rate("C", "60")
    job(at(2025, 5, 6, 9))
    job(at(2025, 5, 6, 10), outlet=outlet_a2)
    client.force_login(finance_a)
    assert client.get(reverse("settlements:build")).status_code == 200
    response = client.post(reverse("settlements:build"), {"month": "2025-05"})
    assert response.status_code == 302
    assert OutletSettlement.objects.filter(month=MAY).count() == 2
    page = client.get(response["Location"])
    body = page.content.decode()
    assert "朝阳家电维修网点" in body and "海淀制冷维修部" in body
    again = client.post(reverse("settlements:build"), {"month": "2025-05"})
    assert again.status_code == 400 and "2025-05" in again.context["form"].errors["month"][0]


def test_it_draws_up_one_outlet_and_shows_the_lines_with_their_reason(
    client, finance_a, job, rate, outlet_a
):
    rate("C", "60", allowance="25")
    order = job(at(2025, 5, 31, 23, 59), zone="remote")
    client.force_login(finance_a)
    response = client.post(
        reverse("settlements:build"), {"month": "2025-05", "outlet": outlet_a.pk}
    )
    settlement = OutletSettlement.objects.get()
    assert response["Location"] == reverse("settlements:detail", args=[settlement.pk])
    body = client.get(response["Location"]).content.decode()
    assert order.number in body
    assert "¥85.00" in body  # 60 labour + 25 allowance, a customer farther away
    assert "郊区交通补贴" in body


def test_a_month_not_over_is_told_on_its_field(client, finance_a, outlet_a, now):
    client.force_login(finance_a)
    month = now.strftime("%Y-%m")
    response = client.post(reverse("settlements:build"), {"month": month, "outlet": outlet_a.pk})
    assert response.status_code == 400
    assert list(response.context["form"].errors) == ["month"]
    assert not OutletSettlement.objects.exists()


def test_the_list_filters_by_month_outlet_and_status(client, finance_a, draft, job, rate):
    client.force_login(finance_a)

    def numbers(**query) -> set[str]:
        return {s.number for s in client.get(reverse("settlements:list"), query).context["page"]}

    assert numbers() == {draft.number}
    assert numbers(month="2025-05") == {draft.number}
    assert numbers(month="2025-06") == set()
    assert numbers(status="confirmed") == set()
    assert numbers(outlet=draft.outlet_id, status="draft") == {draft.number}


def test_finance_confirms_and_marks_paid_on_the_page(client, finance_a, draft):
    client.force_login(finance_a)
    assert client.post(reverse("settlements:confirm", args=[draft.pk])).status_code == 302
    bad = client.post(reverse("settlements:pay", args=[draft.pk]), {"pay-reference": "x"})
    assert bad.status_code == 400 and "paid_on" in bad.context["pay_form"].errors
    response = client.post(
        reverse("settlements:pay", args=[draft.pk]),
        {"pay-paid_on": "2099-01-01", "pay-reference": "ICBC-1"},
    )
    assert response.status_code == 400  # in the future
    assert "paid_on" in response.context["pay_form"].errors
    draft.refresh_from_db()
    assert draft.status == OutletSettlement.Status.CONFIRMED
    refused = client.post(reverse("settlements:rebuild", args=[draft.pk]))
    assert refused.status_code == 400 and refused.context["refusal"]


def test_the_paper_copy_has_both_signature_boxes(client, finance_a, draft):
    client.force_login(finance_a)
    body = client.get(reverse("settlements:print", args=[draft.pk])).content.decode()
    assert draft.number in body and "朝阳家电维修网点" in body
    assert "网点（乙方）" in body or "网点签章" in body
    assert body.count('class="s-sign"') == 2
    assert (
        "@media print"
        in open(  # noqa: SIM115 — the stylesheet the page links
            __import__("pathlib").Path(__file__).parents[2] / "core/static/aftersales/a4_sheet.css"
        ).read()
    )


def test_another_branch_finds_no_statement(client, finance_b, draft):
    client.force_login(finance_b)
    assert client.get(reverse("settlements:detail", args=[draft.pk])).status_code == 404
    assert client.get(reverse("settlements:list")).context["page"].paginator.count == 0


def test_a_role_without_the_capability_is_refused(client, agent_a, draft):
    client.force_login(agent_a)
    assert client.get(reverse("settlements:list")).status_code == 403
    assert client.post(reverse("settlements:confirm", args=[draft.pk])).status_code == 403


def test_rates_are_added_and_corrected_on_their_pages(client, finance_a, outlet_a):
    client.force_login(finance_a)
    data = {
        "outlet": outlet_a.pk,
        "service_category": "C",
        "amount": "60",
        "suburb_allowance": "20",
        "effective_from": "2025-01-01",
    }
    assert client.post(reverse("settlements:rate_create"), data).status_code == 302
    rate = OutletRate.objects.get()
    default = client.post(reverse("settlements:rate_create"), {**data, "outlet": ""})
    assert default.status_code == 400 and "outlet" in default.context["form"].errors
    response = client.post(
        reverse("settlements:rate_edit", args=[rate.pk]), {"amount": "65", "suburb_allowance": "20"}
    )
    assert response.status_code == 302
    rate.refresh_from_db()
    assert str(rate.amount) == "65.00"
    assert AuditEntry.objects.filter(action="outlet_rate_update").count() == 1
    assert "朝阳家电维修网点" in client.get(reverse("settlements:rates")).content.decode()


def test_the_demo_draws_up_statements_through_the_services(
    job, finance_hq, manager_hq, outlet_a, outlet_a2, now
):
    last = at(now.year, now.month, 1, 10) - __import__("datetime").timedelta(days=3)
    job(last)
    job(last, outlet=outlet_a2)
    built = demo.seed(random.Random(1), now)
    assert len(built) == 2
    assert OutletRate.objects.filter(outlet__isnull=True).count() == 3
    assert all(s.jobs == 1 and s.total > 0 for s in built)
    assert AuditEntry.objects.filter(action="settlement_build").count() == 2
