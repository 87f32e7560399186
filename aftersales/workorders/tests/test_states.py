"""The work-order state machine: every action from every state, through the real services.

The expected moves are written out here from the flow of the regulations (004 篇2 (八)–(十八),
SPEC §4), not read from `states.ACTIONS`, so an accidental edit of the machine fails a test.
"""

import datetime as dt
from decimal import Decimal

import pytest

from aftersales.core.exceptions import DomainError, Forbidden
from aftersales.core.models import AuditEntry
from aftersales.workorders import services, states
from aftersales.workorders.models import (
    GoodsMovement,
    GoodsReceipt,
    RepairCard,
    Request,
    Signature,
    State,
    WorkOrder,
)
from aftersales.workorders.selectors import audit_trail

S = State
NO_CHANGE = None

# action: (states it may start from, state it leads to)
EXPECTED: dict[str, tuple[set[str], str | None]] = {
    "dispatch": ({S.REGISTERED}, S.DISPATCHED),
    "reassign": ({S.DISPATCHED, S.SCHEDULED}, S.DISPATCHED),
    "schedule": ({S.DISPATCHED}, S.SCHEDULED),
    "rebook": ({S.SCHEDULED}, NO_CHANGE),
    "hand_back": ({S.DISPATCHED, S.SCHEDULED}, S.REGISTERED),
    "arrive": ({S.DISPATCHED, S.SCHEDULED}, S.ON_SITE),
    "complete": ({S.ON_SITE}, S.COMPLETED),
    "carry_back": ({S.ON_SITE}, S.CARRIED_BACK),
    "record_repair": ({S.CARRIED_BACK}, S.REPAIRED),
    "check": ({S.REPAIRED}, S.CHECKED),
    "reject_check": ({S.REPAIRED}, S.CARRIED_BACK),
    "return_unit": ({S.CHECKED}, S.COMPLETED),
    "close": ({S.COMPLETED}, S.CLOSED),
    "cancel": ({S.REGISTERED, S.DISPATCHED, S.SCHEDULED, S.ON_SITE}, S.CANCELLED),
    "request": (
        {S.DISPATCHED, S.SCHEDULED, S.ON_SITE, S.CARRIED_BACK, S.REPAIRED},
        NO_CHANGE,
    ),
    "add_photo": (
        {S.DISPATCHED, S.SCHEDULED, S.ON_SITE, S.CARRIED_BACK, S.REPAIRED, S.CHECKED, S.COMPLETED},
        NO_CHANGE,
    ),
}

PAIRS = [
    pytest.param(action, state, id=f"{action}-from-{state}")
    for action in states.ACTIONS
    for state in State.values
]


def test_it_has_exactly_the_moves_of_the_regulations():
    assert set(states.ACTIONS) == set(EXPECTED)
    for name, action in states.ACTIONS.items():
        sources, target = EXPECTED[name]
        assert set(action.sources) == sources, name
        assert action.target == target, name


def test_it_leaves_no_way_out_of_closed_and_cancelled():
    for name, action in states.ACTIONS.items():
        assert S.CLOSED not in action.sources, name
        assert S.CANCELLED not in action.sources, name


@pytest.mark.parametrize(("action", "state"), PAIRS)
def test_it_takes_each_action_only_from_its_legal_states(flow, world_of, action, state):
    order = flow.reach(state)
    actor = flow.actor_for(action, order)
    sources, target = EXPECTED[action]
    legal = state in sources
    # The menus offer exactly what the services accept.
    assert (states.ACTIONS[action] in states.allowed_actions(order, actor)) is legal

    if not legal:
        before = world_of(order)
        with pytest.raises(DomainError) as error:
            flow.do(action, order, by=actor)
        assert error.value.code == "illegal_transition"
        assert error.value.field == "state"
        assert world_of(order) == before
        return

    last_entry = AuditEntry.objects.order_by("-pk").values_list("pk", flat=True).first()
    flow.do(action, order, by=actor)
    order = WorkOrder.objects.get(pk=order.pk)
    assert order.state == (target or state)
    entries = list(audit_trail(order).filter(pk__gt=last_entry))
    assert [e.action for e in entries] == [action]
    entry = entries[0]
    assert entry.actor == actor
    if target in (None, state):  # re-booking, requests, photos; a transfer between technicians
        assert "state" not in entry.changes
    else:
        assert entry.changes["state"] == [state, target]


# The two paths of the flow, end to end.


