"""Recording a visit on site (fixed clock: 12 May 2026): every required item, enough people, the
customer's signature; a reading out of range opens exactly one repair work order."""

import datetime as dt
from decimal import Decimal

import pytest

from aftersales.core.exceptions import Conflict, DomainError, Forbidden, NotFound
from aftersales.core.models import AuditEntry
from aftersales.factories import TechnicianFactory, UserFactory
from aftersales.maintenance import services
from aftersales.maintenance.models import Reading, Visit
from aftersales.notifications.models import Message
from aftersales.workorders.models import Kind, ServiceCategory, State, WorkOrder

from .conftest import NOW, normal


def _unchanged(visit: Visit) -> None:
    visit.refresh_from_db()
    assert visit.status == Visit.Status.PLANNED
    assert not visit.readings.exists()
    assert not visit.technicians.exists()
    assert not visit.signature
    assert visit.work_order is None


def test_an_in_range_record_is_signed_and_opens_no_work_order(visit_a, record, readings):
    orders = WorkOrder.objects.count()

    visit = record(visit_a, readings=normal(readings))

    assert visit.status == Visit.Status.DONE
    assert visit.performed_at == NOW
    assert visit.signer_name == "王经理" and visit.signature.name.endswith(".png")
    assert visit.abnormal is False and visit.work_order is None
    assert WorkOrder.objects.count() == orders
    shown = {r.item.label: (r.shown, r.in_range) for r in visit.readings.select_related("item")}
    assert shown == {
        "进口压力": ("2.5 kPa", True),
        "出口压力": ("2.0 kPa", True),
        "泄漏检测": ("OK", True),
    }  # the optional item left empty is not recorded
    assert visit.technicians.count() == 2
    entry = AuditEntry.objects.for_object(visit).first()
    assert entry.action == "visit_record" and entry.actor == visit.recorded_by
    assert entry.changes["status"] == ["planned", "done"]


def test_an_out_of_range_reading_opens_one_repair_work_order(
    visit_a, record, readings, contract_a, unit_a, supervisor_a, technician_a
):
    visit = record(
        visit_a,
        readings=readings(
            进口压力={"value": "3.4", "note": "调压器出口波动"},
            出口压力={"value": "2.0"},
            泄漏检测={"ok": True},
        ),
    )

    order = WorkOrder.objects.get()
    assert visit.work_order == order and visit.abnormal is True
    assert order.kind == Kind.REPAIR and order.state == State.REGISTERED
    assert (order.customer, order.unit) == (contract_a.customer, unit_a)
    assert order.category == ServiceCategory.CONTRACT  # the unit is under the contract
    assert "进口压力 3.4 kPa" in order.symptom and "2.0–3.0 kPa" in order.symptom
    assert "出口压力" not in order.symptom
    assert order.created_at is not None
    # A technician does not register jobs: the supervisor who planned the schedule does.
    assert order.created_by == supervisor_a
    out = Reading.objects.get(visit=visit, in_range=False)
    assert (out.item.label, out.value, out.minimum, out.maximum) == (
        "进口压力",
        Decimal("3.400"),
        Decimal("2.000"),
        Decimal("3.000"),
    )
    assert AuditEntry.objects.for_object(visit).first().changes["work_order"] == [
        None,
        order.number,
    ]
    # The branch supervisor is told, once.
    told = Message.objects.filter(key=f"maintenance-visit-{visit.pk}-abnormal")
    assert [m.recipient for m in told.filter(channel="in_app")] == [supervisor_a]


def test_several_findings_open_one_work_order_naming_them_all(visit_a, record, readings):
    visit = record(
        visit_a,
        readings=readings(
            进口压力={"value": "1.5"}, 出口压力={"value": "2.5"}, 泄漏检测={"ok": False}
        ),
    )

    order = WorkOrder.objects.get()
    assert visit.work_order == order
    for text in ("进口压力 1.5 kPa", "出口压力 2.5 kPa", "1.8–2.2 kPa", "泄漏检测"):
        assert text in order.symptom
    assert visit.readings.filter(in_range=False).count() == 3


def test_a_supervisor_recording_registers_the_repair_himself(visit_a, record, readings, manager_a):
    visit = record(
        visit_a,
        by=manager_a,
        readings=readings(进口压力={"value": "9"}, 出口压力={"value": "2"}, 泄漏检测={"ok": True}),
    )
    assert visit.work_order.created_by == manager_a


def test_a_visit_is_recorded_once(visit_a, record, readings):
    record(visit_a, readings=normal(readings))
    before = AuditEntry.objects.count()
    with pytest.raises(Conflict) as error:
        record(visit_a, readings=normal(readings))
    assert error.value.code == "recorded"
    assert AuditEntry.objects.count() == before
    assert WorkOrder.objects.count() == 0


