"""Keeping the working calendar and the holiday duty roster through the services: who may, which
branch's, what is refused, and the trail each change leaves."""

import datetime as dt

import pytest
from django.utils import timezone

from aftersales.accounts.models import Role
from aftersales.calendars import services
from aftersales.calendars.models import CompanyHoliday, DutyAssignment, WorkingHours
from aftersales.calendars.selectors import calendar_for
from aftersales.core.exceptions import Conflict, DomainError, Forbidden, NotFound
from aftersales.core.models import AuditEntry
from aftersales.customers.models import Customer
from aftersales.factories import CustomerFactory, TechnicianFactory, UserFactory

pytestmark = pytest.mark.django_db

T = dt.time
D = dt.date


@pytest.fixture
def supervisor_b(branch_b):
    return UserFactory(username="supervisor_b", role=Role.SUPERVISOR, branch=branch_b)


@pytest.fixture
def key_customer_a(branch_a):
    return CustomerFactory(name="国贸大厦", tier=Customer.Tier.KEY, branch=branch_a)


# Working hours -------------------------------------------------------------------------------


def test_a_supervisor_sets_his_branchs_hours_and_back_to_the_default(supervisor_a, branch_a):
    services.working_hours_set(
        by=supervisor_a, branch=branch_a, periods=[(T(13), T(17)), (T(8), T(11, 30))]
    )
    assert calendar_for(branch_a).periods == ((T(8), T(11, 30)), (T(13), T(17)))
    entry = AuditEntry.objects.for_object(branch_a).get()
    assert entry.changes["working_hours"] == ["", "08:00–11:30, 13:00–17:00"]

    services.working_hours_set(by=supervisor_a, branch=branch_a, periods=[])
    assert not WorkingHours.objects.filter(branch=branch_a).exists()
    latest = AuditEntry.objects.for_object(branch_a).first()
    assert latest.changes["working_hours"] == ["08:00–11:30, 13:00–17:00", ""]


def test_it_refuses_overlapping_hours_and_keeps_the_old_ones(supervisor_a, branch_a):
    services.working_hours_set(by=supervisor_a, branch=branch_a, periods=[(T(9), T(17))])
    with pytest.raises(DomainError):
        services.working_hours_set(
            by=supervisor_a, branch=branch_a, periods=[(T(8), T(12)), (T(11), T(18))]
        )
    assert calendar_for(branch_a).periods == ((T(9), T(17)),)


def test_another_branchs_hours_are_not_his(supervisor_a, branch_b, manager_hq, agent_a, branch_a):
    with pytest.raises(NotFound):
        services.working_hours_set(by=supervisor_a, branch=branch_b, periods=[(T(9), T(17))])
    with pytest.raises(Forbidden):
        services.working_hours_set(by=agent_a, branch=branch_a, periods=[(T(9), T(17))])
    services.working_hours_set(by=manager_hq, branch=branch_b, periods=[(T(9), T(17))])
    assert calendar_for(branch_b).periods == ((T(9), T(17)),)


# Company days --------------------------------------------------------------------------------


def test_head_office_enters_2027s_official_days_for_all_branches(manager_hq, branch_a, now):
    """The way to a year the official schedule does not know yet."""
    services.company_day_add(
        by=manager_hq, date=D(2027, 1, 1), name="元旦", kind="holiday", now=now
    )
    services.company_day_add(
        by=manager_hq, date=D(2027, 1, 2), name="元旦调休上班", kind="workday", now=now
    )
    cal = calendar_for(branch_a)
    assert D(2027, 1, 1) in cal.holidays and D(2027, 1, 2) in cal.workdays
    entry = AuditEntry.objects.filter(action="company_day_add").first()
    assert entry.actor == manager_hq and entry.changes["name"] == [None, "元旦调休上班"]