def test_it_carries_an_on_site_repair_from_call_to_closure(flow, now):
    order = flow.new_order()
    call = order.call
    assert order.state == S.REGISTERED
    technician = flow.technician.user

    order = services.work_order_dispatch(
        order=order, by=flow.dispatcher, now=now, technician=flow.technician
    )
    assert (order.state, order.technician, order.dispatched_at) == (
        S.DISPATCHED,
        flow.technician,
        now,
    )
    start, end = now + dt.timedelta(hours=1), now + dt.timedelta(hours=3)
    order = services.work_order_schedule(order=order, by=technician, now=now, start=start, end=end)
    assert (order.appointment_start, order.appointment_end) == (start, end)
    order = services.work_order_arrive(order=order, by=technician, now=now)
    assert order.arrived_at == now
    order = services.work_order_complete(
        order=order,
        by=technician,
        now=now,
        service_report="补充制冷剂",
        signer_name="张伟",
        signature_png=flow.signature_png,
    )
    assert (order.state, order.service_report, order.completed_at) == (
        S.COMPLETED,
        "补充制冷剂",
        now,
    )
    signature = order.signatures.get()
    assert signature.purpose == Signature.Purpose.COMPLETION
    assert signature.signer_name == "张伟"
    assert signature.collected_by == technician
    assert signature.image.name.endswith(".png")
    call.refresh_from_db()
    assert call.resolved_at == now
    assert not GoodsMovement.objects.filter(order=order).exists()

    order = services.work_order_close(order=order, by=flow.agent, now=now, note="回访满意")
    assert (order.state, order.closed_at) == (S.CLOSED, now)
    assert [e.action for e in audit_trail(order).order_by("pk")] == [
        "create",
        "dispatch",
        "schedule",
        "arrive",
        "complete",
        "close",
    ]


def test_it_carries_a_workshop_repair_from_receipt_to_return(flow, now):
    order = flow.reach(S.ON_SITE)
    call = order.call
    technician = flow.technician.user

    order = services.work_order_carry_back(
        order=order, by=technician, now=now, items="室内机一台、遥控器", condition="外壳划痕"
    )
    assert order.state == S.CARRIED_BACK
    receipt = GoodsReceipt.objects.get(order=order)
    assert receipt.number.startswith("GR")
    assert (receipt.items, receipt.condition, receipt.issued_by) == (
        "室内机一台、遥控器",
        "外壳划痕",
        technician,
    )
    assert receipt.voided_at is None
    goods_in = GoodsMovement.objects.get(order=order)
    assert (goods_in.direction, goods_in.branch, goods_in.by, goods_in.note) == (
        GoodsMovement.Direction.IN,
        order.branch,
        technician,
        receipt.number,
    )

    order = services.work_order_record_repair(
        order=order,
        by=technician,
        now=now,
        work_done="更换电容",
        hours="2.5",
        parts_replaced="电容",
    )
    assert order.state == S.REPAIRED
    card = RepairCard.objects.get(order=order)
    assert (card.hours, card.parts_replaced, card.repaired_by) == (
        Decimal("2.50"),
        "电容",
        technician,
    )

    # A failed check sends the unit back to the workshop and is counted.
    order = services.work_order_check(
        order=order, by=flow.supervisor, now=now, passed=False, note="仍有异响"
    )
    assert order.state == S.CARRIED_BACK
    card.refresh_from_db()
    assert (card.failed_checks, card.check_note, card.checked_by) == (1, "仍有异响", None)

    later = now + dt.timedelta(hours=5)
    order = services.work_order_record_repair(
        order=order, by=technician, now=later, work_done="更换风扇电机", hours=1
    )
    card.refresh_from_db()
    assert (card.work_done, card.hours, card.repaired_at, card.failed_checks) == (
        "更换风扇电机",
        Decimal("1.00"),
        later,
        1,
    )
    assert RepairCard.objects.filter(order=order).count() == 1

    order = services.work_order_check(order=order, by=flow.supervisor, now=later, passed=True)
    assert order.state == S.CHECKED
    card.refresh_from_db()
    assert (card.checked_by, card.checked_at, card.failed_checks) == (flow.supervisor, later, 1)

    order = services.work_order_return_unit(
        order=order, by=technician, now=later, signer_name="张伟", signature_png=flow.signature_png
    )
    assert (order.state, order.completed_at) == (S.COMPLETED, later)
    assert order.service_report == "更换风扇电机"
    assert list(
        GoodsMovement.objects.filter(order=order).order_by("pk").values_list("direction", flat=True)
    ) == [GoodsMovement.Direction.IN, GoodsMovement.Direction.OUT]
    receipt.refresh_from_db()
    assert receipt.voided_at == later
    assert order.signatures.get().purpose == Signature.Purpose.RETURN
    call.refresh_from_db()
    assert call.resolved_at == later
    assert [e.action for e in audit_trail(order).order_by("pk")][-6:] == [
        "carry_back",
        "record_repair",
        "reject_check",
        "record_repair",
        "check",
        "return_unit",
    ]


