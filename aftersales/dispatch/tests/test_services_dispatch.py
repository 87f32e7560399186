"""Whom a job may be sent to, and whom the dispatcher is offered first."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.utils import translation

from aftersales.accounts.models import Role
from aftersales.core.exceptions import DomainError, Forbidden
from aftersales.core.models import AuditEntry
from aftersales.customers.models import Zone
from aftersales.dispatch.selectors import suggest_technicians
from aftersales.dispatch.services import technician_certify, technician_create
from aftersales.factories import OutletFactory, TechnicianFactory, UserFactory
from aftersales.workorders import services
from aftersales.workorders.models import State, WorkOrder

SHANGHAI = ZoneInfo("Asia/Shanghai")
# A fixed Tuesday morning, so that "today" and "tomorrow" never depend on when the tests run.
NOW = dt.datetime(2026, 3, 10, 9, 0, tzinfo=SHANGHAI)
DAY_START = dt.datetime(2026, 3, 10, tzinfo=SHANGHAI)
DAY_END = DAY_START + dt.timedelta(days=1)


@pytest.fixture
def new_order(agent_a, unit_a, no_cooling):
    def make(unit=None, now=NOW) -> WorkOrder:
        unit = unit or unit_a
        # These tests live on a fixed day: the unit was bought, and is in warranty, by then.
        unit.purchase_date = now.date() - dt.timedelta(days=100)
        unit.save(update_fields=["purchase_date"])
        return services.work_order_create(
            by=agent_a,
            customer=unit.customer,
            unit=unit,
            fault_type=no_cooling if unit == unit_a else None,
            symptom="不制冷",
            now=now,
        )

    return make


def _unchanged(order: WorkOrder):
    fresh = WorkOrder.objects.get(pk=order.pk)
    return (
        fresh.state,
        fresh.technician_id,
        fresh.outlet_id,
        fresh.dispatched_at,
        AuditEntry.objects.count(),
    )


def test_it_dispatches_to_a_certified_technician(new_order, dispatcher_a, technician_a):
    order = services.work_order_dispatch(
        order=new_order(), by=dispatcher_a, now=NOW, technician=technician_a
    )
    assert (order.state, order.technician, order.outlet, order.dispatched_at) == (
        State.DISPATCHED,
        technician_a,
        None,
        NOW,
    )


def test_it_refuses_a_technician_not_certified_for_the_category(
    new_order, dispatcher_a, uncertified_a
):
    order = new_order()
    before = _unchanged(order)
    with pytest.raises(DomainError) as error:
        services.work_order_dispatch(
            order=order, by=dispatcher_a, now=NOW, technician=uncertified_a
        )
    assert (error.value.code, error.value.field) == ("not_certified", "technician")
    assert _unchanged(order) == before


def test_it_refuses_an_uncertified_technician_on_transfer_too(
    new_order, dispatcher_a, technician_a, uncertified_a
):
    order = services.work_order_dispatch(
        order=new_order(), by=dispatcher_a, now=NOW, technician=technician_a
    )
    before = _unchanged(order)
    with pytest.raises(DomainError) as error:
        services.work_order_reassign(
            order=order, by=dispatcher_a, now=NOW, technician=uncertified_a, reason="换人"
        )
    assert error.value.code == "not_certified"
    assert _unchanged(order) == before


def test_it_accepts_a_technician_once_he_is_certified(
    new_order, dispatcher_a, supervisor_a, uncertified_a, aircon, heater
):
    technician_certify(by=supervisor_a, technician=uncertified_a, categories=[heater, aircon])
    order = services.work_order_dispatch(
        order=new_order(), by=dispatcher_a, now=NOW, technician=uncertified_a
    )
    assert order.technician == uncertified_a
    entry = AuditEntry.objects.for_object(uncertified_a).first()
    assert entry.changes["certifications"] == [["热水器"], sorted(["热水器", "空调"])]


def test_it_refuses_an_inactive_technician(new_order, dispatcher_a, technician_a):
    technician_a.is_active = False
    technician_a.save()
    order = new_order()
    before = _unchanged(order)
    with pytest.raises(DomainError) as error:
        services.work_order_dispatch(order=order, by=dispatcher_a, now=NOW, technician=technician_a)
    assert error.value.field == "technician"
    assert _unchanged(order) == before


def test_it_sends_anyone_for_a_job_without_a_unit(agent_a, dispatcher_a, customer_a, uncertified_a):
    """Without a unit there is no category to be certified for (a visit, a training)."""
    order = services.work_order_create(by=agent_a, customer=customer_a, symptom="上门勘察", now=NOW)
    order = services.work_order_dispatch(
        order=order, by=dispatcher_a, now=NOW, technician=uncertified_a
    )
    assert order.technician == uncertified_a


@pytest.mark.parametrize("both", [True, False])
def test_it_needs_exactly_one_technician_or_outlet(
    new_order, dispatcher_a, technician_a, branch_a, aircon, both
):
    outlet = OutletFactory(branch=branch_a)
    outlet.categories.set([aircon])
    order = new_order()
    before = _unchanged(order)
    with pytest.raises(DomainError) as error:
        services.work_order_dispatch(
            order=order,
            by=dispatcher_a,
            now=NOW,
            technician=technician_a if both else None,
            outlet=outlet if both else None,
        )
    assert error.value.field == "technician"
    assert _unchanged(order) == before


def test_it_dispatches_to_an_outlet_that_serves_the_category(
    new_order, dispatcher_a, branch_a, aircon
):
    outlet = OutletFactory(branch=branch_a)
    outlet.categories.set([aircon])
    order = services.work_order_dispatch(order=new_order(), by=dispatcher_a, now=NOW, outlet=outlet)
    assert (order.state, order.outlet, order.technician) == (State.DISPATCHED, outlet, None)


def test_it_refuses_an_outlet_that_does_not_serve_the_category(
    new_order, dispatcher_a, branch_a, heater
):
    outlet = OutletFactory(branch=branch_a)
    outlet.categories.set([heater])
    order = new_order()
    before = _unchanged(order)
    with pytest.raises(DomainError) as error:
        services.work_order_dispatch(order=order, by=dispatcher_a, now=NOW, outlet=outlet)
    assert (error.value.code, error.value.field) == ("not_certified", "outlet")
    assert _unchanged(order) == before


def test_it_refuses_an_inactive_outlet(new_order, dispatcher_a, branch_a, aircon):
    outlet = OutletFactory(branch=branch_a, is_active=False)
    outlet.categories.set([aircon])
    order = new_order()
    before = _unchanged(order)
    with pytest.raises(DomainError) as error:
        services.work_order_dispatch(order=order, by=dispatcher_a, now=NOW, outlet=outlet)
    assert error.value.field == "outlet"
    assert _unchanged(order) == before


def test_it_moves_a_job_from_a_technician_to_an_outlet(
    new_order, dispatcher_a, technician_a, branch_a, aircon
):
    outlet = OutletFactory(branch=branch_a)
    outlet.categories.set([aircon])
    order = services.work_order_dispatch(
        order=new_order(), by=dispatcher_a, now=NOW, technician=technician_a
    )
    order = services.work_order_reassign(
        order=order, by=dispatcher_a, now=NOW, outlet=outlet, reason="网点更近"
    )
    order = WorkOrder.objects.get(pk=order.pk)
    assert (order.outlet, order.technician) == (outlet, None)


# Staff records.


def test_it_files_a_technician_only_for_a_technician_user_of_a_branch(
    supervisor_a, branch_a, aircon
):
    agent = UserFactory(username="not_a_tech", role=Role.AGENT, branch=branch_a)
    with pytest.raises(DomainError) as error:
        technician_create(by=supervisor_a, user=agent, phone="13500135000")
    assert error.value.field == "user"
    homeless = UserFactory(username="homeless", role=Role.TECHNICIAN, branch=None)
    with pytest.raises(DomainError) as error:
        technician_create(by=supervisor_a, user=homeless, phone="13500135000")
    assert error.value.field == "user"
    recruit = UserFactory(username="recruit", role=Role.TECHNICIAN, branch=branch_a)
    with pytest.raises(DomainError) as error:
        technician_create(by=supervisor_a, user=recruit, phone="12345")
    assert error.value.field == "phone"
    technician = technician_create(
        by=supervisor_a,
        user=recruit,
        phone="135 0013 5000",
        zone=Zone.RING3,
        certifications=[aircon],
    )
    assert (technician.branch, technician.phone, technician.zone) == (
        branch_a,
        "+8613500135000",
        Zone.RING3,
    )
    assert list(technician.certifications.all()) == [aircon]


def test_it_does_not_let_a_dispatcher_certify_technicians(dispatcher_a, technician_a, heater):
    with pytest.raises(Forbidden):
        technician_certify(by=dispatcher_a, technician=technician_a, categories=[heater])
    assert [c.code for c in technician_a.certifications.all()] == ["aircon"]


# Suggestions: certified only; same branch, then same zone, then the least busy today.


def _tech(username, branch, zone, categories, **kwargs):
    return TechnicianFactory(
        user=UserFactory(username=username, role=Role.TECHNICIAN, branch=branch),
        zone=zone,
        certifications=categories,
        **kwargs,
    )


def _job_for(technician, order_factory, dispatcher, *, state, appointment=None):
    """A job of `technician` in `state`, with an appointment at `appointment` hours from midnight."""
    order = services.work_order_dispatch(
        order=order_factory(), by=dispatcher, now=NOW, technician=technician
    )
    if appointment is not None:
        start = DAY_START + dt.timedelta(hours=appointment)
        order = services.work_order_schedule(
            order=order, by=technician.user, now=NOW, start=start, end=start + dt.timedelta(hours=2)
        )
    if state in (State.ON_SITE, State.COMPLETED):
        order = services.work_order_arrive(order=order, by=technician.user, now=NOW)
    if state == State.COMPLETED:
        order = services.work_order_complete(
            order=order,
            by=technician.user,
            now=NOW,
            service_report="好了",
            signer_name="张伟",
            signature_png=_png(),
        )
    assert order.state == state
    return order


def _png():
    from aftersales.factories import png_bytes

    return png_bytes()


@pytest.fixture
def crew(
    branch_a,
    branch_b,
    aircon,
    heater,
    technician_b,
    uncertified_a,
    dispatcher_a,
    manager_hq,
    new_order,
):
    """Branch A's customer lives in ring 2."""
    busy = _tech("a_ring2_busy", branch_a, Zone.RING2, [aircon])
    idle = _tech("a_ring2_idle", branch_a, Zone.RING2, [aircon, heater])
    far = _tech("a_ring3_idle", branch_a, Zone.RING3, [aircon])
    _tech("a_ring2_gone", branch_a, Zone.RING2, [aircon], is_active=False)
    # busy: two jobs count for today (one booked today, one not booked yet, one on site today) …
    _job_for(busy, new_order, dispatcher_a, state=State.SCHEDULED, appointment=14)
    _job_for(busy, new_order, dispatcher_a, state=State.DISPATCHED)
    _job_for(busy, new_order, dispatcher_a, state=State.ON_SITE, appointment=10)
    # … and these do not: booked tomorrow, done today, and an order still waiting for anyone.
    _job_for(busy, new_order, dispatcher_a, state=State.SCHEDULED, appointment=24 + 10)
    _job_for(busy, new_order, dispatcher_a, state=State.COMPLETED, appointment=11)
    # far has a job tomorrow only.
    _job_for(far, new_order, dispatcher_a, state=State.SCHEDULED, appointment=24 + 9)
    return {"busy": busy, "idle": idle, "far": far, "b": technician_b, "uncertified": uncertified_a}


