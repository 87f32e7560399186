"""Taking calls: the customer file, validation, triage, the work order, and repeat repairs."""

import datetime as dt

import pytest
from django.utils import timezone

from aftersales.accounts.models import Role
from aftersales.core.exceptions import DomainError
from aftersales.core.models import AuditEntry
from aftersales.customers.models import Customer, Zone
from aftersales.customers.services import DuplicateCustomer, customer_create
from aftersales.factories import FaultTypeFactory, UnitFactory, UserFactory, png_bytes
from aftersales.intake.models import Channel, ServiceCall
from aftersales.intake.services import (
    NewCustomer,
    call_open_work_order,
    call_register,
    call_solve_by_phone,
)
from aftersales.workorders import services
from aftersales.workorders.models import Kind, ServiceCategory, State, WorkOrder


def _counts():
    return (
        Customer.objects.count(),
        ServiceCall.objects.count(),
        WorkOrder.objects.count(),
        AuditEntry.objects.count(),
    )


# The customer file.


def test_it_files_the_customer_of_an_unknown_phone(agent_a, branch_a, now):
    call = call_register(
        by=agent_a,
        now=now,
        channel=Channel.HOTLINE,
        phone="139 1234 5678",
        symptom="热水器不点火",
        new_customer=NewCustomer(name="赵敏", address="北京市西城区1号", zone=Zone.RING1),
    )
    customer = Customer.objects.get(phone="+8613912345678")
    assert (customer.name, customer.address, customer.zone, customer.branch) == (
        "赵敏",
        "北京市西城区1号",
        Zone.RING1,
        branch_a,
    )
    assert (call.customer, call.branch, call.phone, call.caller_name, call.address) == (
        customer,
        branch_a,
        "+8613912345678",
        "赵敏",
        "北京市西城区1号",
    )
    assert (call.received_at, call.taken_by, call.outcome) == (
        now,
        agent_a,
        ServiceCall.Outcome.OPEN,
    )
    assert call.number.startswith("CL")
    assert AuditEntry.objects.for_object(customer).get().action == "customer_create"
    assert AuditEntry.objects.for_object(call).get().action == "call_register"


def test_it_reuses_the_customer_chosen_for_a_known_phone(agent_a, customer_a, now):
    customers = Customer.objects.count()
    call = call_register(
        by=agent_a,
        now=now,
        channel=Channel.WECHAT,
        phone="+86 138-0013-8000",
        customer=customer_a,
        symptom="空调漏水",
        caller_name="张伟的妻子",
    )
    assert call.customer == customer_a
    assert call.caller_name == "张伟的妻子"
    assert Customer.objects.count() == customers


def test_it_never_files_a_second_customer_for_a_known_phone(agent_a, customer_a, now):
    before = _counts()
    with pytest.raises(DuplicateCustomer) as error:
        call_register(
            by=agent_a,
            now=now,
            channel=Channel.HOTLINE,
            phone="138 0013 8000",
            symptom="空调漏水",
            new_customer=NewCustomer(name="张伟", address="别处"),
        )
    assert error.value.existing == customer_a
    assert _counts() == before


def test_it_needs_a_customer_or_a_new_one(agent_a, now):
    before = _counts()
    with pytest.raises(DomainError) as error:
        call_register(
            by=agent_a, now=now, channel=Channel.HOTLINE, phone="13912345678", symptom="坏了"
        )
    assert error.value.field == "customer"
    assert _counts() == before


def test_it_takes_the_customer_and_unit_details_from_the_unit(agent_a, unit_a, customer_a, now):
    call = call_register(
        by=agent_a,
        now=now,
        channel=Channel.LETTER,
        phone="13800138000",
        unit=unit_a,
        symptom="不制冷",
    )
    assert (call.customer, call.model, call.serial, call.purchase_date, call.invoice_no) == (
        customer_a,
        unit_a.model,
        unit_a.serial,
        unit_a.purchase_date,
        unit_a.invoice_no,
    )


