"""Pursuing a renewal (004 (二十)): who is sent, the expiry notice sent to the customer, the customer
declining; and the contract's own arrival time for faults (000 篇9 4.2.5)."""

import datetime as dt
from decimal import Decimal

import pytest

from aftersales.accounts.models import Role
from aftersales.core.exceptions import DomainError, Forbidden, NotFound
from aftersales.core.models import AuditEntry
from aftersales.factories import UserFactory
from aftersales.notifications.models import Message
from aftersales.warranty import services
from aftersales.warranty.models import MaintenanceContract, RenewalNotice
from aftersales.warranty.rules import choose_renewal_assignee

pytestmark = pytest.mark.django_db


@pytest.fixture
def notice(contract_a, now):
    return RenewalNotice.objects.create(contract=contract_a, created_at=now, due=contract_a.end)


@pytest.fixture
def manager_a(branch_a):
    return UserFactory(username="manager_a", role=Role.MANAGER, branch=branch_a)


def test_it_sends_someone_else_who_hears_of_it_once(notice, supervisor_a, manager_a, now):
    services.renewal_notice_assign(by=supervisor_a, notice=notice, assignee=manager_a, now=now)
    services.renewal_notice_assign(by=supervisor_a, notice=notice, assignee=manager_a, now=now)

    notice.refresh_from_db()
    assert notice.assigned_to == manager_a
    assert Message.objects.filter(recipient=manager_a, channel="in_app").count() == 1
    entry = AuditEntry.objects.for_object(notice).get(action="renewal_notice_assign")
    assert entry.changes["assigned_to"] == [None, manager_a.pk]  # the second changed nothing


@pytest.mark.parametrize("who", ["agent", "other_branch", "inactive"])
def test_it_sends_only_someone_who_may_handle_the_branchs_contracts(
    notice, supervisor_a, agent_a, branch_b, branch_a, now, who
):
    assignee = {
        "agent": agent_a,
        "other_branch": UserFactory(username="sup_b", role=Role.SUPERVISOR, branch=branch_b),
        "inactive": UserFactory(
            username="gone", role=Role.MANAGER, branch=branch_a, is_active=False
        ),
    }[who]
    with pytest.raises(DomainError) as error:
        services.renewal_notice_assign(by=supervisor_a, notice=notice, assignee=assignee, now=now)
    assert error.value.field == "assignee"
    notice.refresh_from_db()
    assert notice.assigned_to is None


def test_an_agent_may_not_pursue_renewals(notice, agent_a, supervisor_a, now):
    with pytest.raises(Forbidden):
        services.renewal_notice_assign(by=agent_a, notice=notice, assignee=supervisor_a, now=now)
    with pytest.raises(Forbidden):
        services.renewal_notice_close(by=agent_a, notice=notice, reason="x", now=now)


def test_another_branchs_notice_does_not_exist_for_him(notice, branch_b, now):
    supervisor_b = UserFactory(username="sup_b", role=Role.SUPERVISOR, branch=branch_b)
    with pytest.raises(NotFound):
        services.renewal_notice_letter_sent(
            by=supervisor_b, notice=notice, sent_on=now.date(), now=now
        )


def test_it_records_the_letter_sent_not_in_the_future(notice, supervisor_a, today, now):
    with pytest.raises(DomainError) as error:
        services.renewal_notice_letter_sent(
            by=supervisor_a, notice=notice, sent_on=today + dt.timedelta(days=1), now=now
        )
    assert error.value.field == "sent_on"
    with pytest.raises(DomainError):
        services.renewal_notice_letter_sent(by=supervisor_a, notice=notice, sent_on=None, now=now)
    services.renewal_notice_letter_sent(by=supervisor_a, notice=notice, sent_on=today, now=now)
    notice.refresh_from_db()
    assert notice.letter_sent_on == today


