"""Returns and exchanges, through the services: the entitlement kept at filing, the general
manager's one decision, resolutions with their amounts, completion with the total."""

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from aftersales.core.exceptions import Conflict, DomainError, Forbidden, NotFound
from aftersales.core.models import AuditEntry
from aftersales.customers.models import Unit
from aftersales.returns import services
from aftersales.returns.models import Resolution, ReturnRequest
from aftersales.warranty.models import ThreeGuaranteeRule
from aftersales.workorders import services as workorder_services
from aftersales.workorders.models import WorkOrder

S = ReturnRequest.Status


def _world():
    return (
        list(ReturnRequest.objects.values()),
        list(Resolution.objects.values()),
        Unit.objects.count(),
        WorkOrder.objects.count(),
        AuditEntry.objects.count(),
    )


# The default table (SPEC §5): within 7 days return, exchange or repair; within 15 exchange or
# repair; then free repair in the manufacturer's warranty.
@pytest.mark.parametrize(
    ("days", "kind", "remedies", "within"),
    [
        (7, "return", ["return", "exchange", "repair"], True),
        (8, "return", ["exchange", "repair"], False),
        (8, "exchange", ["exchange", "repair"], True),
        (15, "exchange", ["exchange", "repair"], True),
        (16, "exchange", ["repair"], False),
    ],
)
def test_it_keeps_the_entitlement_of_the_day_at_the_7_and_15_day_edges(
    filed, now, days, kind, remedies, within
):
    request = filed(kind, days)
    assert request.days_since_purchase == days
    assert request.purchased_on == timezone.localdate(now) - dt.timedelta(days=days)
    assert request.entitled_remedies == remedies
    assert request.within_entitlement is within
    assert request.status == S.REQUESTED
    assert request.number.startswith("TH")


def test_a_categorys_own_rule_table_decides_its_units(filed, aircon):
    ThreeGuaranteeRule.objects.create(
        category=aircon, days=30, allows_return=True, allows_exchange=True, allows_repair=True
    )
    request = filed("return", 20)
    assert request.entitled_remedies == ["return", "exchange", "repair"]
    assert request.within_entitlement


def test_the_snapshot_stays_when_the_table_changes_later(filed):
    request = filed("exchange", 10)
    ThreeGuaranteeRule.objects.all().delete()
    request.refresh_from_db()
    assert request.within_entitlement
    assert request.entitled_remedies == ["exchange", "repair"]


def test_a_request_outside_the_entitlement_is_filed_and_the_customer_bears_the_costs(filed):
    request = filed("return", 40)
    assert not request.within_entitlement
    assert not request.company_bears_costs
    assert request.entitled_remedies == ["repair"]


def test_a_unit_without_a_purchase_date_is_outside_the_three_guarantees(
    agent_a, customer_a, aircon_model, now
):
    unit = Unit.objects.create(customer=customer_a, model=aircon_model, serial="NOINV1")
    request = services.return_request_file(
        by=agent_a, now=now, kind="exchange", reason="客户要求换机", unit=unit
    )
    assert (request.purchased_on, request.days_since_purchase) == (None, None)
    assert request.entitled_remedies == []
    assert not request.within_entitlement


def test_it_files_from_a_work_order_on_the_unit(agent_a, customer_a, bought, now):
    unit = bought(3)
    order = workorder_services.work_order_create(
        by=agent_a, customer=customer_a, unit=unit, symptom="不制冷", now=now
    )
    request = services.return_request_file(
        by=agent_a, now=now, kind="return", reason="三天内故障", work_order=order
    )
    assert (request.unit, request.work_order, request.customer) == (unit, order, customer_a)
    assert request.branch == order.branch


def test_a_work_order_of_another_unit_is_refused(agent_a, customer_a, bought, now):
    order = workorder_services.work_order_create(
        by=agent_a, customer=customer_a, unit=bought(3), symptom="不制冷", now=now
    )
    other = bought(4)
    before = _world()
    with pytest.raises(DomainError) as error:
        services.return_request_file(
            by=agent_a, now=now, kind="return", reason="x", unit=other, work_order=order
        )
    assert error.value.field == "work_order"
    assert _world() == before


@pytest.mark.parametrize(
    ("values", "field"),
    [({"kind": "refund"}, "kind"), ({"reason": "  "}, "reason")],
)
def test_filing_needs_a_kind_and_a_reason(agent_a, bought, now, values, field):
    unit = bought(3)
    arguments = {"kind": "return", "reason": "漏水", **values}
    before = _world()
    with pytest.raises(DomainError) as error:
        services.return_request_file(by=agent_a, now=now, unit=unit, **arguments)
    assert error.value.field == field
    assert _world() == before


