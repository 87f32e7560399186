"""The demo data is what a user would see after real work: every state, rules kept, numbers safe."""

import datetime as dt
import re
from collections import defaultdict

import phonenumbers
import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.db.models import Count, Exists, OuterRef
from django.utils import timezone

from aftersales.accounts.models import Role, User
from aftersales.core.demo import DEMO_PASSWORD, NotEmpty, seed_demo
from aftersales.core.models import AuditEntry, Counter
from aftersales.customers.models import Customer, Outlet, Unit
from aftersales.dispatch.models import Technician
from aftersales.intake.models import ServiceCall
from aftersales.workorders import rules
from aftersales.workorders.models import GoodsReceipt, RepairCard, Signature, State, WorkOrder
from aftersales.workorders.services import work_order_create

pytestmark = pytest.mark.django_db


@pytest.fixture
def seeded():
    return seed_demo(seed=7, small=True)


def test_it_has_work_orders_in_every_state(seeded):
    present = set(WorkOrder.objects.values_list("state", flat=True).distinct())
    assert present == set(State.values)


def test_it_has_a_login_for_every_role_with_the_demo_password(seeded, client):
    assert set(User.objects.values_list("role", flat=True)) == set(Role.values)
    usernames = {username for username, _role, _branch in seeded.logins}
    assert {"agent", "dispatcher", "technician", "supervisor", "manager", "gm"} <= usernames
    assert client.login(username="technician", password=DEMO_PASSWORD)
    assert seeded.password == DEMO_PASSWORD


def test_it_only_sends_technicians_certified_for_the_units_category(seeded):
    certified = Technician.certifications.through.objects.filter(
        technician_id=OuterRef("technician_id"),
        productcategory_id=OuterRef("unit__model__category_id"),
    )
    orders = WorkOrder.objects.filter(technician__isnull=False, unit__isnull=False)
    assert orders.exists()
    assert not orders.annotate(ok=Exists(certified)).filter(ok=False).exists()

    served = Outlet.categories.through.objects.filter(
        outlet_id=OuterRef("outlet_id"), productcategory_id=OuterRef("unit__model__category_id")
    )
    by_outlet = WorkOrder.objects.filter(outlet__isnull=False, unit__isnull=False)
    assert not by_outlet.annotate(ok=Exists(served)).filter(ok=False).exists()


def test_it_keeps_states_timestamps_and_assignees_consistent(seeded):
    now = timezone.now()
    for order in WorkOrder.objects.all():
        assigned = order.technician_id or order.outlet_id
        if order.state == State.REGISTERED:
            assert not assigned, order.number
        elif order.state != State.CANCELLED:
            assert assigned and order.dispatched_at, order.number
        if order.state in {State.ON_SITE, State.CARRIED_BACK, State.REPAIRED, State.CHECKED}:
            assert order.arrived_at and not order.completed_at, order.number
        if order.state in {State.COMPLETED, State.CLOSED}:
            assert order.arrived_at <= order.completed_at <= now, order.number
            assert order.service_report, order.number
        if order.state in {State.CLOSED, State.CANCELLED}:
            assert order.closed_at and order.closed_at <= now, order.number
        if order.state == State.SCHEDULED:
            assert order.appointment_start < order.appointment_end, order.number
        for moment in (order.dispatched_at, order.arrived_at, order.completed_at):
            assert moment is None or order.created_at <= moment <= now, order.number
        if order.unit_id:
            assert order.unit.customer_id == order.customer_id
            assert order.unit.created_at <= order.created_at, order.number
        if order.fault_type_id and order.unit_id:
            assert order.fault_type.category_id == order.unit.model.category_id


def test_every_order_has_its_audit_trail(seeded):
    orders = WorkOrder.objects.count()
    entries = AuditEntry.objects.filter(content_type__model="workorder")
    assert entries.filter(action="create").count() == orders
    per_order = dict(
        entries.values("object_id").annotate(n=Count("id")).values_list("object_id", "n")
    )
    for order in WorkOrder.objects.exclude(state=State.REGISTERED):
        assert per_order[str(order.pk)] >= 2, order.number
    closed = WorkOrder.objects.filter(state=State.CLOSED).first()
    actions = list(
        AuditEntry.objects.for_object(closed).order_by("at", "id").values_list("action", flat=True)
    )
    assert actions[0] == "create" and actions[-1] == "close"
    assert "dispatch" in actions


def test_serial_numbers_are_unique_per_model(seeded):
    assert not (
        Unit.objects.values("model", "serial").annotate(n=Count("id")).filter(n__gt=1).exists()
    )


def test_customer_phones_are_valid_and_unique(seeded):
    phones = list(Customer.objects.values_list("phone", flat=True))
    assert len(phones) == len(set(phones))
    assert all(phonenumbers.is_valid_number(phonenumbers.parse(p)) for p in phones)