def test_it_ranks_certified_technicians_by_branch_zone_and_load(crew, new_order):
    order = new_order()
    with translation.override("en"):
        suggestions = suggest_technicians(
            order=order, day_start=DAY_START, day_end=DAY_END, all_branches=True
        )
        reasons = [s.reason for s in suggestions]
    assert [s.technician for s in suggestions] == [
        crew["idle"],
        crew["busy"],
        crew["far"],
        crew["b"],
    ]
    assert [s.load_today for s in suggestions] == [0, 3, 0, 0]
    assert reasons == [
        "same branch · same zone · 0 jobs today",
        "same branch · same zone · 3 jobs today",
        "same branch · other zone · 0 jobs today",
        "other branch · same zone · 0 jobs today",
    ]


def test_it_offers_only_the_orders_branch_unless_asked_for_all(crew, new_order):
    order = new_order()
    suggestions = suggest_technicians(
        order=order, day_start=DAY_START, day_end=DAY_END, all_branches=False
    )
    offered = [s.technician for s in suggestions]
    assert crew["b"] not in offered
    assert offered == [crew["idle"], crew["busy"], crew["far"]]
    assert all(s.same_branch for s in suggestions)


def test_it_never_offers_an_uncertified_or_inactive_technician(crew, new_order):
    order = new_order()
    offered = {
        s.technician.user.username
        for s in suggest_technicians(
            order=order, day_start=DAY_START, day_end=DAY_END, all_branches=True
        )
    }
    assert "uncertified_a" not in offered
    assert "a_ring2_gone" not in offered