def test_a_branch_enters_days_for_itself_only(supervisor_a, branch_a, branch_b, now):
    with pytest.raises(DomainError) as error:
        services.company_day_add(
            by=supervisor_a, date=D(2026, 12, 31), name="年会", kind="holiday", now=now
        )
    assert error.value.field == "branch"
    with pytest.raises(NotFound):
        services.company_day_add(
            by=supervisor_a,
            date=D(2026, 12, 31),
            name="年会",
            kind="holiday",
            branch=branch_b,
            now=now,
        )
    services.company_day_add(
        by=supervisor_a, date=D(2026, 12, 31), name="年会", kind="holiday", branch=branch_a, now=now
    )
    assert D(2026, 12, 31) in calendar_for(branch_a).holidays
    assert D(2026, 12, 31) not in calendar_for(branch_b).holidays


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"date": None}, "date"),
        ({"date": D(2099, 1, 1)}, "date"),
        ({"name": " "}, "name"),
        ({"kind": "party"}, "kind"),
    ],
)
def test_it_refuses_a_bad_day(manager_hq, now, kwargs, field):
    values = {"date": D(2026, 12, 31), "name": "年会", "kind": "holiday", **kwargs}
    with pytest.raises(DomainError) as error:
        services.company_day_add(by=manager_hq, now=now, **values)
    assert error.value.field == field
    assert not CompanyHoliday.objects.exists()


def test_a_day_is_entered_once_per_branch(manager_hq, branch_a, now):
    services.company_day_add(
        by=manager_hq, date=D(2026, 12, 31), name="年会", kind="holiday", now=now
    )
    with pytest.raises(Conflict):
        services.company_day_add(
            by=manager_hq, date=D(2026, 12, 31), name="又一次", kind="holiday", now=now
        )
    # The branch's own entry for the day is another matter: it wins over the one for all.
    services.company_day_add(
        by=manager_hq,
        date=D(2026, 12, 31),
        name="照常上班",
        kind="workday",
        branch=branch_a,
        now=now,
    )
    assert D(2026, 12, 31) in calendar_for(branch_a).workdays


def test_removing_a_day_leaves_its_entry(supervisor_a, manager_hq, branch_a, now):
    for_all = services.company_day_add(
        by=manager_hq, date=D(2026, 12, 31), name="年会", kind="holiday", now=now
    )
    own = services.company_day_add(
        by=supervisor_a,
        date=D(2026, 12, 30),
        name="盘点",
        kind="holiday",
        branch=branch_a,
        now=now,
    )
    with pytest.raises(DomainError):  # a day of all branches is head office's
        services.company_day_remove(by=supervisor_a, day=for_all)
    pk = own.pk
    services.company_day_remove(by=supervisor_a, day=own)
    assert not CompanyHoliday.objects.filter(pk=pk).exists()
    entry = AuditEntry.objects.get(action="company_day_remove")
    assert (entry.object_id, entry.actor) == (str(pk), supervisor_a)
    assert entry.changes["name"] == ["盘点", None]


# Holiday duty roster -------------------------------------------------------------------------


def test_it_puts_a_technician_on_duty_at_a_key_site(
    supervisor_a, technician_a, key_customer_a, now
):
    duty = services.duty_assign(
        by=supervisor_a,
        technician=technician_a,
        site=key_customer_a,
        date=D(2026, 2, 17),
        starts=T(20),
        ends=T(8),
        note="大年初一现场值守",
        now=now,
    )
    assert (duty.branch, duty.site, duty.phone) == (
        technician_a.branch,
        key_customer_a,
        technician_a.phone,
    )
    assert duty.overnight
    entry = AuditEntry.objects.for_object(duty).get()
    assert (entry.action, entry.actor) == ("duty_assign", supervisor_a)
    assert entry.changes["technician"] == [None, technician_a.pk]


def test_the_duty_phone_may_be_another(supervisor_a, technician_a, now):
    duty = services.duty_assign(
        by=supervisor_a,
        technician=technician_a,
        date=D(2026, 10, 1),
        starts=T(8, 30),
        ends=T(17, 30),
        phone="010-6234 5678",
        now=now,
    )
    assert duty.site is None and duty.phone == "+861062345678"


