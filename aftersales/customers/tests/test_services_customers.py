"""Customer files, units and their warranty, catalogue records; numbering and the audit trail."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from aftersales.core.exceptions import Conflict, DomainError
from aftersales.core.models import AuditEntry, Counter
from aftersales.core.numbering import monthly_number
from aftersales.customers.models import (
    Customer,
    FaultType,
    Outlet,
    ProductModel,
    Unit,
    Zone,
    add_months,
)
from aftersales.customers.services import (
    DuplicateCustomer,
    contact_add,
    customer_create,
    customer_update,
    fault_type_create,
    outlet_create,
    product_model_create,
    unit_register,
)
from aftersales.factories import ProductModelFactory, UnitFactory
from aftersales.workorders import services as work_orders
from aftersales.workorders.models import ServiceCategory

SHANGHAI = ZoneInfo("Asia/Shanghai")
TODAY = dt.date(2026, 3, 10)


# Units.


@pytest.fixture
def register(agent_a, customer_a, aircon_model):
    def make(**values) -> Unit:
        args = {
            "by": agent_a,
            "customer": customer_a,
            "model": aircon_model,
            "serial": "SN-001",
            "purchase_date": dt.date(2025, 3, 2),
            "today": TODAY,
        } | values
        return unit_register(**args)

    return make


def test_it_registers_a_unit_and_audits_it(register, agent_a, aircon_model):
    unit = register(serial=" SN-001 ", invoice_no=" INV-9 ", install_date=dt.date(2025, 3, 5))
    unit = Unit.objects.get(pk=unit.pk)
    assert (unit.serial, unit.invoice_no, unit.install_date) == (
        "SN-001",
        "INV-9",
        dt.date(2025, 3, 5),
    )
    entry = AuditEntry.objects.for_object(unit).get()
    assert (entry.action, entry.actor) == ("unit_register", agent_a)
    assert entry.changes["serial"] == [None, "SN-001"]


def test_it_refuses_a_serial_already_registered_for_the_model(register, customer_b):
    register()
    with pytest.raises(Conflict) as error:
        register(customer=customer_b, serial="SN-001")
    assert (error.value.field, error.value.code) == ("serial", "duplicate_serial")
    assert Unit.objects.count() == 1


def test_it_allows_the_same_serial_on_another_model(register, aircon):
    register()
    other_model = ProductModelFactory(category=aircon, brand="美的", code="KFR-26GW")
    register(model=other_model)
    assert Unit.objects.filter(serial="SN-001").count() == 2


def test_it_refuses_a_unit_without_a_serial(register):
    with pytest.raises(DomainError) as error:
        register(serial="   ")
    assert error.value.field == "serial"
    assert not Unit.objects.exists()


def test_it_refuses_a_purchase_in_the_future(register):
    with pytest.raises(DomainError) as error:
        register(purchase_date=TODAY + dt.timedelta(days=1))
    assert error.value.field == "purchase_date"
    assert not Unit.objects.exists()
    assert register(purchase_date=TODAY).purchase_date == TODAY


def test_it_refuses_an_installation_before_the_purchase(register):
    with pytest.raises(DomainError) as error:
        register(purchase_date=dt.date(2025, 3, 2), install_date=dt.date(2025, 3, 1))
    assert error.value.field == "install_date"
    assert not Unit.objects.exists()
    assert register(install_date=dt.date(2025, 3, 2)).install_date == dt.date(2025, 3, 2)


# Warranty.


@pytest.mark.parametrize(
    ("purchased", "months", "last_day"),
    [
        (dt.date(2025, 3, 2), 24, dt.date(2027, 3, 1)),
        (dt.date(2025, 1, 1), 12, dt.date(2025, 12, 31)),
        (dt.date(2025, 12, 15), 1, dt.date(2026, 1, 14)),
        # Month ends: the anniversary that does not exist falls on the month's last day.
        (dt.date(2024, 1, 31), 1, dt.date(2024, 2, 28)),  # anniversary 2024-02-29 (leap year)
        (dt.date(2025, 1, 31), 1, dt.date(2025, 2, 27)),  # anniversary 2025-02-28
        (dt.date(2025, 3, 31), 1, dt.date(2025, 4, 29)),  # anniversary 2025-04-30
        (dt.date(2024, 2, 29), 12, dt.date(2025, 2, 27)),  # anniversary 2025-02-28
        (dt.date(2024, 2, 29), 48, dt.date(2028, 2, 28)),  # anniversary 2028-02-29
        (dt.date(2025, 8, 31), 6, dt.date(2026, 2, 27)),
    ],
)
def test_it_ends_the_warranty_the_day_before_the_anniversary(aircon, purchased, months, last_day):
    model = ProductModelFactory(category=aircon, warranty_months=months)
    unit = UnitFactory(model=model, purchase_date=purchased)
    assert unit.warranty_end == last_day
    assert unit.in_warranty_on(last_day)
    assert not unit.in_warranty_on(last_day + dt.timedelta(days=1))


def test_it_never_moves_the_anniversary_backwards_as_the_purchase_date_moves_forwards():
    start = dt.date(2023, 1, 1)
    for months in (1, 6, 12, 13, 24):
        days = [start + dt.timedelta(days=n) for n in range(800)]
        ends = [add_months(day, months) for day in days]
        assert ends == sorted(ends), months
        assert all(end > day for day, end in zip(days, ends, strict=True))


def test_it_counts_the_purchase_day_in_the_warranty_but_not_the_day_before(aircon):
    unit = UnitFactory(
        model=ProductModelFactory(category=aircon, warranty_months=12),
        purchase_date=dt.date(2025, 6, 1),
    )
    assert unit.in_warranty_on(dt.date(2025, 6, 1))
    assert not unit.in_warranty_on(dt.date(2025, 5, 31))
    assert unit.in_warranty_on(dt.date(2026, 5, 31))
    assert not unit.in_warranty_on(dt.date(2026, 6, 1))


def test_it_gives_no_warranty_for_zero_months(aircon):
    unit = UnitFactory(
        model=ProductModelFactory(category=aircon, warranty_months=0),
        purchase_date=dt.date(2025, 6, 1),
    )
    assert not unit.in_warranty_on(dt.date(2025, 6, 1))


def test_it_opens_a_free_job_in_warranty_and_a_paid_one_after_it(agent_a, customer_a, aircon):
    unit = UnitFactory(
        customer=customer_a,
        model=ProductModelFactory(category=aircon, warranty_months=24),
        purchase_date=dt.date(2025, 3, 2),
    )

    def open_at(local: dt.datetime) -> str:
        return work_orders.work_order_create(
            by=agent_a, customer=customer_a, unit=unit, symptom="不制冷", now=local
        ).category

    # The last day of the warranty, late in the evening in China, is still that day there.
    assert open_at(dt.datetime(2027, 3, 1, 23, 30, tzinfo=SHANGHAI)) == ServiceCategory.FREE
    assert open_at(dt.datetime(2027, 3, 2, 0, 30, tzinfo=SHANGHAI)) == ServiceCategory.PAID


# Customer files.


def test_it_files_a_customer_in_the_agents_branch(agent_a, branch_a, branch_b):
    customer = customer_create(
        by=agent_a,
        name=" 王芳 ",
        phone="13700137000",
        address=" 北京市朝阳区 ",
        branch=branch_b,
        tier=Customer.Tier.KEY,
        kind=Customer.Kind.ORGANISATION,
        zone=Zone.RING3,
    )
    assert (customer.name, customer.address, customer.branch) == ("王芳", "北京市朝阳区", branch_a)
    assert (customer.tier, customer.kind, customer.zone) == (
        Customer.Tier.KEY,
        Customer.Kind.ORGANISATION,
        Zone.RING3,
    )


def test_it_makes_head_office_choose_the_branch(manager_hq, branch_b):
    with pytest.raises(DomainError) as error:
        customer_create(by=manager_hq, name="王芳", phone="13700137000", address="上海")
    assert error.value.field == "branch"
    assert not Customer.objects.exists()
    customer = customer_create(
        by=manager_hq, name="王芳", phone="13700137000", address="上海", branch=branch_b
    )
    assert customer.branch == branch_b


@pytest.mark.parametrize(
    ("field", "value"), [("kind", "robot"), ("tier", "gold"), ("zone", "moon")]
)
def test_it_refuses_unknown_choices(agent_a, field, value):
    with pytest.raises(DomainError) as error:
        customer_create(
            by=agent_a, name="王芳", phone="13700137000", address="北京", **{field: value}
        )
    assert error.value.field == field
    assert not Customer.objects.exists()


def test_it_audits_a_customer_update_before_and_after(agent_a, customer_a):
    customer = customer_update(
        by=agent_a,
        customer=customer_a,
        name="张伟（老客户）",
        phone="139 0013 9001",
        tier=Customer.Tier.KEY,
    )
    customer = Customer.objects.get(pk=customer.pk)
    assert (customer.name, customer.phone, customer.tier) == (
        "张伟（老客户）",
        "+8613900139001",
        "key",
    )
    entry = AuditEntry.objects.for_object(customer).get()
    assert (entry.action, entry.actor) == ("customer_update", agent_a)
    assert entry.changes == {
        "name": ["张伟", "张伟（老客户）"],
        "phone": ["+8613800138000", "+8613900139001"],
        "tier": ["regular", "key"],
    }


def test_it_keeps_a_customers_own_phone_on_update(agent_a, customer_a):
    customer_update(by=agent_a, customer=customer_a, phone="138-0013-8000", notes="VIP")
    assert AuditEntry.objects.for_object(customer_a).get().changes == {"notes": ["", "VIP"]}


def test_it_refuses_to_update_to_another_customers_phone(agent_a, customer_a, customer_b):
    before = Customer.objects.filter(pk=customer_a.pk).values().get()
    with pytest.raises(DuplicateCustomer) as error:
        customer_update(by=agent_a, customer=customer_a, name="新名字", phone="+86 139 0013 9000")
    assert error.value.existing == customer_b
    assert Customer.objects.filter(pk=customer_a.pk).values().get() == before
    assert not AuditEntry.objects.exists()


@pytest.mark.parametrize(
    ("values", "field"),
    [
        ({"name": ""}, "name"),
        ({"address": "  "}, "address"),
        ({"phone": "123"}, "phone"),
        ({"alt_phone": "123"}, "alt_phone"),
        ({"zone": "moon"}, "zone"),
        ({"branch": 1}, None),
        ({"created_at": "2020-01-01"}, None),
    ],
)
def test_it_refuses_a_bad_customer_update(agent_a, customer_a, values, field):
    before = Customer.objects.filter(pk=customer_a.pk).values().get()
    with pytest.raises(DomainError) as error:
        customer_update(by=agent_a, customer=customer_a, **values)
    assert error.value.field == field
    assert Customer.objects.filter(pk=customer_a.pk).values().get() == before
    assert not AuditEntry.objects.exists()


def test_it_adds_a_contact_with_a_checked_phone(agent_a, customer_a):
    with pytest.raises(DomainError) as error:
        contact_add(by=agent_a, customer=customer_a, name="李秘书", phone="12")
    assert error.value.field == "phone"
    contact = contact_add(by=agent_a, customer=customer_a, name="李秘书", phone="010 6234 5678")
    assert contact.phone == "+861062345678"
    assert AuditEntry.objects.for_object(customer_a).get().action == "contact_add"


# Catalogue.


def test_it_refuses_a_model_twice_or_with_an_impossible_warranty(manager_hq, aircon, aircon_model):
    with pytest.raises(Conflict) as error:
        product_model_create(
            by=manager_hq,
            brand="格力",
            code="KFR-35GW",
            name="挂机",
            category=aircon,
            warranty_months=12,
        )
    assert error.value.code == "duplicate_model"
    for months in (-1, 241):
        with pytest.raises(DomainError) as error:
            product_model_create(
                by=manager_hq,
                brand="美的",
                code="X1",
                name="挂机",
                category=aircon,
                warranty_months=months,
            )
        assert error.value.field == "warranty_months"
    assert ProductModel.objects.count() == 1


def test_it_refuses_a_fault_code_twice_in_a_category(manager_hq, aircon, heater, no_cooling):
    with pytest.raises(Conflict) as error:
        fault_type_create(by=manager_hq, category=aircon, code="E1", name="另一个")
    assert error.value.field == "code"
    assert FaultType.objects.filter(category=aircon, code="E1").count() == 1
    # The same code in another category is another fault.
    assert (
        fault_type_create(by=manager_hq, category=heater, code="E1", name="不点火").category
        == heater
    )


def test_it_refuses_an_outlet_name_twice(manager_hq, branch_a, aircon):
    outlet_create(
        by=manager_hq, name="海淀网点", place="海淀", branch=branch_a, categories=[aircon]
    )
    with pytest.raises(Conflict) as error:
        outlet_create(by=manager_hq, name="海淀网点", place="海淀", branch=branch_a)
    assert error.value.field == "name"
    assert Outlet.objects.count() == 1


# Numbering and the audit trail.


def test_it_numbers_within_the_local_month_and_restarts_each_month(db):
    jan_evening = dt.datetime(2026, 1, 31, 15, 59, tzinfo=dt.UTC)  # 23:59 in Beijing
    feb_midnight = dt.datetime(2026, 1, 31, 16, 0, tzinfo=dt.UTC)  # 00:00 on 1 February in Beijing
    assert monthly_number("WO", at=jan_evening) == "WO202601-00001"
    assert monthly_number("WO", at=jan_evening) == "WO202601-00002"
    assert monthly_number("WO", at=feb_midnight) == "WO202602-00001"
    assert monthly_number("WO", at=jan_evening) == "WO202601-00003"
    assert monthly_number("GR", at=feb_midnight, width=4) == "GR202602-0001"


def test_it_never_repeats_a_number(db):
    at = dt.datetime(2026, 5, 20, 10, 0, tzinfo=SHANGHAI)
    numbers = [monthly_number("CL", at=at) for _ in range(120)]
    assert len(set(numbers)) == 120
    assert numbers[-1] == "CL202605-00120"
    assert Counter.objects.get(key="CL202605").value == 120


def test_it_never_changes_or_deletes_an_audit_entry(agent_a, customer_a):
    customer_update(by=agent_a, customer=customer_a, notes="改过")
    entry = AuditEntry.objects.get()
    entry.note = "改写历史"
    with pytest.raises(RuntimeError):
        entry.save()
    with pytest.raises(RuntimeError):
        entry.delete()
    stored = AuditEntry.objects.get()
    assert (stored.note, stored.changes) == ("", {"notes": ["", "改过"]})