def test_it_counts_the_load_of_the_day_it_is_asked_about(crew, new_order):
    order = new_order()
    tomorrow = suggest_technicians(
        order=order,
        day_start=DAY_END,
        day_end=DAY_END + dt.timedelta(days=1),
        all_branches=False,
    )
    load = {s.technician.user.username: s.load_today for s in tomorrow}
    # Tomorrow: busy has the job booked tomorrow plus the unbooked one; far has his one.
    assert load == {"a_ring2_busy": 2, "a_ring2_idle": 0, "a_ring3_idle": 1}
    assert [s.technician for s in tomorrow] == [crew["idle"], crew["busy"], crew["far"]]


def test_it_ranks_the_same_zone_before_a_lighter_load(branch_a, aircon, new_order, dispatcher_a):
    near = _tech("near", branch_a, Zone.RING2, [aircon])
    far = _tech("far", branch_a, Zone.REMOTE, [aircon])
    _job_for(near, new_order, dispatcher_a, state=State.DISPATCHED)
    _job_for(near, new_order, dispatcher_a, state=State.DISPATCHED)
    suggestions = suggest_technicians(
        order=new_order(), day_start=DAY_START, day_end=DAY_END, all_branches=False
    )
    assert [(s.technician, s.load_today) for s in suggestions] == [(near, 2), (far, 0)]


def test_it_offers_every_active_technician_for_a_job_without_a_unit(crew, agent_a, customer_a):
    order = services.work_order_create(by=agent_a, customer=customer_a, symptom="勘察", now=NOW)
    offered = {
        s.technician
        for s in suggest_technicians(
            order=order, day_start=DAY_START, day_end=DAY_END, all_branches=False
        )
    }
    assert offered == {crew["idle"], crew["busy"], crew["far"], crew["uncertified"]}


def test_it_limits_the_number_of_suggestions(crew, new_order):
    suggestions = suggest_technicians(
        order=new_order(), day_start=DAY_START, day_end=DAY_END, all_branches=True, limit=2
    )
    assert [s.technician for s in suggestions] == [crew["idle"], crew["busy"]]