def test_a_customer_under_contract_is_a_key_site_while_the_contract_runs(
    supervisor_a, technician_a, customer_a, unit_a, now
):
    from aftersales.warranty.services import contract_create

    contract_create(
        by=supervisor_a,
        customer=customer_a,
        units=[unit_a],
        start=D(2026, 1, 1),
        end=D(2026, 12, 31),
        annual_fee="1000",
        visits_per_year=4,
        now=now,
    )
    kwargs = {"by": supervisor_a, "technician": technician_a, "site": customer_a, "now": now}
    services.duty_assign(date=D(2026, 10, 1), starts=T(9), ends=T(17), **kwargs)
    with pytest.raises(DomainError) as error:
        services.duty_assign(date=D(2027, 2, 10), starts=T(9), ends=T(17), **kwargs)
    assert error.value.field == "site"


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"site": "regular"}, "site"),
        ({"site": "other_branch"}, "site"),
        ({"starts": T(9), "ends": T(9)}, "ends"),
        ({"starts": None}, "starts"),
        ({"date": None}, "date"),
        ({"phone": "12345"}, "phone"),
    ],
)
def test_it_refuses_a_bad_duty(supervisor_a, technician_a, branch_b, now, change, field):
    sites = {
        "regular": CustomerFactory(name="普通客户", branch=technician_a.branch),
        "other_branch": CustomerFactory(name="上海重点", tier="key", branch=branch_b),
    }
    values = {"date": D(2026, 10, 1), "starts": T(8, 30), "ends": T(17, 30), **change}
    if "site" in change:
        values["site"] = sites[change["site"]]
    with pytest.raises(DomainError) as error:
        services.duty_assign(by=supervisor_a, technician=technician_a, now=now, **values)
    assert error.value.field == field
    assert not DutyAssignment.objects.exists()


def test_a_technician_is_on_duty_once_per_site_and_day(
    supervisor_a, technician_a, key_customer_a, now
):
    kwargs = {
        "by": supervisor_a,
        "technician": technician_a,
        "date": D(2026, 10, 1),
        "starts": T(8, 30),
        "ends": T(17, 30),
        "now": now,
    }
    services.duty_assign(**kwargs)
    with pytest.raises(Conflict):
        services.duty_assign(**kwargs)
    services.duty_assign(site=key_customer_a, **kwargs)  # on site as well: another duty
    with pytest.raises(Conflict):
        services.duty_assign(site=key_customer_a, **kwargs)
    assert DutyAssignment.objects.count() == 2


def test_another_branchs_technician_is_not_his_to_send(supervisor_a, technician_b, now):
    with pytest.raises(NotFound):
        services.duty_assign(
            by=supervisor_a,
            technician=technician_b,
            date=D(2026, 10, 1),
            starts=T(8, 30),
            ends=T(17, 30),
            now=now,
        )


def test_it_removes_a_duty_with_its_entry(supervisor_a, supervisor_b, technician_a, now):
    duty = services.duty_assign(
        by=supervisor_a,
        technician=technician_a,
        date=D(2026, 10, 1),
        starts=T(8, 30),
        ends=T(17, 30),
        now=now,
    )
    with pytest.raises(NotFound):
        services.duty_remove(by=supervisor_b, duty=duty)
    pk = duty.pk
    services.duty_remove(by=supervisor_a, duty=duty)
    assert not DutyAssignment.objects.filter(pk=pk).exists()
    entry = AuditEntry.objects.get(action="duty_remove")
    assert entry.object_id == str(pk) and entry.changes["technician"] == [technician_a.pk, None]


def test_a_technician_may_not_plan_duty(technician_a, now):
    with pytest.raises(Forbidden):
        services.duty_assign(
            by=technician_a.user,
            technician=technician_a,
            date=timezone.localdate(now),
            starts=T(8, 30),
            ends=T(17, 30),
            now=now,
        )


def test_an_inactive_technician_is_not_put_on_duty(supervisor_a, branch_a, now):
    gone = TechnicianFactory(
        user=UserFactory(username="gone", role=Role.TECHNICIAN, branch=branch_a), is_active=False
    )
    with pytest.raises(DomainError) as error:
        services.duty_assign(
            by=supervisor_a, technician=gone, date=D(2026, 10, 1), starts=T(9), ends=T(17), now=now
        )
    assert error.value.field == "technician"
