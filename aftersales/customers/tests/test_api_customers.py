"""Customers, product models, units and outlets through the API."""

import datetime as dt

from django.utils import timezone

from aftersales.core.models import AuditEntry
from aftersales.core.tests.test_api_client import ApiClient, error_fields
from aftersales.customers.models import Customer, ProductModel, Unit
from aftersales.factories import CustomerFactory, OutletFactory
from aftersales.intake.services import call_open_work_order, call_register


def _ids(response) -> list[int]:
    return [item["id"] for item in response.json()["items"]]


# Customers ---------------------------------------------------------------------------------


def test_it_files_a_customer_in_the_agents_branch(agent_a, branch_a):
    response = ApiClient(agent_a).post(
        "/customers",
        {"name": "王芳", "phone": "139-1234-5678", "address": "北京市朝阳区", "tier": "key"},
    )

    assert response.status_code == 201
    body = response.json()
    assert body["phone"] == "+8613912345678"
    assert body["phone_display"] == "139 1234 5678"
    assert body["branch"] == branch_a.pk
    customer = Customer.objects.get(pk=body["id"])
    assert (customer.tier, customer.branch) == ("key", branch_a)
    assert AuditEntry.objects.for_object(customer).filter(actor=agent_a).exists()


def test_it_refuses_a_customer_file_to_finance(finance_a):
    response = ApiClient(finance_a).post(
        "/customers", {"name": "王芳", "phone": "13912345678", "address": "北京"}
    )

    assert response.status_code == 403
    assert response.json()["code"] == "forbidden"
    assert not Customer.objects.exists()


def test_it_offers_the_existing_customer_instead_of_a_duplicate(agent_a, customer_a):
    response = ApiClient(agent_a).post(
        "/customers", {"name": "张伟二", "phone": "138 0013 8000", "address": "北京"}
    )

    assert response.status_code == 409
    assert response.json()["code"] == "duplicate_customer"
    assert error_fields(response) == ["phone"]
    assert Customer.objects.count() == 1


def test_head_office_chooses_the_branch(manager_hq, branch_b):
    api = ApiClient(manager_hq)
    body = {"name": "王芳", "phone": "13912345678", "address": "上海"}

    without = api.post("/customers", body)
    with_branch = api.post("/customers", {**body, "branch": branch_b.pk})

    assert without.status_code == 400
    assert error_fields(without) == ["branch"]
    assert with_branch.status_code == 201
    assert with_branch.json()["branch"] == branch_b.pk


def test_it_finds_customers_by_phone_or_name_in_scope(agent_a, customer_a, customer_b, branch_a):
    other = CustomerFactory(name="赵强", phone="+8613700137000", branch=branch_a)
    api = ApiClient(agent_a)

    by_tail = api.get("/customers", q="8000")
    by_name = api.get("/customers", q="赵")
    everyone = api.get("/customers")

    assert _ids(by_tail) == [customer_a.pk]
    assert _ids(by_name) == [other.pk]
    # customer_b is branch B's: not listed, even though his phone also ends in 9000.
    assert sorted(_ids(everyone)) == sorted([customer_a.pk, other.pk])
    assert everyone.json()["count"] == 2


def test_it_pages_the_list(agent_a, branch_a):
    for _ in range(5):
        CustomerFactory(branch=branch_a)
    api = ApiClient(agent_a)

    first = api.get("/customers", limit=2)
    third = api.get("/customers", limit=2, offset=4)

    assert first.json()["count"] == 5
    assert len(first.json()["items"]) == 2
    assert len(third.json()["items"]) == 1
    assert api.get("/customers", limit=1000).status_code == 422


def test_it_updates_only_the_fields_sent(agent_a, customer_a):
    response = ApiClient(agent_a).patch(
        f"/customers/{customer_a.pk}", {"tier": "long_term", "alt_phone": "010-62345678"}
    )

    assert response.status_code == 200
    customer_a.refresh_from_db()
    assert (customer_a.tier, customer_a.alt_phone, customer_a.name) == (
        "long_term",
        "+861062345678",
        "张伟",
    )


def test_it_refuses_a_bad_phone_on_update_and_changes_nothing(agent_a, customer_a):
    response = ApiClient(agent_a).patch(
        f"/customers/{customer_a.pk}", {"phone": "123", "name": "X"}
    )

    assert response.status_code == 400
    assert error_fields(response) == ["phone"]
    customer_a.refresh_from_db()
    assert (customer_a.phone, customer_a.name) == ("+8613800138000", "张伟")


def test_another_branch_cannot_read_or_change_the_customer(outsider_b, customer_a):
    api = ApiClient(outsider_b)

    assert api.get(f"/customers/{customer_a.pk}").status_code == 404
    assert api.patch(f"/customers/{customer_a.pk}", {"name": "改名"}).status_code == 404
    customer_a.refresh_from_db()
    assert customer_a.name == "张伟"


# Product models ----------------------------------------------------------------------------


def test_head_office_adds_a_product_model(manager_hq, aircon):
    response = ApiClient(manager_hq).post(
        "/product-models",
        {
            "brand": "美的",
            "code": "KFR-26GW",
            "name": "挂机",
            "category": aircon.pk,
            "warranty_months": 36,
        },
    )

    assert response.status_code == 201
    assert response.json()["category_code"] == "aircon"
    assert ProductModel.objects.get(code="KFR-26GW").warranty_months == 36