def test_it_refuses_a_failed_check_without_saying_what_to_redo(flow, world_of):
    order = flow.reach(S.REPAIRED)
    before = world_of(order)
    with pytest.raises(DomainError) as error:
        services.work_order_check(
            order=order, by=flow.supervisor, now=flow.now, passed=False, note=" "
        )
    assert error.value.field == "note"
    assert world_of(order) == before


@pytest.mark.parametrize("hours", ["0", "-1", "abc", "1000"])
def test_it_refuses_impossible_hours_on_the_repair_card(flow, world_of, hours):
    order = flow.reach(S.CARRIED_BACK)
    before = world_of(order)
    with pytest.raises(DomainError) as error:
        flow.do("record_repair", order, hours=hours)
    assert error.value.field == "hours"
    assert world_of(order) == before


def test_it_refuses_to_carry_back_without_a_list_of_what_is_taken(flow, world_of):
    order = flow.reach(S.ON_SITE)
    before = world_of(order)
    with pytest.raises(DomainError) as error:
        flow.do("carry_back", order, items="  ")
    assert error.value.field == "items"
    assert world_of(order) == before


def test_it_refuses_completion_without_a_service_report_or_a_real_signature(flow, world_of):
    order = flow.reach(S.ON_SITE)
    before = world_of(order)
    with pytest.raises(DomainError) as error:
        flow.do("complete", order, service_report="")
    assert error.value.field == "service_report"
    with pytest.raises(DomainError) as error:
        services.work_order_complete(
            order=order,
            by=flow.technician.user,
            now=flow.now,
            service_report="好了",
            signer_name="张伟",
            signature_png=b"not an image",
        )
    assert error.value.field == "signature"
    assert world_of(order) == before


# Transfers, hand-backs and appointments.


@pytest.mark.parametrize("state", [S.DISPATCHED, S.SCHEDULED])
def test_it_lets_only_the_dispatcher_transfer_a_job(flow, world_of, state, technician_a2, agent_a):
    order = flow.reach(state)
    before = world_of(order)
    for user in (flow.technician.user, technician_a2.user, agent_a):
        with pytest.raises(Forbidden):
            flow.do("reassign", order, by=user)
    assert world_of(order) == before

    order = services.work_order_reassign(
        order=order,
        by=flow.dispatcher,
        now=flow.now,
        technician=technician_a2,
        reason="原技术员请假",
    )
    assert (order.state, order.technician) == (S.DISPATCHED, technician_a2)
    assert (order.appointment_start, order.appointment_end) == (None, None)
    entry = audit_trail(order).first()
    assert (entry.action, entry.note) == ("reassign", "原技术员请假")
    assert entry.changes["technician"] == [flow.technician.pk, technician_a2.pk]


def test_it_refuses_a_transfer_to_the_same_technician_or_without_a_reason(flow, world_of):
    order = flow.reach(S.DISPATCHED)
    before = world_of(order)
    with pytest.raises(DomainError) as error:
        flow.do("reassign", order, technician=flow.technician)
    assert error.value.field == "technician"
    with pytest.raises(DomainError) as error:
        flow.do("reassign", order, reason="")
    assert error.value.field == "reason"
    assert world_of(order) == before


@pytest.mark.parametrize("state", [S.DISPATCHED, S.SCHEDULED])
def test_it_hands_a_postponed_job_back_with_the_customers_wishes(flow, state, technician_a2):
    order = flow.reach(state)
    order = services.work_order_hand_back(
        order=order, by=flow.technician.user, customer_wishes="客户出差，下周一再约"
    )
    order = WorkOrder.objects.get(pk=order.pk)
    assert order.state == S.REGISTERED
    assert order.technician is None
    assert order.outlet is None
    assert (order.appointment_start, order.appointment_end) == (None, None)
    assert order.customer_wishes == "客户出差，下周一再约"
    entry = audit_trail(order).first()
    assert entry.action == "hand_back"
    assert entry.changes["technician"] == [flow.technician.pk, None]
    # The dispatcher sends it again, to whomever he chooses.
    order = flow.do("dispatch", order, technician=technician_a2)
    assert (order.state, order.technician) == (S.DISPATCHED, technician_a2)