def test_it_refuses_a_unit_of_another_customer(agent_a, unit_b, customer_a, now):
    before = _counts()
    with pytest.raises(DomainError) as error:
        call_register(
            by=agent_a,
            now=now,
            channel=Channel.HOTLINE,
            phone="13800138000",
            customer=customer_a,
            unit=unit_b,
            symptom="不制冷",
        )
    assert error.value.field == "unit"
    assert _counts() == before


def test_it_refuses_a_fault_of_another_category(agent_a, unit_a, heater, now):
    no_ignition = FaultTypeFactory(category=heater, code="H1", name="不点火")
    with pytest.raises(DomainError) as error:
        call_register(
            by=agent_a,
            now=now,
            channel=Channel.HOTLINE,
            phone="13800138000",
            unit=unit_a,
            fault_type=no_ignition,
            symptom="不点火",
        )
    assert error.value.field == "fault_type"


@pytest.mark.parametrize(
    "phone", ["138 0013 8000", "+86 13800138000", "13800138000", "0086-138-0013-8000"]
)
def test_it_finds_the_existing_customer_whatever_the_phone_format(agent_a, customer_a, phone):
    with pytest.raises(DuplicateCustomer) as error:
        customer_create(by=agent_a, name="张伟", phone=phone, address="北京")
    assert error.value.existing == customer_a
    assert (error.value.field, error.value.code, error.value.status_code) == (
        "phone",
        "duplicate_customer",
        409,
    )
    assert Customer.objects.count() == 1


def test_it_does_not_name_another_branchs_customer(customer_a, branch_b, manager_hq):
    agent_b = UserFactory(role=Role.AGENT, branch=branch_b)
    with pytest.raises(DuplicateCustomer) as error:
        customer_create(by=agent_b, name="张三", phone="13800138000", address="上海")
    assert customer_a.name not in error.value.message
    assert str(customer_a.branch) in error.value.message
    with pytest.raises(DuplicateCustomer) as error:
        customer_create(by=manager_hq, name="张三", phone="13800138000", address="上海")
    assert customer_a.name in error.value.message
    assert Customer.objects.count() == 1


@pytest.mark.parametrize("phone", ["", "   ", "12345", "1380013800", "abcdefg", "138001380001"])
def test_it_refuses_a_bad_phone(agent_a, phone, now):
    before = _counts()
    with pytest.raises(DomainError) as error:
        customer_create(by=agent_a, name="王芳", phone=phone, address="北京")
    assert error.value.field == "phone"
    with pytest.raises(DomainError) as error:
        call_register(
            by=agent_a,
            now=now,
            channel=Channel.HOTLINE,
            phone=phone,
            symptom="坏了",
            new_customer=NewCustomer(name="王芳", address="北京"),
        )
    assert error.value.field == "phone"
    assert _counts() == before


@pytest.mark.parametrize(
    ("phone", "stored"),
    [
        ("010-62345678", "+861062345678"),
        ("(010) 6234 5678", "+861062345678"),
        ("021 6234 5678", "+862162345678"),
        ("13912345678", "+8613912345678"),
        ("+86 139-1234-5678", "+8613912345678"),
    ],
)
def test_it_accepts_landlines_and_mobiles_and_stores_them_in_e164(agent_a, phone, stored):
    customer = customer_create(by=agent_a, name="王芳", phone=phone, address="北京")
    assert Customer.objects.get(pk=customer.pk).phone == stored


def test_it_refuses_a_bad_other_phone(agent_a):
    with pytest.raises(DomainError) as error:
        customer_create(
            by=agent_a, name="王芳", phone="13912345678", address="北京", alt_phone="123"
        )
    assert error.value.field == "alt_phone"
    assert not Customer.objects.exists()


@pytest.mark.parametrize(("field", "value"), [("name", "  "), ("address", "")])
def test_it_refuses_a_customer_without_name_or_address(agent_a, field, value):
    values = {"name": "王芳", "address": "北京", field: value}
    with pytest.raises(DomainError) as error:
        customer_create(by=agent_a, phone="13912345678", **values)
    assert error.value.field == field
    assert not Customer.objects.exists()


