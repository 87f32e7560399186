import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from aftersales.customers.models import Contact, Customer
from aftersales.factories import CustomerFactory, UnitFactory

pytestmark = pytest.mark.django_db


def test_it_lists_the_branch_customers_for_an_agent(client, agent_a, customer_a, customer_b):
    client.force_login(agent_a)
    response = client.get(reverse("customers:list"))
    assert response.status_code == 200
    assert "张伟" in response.text
    assert "李娜" not in response.text


def test_it_finds_a_customer_by_the_last_digits_of_his_phone(client, agent_a, customer_a, branch_a):
    CustomerFactory(name="王芳", branch=branch_a)
    client.force_login(agent_a)
    response = client.get(reverse("customers:list"), {"q": "8000"})
    assert "张伟" in response.text
    assert "王芳" not in response.text


def test_it_filters_by_tier_and_zone(client, agent_a, branch_a):
    CustomerFactory(name="重点甲", tier=Customer.Tier.KEY, zone="ring1", branch=branch_a)
    CustomerFactory(name="普通乙", branch=branch_a)
    client.force_login(agent_a)
    response = client.get(reverse("customers:list"), {"tier": "key", "zone": "ring1"})
    assert "重点甲" in response.text
    assert "普通乙" not in response.text


def test_it_answers_an_htmx_search_with_the_results_only(client, agent_a, customer_a):
    client.force_login(agent_a)
    response = client.get(reverse("customers:list"), {"q": "张"}, HTTP_HX_REQUEST="true")
    assert "张伟" in response.text
    assert "<html" not in response.text


def _list_queries(client, url, user):
    client.force_login(user)
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_the_customer_list_runs_the_same_queries_for_5_or_50_rows(client, agent_a, branch_a):
    CustomerFactory.create_batch(5, branch=branch_a)
    few = _list_queries(client, reverse("customers:list"), agent_a)
    for customer in CustomerFactory.create_batch(45, branch=branch_a):
        UnitFactory(customer=customer)
    assert _list_queries(client, reverse("customers:list"), agent_a) == few


def test_the_unit_list_runs_the_same_queries_for_5_or_50_rows(client, agent_a, branch_a):
    UnitFactory.create_batch(5, customer__branch=branch_a)
    few = _list_queries(client, reverse("customers:units"), agent_a)
    UnitFactory.create_batch(45, customer__branch=branch_a)
    assert _list_queries(client, reverse("customers:units"), agent_a) == few


def test_it_shows_a_customer_file_with_contacts_and_units(client, agent_a, unit_a):
    Contact.objects.create(customer=unit_a.customer, name="小李", phone="+8613700137000")
    client.force_login(agent_a)
    response = client.get(reverse("customers:detail", args=[unit_a.customer.pk]))
    assert response.status_code == 200
    assert "小李" in response.text
    assert "GREE0001" in response.text


def test_another_branch_customer_does_not_exist_for_outsider_b(client, outsider_b, customer_a):
    client.force_login(outsider_b)
    assert client.get(reverse("customers:detail", args=[customer_a.pk])).status_code == 404
    assert client.get(reverse("customers:edit", args=[customer_a.pk])).status_code == 404


def test_an_agent_files_a_new_customer(client, agent_a, branch_a):
    client.force_login(agent_a)
    response = client.post(
        reverse("customers:create"),
        {
            "name": "赵敏",
            "phone": "139 1234 5678",
            "address": "海淀区1号",
            "kind": "person",
            "tier": "regular",
            "zone": "ring2",
        },
    )
    customer = Customer.objects.get(name="赵敏")
    assert response.status_code == 302
    assert response["Location"] == reverse("customers:detail", args=[customer.pk])
    assert customer.phone == "+8613912345678"
    assert customer.branch == branch_a


def test_a_known_phone_offers_the_existing_customer_instead_of_a_second_file(
    client, agent_a, customer_a
):
    client.force_login(agent_a)
    response = client.post(
        reverse("customers:create"),
        {
            "name": "张伟二",
            "phone": "13800138000",
            "address": "某地",
            "kind": "person",
            "tier": "regular",
            "zone": "ring2",
        },
    )
    assert response.status_code == 200
    assert Customer.objects.count() == 1
    assert reverse("customers:detail", args=[customer_a.pk]) in response.text
    assert response.context["form"].errors["phone"]


def test_a_bad_phone_is_shown_on_its_field_and_nothing_is_filed(client, agent_a, branch_a):
    client.force_login(agent_a)
    response = client.post(
        reverse("customers:create"),
        {
            "name": "甲",
            "phone": "123",
            "address": "某地",
            "kind": "person",
            "tier": "regular",
            "zone": "ring2",
        },
    )
    assert "phone" in response.context["form"].errors
    assert not Customer.objects.exists()


def test_a_technician_cannot_file_customers(client, technician_a):
    client.force_login(technician_a.user)
    assert client.get(reverse("customers:create")).status_code == 403
    response = client.post(
        reverse("customers:create"),
        {
            "name": "甲",
            "phone": "13912345678",
            "address": "某地",
            "kind": "person",
            "tier": "regular",
            "zone": "ring2",
        },
    )
    assert response.status_code == 403
    assert not Customer.objects.exists()


def test_an_agent_edits_a_customer(client, agent_a, customer_a):
    client.force_login(agent_a)
    response = client.post(
        reverse("customers:edit", args=[customer_a.pk]),
        {
            "name": "张伟",
            "phone": "138 0013 8000",
            "address": "新地址",
            "kind": "person",
            "tier": "key",
            "zone": "ring1",
        },
    )
    assert response.status_code == 302
    customer_a.refresh_from_db()
    assert (customer_a.address, customer_a.tier) == ("新地址", "key")


def test_an_agent_adds_a_contact(client, agent_a, customer_a):
    client.force_login(agent_a)
    response = client.post(
        reverse("customers:contact_add", args=[customer_a.pk]),
        {"name": "小李", "phone": "13700137000", "position": "经理"},
    )
    assert response.status_code == 302
    assert customer_a.contacts.get().phone == "+8613700137000"


def test_pages_need_a_login(client, customer_a):
    response = client.get(reverse("customers:list"))
    assert response.status_code == 302
    assert reverse("login") in response["Location"]