def test_it_refuses_a_hand_back_without_the_customers_wishes(flow, world_of):
    order = flow.reach(S.SCHEDULED)
    before = world_of(order)
    with pytest.raises(DomainError) as error:
        flow.do("hand_back", order, customer_wishes="   ")
    assert error.value.field == "customer_wishes"
    assert world_of(order) == before


def test_it_lets_no_other_technician_hand_back_a_job(flow, world_of, technician_a2):
    order = flow.reach(S.DISPATCHED)
    before = world_of(order)
    with pytest.raises(Forbidden):
        flow.do("hand_back", order, by=technician_a2.user)
    assert world_of(order) == before


def test_it_counts_missed_appointments_when_rebooking(flow, now):
    order = flow.reach(S.SCHEDULED)
    order = flow.do("rebook", order, missed=True)
    assert order.missed_appointments == 1
    assert order.appointment_start == now + dt.timedelta(days=1)
    order = flow.do("rebook", order, missed=False, reason="客户改约")
    assert order.missed_appointments == 1
    order = flow.do("rebook", order, missed=True)
    order = WorkOrder.objects.get(pk=order.pk)
    assert (order.state, order.missed_appointments) == (S.SCHEDULED, 2)
    entry = audit_trail(order).first()
    assert (entry.action, entry.note) == ("rebook", "客户不在家，已致歉")
    assert entry.changes["missed_appointments"] == [1, 2]


@pytest.mark.parametrize(
    ("start_hours", "end_hours", "field"),
    [(2, 1, "appointment_end"), (2, 2, "appointment_end"), (-3, -1, "appointment_start")],
)
def test_it_refuses_appointments_that_end_before_they_start_or_in_the_past(
    flow, world_of, now, start_hours, end_hours, field
):
    order = flow.reach(S.DISPATCHED)
    before = world_of(order)
    with pytest.raises(DomainError) as error:
        services.work_order_schedule(
            order=order,
            by=flow.technician.user,
            now=now,
            start=now + dt.timedelta(hours=start_hours),
            end=now + dt.timedelta(hours=end_hours),
        )
    assert error.value.field == field
    assert world_of(order) == before


def test_it_refuses_a_rebooking_without_a_reason(flow, world_of):
    order = flow.reach(S.SCHEDULED)
    before = world_of(order)
    with pytest.raises(DomainError) as error:
        flow.do("rebook", order, reason="")
    assert error.value.field == "reason"
    assert world_of(order) == before


# Extensions and escalations (004 (十四), 004 篇3 3.6–3.7).


def test_it_moves_the_promised_time_when_an_extension_is_approved(flow, now):
    order = flow.reach(S.ON_SITE)
    until = now + dt.timedelta(days=2)
    request = flow.do("request", order, kind=Request.Kind.EXTENSION, reason="等配件", until=until)
    assert (request.status, request.until, request.requested_by) == (
        Request.Status.PENDING,
        until,
        flow.technician.user,
    )
    order.refresh_from_db()
    assert order.promised_by is None
    assert audit_trail(order).first().action == "request_extension"

    request = services.work_order_decide_request(
        request=request, by=flow.supervisor, approve=True, now=now
    )
    assert (request.status, request.decided_by, request.decided_at) == (
        Request.Status.APPROVED,
        flow.supervisor,
        now,
    )
    order.refresh_from_db()
    assert order.promised_by == until
    assert order.state == S.ON_SITE
    entry = audit_trail(order).first()
    assert entry.action == "extension_approved"
    assert entry.actor == flow.supervisor
    assert entry.changes["promised_by"] == [None, until.isoformat()]


def test_it_needs_a_note_to_reject_an_extension_and_keeps_the_promised_time(flow, now, world_of):
    order = flow.reach(S.SCHEDULED)
    request = flow.do(
        "request",
        order,
        kind=Request.Kind.EXTENSION,
        reason="等配件",
        until=now + dt.timedelta(days=1),
    )
    before = world_of(order)
    with pytest.raises(DomainError) as error:
        services.work_order_decide_request(
            request=request, by=flow.supervisor, approve=False, now=now, note="  "
        )
    assert error.value.field == "note"
    assert world_of(order) == before

    request = services.work_order_decide_request(
        request=request, by=flow.supervisor, approve=False, now=now, note="今天必须修好"
    )
    assert (request.status, request.decision_note) == (Request.Status.REJECTED, "今天必须修好")
    order.refresh_from_db()
    assert order.promised_by is None
    with pytest.raises(DomainError) as error:
        services.work_order_decide_request(
            request=request, by=flow.supervisor, approve=True, now=now
        )
    assert error.value.field == "status"


