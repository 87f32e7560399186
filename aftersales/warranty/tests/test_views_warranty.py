"""The contract pages, the three-guarantee table and the warranty panel of a work order."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from aftersales.core.models import AuditEntry
from aftersales.factories import CustomerFactory, UnitFactory
from aftersales.warranty.models import MaintenanceContract, ThreeGuaranteeRule
from aftersales.workorders.services import work_order_create

pytestmark = pytest.mark.django_db


def test_a_supervisor_files_a_contract_for_a_customer_found_by_phone(
    client, supervisor_a, customer_a, unit_a, today
):
    client.force_login(supervisor_a)
    search = client.get(reverse("warranty:contract_create"), {"q": "张伟"})
    assert customer_a.name in search.content.decode()
    url = reverse("warranty:contract_create") + f"?customer={customer_a.pk}"
    assert unit_a.serial in client.get(url).content.decode()
    response = client.post(
        url,
        {
            "customer": customer_a.pk,
            "units": [unit_a.pk],
            "start": today,
            "end": today + dt.timedelta(days=364),
            "annual_fee": "1500",
            "visits_per_year": 4,
        },
    )
    contract = MaintenanceContract.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("warranty:contract_detail", args=[contract.pk])
    page = client.get(response["Location"]).content.decode()
    assert contract.number in page and unit_a.serial in page


def test_a_bad_contract_is_shown_on_its_field_and_files_nothing(
    client, supervisor_a, customer_a, unit_a, today
):
    client.force_login(supervisor_a)
    url = reverse("warranty:contract_create") + f"?customer={customer_a.pk}"
    response = client.post(
        url,
        {
            "units": [unit_a.pk],
            "start": today,
            "end": today - dt.timedelta(days=1),
            "annual_fee": "1500",
            "visits_per_year": 4,
        },
    )
    assert response.status_code == 400
    assert response.context["form"].errors["end"]
    assert MaintenanceContract.objects.count() == 0


def test_another_branchs_contract_does_not_exist(client, outsider_b, contract_a):
    client.force_login(outsider_b)
    assert client.get(reverse("warranty:contract_detail", args=[contract_a.pk])).status_code == 404
    assert contract_a.number not in client.get(reverse("warranty:contracts")).content.decode()


def test_an_agent_sees_contracts_but_may_not_file_or_cancel(client, agent_a, contract_a):
    client.force_login(agent_a)
    assert contract_a.number in client.get(reverse("warranty:contracts")).content.decode()
    assert client.get(reverse("warranty:contract_create")).status_code == 403
    cancel = reverse("warranty:contract_cancel", args=[contract_a.pk])
    assert client.post(cancel, {"reason": "x"}).status_code == 403


def test_the_list_filters_contracts_ending_within_30_days(
    client, supervisor_a, contract_a, customer_a, aircon_model, today, now
):
    from aftersales.warranty.services import contract_create

    unit = UnitFactory(customer=customer_a, model=aircon_model, serial="X9")
    soon = contract_create(
        by=supervisor_a,
        customer=customer_a,
        units=[unit],
        start=today - dt.timedelta(days=300),
        end=today + dt.timedelta(days=20),
        annual_fee="500",
        visits_per_year=1,
        now=now,
    )
    client.force_login(supervisor_a)
    page = client.get(reverse("warranty:contracts"), {"expiring": "on"}).content.decode()
    assert soon.number in page and contract_a.number not in page


def test_the_contract_list_does_not_query_per_row(
    client, supervisor_a, customer_a, aircon_model, today, now
):
    from aftersales.warranty.services import contract_create

    def add(n):
        for _ in range(n):
            customer = CustomerFactory(branch=customer_a.branch)
            unit = UnitFactory(customer=customer, model=aircon_model)
            contract_create(
                by=supervisor_a,
                customer=customer,
                units=[unit],
                start=today,
                end=today,
                annual_fee="1",
                visits_per_year=1,
                now=now,
            )

    client.force_login(supervisor_a)
    add(2)
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("warranty:contracts"))
    add(8)
    with CaptureQueriesContext(connection) as many:
        client.get(reverse("warranty:contracts"))
    assert len(many) == len(few)


def test_a_supervisor_renews_and_cancels(client, supervisor_a, contract_a):
    client.force_login(supervisor_a)
    url = reverse("warranty:contract_renew", args=[contract_a.pk])
    response = client.post(
        url,
        {
            "end": contract_a.end + dt.timedelta(days=365),
            "annual_fee": "1300",
            "visits_per_year": 2,
        },
    )
    renewal = MaintenanceContract.objects.get(renewal_of=contract_a)
    assert response["Location"] == reverse("warranty:contract_detail", args=[renewal.pk])
    cancel = reverse("warranty:contract_cancel", args=[renewal.pk])
    assert client.post(cancel, {"reason": ""}).status_code == 400
    assert client.post(cancel, {"reason": "客户搬迁"}).status_code == 302
    renewal.refresh_from_db()
    assert renewal.status == "cancelled"


def test_the_units_service_file_lists_its_contracts(client, agent_a, contract_a, unit_a):
    client.force_login(agent_a)
    page = client.get(reverse("customers:unit_detail", args=[unit_a.pk])).content.decode()
    assert contract_a.number in page


def test_the_order_page_shows_the_category_reason_and_todays_remedies(
    client, agent_a, customer_a, aircon_model, today, now
):
    unit = UnitFactory(
        customer=customer_a,
        model=aircon_model,
        serial="N5",
        purchase_date=today - dt.timedelta(days=5),
    )
    order = work_order_create(by=agent_a, customer=customer_a, unit=unit, symptom="不制冷", now=now)
    client.force_login(agent_a)
    page = client.get(reverse("workorders:detail", args=[order.pk])).content.decode()
    assert order.category_reason in page
    assert "退货 / 换货 / 维修" in page
    assert "购买后第 5 天" in page
    assert "变更服务类别" not in page  # an agent may not override


def test_a_supervisor_overrides_the_category_on_the_page(
    client, agent_a, supervisor_a, customer_a, unit_a, now
):
    order = work_order_create(by=agent_a, customer=customer_a, unit=unit_a, symptom="摔坏", now=now)
    client.force_login(supervisor_a)
    url = reverse("workorders:override_category", args=[order.pk])
    assert (
        "变更服务类别" in client.get(reverse("workorders:detail", args=[order.pk])).content.decode()
    )
    refused = client.post(url, {"category": "A", "reason": ""})
    assert refused.status_code == 400
    order.refresh_from_db()
    assert order.category == "C"
    response = client.post(url, {"category": "A", "reason": "人为摔坏"})
    assert response.status_code == 302
    order.refresh_from_db()
    assert (order.category, order.category_note) == ("A", "人为摔坏")
    page = client.get(reverse("workorders:detail", args=[order.pk])).content.decode()
    assert "人为摔坏" in page and "人工设定" in page


def test_the_catalogue_keeper_edits_the_three_guarantee_table(client, manager_hq, aircon):
    client.force_login(manager_hq)
    url = reverse("warranty:three_guarantee_save")
    assert client.post(url, {"days": "0", "remedies": ["repair"]}).status_code == 400
    assert client.post(url, {"days": "7", "remedies": ["repair"]}).status_code == 400  # duplicate
    assert client.post(url, {"days": "30", "remedies": []}).status_code == 400
    response = client.post(url, {"category": aircon.pk, "days": "30", "remedies": ["exchange"]})
    assert response.status_code == 302
    row = ThreeGuaranteeRule.objects.get(category=aircon)
    page = client.get(reverse("warranty:three_guarantees")).content.decode()
    assert "空调" in page and "换货" in page
    delete = client.post(reverse("warranty:three_guarantee_delete"), {"id": row.pk})
    assert delete.status_code == 302
    assert not ThreeGuaranteeRule.objects.filter(category=aircon).exists()
    assert AuditEntry.objects.filter(action__startswith="three_guarantee_rule").count() == 2


def test_a_supervisor_reads_the_table_but_may_not_edit_it(client, supervisor_a):
    client.force_login(supervisor_a)
    page = client.get(reverse("warranty:three_guarantees"))
    assert page.status_code == 200 and "7 天内" in page.content.decode()
    save = client.post(
        reverse("warranty:three_guarantee_save"), {"days": 30, "remedies": ["repair"]}
    )
    assert save.status_code == 403