@pytest.mark.parametrize("channel", ["fax", "", "HOTLINE"])
def test_it_refuses_an_unknown_channel(agent_a, customer_a, now, channel):
    before = _counts()
    with pytest.raises(DomainError) as error:
        call_register(
            by=agent_a,
            now=now,
            channel=channel,
            phone="13800138000",
            customer=customer_a,
            symptom="坏了",
        )
    assert error.value.field == "channel"
    assert _counts() == before


@pytest.mark.parametrize("channel", Channel.values)
def test_it_registers_every_channel(agent_a, customer_a, now, channel):
    call = call_register(
        by=agent_a,
        now=now,
        channel=channel,
        phone="13800138000",
        customer=customer_a,
        symptom="坏了",
    )
    assert call.channel == channel


@pytest.mark.parametrize("symptom", ["", "   \n"])
def test_it_refuses_a_call_without_a_symptom(agent_a, customer_a, now, symptom):
    before = _counts()
    with pytest.raises(DomainError) as error:
        call_register(
            by=agent_a,
            now=now,
            channel=Channel.HOTLINE,
            phone="13800138000",
            customer=customer_a,
            symptom=symptom,
        )
    assert error.value.field == "symptom"
    assert _counts() == before


def test_it_numbers_calls_one_after_another(agent_a, customer_a, now):
    numbers = [
        call_register(
            by=agent_a,
            now=now,
            channel=Channel.HOTLINE,
            phone="13800138000",
            customer=customer_a,
            symptom="坏了",
        ).number
        for _ in range(3)
    ]
    assert len(set(numbers)) == 3
    assert [int(n[-5:]) for n in numbers] == [1, 2, 3]


# Triage and outcome.


@pytest.fixture
def call(agent_a, customer_a, unit_a, no_cooling, now):
    return call_register(
        by=agent_a,
        now=now,
        channel=Channel.HOTLINE,
        phone="13800138000",
        customer=customer_a,
        unit=unit_a,
        fault_type=no_cooling,
        symptom="开机不制冷",
        customer_request="周末上门",
        address="北京市海淀区某小区3号楼",
    )


def test_it_closes_a_call_solved_by_guidance(call, agent_a, now):
    later = now + dt.timedelta(minutes=8)
    call = call_solve_by_phone(
        call=call, by=agent_a, now=later, guidance=" 已指导客户切换制冷模式 "
    )
    call = ServiceCall.objects.get(pk=call.pk)
    assert (call.outcome, call.guidance, call.resolved_at) == (
        ServiceCall.Outcome.SOLVED_BY_PHONE,
        "已指导客户切换制冷模式",
        later,
    )
    assert not WorkOrder.objects.exists()
    entry = AuditEntry.objects.for_object(call).first()
    assert entry.action == "call_solve_by_phone"
    assert entry.changes["outcome"] == ["open", "solved_by_phone"]


def test_it_refuses_a_second_outcome_for_a_solved_call(call, agent_a, now):
    call_solve_by_phone(call=call, by=agent_a, now=now, guidance="已指导")
    before = (_counts(), ServiceCall.objects.filter(pk=call.pk).values().get())
    with pytest.raises(DomainError) as error:
        call_solve_by_phone(call=call, by=agent_a, now=now, guidance="再次指导")
    assert error.value.field == "outcome"
    with pytest.raises(DomainError) as error:
        call_open_work_order(call=call, by=agent_a, now=now)
    assert error.value.field == "outcome"
    assert (_counts(), ServiceCall.objects.filter(pk=call.pk).values().get()) == before


def test_it_needs_the_guidance_written_down(call, agent_a, now):
    with pytest.raises(DomainError) as error:
        call_solve_by_phone(call=call, by=agent_a, now=now, guidance=" ")
    assert error.value.field == "guidance"
    call.refresh_from_db()
    assert call.outcome == ServiceCall.Outcome.OPEN