def test_the_customer_declines_with_a_reason(notice, supervisor_a, now):
    with pytest.raises(DomainError) as error:
        services.renewal_notice_close(by=supervisor_a, notice=notice, reason="  ", now=now)
    assert error.value.field == "reason"

    services.renewal_notice_close(by=supervisor_a, notice=notice, reason="设备已报废", now=now)

    notice.refresh_from_db()
    assert (notice.status, notice.outcome, notice.closed_by) == (
        "declined",
        "设备已报废",
        supervisor_a,
    )
    entry = AuditEntry.objects.for_object(notice).get(action="renewal_notice_declined")
    assert entry.note == "设备已报废" and entry.changes["status"] == ["open", "declined"]
    # A closed notice takes no more moves.
    with pytest.raises(DomainError) as error:
        services.renewal_notice_letter_sent(
            by=supervisor_a, notice=notice, sent_on=now.date(), now=now
        )
    assert error.value.field == "status"


def test_a_renewed_contracts_notice_cannot_be_declined(notice, contract_a, supervisor_a, now):
    # Renewed through contract_create, so that the notice is still open.
    services.contract_create(
        by=supervisor_a,
        customer=contract_a.customer,
        units=contract_a.units.all(),
        start=contract_a.end + dt.timedelta(days=1),
        end=contract_a.end + dt.timedelta(days=365),
        annual_fee="1200",
        visits_per_year=2,
        now=now,
        renewal_of=contract_a,
    )
    with pytest.raises(DomainError):
        services.renewal_notice_close(by=supervisor_a, notice=notice, reason="x", now=now)


def test_the_assignee_rule_takes_the_roles_in_order():
    class P:
        def __init__(self, pk, role):
            self.pk, self.role = pk, role

    people = [P(3, "supervisor"), P(5, "manager"), P(1, "supervisor"), P(2, "agent")]
    assert choose_renewal_assignee(people, ["manager", "supervisor"]).pk == 5
    assert choose_renewal_assignee(people, ["supervisor", "manager"]).pk == 1
    assert choose_renewal_assignee(people, ["gm"]) is None
    assert choose_renewal_assignee([], ["manager"]) is None


# The contract's arrival time -----------------------------------------------------------------


def _contract(by, customer, unit, today, now, **kw):
    return services.contract_create(
        by=by,
        customer=customer,
        units=[unit],
        start=today,
        end=today + dt.timedelta(days=364),
        annual_fee="900",
        visits_per_year=2,
        now=now,
        **kw,
    )


def test_a_contract_names_its_own_arrival_time(supervisor_a, customer_a, unit_a, today, now):
    contract = _contract(supervisor_a, customer_a, unit_a, today, now, arrival_hours="8.5")
    assert contract.arrival_hours == Decimal("8.5")
    entry = AuditEntry.objects.for_object(contract).get()
    assert entry.changes["arrival_hours"] == [None, "8.5"]


def test_without_one_the_zone_decides(supervisor_a, customer_a, unit_a, today, now):
    assert _contract(supervisor_a, customer_a, unit_a, today, now).arrival_hours is None


@pytest.mark.parametrize("hours", ["0", "-2", "zwei", "721"])
def test_it_refuses_a_bad_arrival_time(supervisor_a, customer_a, unit_a, today, now, hours):
    with pytest.raises(DomainError) as error:
        _contract(supervisor_a, customer_a, unit_a, today, now, arrival_hours=hours)
    assert error.value.field == "arrival_hours"
    assert not MaintenanceContract.objects.exists()


def test_a_renewal_keeps_the_arrival_time_unless_told_otherwise(
    supervisor_a, customer_a, unit_a, today, now
):
    contract = _contract(supervisor_a, customer_a, unit_a, today, now, arrival_hours=12)
    kept = services.contract_renew(
        by=supervisor_a, contract=contract, end=contract.end + dt.timedelta(days=365), now=now
    )
    assert kept.arrival_hours == Decimal("12.0")
    cleared = services.contract_renew(
        by=supervisor_a,
        contract=kept,
        end=kept.end + dt.timedelta(days=365),
        now=now,
        arrival_hours=None,
    )
    assert cleared.arrival_hours is None
