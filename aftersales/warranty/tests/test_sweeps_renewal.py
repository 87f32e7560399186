"""The renewal notice one month before a maintenance contract ends, and the person sent to win the
renewal (004 (二十): 保養契約期滿前一個月 … 應填具保養到期通知書寄與客戶，並派員前往爭取續約), as the
periodic sweep files and closes it, on a fixed clock."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.db import IntegrityError, transaction

from aftersales.accounts.models import Role
from aftersales.core.models import AuditEntry
from aftersales.factories import UserFactory
from aftersales.notifications.models import Message
from aftersales.warranty import services
from aftersales.warranty.models import RenewalNotice
from aftersales.warranty.renewals import file_notice
from aftersales.warranty.sweeps import sweep

pytestmark = pytest.mark.django_db

SH = ZoneInfo("Asia/Shanghai")
NOW = dt.datetime(2026, 3, 10, 10, 0, tzinfo=SH)
TODAY = NOW.date()


@pytest.fixture
def manager_a(branch_a):
    return UserFactory(username="manager_a", role=Role.MANAGER, branch=branch_a)


def _contract(by, customer, unit, *, end, now=NOW):
    return services.contract_create(
        by=by,
        customer=customer,
        units=[unit],
        start=end - dt.timedelta(days=364),
        end=end,
        annual_fee="1500",
        visits_per_year=4,
        now=now - dt.timedelta(days=300),
    )


def _messages(user):
    return Message.objects.filter(
        recipient=user, channel=Message.Channel.IN_APP, key__startswith="renewal-notice-"
    )


def test_it_files_the_notice_one_month_before_the_end_and_not_earlier(
    supervisor_a, manager_a, customer_a, unit_a
):
    contract = _contract(supervisor_a, customer_a, unit_a, end=TODAY + dt.timedelta(days=31))

    assert sweep(now=NOW) == 0  # 31 days before: not yet
    assert not RenewalNotice.objects.exists()

    a_day_later = NOW + dt.timedelta(days=1)  # 30 days before the end
    assert sweep(now=a_day_later) == 1
    notice = RenewalNotice.objects.get()
    assert (notice.contract, notice.due, notice.status) == (contract, contract.end, "open")
    assert notice.created_at == a_day_later
    assert notice.assigned_to == manager_a  # the branch manager first


def test_it_files_each_notice_exactly_once_and_tells_the_assignee_once(
    supervisor_a, manager_a, customer_a, unit_a
):
    contract = _contract(supervisor_a, customer_a, unit_a, end=TODAY + dt.timedelta(days=10))

    assert sweep(now=NOW) == 1
    assert sweep(now=NOW) == 0
    assert sweep(now=NOW + dt.timedelta(days=5)) == 0
    # A second worker that found the contract without a notice, a moment too late.
    assert file_notice(contract, now=NOW) is None

    notice = RenewalNotice.objects.get()
    entries = AuditEntry.objects.for_object(notice)
    assert [(e.action, e.actor) for e in entries] == [("renewal_notice_file", None)]
    told = _messages(manager_a)
    assert told.count() == 1
    message = told.get()
    assert contract.number in message.subject and contract.end.isoformat() in message.subject
    assert customer_a.name in message.body
    assert message.link.endswith(f"/contracts/{contract.pk}/")
    assert not _messages(supervisor_a).exists()  # only the one sent


def test_the_database_keeps_one_notice_per_contract(supervisor_a, customer_a, unit_a):
    contract = _contract(supervisor_a, customer_a, unit_a, end=TODAY + dt.timedelta(days=10))
    RenewalNotice.objects.create(contract=contract, created_at=NOW, due=contract.end)
    with pytest.raises(IntegrityError), transaction.atomic():
        RenewalNotice.objects.create(contract=contract, created_at=NOW, due=contract.end)


def test_it_files_none_for_a_cancelled_an_ended_or_an_already_renewed_contract(
    supervisor_a, customer_a, unit_a, aircon_model
):
    from aftersales.factories import UnitFactory

    cancelled = _contract(supervisor_a, customer_a, unit_a, end=TODAY + dt.timedelta(days=5))
    services.contract_cancel(by=supervisor_a, contract=cancelled, reason="客户停业", now=NOW)
    ended_unit = UnitFactory(customer=customer_a, model=aircon_model, serial="OLD1")
    _contract(supervisor_a, customer_a, ended_unit, end=TODAY - dt.timedelta(days=1))
    early_unit = UnitFactory(customer=customer_a, model=aircon_model, serial="EARLY1")
    early = _contract(supervisor_a, customer_a, early_unit, end=TODAY + dt.timedelta(days=20))
    services.contract_renew(
        by=supervisor_a, contract=early, end=early.end + dt.timedelta(days=365), now=NOW
    )

    assert sweep(now=NOW) == 0
    assert not RenewalNotice.objects.exists()


def test_it_reads_the_month_from_the_settings(settings, supervisor_a, customer_a, unit_a):
    settings.AFTERSALES = {**settings.AFTERSALES, "RENEWAL_NOTICE_DAYS": 45}
    _contract(supervisor_a, customer_a, unit_a, end=TODAY + dt.timedelta(days=45))
    assert sweep(now=NOW) == 1


@pytest.mark.parametrize(
    ("people", "expected"),
    [
        (["supervisor", "manager"], "manager"),  # the manager first, whoever came first
        (["supervisor"], "supervisor"),  # no manager: the supervisor
        ([], "manager_hq"),  # nobody in the branch: head office's manager
        (["agent", "technician"], "manager_hq"),  # they may not edit contracts
    ],
)
def test_it_sends_the_branch_manager_then_the_supervisor(
    branch_a, head_office, customer_a, unit_a, people, expected
):
    users = {role: UserFactory(username=f"{role}_x", role=role, branch=branch_a) for role in people}
    hq = UserFactory(username="manager_hq", role=Role.MANAGER, branch=head_office)
    signer = UserFactory(username="signer", role=Role.SUPERVISOR, branch=head_office)
    _contract(signer, customer_a, unit_a, end=TODAY + dt.timedelta(days=3))

    sweep(now=NOW)

    notice = RenewalNotice.objects.get()
    want = hq if expected == "manager_hq" else users[expected]
    assert notice.assigned_to == want
    assert _messages(want).count() == 1


def test_it_passes_over_an_inactive_manager(branch_a, supervisor_a, customer_a, unit_a):
    UserFactory(username="left", role=Role.MANAGER, branch=branch_a, is_active=False)
    _contract(supervisor_a, customer_a, unit_a, end=TODAY + dt.timedelta(days=3))
    sweep(now=NOW)
    assert RenewalNotice.objects.get().assigned_to == supervisor_a


def test_the_order_of_roles_is_a_setting(settings, supervisor_a, manager_a, customer_a, unit_a):
    settings.AFTERSALES = {**settings.AFTERSALES, "RENEWAL_NOTICE_ROLES": ["supervisor", "manager"]}
    _contract(supervisor_a, customer_a, unit_a, end=TODAY + dt.timedelta(days=3))
    sweep(now=NOW)
    assert RenewalNotice.objects.get().assigned_to == supervisor_a


def test_a_renewal_closes_the_notice_as_renewed(supervisor_a, manager_a, customer_a, unit_a):
    contract = _contract(supervisor_a, customer_a, unit_a, end=TODAY + dt.timedelta(days=10))
    sweep(now=NOW)
    later = NOW + dt.timedelta(days=3)

    renewal = services.contract_renew(
        by=supervisor_a, contract=contract, end=contract.end + dt.timedelta(days=365), now=later
    )

    notice = RenewalNotice.objects.get()
    assert (notice.status, notice.closed_at, notice.closed_by) == ("renewed", later, supervisor_a)
    assert notice.outcome == renewal.number
    entry = AuditEntry.objects.for_object(notice).filter(action="renewal_notice_renewed").get()
    assert entry.actor == supervisor_a and entry.changes["status"] == ["open", "renewed"]
    assert sweep(now=later) == 0  # nothing left to do; the renewal gets its own notice in time
    assert not RenewalNotice.objects.filter(contract=renewal).exists()


def test_the_sweep_closes_a_notice_whose_contract_was_renewed_without_it(
    supervisor_a, customer_a, unit_a
):
    contract = _contract(supervisor_a, customer_a, unit_a, end=TODAY + dt.timedelta(days=10))
    sweep(now=NOW)
    # A renewal filed straight through contract_create, past the renewal service.
    services.contract_create(
        by=supervisor_a,
        customer=customer_a,
        units=[unit_a],
        start=contract.end + dt.timedelta(days=1),
        end=contract.end + dt.timedelta(days=365),
        annual_fee="1500",
        visits_per_year=4,
        now=NOW,
        renewal_of=contract,
    )
    later = NOW + dt.timedelta(hours=1)

    assert sweep(now=later) == 1
    assert sweep(now=later) == 0
    notice = RenewalNotice.objects.get(contract=contract)
    assert (notice.status, notice.closed_at, notice.closed_by) == ("renewed", later, None)


def test_cancelling_the_contract_closes_its_notice_as_declined(supervisor_a, customer_a, unit_a):
    contract = _contract(supervisor_a, customer_a, unit_a, end=TODAY + dt.timedelta(days=10))
    sweep(now=NOW)
    services.contract_cancel(by=supervisor_a, contract=contract, reason="客户搬迁", now=NOW)
    notice = RenewalNotice.objects.get()
    assert (notice.status, notice.outcome, notice.closed_by) == (
        "declined",
        "客户搬迁",
        supervisor_a,
    )
