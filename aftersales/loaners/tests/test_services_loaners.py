"""Lending a loaner unit for a work order and its return: every legal and illegal move."""

import datetime as dt
from decimal import Decimal

import pytest
from django.contrib.contenttypes.models import ContentType

from aftersales.core.exceptions import Conflict, DomainError, Forbidden, NotFound
from aftersales.core.models import AuditEntry
from aftersales.loaners import services
from aftersales.loaners.models import LoanerLoan, LoanerUnit
from aftersales.workorders.models import State, WorkOrder


def _world() -> tuple:
    return (
        list(LoanerUnit.objects.order_by("pk").values_list("is_available", "condition")),
        LoanerLoan.objects.count(),
        LoanerLoan.objects.filter(returned_at__isnull=False).count(),
        AuditEntry.objects.count(),
    )


def _lend(loaner, order, by, now, **values):
    return services.loaner_lend(
        by=by,
        now=now,
        loaner=loaner,
        customer=values.pop("customer", order.customer),
        work_order=order,
        expected_return=values.pop("expected_return", now + dt.timedelta(days=3)),
        **values,
    )


def test_it_registers_a_loaner_available_and_audited(make_loaner, supervisor_a, branch_a):
    loaner = make_loaner(asset_number="tb-0100")
    assert loaner.asset_number == "TB-0100"
    assert loaner.is_available and loaner.branch == branch_a
    entry = AuditEntry.objects.get(action="loaner_register")
    assert entry.actor == supervisor_a


def test_it_refuses_a_duplicate_asset_number(make_loaner):
    make_loaner(asset_number="TB-0001")
    before = _world()
    with pytest.raises(Conflict) as error:
        make_loaner(asset_number="TB-0001")
    assert error.value.field == "asset_number"
    assert _world() == before


def test_it_lends_an_available_loaner_for_an_open_order_of_the_customer(
    make_loaner, make_order, supervisor_a, now
):
    loaner, order = make_loaner(), make_order()
    loan = _lend(
        loaner, order, supervisor_a, now, deposit=Decimal("500"), note="维修超时，免费替补"
    )
    loaner.refresh_from_db()
    assert not loaner.is_available
    assert (loan.customer, loan.work_order, loan.lent_at, loan.deposit) == (
        order.customer,
        order,
        now,
        Decimal("500"),
    )
    on_loaner = AuditEntry.objects.filter(
        action="loaner_lend", content_type=ContentType.objects.get_for_model(LoanerUnit)
    ).get()
    assert on_loaner.changes == {"is_available": [True, False]}
    assert on_loaner.note == order.number and on_loaner.actor == supervisor_a
    on_loan = AuditEntry.objects.filter(
        action="loaner_lend", content_type=ContentType.objects.get_for_model(LoanerLoan)
    ).get()
    assert on_loan.changes["work_order"] == [None, order.pk]


def test_it_refuses_a_second_open_loan_of_the_same_loaner(
    make_loaner, make_order, other_customer_a, supervisor_a, now
):
    loaner = make_loaner()
    first = make_order()
    _lend(loaner, first, supervisor_a, now)
    second = make_order(customer=other_customer_a)
    before = _world()
    with pytest.raises(Conflict) as error:
        _lend(loaner, second, supervisor_a, now)
    assert error.value.code == "illegal_move"
    assert first.number in error.value.message
    assert _world() == before


def test_it_refuses_a_loaner_that_is_not_available(make_loaner, make_order, supervisor_a, now):
    loaner = make_loaner()
    LoanerUnit.objects.filter(pk=loaner.pk).update(is_available=False, condition="外壳破损")
    order = make_order()
    before = _world()
    with pytest.raises(Conflict) as error:
        _lend(loaner, order, supervisor_a, now)
    assert "外壳破损" in error.value.message
    assert _world() == before


def test_it_refuses_another_branchs_loaner(make_loaner, make_order, manager_hq, branch_b, now):
    loaner = make_loaner(by=manager_hq, branch=branch_b)
    order = make_order()
    before = _world()
    with pytest.raises(DomainError) as error:
        _lend(loaner, order, manager_hq, now)
    assert error.value.field == "loaner"
    assert _world() == before


@pytest.mark.parametrize("state", [State.COMPLETED, State.CLOSED, State.CANCELLED])
def test_it_refuses_a_work_order_that_is_not_open(
    make_loaner, make_order, supervisor_a, now, state
):
    loaner, order = make_loaner(), make_order()
    WorkOrder.objects.filter(pk=order.pk).update(state=state)
    order.refresh_from_db()
    before = _world()
    with pytest.raises(DomainError) as error:
        _lend(loaner, order, supervisor_a, now)
    assert error.value.field == "work_order"
    assert _world() == before