def test_fewer_people_than_the_schedule_needs_are_refused(visit_a, record, readings, technician_a):
    with pytest.raises(DomainError) as error:
        record(visit_a, readings=normal(readings), technicians=[technician_a])
    assert error.value.field == "technicians"
    assert error.value.code == "too_few_people"
    assert "2" in error.value.message
    _unchanged(visit_a)


def test_the_same_technician_twice_is_one_person(visit_a, record, readings, technician_a):
    with pytest.raises(DomainError) as error:
        record(visit_a, readings=normal(readings), technicians=[technician_a, technician_a])
    assert error.value.code == "too_few_people"


def test_the_customers_signature_is_required(visit_a, record, readings):
    with pytest.raises(DomainError) as error:
        record(visit_a, readings=normal(readings), signature_png=b"")
    assert error.value.field == "signature"
    with pytest.raises(DomainError) as error:
        record(visit_a, readings=normal(readings), signer_name="  ")
    assert error.value.field == "signer_name"
    with pytest.raises(DomainError) as error:
        record(visit_a, readings=normal(readings), signature_png=b"not an image")
    assert error.value.field == "signature"
    _unchanged(visit_a)


def test_every_required_item_must_be_filled_in(visit_a, record, readings):
    ids = readings.ids
    with pytest.raises(DomainError) as error:
        record(visit_a, readings=readings(进口压力={"value": "2.5"}, 泄漏检测={"ok": True}))
    assert error.value.field == f"item_{ids['出口压力']}"
    assert "出口压力" in error.value.message
    with pytest.raises(DomainError) as error:
        record(visit_a, readings=readings(进口压力={"value": "2.5"}, 出口压力={"value": "2"}))
    assert error.value.field == f"item_{ids['泄漏检测']}"
    with pytest.raises(DomainError) as error:
        record(
            visit_a,
            readings=readings(
                进口压力={"value": "abc"}, 出口压力={"value": "2"}, 泄漏检测={"ok": True}
            ),
        )
    assert error.value.field == f"item_{ids['进口压力']}"
    with pytest.raises(DomainError) as error:
        record(visit_a, readings={**normal(readings), 999999: {"ok": True}})
    assert error.value.field == "readings"
    _unchanged(visit_a)
    assert WorkOrder.objects.count() == 0


def test_a_technician_records_only_a_visit_he_did(
    visit_a, record, readings, technician_a2, branch_a
):
    other = TechnicianFactory(
        user=UserFactory(username="tech_a3", role="technician", branch=branch_a)
    )
    with pytest.raises(DomainError) as error:
        record(
            visit_a,
            by=other.user,
            readings=normal(readings),
        )
    assert error.value.field == "technicians"
    _unchanged(visit_a)


def test_technicians_of_another_branch_are_refused(
    visit_a, record, readings, technician_a, technician_b
):
    with pytest.raises(DomainError) as error:
        record(visit_a, readings=normal(readings), technicians=[technician_a, technician_b])
    assert error.value.field == "technicians"
    _unchanged(visit_a)


def test_another_branch_does_not_find_the_visit(visit_a, record, readings, branch_b):
    outsider = TechnicianFactory(
        user=UserFactory(username="tech_b9", role="technician", branch=branch_b)
    )
    with pytest.raises(NotFound):
        record(visit_a, by=outsider.user, readings=normal(readings))
    _unchanged(visit_a)


def test_roles_without_field_work_may_not_record(visit_a, record, readings, agent_a):
    with pytest.raises(Forbidden):
        record(visit_a, by=agent_a, readings=normal(readings))
    _unchanged(visit_a)


def test_a_cancelled_visit_is_not_recorded_and_a_recorded_one_not_cancelled(
    visit_a, schedule_a, supervisor_a, record, readings
):
    with pytest.raises(DomainError) as error:
        services.visit_cancel(by=supervisor_a, now=NOW, visit=visit_a, reason=" ")
    assert error.value.field == "reason"
    services.visit_cancel(by=supervisor_a, now=NOW, visit=visit_a, reason="客户五一停业")
    visit_a.refresh_from_db()
    assert (visit_a.status, visit_a.cancel_reason) == (Visit.Status.CANCELLED, "客户五一停业")
    with pytest.raises(Conflict):
        record(visit_a, readings=normal(readings))

    (june,) = schedule_a.visits.filter(planned_on=dt.date(2026, 6, 5))
    record(june, readings=normal(readings))
    with pytest.raises(Conflict):
        services.visit_cancel(by=supervisor_a, now=NOW, visit=june, reason="x")
