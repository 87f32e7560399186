"""The claim and claim-part-order pages, through the test client, in Chinese by default."""

from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from aftersales.claims import services
from aftersales.claims.models import ClaimPartOrder, ManufacturerRate, WarrantyClaim
from aftersales.workorders.models import State

D = Decimal


def test_it_keeps_the_manufacturers_rates(client, manager_hq, agent_a):
    client.force_login(manager_hq)
    response = client.post(
        reverse("claims:rate_create"),
        {
            "brand": "美的",
            "labour_basis": "per_hour",
            "labour_rate": "55",
            "travel_allowance": "20",
            "parts_factor": "1.100",
            "effective_from": "2026-01-01",
        },
    )
    assert response.status_code == 302
    rate = ManufacturerRate.objects.get()
    assert (rate.brand, rate.labour_rate, rate.parts_factor) == ("美的", D("55.00"), D("1.100"))
    page = client.get(reverse("claims:rates")).content.decode()
    assert "美的" in page and "每小时" in page

    client.force_login(agent_a)
    assert client.get(reverse("claims:rate_create")).status_code == 403


def test_it_builds_a_claim_from_the_chosen_jobs_and_follows_it_to_payment(
    client, manager_hq, gree_rate, finished_job, branch_a, now
):
    order = finished_job(issued=1)  # its defective part did not come back
    client.force_login(manager_hq)
    today = timezone.localdate(now)
    query = {
        "brand": "格力",
        "branch": branch_a.pk,
        "period_start": "2020-01-01",
        "period_end": str(today),
    }
    page = client.get(reverse("claims:create"), query)
    assert page.status_code == 200 and order.number in page.content.decode()

    response = client.post(reverse("claims:create"), {**query, "orders": [order.pk]})

    assert response.status_code == 302
    claim = WarrantyClaim.objects.get()
    detail = client.get(response["Location"]).content.decode()
    assert claim.number in detail and "无旧件" in detail and "¥150.00" in detail

    line = claim.lines.get(kind="part")
    client.post(
        reverse("claims:include", args=[claim.pk]),
        {"line": line.pk, "included": "on", "note": "旧件已由厂家回收"},
    )
    claim.refresh_from_db()
    assert claim.claimed_amount == D("171.60")
    assert client.post(reverse("claims:submit", args=[claim.pk])).status_code == 302
    refused = client.post(reverse("claims:accept", args=[claim.pk]), {"accept-amount": "100"})
    assert refused.status_code == 400 and "厂家" in refused.content.decode()
    client.post(
        reverse("claims:accept", args=[claim.pk]),
        {"accept-amount": "100", "accept-note": "配件按标准价核减"},
    )
    client.post(
        reverse("claims:pay", args=[claim.pk]),
        {"pay-amount": "100", "pay-paid_on": str(today), "pay-reference": "HT-1"},
    )
    claim.refresh_from_db()
    assert claim.status == "paid" and claim.paid_amount == D("100.00")
    listing = client.get(reverse("claims:list")).content.decode()
    assert claim.number in listing and "已付清" in listing
    assert "格力" in client.get(reverse("claims:outstanding")).content.decode()


def test_a_claim_of_a_job_not_under_warranty_is_refused_on_the_page(
    client, manager_hq, gree_rate, flow, branch_a
):
    order = flow.reach(State.ON_SITE)
    client.force_login(manager_hq)
    response = client.post(
        reverse("claims:create"),
        {
            "brand": "格力",
            "branch": branch_a.pk,
            "period_start": "2020-01-01",
            "period_end": "2099-01-01",
            "orders": [order.pk],
        },
    )
    assert response.status_code == 400
    assert "尚未完工" in response.content.decode()
    assert not WarrantyClaim.objects.exists()


@pytest.fixture
def part_order(flow, agent_a, compressor, now):
    return services.claim_part_order_request(
        by=agent_a,
        now=now,
        work_order=flow.reach(State.ON_SITE),
        part=compressor,
        quantity=3,
        deposit_amount=D("500"),
        deposit_method="cash",
    )


def test_the_work_order_page_shows_its_claim_part_orders(client, agent_a, part_order, flow):
    client.force_login(agent_a)
    page = client.get(
        reverse("workorders:detail", args=[part_order.work_order_id])
    ).content.decode()
    assert part_order.number in page and "索赔订货" in page
    other = flow.reach(State.ON_SITE)
    page = client.get(reverse("workorders:detail", args=[other.pk])).content.decode()
    assert reverse("claims:part_order_create", args=[other.pk]) in page


def test_it_requests_a_part_from_the_work_order(client, agent_a, flow, compressor):
    order = flow.reach(State.ON_SITE)
    client.force_login(agent_a)
    url = reverse("claims:part_order_create", args=[order.pk])
    response = client.post(
        url,
        {"part": compressor.pk, "quantity": 1, "deposit_amount": "200", "deposit_method": "alipay"},
    )
    assert response.status_code == 302
    created = ClaimPartOrder.objects.get()
    assert (created.work_order, created.deposit_method) == (order, "alipay")
    bad = client.post(
        url, {"part": compressor.pk, "quantity": 1, "deposit_amount": "0", "deposit_method": "cash"}
    )
    assert bad.status_code == 400 and ClaimPartOrder.objects.count() == 1


def test_the_signatures_are_offered_to_whom_they_belong(
    client, part_order, supervisor_a, manager_hq, agent_a
):
    url = reverse("claims:part_order_detail", args=[part_order.pk])
    approve = reverse("claims:part_order_approve", args=[part_order.pk])
    confirm = reverse("claims:part_order_confirm", args=[part_order.pk])
    client.force_login(agent_a)
    assert approve not in client.get(url).content.decode()
    client.force_login(supervisor_a)
    page = client.get(url).content.decode()
    assert approve in page and "车间经理签字" in page and confirm not in page
    client.post(reverse("claims:part_order_approve", args=[part_order.pk]))
    part_order.refresh_from_db()
    assert part_order.waiting_for == "director"
    client.force_login(manager_hq)
    page = client.get(url).content.decode()
    assert confirm in page and "售后总监确认" in page
    client.post(reverse("claims:part_order_confirm", args=[part_order.pk]))
    part_order.refresh_from_db()
    assert part_order.status == "approved"


def test_another_branch_does_not_see_the_claim_part_order(client, part_order, outsider_b):
    client.force_login(outsider_b)
    assert client.get(reverse("claims:part_order_detail", args=[part_order.pk])).status_code == 404