def test_counters_are_past_every_number_issued(seeded):
    highest: dict[str, int] = defaultdict(int)
    numbers = (
        list(WorkOrder.objects.values_list("number", flat=True))
        + list(ServiceCall.objects.values_list("number", flat=True))
        + list(GoodsReceipt.objects.values_list("number", flat=True))
    )
    assert len(numbers) == len(set(numbers))
    for number in numbers:
        key, serial = re.fullmatch(r"([A-Z]+\d{6})-(\d+)", number).groups()
        highest[key] = max(highest[key], int(serial))
    counters = dict(Counter.objects.values_list("key", "value"))
    for key, value in highest.items():
        assert counters[key] >= value, key


def test_a_new_work_order_after_seeding_gets_a_fresh_number(seeded):
    agent = User.objects.get(username="agent")
    customer = Customer.objects.first()
    existing = set(WorkOrder.objects.values_list("number", flat=True))
    order = work_order_create(by=agent, customer=customer, symptom="空调不制冷", now=timezone.now())
    assert order.number not in existing
    assert order.number.startswith(f"WO{timezone.localtime():%Y%m}-")


def test_calls_that_opened_a_work_order_have_it(seeded):
    calls = ServiceCall.objects.filter(outcome=ServiceCall.Outcome.WORK_ORDER)
    assert calls.exists()
    assert not calls.filter(work_order__isnull=True).exists()
    assert ServiceCall.objects.filter(outcome=ServiceCall.Outcome.SOLVED_BY_PHONE).exists()
    assert not ServiceCall.objects.filter(
        outcome=ServiceCall.Outcome.SOLVED_BY_PHONE, guidance=""
    ).exists()


def test_completed_orders_carry_the_customers_signature(seeded):
    done = WorkOrder.objects.filter(state__in=[State.COMPLETED, State.CLOSED])
    assert done.exists()
    assert not done.filter(signatures__isnull=True).exists()
    signature = Signature.objects.first()
    assert signature.image.read(8) == b"\x89PNG\r\n\x1a\n"


def test_carried_back_orders_have_receipts_and_register_lines(seeded):
    in_workshop = WorkOrder.objects.filter(
        state__in=[State.CARRIED_BACK, State.REPAIRED, State.CHECKED]
    )
    assert in_workshop.exists()
    for order in in_workshop:
        receipt = order.goods_receipt
        assert receipt.voided_at is None
        assert order.goods_movements.filter(direction="in").count() == 1
    for card in RepairCard.objects.select_related("order"):
        receipt = GoodsReceipt.objects.get(order=card.order)
        if card.order.state in {State.COMPLETED, State.CLOSED}:
            assert receipt.voided_at == card.order.completed_at
            assert card.checked_by_id is not None
            assert card.order.goods_movements.filter(direction="out").count() == 1


def test_repeat_repairs_are_flagged_as_the_rule_would(seeded):
    days = settings.AFTERSALES["REPEAT_REPAIR_DAYS"]
    for order in WorkOrder.objects.filter(unit__isnull=False, fault_type__isnull=False):
        earlier = rules.find_repeat(
            unit=order.unit, fault_type_id=order.fault_type_id, at=order.created_at, days=days
        )
        assert order.repeat_of_id == (earlier.pk if earlier else None), order.number
        assert order.is_repeat == (earlier is not None)


def test_it_refuses_a_database_that_already_has_users(seeded):
    with pytest.raises(NotEmpty):
        seed_demo(small=True)
    with pytest.raises(CommandError, match="empty database"):
        call_command("seed_demo", "--small", skip_checks=True)


def test_every_job_with_a_clock_has_its_targets_met_missed_or_running(seeded):
    from aftersales.deadlines.models import Deadline, Hold

    tracked = WorkOrder.objects.filter(kind__in=("repair", "installation", "emergency"))
    counts = set(tracked.annotate(n=Count("deadlines")).values_list("n", flat=True))
    assert counts == {3}, counts
    assert not WorkOrder.objects.filter(kind="maintenance", deadlines__isnull=False).exists()
    met = Deadline.objects.filter(status=Deadline.Status.MET)
    assert met.exists() and not met.filter(margin__isnull=True).exists()
    late = met.filter(breached_at__isnull=False)
    assert all(d.met_at > d.due_at and d.margin.total_seconds() < 0 for d in late)
    assert not met.filter(breached_at__isnull=True, margin__lt=dt.timedelta(0)).exists()
    assert not Deadline.objects.filter(
        order__state=State.CANCELLED, status__in=("running", "paused")
    ).exists()
    missed_open = Deadline.objects.filter(
        status="running", breach_recorded_at__isnull=False, order__state__in=("registered",)
    )
    for deadline in missed_open[:5]:
        assert (
            AuditEntry.objects.for_object(deadline.order).filter(action="deadline_missed").exists()
        )
    assert Hold.objects.filter(ended_at__isnull=True).exists()
