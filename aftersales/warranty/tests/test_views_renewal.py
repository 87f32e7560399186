"""The renewal notices on the pages: the list, the contract page's panel and its moves, the printed
expiry notice (保养到期通知书, 004 (二十)); and the contract's arrival time on its form."""

import datetime as dt

import pytest
from django.urls import reverse

from aftersales.accounts.models import Role
from aftersales.factories import CustomerFactory, UnitFactory, UserFactory
from aftersales.warranty.models import MaintenanceContract, RenewalNotice
from aftersales.warranty.services import contract_create

pytestmark = pytest.mark.django_db

COMPANY = "蓉城家电售后服务有限公司"


@pytest.fixture
def notice(contract_a, supervisor_a, now):
    return RenewalNotice.objects.create(
        contract=contract_a, created_at=now, due=contract_a.end, assigned_to=supervisor_a
    )


def _notice_for(by, branch, model, *, ends, now, name):
    customer = CustomerFactory(name=name, branch=branch)
    unit = UnitFactory(customer=customer, model=model)
    contract = contract_create(
        by=by,
        customer=customer,
        units=[unit],
        start=ends - dt.timedelta(days=364),
        end=ends,
        annual_fee="800",
        visits_per_year=2,
        now=now,
    )
    return RenewalNotice.objects.create(contract=contract, created_at=now, due=ends)


def test_the_list_shows_open_notices_first_by_end_date_and_only_the_branchs(
    client, supervisor_a, manager_hq, branch_a, branch_b, aircon_model, today, now
):
    late = _notice_for(
        supervisor_a,
        branch_a,
        aircon_model,
        ends=today + dt.timedelta(days=25),
        now=now,
        name="晚到期客户",
    )
    soon = _notice_for(
        supervisor_a,
        branch_a,
        aircon_model,
        ends=today + dt.timedelta(days=5),
        now=now,
        name="早到期客户",
    )
    done = _notice_for(
        supervisor_a,
        branch_a,
        aircon_model,
        ends=today + dt.timedelta(days=1),
        now=now,
        name="已续约客户",
    )
    RenewalNotice.objects.filter(pk=done.pk).update(status="renewed", closed_at=now)
    other = _notice_for(
        manager_hq,
        branch_b,
        aircon_model,
        ends=today + dt.timedelta(days=3),
        now=now,
        name="上海客户",
    )

    client.force_login(supervisor_a)
    page = client.get(reverse("warranty:renewal_notices")).content.decode()

    assert page.index("早到期客户") < page.index("晚到期客户") < page.index("已续约客户")
    assert "上海客户" not in page
    assert "续约通知" in page and "未指派跟进人" in page  # nobody assigned to these
    open_only = client.get(reverse("warranty:renewal_notices"), {"status": "open"}).content.decode()
    assert "已续约客户" not in open_only
    client.force_login(manager_hq)
    assert other.contract.number in client.get(reverse("warranty:renewal_notices")).content.decode()
    assert soon and late


def test_the_contract_page_shows_the_notice_and_who_pursues_it(client, supervisor_a, notice):
    client.force_login(supervisor_a)
    page = client.get(
        reverse("warranty:contract_detail", args=[notice.contract_id])
    ).content.decode()
    assert 'id="renewal"' in page
    assert str(supervisor_a) in page
    assert reverse("warranty:renewal_notice_letter", args=[notice.pk]) in page
    assert reverse("warranty:renewal_notice_close", args=[notice.pk]) in page


def test_an_agent_sees_the_notice_but_not_its_moves(client, agent_a, notice):
    client.force_login(agent_a)
    page = client.get(
        reverse("warranty:contract_detail", args=[notice.contract_id])
    ).content.decode()
    assert 'id="renewal"' in page
    assert reverse("warranty:renewal_notice_close", args=[notice.pk]) not in page
    close = reverse("warranty:renewal_notice_close", args=[notice.pk])
    assert client.post(close, {"reason": "x"}).status_code == 403


def test_a_supervisor_reassigns_records_the_letter_and_closes(
    client, supervisor_a, branch_a, notice, today
):
    manager_a = UserFactory(username="manager_a", role=Role.MANAGER, branch=branch_a)
    client.force_login(supervisor_a)
    contract_page = reverse("warranty:contract_detail", args=[notice.contract_id])

    assign = reverse("warranty:renewal_notice_assign", args=[notice.pk])
    response = client.post(assign, {"assignee": manager_a.pk})
    assert response.status_code == 302 and response["Location"] == contract_page + "#renewal"

    letter = reverse("warranty:renewal_notice_letter_sent", args=[notice.pk])
    refused = client.post(letter, {"sent_on": str(today + dt.timedelta(days=2))})
    assert refused.status_code == 400
    assert refused.context["letter_form"].errors["sent_on"]
    assert client.post(letter, {"sent_on": str(today)}).status_code == 302

    close = reverse("warranty:renewal_notice_close", args=[notice.pk])
    assert client.post(close, {"reason": ""}).status_code == 400
    assert client.post(close, {"reason": "客户改用厂家保养"}).status_code == 302

    notice.refresh_from_db()
    assert (notice.assigned_to, notice.letter_sent_on, notice.status) == (
        manager_a,
        today,
        "declined",
    )
    page = client.get(contract_page).content.decode()
    assert "客户改用厂家保养" in page and "未续约" in page


def test_another_branchs_notice_does_not_exist(client, outsider_b, notice):
    client.force_login(outsider_b)
    letter = reverse("warranty:renewal_notice_letter", args=[notice.pk])
    assert client.get(letter).status_code == 404
    assert (
        notice.contract.number
        not in client.get(reverse("warranty:renewal_notices")).content.decode()
    )


def test_the_expiry_notice_letter_tells_the_customer_everything(
    client, settings, supervisor_a, notice, unit_a
):
    settings.AFTERSALES = {**settings.AFTERSALES, "COMPANY_NAME": COMPANY}
    contract = notice.contract
    client.force_login(supervisor_a)
    page = client.get(reverse("warranty:renewal_notice_letter", args=[notice.pk])).content.decode()
    assert "保养到期通知书" in page
    assert COMPANY in page
    for text in (
        contract.customer.name,
        contract.number,
        unit_a.serial,
        contract.end.strftime("%Y-%m-%d"),
        f"¥{contract.annual_fee}",
        str(supervisor_a),
    ):
        assert text in page, text


def test_the_contract_form_takes_an_arrival_time(client, supervisor_a, customer_a, unit_a, today):
    client.force_login(supervisor_a)
    url = reverse("warranty:contract_create") + f"?customer={customer_a.pk}"
    body = {
        "units": [unit_a.pk],
        "start": today,
        "end": today + dt.timedelta(days=364),
        "annual_fee": "1500",
        "visits_per_year": 4,
    }
    bad = client.post(url, {**body, "arrival_hours": "-1"})
    assert bad.status_code == 400 and bad.context["form"].errors["arrival_hours"]
    assert client.post(url, {**body, "arrival_hours": "8"}).status_code == 302
    contract = MaintenanceContract.objects.get()
    assert contract.arrival_hours == 8
    page = client.get(reverse("warranty:contract_detail", args=[contract.pk])).content.decode()
    assert "故障报修后 8 小时内到场" in page