def test_a_unit_has_one_open_request_at_a_time(filed, agent_a, now):
    first = filed("exchange", 5)
    before = _world()
    with pytest.raises(Conflict) as error:
        services.return_request_file(
            by=agent_a, now=now, kind="return", reason="again", unit=first.unit
        )
    assert error.value.code == "open_request"
    assert _world() == before


def test_another_branchs_unit_does_not_exist_for_a_branch_agent(outsider_b, bought, now):
    unit = bought(3)
    with pytest.raises(NotFound):
        services.return_request_file(by=outsider_b, now=now, kind="return", reason="x", unit=unit)
    assert not ReturnRequest.objects.exists()


@pytest.mark.parametrize("username", ["agent_a", "dispatcher_a", "supervisor_a", "manager_hq"])
def test_the_service_desk_may_file(request, bought, now, username):
    user = request.getfixturevalue(username)
    filed = services.return_request_file(
        by=user, now=now, kind="exchange", reason="漏水", unit=bought(2)
    )
    assert filed.requested_by == user


@pytest.mark.parametrize("username", ["finance_a", "gm"])
def test_others_may_not_file(request, bought, now, username):
    with pytest.raises(Forbidden):
        services.return_request_file(
            by=request.getfixturevalue(username), now=now, kind="return", reason="x", unit=bought(2)
        )
    assert not ReturnRequest.objects.exists()


def test_only_the_general_manager_decides(filed, gm, supervisor_a, manager_hq, now):
    request = filed()
    before = _world()
    for user in (supervisor_a, manager_hq):
        with pytest.raises(Forbidden):
            services.return_request_decide(by=user, now=now, request=request, approve=True)
    assert _world() == before
    decided = services.return_request_decide(
        by=gm, now=now, request=request, approve=True, note="同意换货"
    )
    assert (decided.status, decided.decided_by, decided.decided_at) == (S.APPROVED, gm, now)
    assert decided.company_bears_costs
    entry = AuditEntry.objects.for_object(decided).first()
    assert (entry.action, entry.actor) == ("return_request_approved", gm)


@pytest.mark.parametrize("approve", [True, False])
def test_a_decided_request_is_not_decided_again(filed, gm, now, approve):
    request = services.return_request_decide(
        by=gm, now=now, request=filed(), approve=approve, note="理由"
    )
    before = _world()
    with pytest.raises(Conflict) as error:
        services.return_request_decide(by=gm, now=now, request=request, approve=not approve)
    assert error.value.code == "already_decided"
    assert _world() == before


def test_a_rejection_says_why_and_leaves_the_costs_with_the_customer(filed, gm, now):
    request = filed()
    with pytest.raises(DomainError) as error:
        services.return_request_decide(by=gm, now=now, request=request, approve=False)
    assert error.value.field == "note"
    request = services.return_request_decide(
        by=gm, now=now, request=request, approve=False, note="人为损坏，不属三包"
    )
    assert request.status == S.REJECTED
    assert not request.company_bears_costs


@pytest.mark.parametrize("decision", [None, False])
def test_resolutions_are_recorded_only_after_approval(filed, gm, agent_a, now, decision):
    request = filed()
    if decision is False:
        request = services.return_request_decide(
            by=gm, now=now, request=request, approve=False, note="不同意"
        )
    before = _world()
    with pytest.raises(Conflict) as error:
        services.resolution_record(
            by=agent_a, now=now, request=request, kind="credit_note", amount=Decimal("100")
        )
    assert error.value.code == "not_approved"
    assert _world() == before


@pytest.mark.parametrize(
    ("kind", "amount"),
    [
        ("credit_note", Decimal("-1")),
        ("credit_note", "abc"),
        ("credit_note", None),
        ("compensation", Decimal("0")),
        ("compensation", Decimal("10.005")),
        ("rework", Decimal("1e12")),
    ],
)
def test_amounts_are_validated(approved, agent_a, now, kind, amount):
    request = approved()
    before = _world()
    with pytest.raises(DomainError) as error:
        services.resolution_record(by=agent_a, now=now, request=request, kind=kind, amount=amount)
    assert error.value.field == "amount"
    assert _world() == before