def test_it_turns_a_real_fault_into_a_work_order_with_the_calls_details(
    call, agent_a, customer_a, unit_a, no_cooling, now
):
    order = call_open_work_order(call=call, by=agent_a, now=now)
    order = WorkOrder.objects.get(pk=order.pk)
    assert (
        order.call,
        order.customer,
        order.branch,
        order.unit,
        order.fault_type,
        order.symptom,
        order.customer_request,
        order.address,
        order.contact_phone,
    ) == (
        call,
        customer_a,
        customer_a.branch,
        unit_a,
        no_cooling,
        "开机不制冷",
        "周末上门",
        "北京市海淀区某小区3号楼",
        "+8613800138000",
    )
    assert (order.state, order.kind, order.category, order.created_by) == (
        State.REGISTERED,
        Kind.REPAIR,
        ServiceCategory.FREE,  # unit_a was bought 200 days ago with 24 months of warranty
        agent_a,
    )
    assert order.number.startswith("WO")
    call.refresh_from_db()
    assert call.outcome == ServiceCall.Outcome.WORK_ORDER
    assert call.resolved_at is None  # settled when the job is done
    assert AuditEntry.objects.for_object(call).first().note == order.number


def test_it_opens_the_kind_and_category_asked_for(call, supervisor_a, now):
    order = call_open_work_order(
        call=call,
        by=supervisor_a,
        now=now,
        kind=Kind.EMERGENCY,
        category=ServiceCategory.CONTRACT,
        category_reason="口头续约，合同在签",
    )
    assert (order.kind, order.category) == (Kind.EMERGENCY, ServiceCategory.CONTRACT)
    assert order.category_note == "口头续约，合同在签"


def test_an_agent_leaves_the_category_to_the_warranty_rule(call, agent_a, now):
    before = _counts()
    with pytest.raises(DomainError) as error:
        call_open_work_order(call=call, by=agent_a, now=now, category=ServiceCategory.CONTRACT)
    assert error.value.field == "category"
    assert _counts() == before


@pytest.mark.parametrize(
    ("kind", "category", "field"), [("wash", None, "kind"), (Kind.REPAIR, "Z", "category")]
)
def test_it_refuses_an_unknown_kind_or_category_and_leaves_the_call_open(
    call, agent_a, now, kind, category, field
):
    before = _counts()
    with pytest.raises(DomainError) as error:
        call_open_work_order(call=call, by=agent_a, now=now, kind=kind, category=category)
    assert error.value.field == field
    assert _counts() == before
    call.refresh_from_db()
    assert call.outcome == ServiceCall.Outcome.OPEN


def test_it_turns_a_call_into_one_work_order_only(call, agent_a, now):
    call_open_work_order(call=call, by=agent_a, now=now)
    before = _counts()
    with pytest.raises(DomainError) as error:
        call_open_work_order(call=call, by=agent_a, now=now)
    assert error.value.field == "outcome"
    with pytest.raises(DomainError):
        call_solve_by_phone(call=call, by=agent_a, now=now, guidance="已指导")
    assert _counts() == before
    assert WorkOrder.objects.filter(call=call).count() == 1


def test_it_does_not_let_a_technician_open_a_work_order_from_a_call(call, branch_a, now):
    from aftersales.core.exceptions import Forbidden

    technician = UserFactory(username="tech_x", role=Role.TECHNICIAN, branch=branch_a)
    with pytest.raises(Forbidden):
        call_open_work_order(call=call, by=technician, now=now)
    call.refresh_from_db()
    assert call.outcome == ServiceCall.Outcome.OPEN
    assert not WorkOrder.objects.exists()


# Repeat repairs (不允许同一问题重复修理, 001 篇1 三6).