def test_it_refuses_a_work_order_of_another_customer(
    make_loaner, make_order, other_customer_a, supervisor_a, now
):
    loaner, order = make_loaner(), make_order()
    before = _world()
    with pytest.raises(DomainError) as error:
        _lend(loaner, order, supervisor_a, now, customer=other_customer_a)
    assert error.value.field == "work_order"
    assert _world() == before


@pytest.mark.parametrize(
    ("values", "field"),
    [
        ({"expected_return": "now"}, "expected_return"),
        ({"deposit": Decimal("-1")}, "deposit"),
    ],
)
def test_it_refuses_bad_loan_terms(make_loaner, make_order, supervisor_a, now, values, field):
    if values.get("expected_return") == "now":
        values["expected_return"] = now
    loaner, order = make_loaner(), make_order()
    before = _world()
    with pytest.raises(DomainError) as error:
        _lend(loaner, order, supervisor_a, now, **values)
    assert error.value.field == field
    assert _world() == before


def test_a_loaner_returned_in_good_order_is_available_again(
    make_loaner, make_order, supervisor_a, warehouse_a, now
):
    loaner = make_loaner()
    loan = _lend(loaner, make_order(), supervisor_a, now)
    later = now + dt.timedelta(days=2)
    loan = services.loaner_return(by=warehouse_a, now=later, loan=loan, condition="完好")
    loaner.refresh_from_db()
    assert loaner.is_available
    assert (loan.returned_at, loan.received_by, loan.return_condition) == (
        later,
        warehouse_a,
        "完好",
    )
    entry = AuditEntry.objects.filter(
        action="loaner_return", content_type=ContentType.objects.get_for_model(LoanerUnit)
    ).get()
    assert entry.changes["is_available"] == [False, True]


def test_a_loaner_returned_damaged_stays_unavailable_until_repaired(
    make_loaner, make_order, supervisor_a, now
):
    loaner = make_loaner()
    loan = _lend(loaner, make_order(), supervisor_a, now)
    services.loaner_return(by=supervisor_a, now=now, loan=loan, condition="面板裂", damaged=True)
    loaner.refresh_from_db()
    assert not loaner.is_available and loaner.condition == "面板裂"
    order = make_order()
    before = _world()
    with pytest.raises(Conflict):
        _lend(loaner, order, supervisor_a, now)
    assert _world() == before
    services.loaner_repaired(by=supervisor_a, loaner=loaner, condition="已更换面板")
    loaner.refresh_from_db()
    assert loaner.is_available
    _lend(loaner, make_order(), supervisor_a, now)


def test_a_damaged_return_needs_the_damage_described(make_loaner, make_order, supervisor_a, now):
    loan = _lend(make_loaner(), make_order(), supervisor_a, now)
    before = _world()
    with pytest.raises(DomainError) as error:
        services.loaner_return(by=supervisor_a, now=now, loan=loan, damaged=True)
    assert error.value.field == "condition"
    assert _world() == before


def test_it_refuses_to_return_a_loan_twice(make_loaner, make_order, supervisor_a, now):
    loan = _lend(make_loaner(), make_order(), supervisor_a, now)
    services.loaner_return(by=supervisor_a, now=now, loan=loan)
    before = _world()
    with pytest.raises(Conflict) as error:
        services.loaner_return(by=supervisor_a, now=now, loan=loan)
    assert error.value.code == "illegal_move"
    assert _world() == before


def test_repaired_is_refused_for_an_available_or_lent_loaner(
    make_loaner, make_order, supervisor_a, now
):
    loaner = make_loaner()
    with pytest.raises(Conflict):
        services.loaner_repaired(by=supervisor_a, loaner=loaner)
    _lend(loaner, make_order(), supervisor_a, now)
    before = _world()
    with pytest.raises(Conflict):
        services.loaner_repaired(by=supervisor_a, loaner=loaner)
    assert _world() == before


@pytest.mark.parametrize("username", ["agent_a", "finance_a"])
def test_roles_without_the_capability_may_not_lend_or_register(
    request, make_loaner, make_order, now, username
):
    user = request.getfixturevalue(username)
    loaner, order = make_loaner(), make_order()
    before = _world()
    with pytest.raises(Forbidden):
        _lend(loaner, order, user, now)
    with pytest.raises(Forbidden):
        make_loaner(by=user)
    assert _world() == before


@pytest.mark.parametrize("username", ["dispatcher_a", "warehouse_a", "supervisor_a", "manager_hq"])
def test_the_roles_that_arrange_repairs_may_lend(request, make_loaner, make_order, now, username):
    loan = _lend(make_loaner(), make_order(), request.getfixturevalue(username), now)
    assert loan.pk


def test_another_branch_user_cannot_touch_the_loaner(
    make_loaner, make_order, outsider_b, supervisor_a, now
):
    loaner = make_loaner()
    loan = _lend(loaner, make_order(), supervisor_a, now)
    before = _world()
    with pytest.raises(NotFound):
        services.loaner_return(by=outsider_b, now=now, loan=loan)
    assert _world() == before