def test_it_records_amounts_and_completes_with_their_total(approved, agent_a, supervisor_a, now):
    request = approved()
    services.resolution_record(
        by=agent_a, now=now, request=request, kind="credit_note", amount="120.50", note="折让"
    )
    services.resolution_record(
        by=agent_a, now=now, request=request, kind="compensation", amount=Decimal("300")
    )
    request = services.return_request_complete(by=supervisor_a, now=now, request=request)
    assert request.status == S.COMPLETED
    assert request.total_amount == Decimal("420.50")
    assert (request.completed_by, request.completed_at) == (supervisor_a, now)
    entry = AuditEntry.objects.for_object(request).first()
    assert entry.changes["total_amount"] == [None, "420.50"]


def test_completing_needs_a_resolution_and_an_approved_request(approved, filed, agent_a, now):
    request, waiting = approved(), filed()
    before = _world()
    with pytest.raises(DomainError):
        services.return_request_complete(by=agent_a, now=now, request=request)
    with pytest.raises(Conflict):
        services.return_request_complete(by=agent_a, now=now, request=waiting)
    assert _world() == before
    assert ReturnRequest.objects.filter(status=S.COMPLETED).count() == 0
    services.resolution_record(
        by=agent_a, now=now, request=request, kind="credit_note", amount=Decimal("50")
    )
    request = services.return_request_complete(by=agent_a, now=now, request=request)
    with pytest.raises(Conflict):
        services.resolution_record(
            by=agent_a, now=now, request=request, kind="credit_note", amount=Decimal("50")
        )


def test_an_exchange_registers_the_new_unit_in_the_customers_file(approved, agent_a, now):
    request = approved("exchange")
    old = request.unit
    resolution = services.resolution_record(
        by=agent_a,
        now=now,
        request=request,
        kind="exchange",
        replacement_serial=" GREE-NEW-1 ",
        note="整机更换",
    )
    new = resolution.replacement_unit
    assert resolution.replacement_serial == new.serial == "GREE-NEW-1"
    assert (new.customer, new.model) == (old.customer, old.model)
    # The new unit's three guarantees count from the day of the exchange.
    assert new.purchase_date == timezone.localdate(now)
    assert AuditEntry.objects.for_object(new).get().action == "unit_register"


def test_an_exchange_needs_a_serial_not_registered_yet(approved, agent_a, now, bought):
    request = approved("exchange")
    taken = bought(300, serial="TAKEN-1")
    before = _world()
    with pytest.raises(DomainError) as error:
        services.resolution_record(by=agent_a, now=now, request=request, kind="exchange")
    assert error.value.field == "replacement_serial"
    with pytest.raises(Conflict) as error:
        services.resolution_record(
            by=agent_a, now=now, request=request, kind="exchange", replacement_serial=taken.serial
        )
    assert error.value.field == "replacement_serial"
    assert _world() == before


def test_a_refund_ends_a_return_and_a_new_unit_an_exchange_once(approved, agent_a, now):
    exchange = approved("exchange")
    with pytest.raises(DomainError) as error:
        services.resolution_record(
            by=agent_a, now=now, request=exchange, kind="refund", amount=Decimal("2999")
        )
    assert error.value.field == "kind"
    back = approved("return", 3)
    services.resolution_record(
        by=agent_a, now=now, request=back, kind="refund", amount=Decimal("2999")
    )
    with pytest.raises(Conflict):
        services.resolution_record(
            by=agent_a, now=now, request=back, kind="refund", amount=Decimal("2999")
        )


def test_rework_registers_a_new_work_order_through_its_service(approved, agent_a, now):
    request = approved()
    resolution = services.resolution_record(
        by=agent_a, now=now, request=request, kind="rework", amount=Decimal("0"), note="更换压缩机"
    )
    order = resolution.rework_order
    assert (order.unit, order.customer, order.branch) == (
        request.unit,
        request.customer,
        request.branch,
    )
    assert request.number in order.symptom and "更换压缩机" in order.symptom
    assert order.created_by == agent_a
    assert AuditEntry.objects.for_object(order).get().action == "create"


def test_a_role_without_the_capability_records_nothing(approved, finance_a, gm, now):
    request = approved()
    before = _world()
    for user in (finance_a, gm):
        with pytest.raises(Forbidden):
            services.resolution_record(
                by=user, now=now, request=request, kind="credit_note", amount=Decimal("10")
            )
        with pytest.raises(Forbidden):
            services.return_request_complete(by=user, now=now, request=request)
    assert _world() == before


def test_another_branch_cannot_touch_the_request(approved, outsider_b, now):
    request = approved()
    before = _world()
    with pytest.raises(NotFound):
        services.resolution_record(
            by=outsider_b, now=now, request=request, kind="credit_note", amount=Decimal("10")
        )
    assert _world() == before