@pytest.fixture
def earlier_job(agent_a, dispatcher_a, technician_a, unit_a, no_cooling):
    """A job on unit_a driven through the services at a moment in the past."""

    def make(*, at, fault=no_cooling, unit=unit_a, until=State.COMPLETED) -> WorkOrder:
        call = call_register(
            by=agent_a,
            now=at,
            channel=Channel.HOTLINE,
            phone=unit.customer.phone,
            unit=unit,
            fault_type=fault,
            symptom="不制冷",
        )
        order = call_open_work_order(call=call, by=agent_a, now=at)
        if until == State.REGISTERED:
            return order
        if until == State.CANCELLED:
            return services.work_order_cancel(
                order=order, by=dispatcher_a, now=at, reason="客户取消"
            )
        order = services.work_order_dispatch(
            order=order, by=dispatcher_a, now=at, technician=technician_a
        )
        order = services.work_order_arrive(order=order, by=technician_a.user, now=at)
        if until == State.ON_SITE:
            return order
        order = services.work_order_complete(
            order=order,
            by=technician_a.user,
            now=at,
            service_report="加氟",
            signer_name="张伟",
            signature_png=png_bytes(),
        )
        if until == State.CLOSED:
            order = services.work_order_close(order=order, by=agent_a, now=at)
        assert order.state == until
        return order

    return make


@pytest.fixture
def report_again(agent_a, unit_a, no_cooling, now):
    """The same unit reported now; returns the call and the work order opened from it."""

    def make(*, fault=no_cooling, unit=unit_a):
        call = call_register(
            by=agent_a,
            now=now,
            channel=Channel.HOTLINE,
            phone=unit.customer.phone,
            unit=unit,
            fault_type=fault,
            symptom="又不制冷了",
        )
        return call, call_open_work_order(call=call, by=agent_a, now=now)

    return make


@pytest.mark.parametrize("days", [1, 30, 90])
def test_it_flags_the_same_fault_on_the_same_unit_within_the_window(
    earlier_job, report_again, now, days
):
    earlier = earlier_job(at=now - dt.timedelta(days=days))
    call, order = report_again()
    assert (call.is_repeat, call.repeat_of) == (True, earlier)
    assert (order.is_repeat, order.repeat_of) == (True, earlier)


def test_it_flags_a_repeat_of_a_closed_job(earlier_job, report_again, now):
    earlier = earlier_job(at=now - dt.timedelta(days=30), until=State.CLOSED)
    _call, order = report_again()
    assert order.repeat_of == earlier


def test_it_points_at_the_latest_earlier_repair(earlier_job, report_again, now):
    earlier_job(at=now - dt.timedelta(days=60))
    latest = earlier_job(at=now - dt.timedelta(days=10))
    _call, order = report_again()
    assert order.repeat_of == latest


def test_it_does_not_flag_a_repair_older_than_the_window(earlier_job, report_again, now):
    earlier_job(at=now - dt.timedelta(days=91))
    call, order = report_again()
    assert (call.is_repeat, call.repeat_of) == (False, None)
    assert (order.is_repeat, order.repeat_of) == (False, None)


def test_it_does_not_flag_a_different_fault(earlier_job, report_again, now, noisy):
    earlier_job(at=now - dt.timedelta(days=30), fault=noisy)
    call, order = report_again()
    assert not call.is_repeat
    assert not order.is_repeat


def test_it_does_not_flag_the_same_fault_on_another_unit(
    earlier_job, report_again, now, customer_a, aircon_model
):
    other = UnitFactory(customer=customer_a, model=aircon_model, serial="GREE0009")
    earlier_job(at=now - dt.timedelta(days=30), unit=other)
    _call, order = report_again()
    assert not order.is_repeat


@pytest.mark.parametrize("state", [State.REGISTERED, State.ON_SITE, State.CANCELLED])
def test_it_does_not_flag_an_earlier_job_that_was_not_completed(
    earlier_job, report_again, now, state
):
    earlier_job(at=now - dt.timedelta(days=30), until=state)
    _call, order = report_again()
    assert not order.is_repeat


def test_it_does_not_flag_a_call_without_a_fault(earlier_job, agent_a, unit_a, now):
    earlier_job(at=now - dt.timedelta(days=30))
    call = call_register(
        by=agent_a,
        now=now,
        channel=Channel.HOTLINE,
        phone="13800138000",
        unit=unit_a,
        symptom="说不清",
    )
    assert not call.is_repeat


