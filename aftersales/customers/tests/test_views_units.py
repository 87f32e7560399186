import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from aftersales.customers.models import ProductModel, Unit
from aftersales.factories import OutletFactory
from aftersales.intake.services import call_open_work_order, call_register, call_solve_by_phone

pytestmark = pytest.mark.django_db


def test_an_agent_registers_a_unit(client, agent_a, customer_a, aircon_model):
    client.force_login(agent_a)
    response = client.post(
        reverse("customers:unit_register", args=[customer_a.pk]),
        {"model": aircon_model.pk, "serial": "SN-1", "purchase_date": "2024-05-01"},
    )
    unit = Unit.objects.get(serial="SN-1")
    assert response.status_code == 302
    assert response["Location"] == reverse("customers:unit_detail", args=[unit.pk])


def test_a_future_purchase_date_is_refused_on_its_field(client, agent_a, customer_a, aircon_model):
    client.force_login(agent_a)
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    response = client.post(
        reverse("customers:unit_register", args=[customer_a.pk]),
        {"model": aircon_model.pk, "serial": "SN-1", "purchase_date": tomorrow.isoformat()},
    )
    assert "purchase_date" in response.context["form"].errors
    assert not Unit.objects.exists()


def test_a_duplicate_serial_is_refused(client, agent_a, unit_a):
    client.force_login(agent_a)
    response = client.post(
        reverse("customers:unit_register", args=[unit_a.customer.pk]),
        {"model": unit_a.model.pk, "serial": unit_a.serial, "purchase_date": "2024-05-01"},
    )
    assert "serial" in response.context["form"].errors
    assert Unit.objects.count() == 1


def test_the_unit_list_filters_by_serial(client, agent_a, unit_a, unit_b):
    client.force_login(agent_a)
    response = client.get(reverse("customers:units"), {"serial": "gree"})
    assert "GREE0001" in response.text
    assert "GREE0002" not in response.text  # branch B's unit


def test_another_branch_unit_does_not_exist_for_outsider_b(client, outsider_b, unit_a):
    client.force_login(outsider_b)
    assert client.get(reverse("customers:unit_detail", args=[unit_a.pk])).status_code == 404
    response = client.get(reverse("customers:unit_register", args=[unit_a.customer.pk]))
    assert response.status_code == 404


def test_the_service_file_shows_warranty_and_the_whole_history(
    client, agent_a, unit_a, no_cooling, noisy, now
):
    solved = call_register(
        by=agent_a,
        now=now - dt.timedelta(days=30),
        channel="hotline",
        phone="13800138000",
        symptom="遥控器没反应",
        unit=unit_a,
    )
    call_solve_by_phone(call=solved, by=agent_a, now=now, guidance="换电池")
    job = call_register(
        by=agent_a,
        now=now,
        channel="wechat",
        phone="13800138000",
        symptom="不制冷",
        unit=unit_a,
        fault_type=no_cooling,
    )
    order = call_open_work_order(call=job, by=agent_a, now=now)
    client.force_login(agent_a)
    response = client.get(reverse("customers:unit_detail", args=[unit_a.pk]))
    assert response.status_code == 200
    text = response.text
    assert response.context["in_warranty"] is True
    assert unit_a.warranty_end.strftime("%Y-%m-%d") in text
    assert solved.number in text and "换电池" in text
    assert job.number in text and order.number in text and "不制冷" in text
    assert text.index(solved.number) < text.index(job.number)  # oldest first
    assert [entry.call for entry in response.context["history"]] == [solved, job]


def test_models_list_and_create_by_the_catalogue_keeper(client, manager_hq, aircon):
    client.force_login(manager_hq)
    response = client.post(
        reverse("customers:model_create"),
        {
            "brand": "美的",
            "code": "KFR-26",
            "name": "挂机",
            "category": aircon.pk,
            "warranty_months": 36,
        },
    )
    assert response.status_code == 302
    assert ProductModel.objects.get(code="KFR-26").warranty_months == 36
    assert "KFR-26" in client.get(reverse("customers:models")).text


def test_an_agent_cannot_create_models_or_outlets(client, agent_a):
    client.force_login(agent_a)
    assert client.get(reverse("customers:model_create")).status_code == 403
    assert client.get(reverse("customers:outlet_create")).status_code == 403
    assert client.get(reverse("customers:models")).status_code == 200


def test_outlets_are_listed_by_branch_and_created(
    client, agent_a, manager_hq, branch_a, branch_b, aircon
):
    OutletFactory(name="海淀网点", branch=branch_a)
    OutletFactory(name="浦东网点", branch=branch_b)
    client.force_login(agent_a)
    text = client.get(reverse("customers:outlets")).text
    assert "海淀网点" in text and "浦东网点" not in text
    client.force_login(manager_hq)
    response = client.post(
        reverse("customers:outlet_create"),
        {"name": "朝阳网点", "place": "朝阳", "branch": branch_a.pk, "categories": [aircon.pk]},
    )
    assert response.status_code == 302
    assert "朝阳网点" in client.get(reverse("customers:outlets")).text