def test_an_agent_cannot_edit_the_catalogue(agent_a, aircon):
    response = ApiClient(agent_a).post(
        "/product-models",
        {"brand": "美的", "code": "KFR-26GW", "name": "挂机", "category": aircon.pk},
    )

    assert response.status_code == 403
    assert not ProductModel.objects.filter(code="KFR-26GW").exists()


def test_an_unknown_category_is_a_bad_value_of_that_field(manager_hq):
    response = ApiClient(manager_hq).post(
        "/product-models", {"brand": "美的", "code": "X", "name": "挂机", "category": 999}
    )

    assert response.status_code == 400
    assert error_fields(response) == ["category"]


def test_everyone_reads_the_catalogue(finance_a, aircon_model):
    api = ApiClient(finance_a)

    listed = api.get("/product-models", category=aircon_model.category_id)

    assert _ids(listed) == [aircon_model.pk]
    assert api.get(f"/product-models/{aircon_model.pk}").json()["brand"] == "格力"


# Units -------------------------------------------------------------------------------------


def test_it_registers_a_unit(agent_a, customer_a, aircon_model, branch_a):
    outlet = OutletFactory(branch=branch_a)
    bought = timezone.localdate() - dt.timedelta(days=30)

    response = ApiClient(agent_a).post(
        "/units",
        {
            "customer": customer_a.pk,
            "model": aircon_model.pk,
            "serial": "GREE-9",
            "purchase_date": str(bought),
            "sold_by": outlet.pk,
        },
    )

    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["in_warranty"] is True
    assert body["warranty_end"] == str(bought.replace(year=bought.year + 2) - dt.timedelta(days=1))
    unit = Unit.objects.get(pk=body["id"])
    assert (unit.customer, unit.sold_by) == (customer_a, outlet)


def test_it_registers_a_unit_whose_purchase_date_is_not_known_yet(
    agent_a, customer_a, aircon_model
):
    response = ApiClient(agent_a).post(
        "/units", {"customer": customer_a.pk, "model": aircon_model.pk, "serial": "GREE-10"}
    )

    assert response.status_code == 201, response.json()
    body = response.json()
    assert (body["purchase_date"], body["warranty_end"], body["in_warranty"]) == (
        None,
        None,
        False,
    )


def test_it_refuses_a_duplicate_serial(agent_a, unit_a):
    response = ApiClient(agent_a).post(
        "/units",
        {
            "customer": unit_a.customer_id,
            "model": unit_a.model_id,
            "serial": unit_a.serial,
            "purchase_date": str(unit_a.purchase_date),
        },
    )

    assert response.status_code == 409
    assert error_fields(response) == ["serial"]
    assert Unit.objects.count() == 1


def test_it_refuses_a_unit_for_another_branchs_customer(outsider_b, customer_a, aircon_model):
    response = ApiClient(outsider_b).post(
        "/units",
        {
            "customer": customer_a.pk,
            "model": aircon_model.pk,
            "serial": "X-1",
            "purchase_date": str(timezone.localdate()),
        },
    )

    assert response.status_code == 400
    assert error_fields(response) == ["customer"]
    assert not Unit.objects.exists()


def test_it_lists_a_customers_units(agent_a, unit_a, unit_b):
    api = ApiClient(agent_a)

    assert _ids(api.get("/units", customer=unit_a.customer_id)) == [unit_a.pk]
    assert _ids(api.get("/units", serial="gree0001")) == [unit_a.pk]
    assert _ids(api.get("/units")) == [unit_a.pk]


def test_it_shows_the_units_service_file(agent_a, unit_a, no_cooling, now):
    solved = call_register(
        by=agent_a,
        now=now - dt.timedelta(days=2),
        channel="hotline",
        phone="13800138000",
        unit=unit_a,
        symptom="遥控器没反应",
    )
    call = call_register(
        by=agent_a,
        now=now,
        channel="hotline",
        phone="13800138000",
        unit=unit_a,
        fault_type=no_cooling,
        symptom="不制冷",
    )
    order = call_open_work_order(call=call, by=agent_a, now=now)

    response = ApiClient(agent_a).get(f"/units/{unit_a.pk}/history")

    assert response.status_code == 200
    entries = response.json()
    assert [entry["call"]["number"] for entry in entries] == [solved.number, call.number]
    assert entries[0]["order"] is None
    assert entries[1]["order"]["number"] == order.number


def test_another_branch_cannot_see_the_unit_or_its_file(outsider_b, unit_a):
    api = ApiClient(outsider_b)

    assert api.get(f"/units/{unit_a.pk}").status_code == 404
    assert api.get(f"/units/{unit_a.pk}/history").status_code == 404


# Outlets -----------------------------------------------------------------------------------


def test_it_lists_the_branchs_outlets(agent_a, branch_a, branch_b):
    mine = OutletFactory(branch=branch_a)
    theirs = OutletFactory(branch=branch_b)
    api = ApiClient(agent_a)

    assert _ids(api.get("/outlets")) == [mine.pk]
    assert api.get(f"/outlets/{mine.pk}").json()["phone_display"] == "010 6234 5678"
    assert api.get(f"/outlets/{theirs.pk}").status_code == 404