def test_it_uses_the_completion_date_set_on_the_earlier_job(earlier_job, report_again, now):
    """What counts is when the earlier job was completed, not when it was registered."""
    earlier = earlier_job(at=now - dt.timedelta(days=200))
    WorkOrder.objects.filter(pk=earlier.pk).update(completed_at=now - dt.timedelta(days=20))
    _call, order = report_again()
    assert order.repeat_of == earlier


@pytest.mark.parametrize(
    ("window", "days_ago", "flagged"),
    [(30, 29, True), (30, 45, False), (180, 120, True), (180, 181, False)],
)
def test_it_follows_the_configured_window(
    settings, earlier_job, report_again, now, window, days_ago, flagged
):
    settings.AFTERSALES = {**settings.AFTERSALES, "REPEAT_REPAIR_DAYS": window}
    earlier_job(at=now - dt.timedelta(days=days_ago))
    call, order = report_again()
    assert call.is_repeat is flagged
    assert order.is_repeat is flagged


def test_it_flags_a_work_order_created_without_a_call(
    earlier_job, agent_a, customer_a, unit_a, no_cooling, now
):
    earlier = earlier_job(at=now - dt.timedelta(days=5))
    order = services.work_order_create(
        by=agent_a,
        customer=customer_a,
        unit=unit_a,
        fault_type=no_cooling,
        symptom="不制冷",
        now=now,
    )
    assert (order.is_repeat, order.repeat_of) == (True, earlier)


# The unit the caller described, filed when the job is opened.


def _call_about(agent, customer, model, *, serial, purchase_date, now):
    return call_register(
        by=agent,
        now=now,
        channel=Channel.HOTLINE,
        phone="13800138000",
        customer=customer,
        model=model,
        serial=serial,
        purchase_date=purchase_date,
        invoice_no="No.0012345" if purchase_date else "",
        symptom="外机不转",
    )


def test_the_job_files_the_unit_the_caller_described_and_decides_its_warranty(
    agent_a, customer_a, aircon_model, now
):
    bought = timezone.localdate(now) - dt.timedelta(days=30)
    call = _call_about(
        agent_a, customer_a, aircon_model, serial="GREE7001", purchase_date=bought, now=now
    )

    order = call_open_work_order(call=call, by=agent_a, now=now)

    unit = order.unit
    assert (unit.customer, unit.model, unit.serial) == (customer_a, aircon_model, "GREE7001")
    assert (unit.purchase_date, unit.invoice_no) == (bought, "No.0012345")
    assert order.category == ServiceCategory.FREE
    call.refresh_from_db()
    assert call.unit == unit
    assert AuditEntry.objects.filter(action="unit_register", object_id=str(unit.pk)).exists()


def test_a_unit_without_an_invoice_is_filed_without_a_purchase_date_and_the_job_is_paid(
    agent_a, customer_a, aircon_model, now
):
    call = _call_about(
        agent_a, customer_a, aircon_model, serial="GREE7002", purchase_date=None, now=now
    )

    order = call_open_work_order(call=call, by=agent_a, now=now)

    assert order.unit.purchase_date is None
    assert order.category == ServiceCategory.PAID
    assert order.category_basis == {"code": "no_purchase_date"}


def test_a_serial_the_customer_already_has_is_not_filed_twice(agent_a, customer_a, unit_a, now):
    call = _call_about(
        agent_a, customer_a, unit_a.model, serial=unit_a.serial, purchase_date=None, now=now
    )

    order = call_open_work_order(call=call, by=agent_a, now=now)

    assert order.unit == unit_a
    assert unit_a.model.units.filter(serial=unit_a.serial).count() == 1


def test_a_serial_of_another_customer_opens_nothing(agent_a, customer_a, unit_b, now):
    call = _call_about(
        agent_a, customer_a, unit_b.model, serial=unit_b.serial, purchase_date=None, now=now
    )
    before = _counts()

    with pytest.raises(DomainError) as error:
        call_open_work_order(call=call, by=agent_a, now=now)

    assert error.value.field == "serial"
    assert _counts() == before
    call.refresh_from_db()
    assert (call.outcome, call.unit) == (ServiceCall.Outcome.OPEN, None)