def test_it_refuses_a_second_pending_request_of_the_same_kind(flow, now, world_of):
    order = flow.reach(S.ON_SITE)
    first = flow.do(
        "request",
        order,
        kind=Request.Kind.EXTENSION,
        reason="等配件",
        until=now + dt.timedelta(days=1),
    )
    before = world_of(order)
    with pytest.raises(DomainError) as error:
        flow.do(
            "request",
            order,
            kind=Request.Kind.EXTENSION,
            reason="还要等",
            until=now + dt.timedelta(days=3),
        )
    assert error.value.field == "kind"
    assert world_of(order) == before
    # Another kind may wait beside it, and once the first is decided a new one may be asked.
    flow.do("request", order, kind=Request.Kind.ESCALATION, reason="需要支援")
    services.work_order_decide_request(
        request=first, by=flow.supervisor, approve=False, now=now, note="不行"
    )
    flow.do(
        "request",
        order,
        kind=Request.Kind.EXTENSION,
        reason="还要等",
        until=now + dt.timedelta(days=3),
    )
    assert order.requests.filter(status=Request.Status.PENDING).count() == 2


@pytest.mark.parametrize("until_hours", [None, -1, 0])
def test_it_refuses_an_extension_without_a_future_time(flow, now, world_of, until_hours):
    order = flow.reach(S.ON_SITE)
    until = None if until_hours is None else now + dt.timedelta(hours=until_hours)
    before = world_of(order)
    with pytest.raises(DomainError) as error:
        flow.do("request", order, kind=Request.Kind.EXTENSION, reason="等配件", until=until)
    assert error.value.field == "until"
    assert world_of(order) == before


def test_it_refuses_an_unknown_kind_of_request_or_one_without_a_reason(flow, world_of):
    order = flow.reach(S.ON_SITE)
    before = world_of(order)
    with pytest.raises(DomainError) as error:
        flow.do("request", order, kind="holiday")
    assert error.value.field == "kind"
    with pytest.raises(DomainError) as error:
        flow.do("request", order, reason="")
    assert error.value.field == "reason"
    assert world_of(order) == before


@pytest.mark.parametrize("approve", [True, False])
def test_it_marks_an_escalated_job_until_the_supervisor_decides(flow, now, approve):
    order = flow.reach(S.REPAIRED)
    request = flow.do("request", order, kind=Request.Kind.ESCALATION, reason="厂家才能修")
    order.refresh_from_db()
    assert order.escalated is True
    assert request.until is None
    services.work_order_decide_request(
        request=request, by=flow.supervisor, approve=approve, now=now, note="转厂家维修中心"
    )
    order.refresh_from_db()
    assert order.escalated is False
    assert order.state == S.REPAIRED
    assert audit_trail(order).first().changes["escalated"] == [True, False]


# Cancelling.


@pytest.mark.parametrize("reason", ["", "   "])
def test_it_needs_a_reason_to_cancel(flow, world_of, reason):
    order = flow.reach(S.SCHEDULED)
    before = world_of(order)
    with pytest.raises(DomainError) as error:
        flow.do("cancel", order, reason=reason)
    assert error.value.field == "reason"
    assert world_of(order) == before


def test_it_records_why_a_job_was_cancelled_and_settles_its_call(flow, now):
    order = flow.reach(S.ON_SITE)
    order = flow.do("cancel", order, reason=" 客户已购新机 ")
    assert (order.state, order.cancel_reason, order.closed_at) == (S.CANCELLED, "客户已购新机", now)
    order.call.refresh_from_db()
    assert order.call.resolved_at == now
    entry = audit_trail(order).first()
    assert (entry.action, entry.actor, entry.note) == ("cancel", flow.dispatcher, "客户已购新机")


def test_it_leaves_requests_of_a_cancelled_order_undecided(flow, now, world_of):
    order = flow.reach(S.ON_SITE)
    request = flow.do("request", order, kind=Request.Kind.ESCALATION, reason="需要支援")
    order = flow.do("cancel", order, reason="客户已自行修好")
    before = world_of(order)
    with pytest.raises(DomainError) as error:
        services.work_order_decide_request(
            request=request, by=flow.supervisor, approve=True, now=now
        )
    assert error.value.code == "illegal_transition"
    assert world_of(order) == before
    request.refresh_from_db()
    assert request.status == Request.Status.PENDING
