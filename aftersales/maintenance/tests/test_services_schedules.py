"""Checklists and schedules: what a schedule is planned on, planning its visits once, changing
and stopping it; by role and branch (fixed clock: 12 May 2026)."""

import datetime as dt

import pytest

from aftersales.core.exceptions import Conflict, DomainError, Forbidden, NotFound
from aftersales.core.models import AuditEntry
from aftersales.factories import UnitFactory
from aftersales.maintenance import services
from aftersales.maintenance.models import (
    ChecklistItem,
    ChecklistTemplate,
    Frequency,
    MaintenanceSchedule,
    Visit,
)
from aftersales.warranty.services import contract_cancel

from .conftest import GAS_ITEMS, NOW

D = dt.date


# Checklists ------------------------------------------------------------------------------------


def test_a_checklist_keeps_its_items_in_order_with_their_ranges(gas_checklist):
    items = list(gas_checklist.items.all())
    assert [i.label for i in items] == ["进口压力", "出口压力", "泄漏检测", "备注拍照"]
    assert items[0].range_text == "2.0–3.0 kPa" and items[0].is_reading
    assert items[2].kind == ChecklistItem.Kind.CHECK and items[2].required
    assert items[3].required is False
    entry = AuditEntry.objects.for_object(gas_checklist).get()
    assert entry.changes["items"][1][0] == "1. 进口压力 (2.0–3.0 kPa)"


@pytest.mark.parametrize(
    ("items", "field"),
    [
        ([], "items"),
        ([{"label": " ", "kind": "check"}], "items"),
        ([{"label": "进口压力", "kind": "reading", "minimum": "3", "maximum": "2"}], "items"),
        ([{"label": "泄漏检测", "kind": "check", "minimum": "1"}], "items"),
        ([{"label": "进口压力", "kind": "reading", "minimum": "abc"}], "items"),
        ([{"label": "进口压力", "kind": "gauge"}], "items"),
    ],
)
def test_a_bad_checklist_is_refused_and_nothing_is_saved(supervisor_a, items, field):
    with pytest.raises(DomainError) as error:
        services.checklist_template_create(by=supervisor_a, now=NOW, name="巡检表", items=items)
    assert error.value.field == field
    assert not ChecklistTemplate.objects.exists()
    assert not AuditEntry.objects.exists()


def test_a_checklist_name_is_used_once(gas_checklist, supervisor_a):
    with pytest.raises(Conflict):
        services.checklist_template_create(
            by=supervisor_a, now=NOW, name="燃气设施月检", items=GAS_ITEMS
        )
    assert ChecklistTemplate.objects.count() == 1


def test_only_the_planners_make_checklists(technician_a):
    with pytest.raises(Forbidden):
        services.checklist_template_create(
            by=technician_a.user, now=NOW, name="巡检表", items=GAS_ITEMS
        )


# Schedules -------------------------------------------------------------------------------------


def test_a_contract_schedule_runs_to_the_contract_end_and_plans_the_coming_weeks(
    schedule_a, contract_a, supervisor_a
):
    assert schedule_a.branch == contract_a.branch and schedule_a.customer == contract_a.customer
    assert schedule_a.ends_on == D(2026, 12, 31)
    # From the fixed clock's day, 30 days ahead: 5 June only (5 May is past).
    assert list(schedule_a.visits.values_list("planned_on", flat=True)) == [D(2026, 6, 5)]
    entry = AuditEntry.objects.for_object(schedule_a).get()
    assert (entry.action, entry.actor) == ("schedule_create", supervisor_a)


def test_a_unit_schedule_needs_no_contract_and_may_run_without_end(
    supervisor_a, unit_a, gas_checklist
):
    schedule = services.schedule_create(
        by=supervisor_a,
        now=NOW,
        unit=unit_a,
        frequency=Frequency.BIWEEKLY,
        checklist=gas_checklist,
        starts_on=D(2026, 5, 12),
        min_people=2,
    )
    assert (schedule.contract, schedule.ends_on, schedule.customer) == (None, None, unit_a.customer)
    assert list(schedule.visits.values_list("planned_on", flat=True)) == [
        D(2026, 5, 12),
        D(2026, 5, 26),
        D(2026, 6, 9),
    ]


def test_a_schedule_needs_a_contract_or_a_unit(supervisor_a, gas_checklist):
    with pytest.raises(DomainError) as error:
        services.schedule_create(
            by=supervisor_a,
            now=NOW,
            frequency=Frequency.MONTHLY,
            checklist=gas_checklist,
            starts_on=D(2026, 6, 1),
        )
    assert error.value.field == "contract"
    assert not MaintenanceSchedule.objects.exists()


def test_the_database_refuses_a_schedule_without_contract_or_unit(
    supervisor_a, customer_a, gas_checklist, branch_a
):
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        MaintenanceSchedule.objects.create(
            branch=branch_a,
            customer=customer_a,
            frequency=Frequency.MONTHLY,
            checklist=gas_checklist,
            starts_on=D(2026, 6, 1),
            created_by=supervisor_a,
            created_at=NOW,
        )


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"starts_on": D(2025, 12, 1)}, "starts_on"),  # before the contract
        ({"ends_on": D(2027, 3, 1)}, "ends_on"),  # past the contract
        ({"ends_on": D(2026, 1, 1), "starts_on": D(2026, 2, 1)}, "ends_on"),
        ({"frequency": "weekly"}, "frequency"),
        ({"min_people": 0}, "min_people"),
        ({"min_people": "x"}, "min_people"),
        ({"checklist": None}, "checklist"),
        ({"starts_on": None}, "starts_on"),
    ],
)
def test_bad_terms_are_refused_on_their_field(
    supervisor_a, contract_a, gas_checklist, changes, field
):
    args = {
        "by": supervisor_a,
        "now": NOW,
        "contract": contract_a,
        "frequency": Frequency.MONTHLY,
        "checklist": gas_checklist,
        "starts_on": D(2026, 6, 1),
        **changes,
    }
    with pytest.raises(DomainError) as error:
        services.schedule_create(**args)
    assert error.value.field == field
    assert not MaintenanceSchedule.objects.exists()
    assert not Visit.objects.exists()


def test_a_unit_not_under_the_contract_or_a_cancelled_contract_is_refused(
    supervisor_a, contract_a, gas_checklist, customer_a, aircon_model
):
    other = UnitFactory(customer=customer_a, model=aircon_model, serial="GREE0099")
    args = {
        "by": supervisor_a,
        "now": NOW,
        "contract": contract_a,
        "frequency": Frequency.MONTHLY,
        "checklist": gas_checklist,
        "starts_on": D(2026, 6, 1),
    }
    with pytest.raises(DomainError) as error:
        services.schedule_create(**args, unit=other)
    assert error.value.field == "unit"
    contract_cancel(by=supervisor_a, contract=contract_a, reason="客户设备报废", now=NOW)
    contract_a.refresh_from_db()
    with pytest.raises(DomainError) as error:
        services.schedule_create(**args)
    assert error.value.field == "contract"
    assert not MaintenanceSchedule.objects.exists()


def test_the_same_work_is_planned_once(schedule_a, supervisor_a, contract_a, gas_checklist):
    with pytest.raises(Conflict) as error:
        services.schedule_create(
            by=supervisor_a,
            now=NOW,
            contract=contract_a,
            frequency=Frequency.MONTHLY,
            checklist=gas_checklist,
            starts_on=D(2026, 2, 1),
        )
    assert error.value.code == "duplicate"
    assert MaintenanceSchedule.objects.count() == 1
    # Another frequency with the same checklist is other work: spring and autumn overhauls.
    services.schedule_create(
        by=supervisor_a,
        now=NOW,
        contract=contract_a,
        frequency=Frequency.SPRING_AUTUMN,
        checklist=gas_checklist,
        starts_on=D(2026, 1, 15),
    )


def test_only_planners_of_the_branch_make_schedules(
    technician_a, supervisor_b, contract_a, gas_checklist
):
    args = {
        "now": NOW,
        "contract": contract_a,
        "frequency": Frequency.MONTHLY,
        "checklist": gas_checklist,
        "starts_on": D(2026, 6, 1),
    }
    with pytest.raises(Forbidden):
        services.schedule_create(by=technician_a.user, **args)
    with pytest.raises(NotFound):
        services.schedule_create(by=supervisor_b, **args)
    assert not MaintenanceSchedule.objects.exists()


def test_head_office_plans_for_any_branch(manager_hq, contract_a, gas_checklist):
    schedule = services.schedule_create(
        by=manager_hq,
        now=NOW,
        contract=contract_a,
        frequency=Frequency.YEARLY,
        checklist=gas_checklist,
        starts_on=D(2026, 6, 1),
    )
    assert schedule.branch == contract_a.branch


# Planning --------------------------------------------------------------------------------------


def test_planning_a_period_twice_plans_each_day_once(schedule_a, supervisor_a):
    first = services.visit_plan(
        by=supervisor_a, now=NOW, schedule=schedule_a, start=D(2026, 1, 1), until=D(2026, 8, 31)
    )
    again = services.visit_plan(
        by=supervisor_a, now=NOW, schedule=schedule_a, start=D(2026, 1, 1), until=D(2026, 8, 31)
    )
    # 5 June was planned with the schedule; January–August brings the seven others.
    assert [v.planned_on.month for v in first] == [1, 2, 3, 4, 5, 7, 8]
    assert again == []
    assert schedule_a.visits.count() == 8
    for visit in first:
        assert AuditEntry.objects.for_object(visit).get().action == "visit_plan"


def test_planning_stays_within_the_schedule(schedule_a, supervisor_a):
    planned = services.visit_plan(
        by=supervisor_a, now=NOW, schedule=schedule_a, start=D(2026, 11, 1), until=D(2027, 6, 1)
    )
    assert [v.planned_on for v in planned] == [D(2026, 11, 5), D(2026, 12, 5)]


@pytest.mark.parametrize(
    ("start", "until", "field"),
    [
        (None, D(2026, 6, 1), "start"),
        (D(2026, 6, 1), None, "until"),
        (D(2026, 6, 1), D(2026, 5, 1), "until"),
        (D(2026, 1, 1), D(2030, 1, 1), "until"),
    ],
)
def test_a_bad_period_is_refused(schedule_a, supervisor_a, start, until, field):
    visits = Visit.objects.count()
    with pytest.raises(DomainError) as error:
        services.visit_plan(by=supervisor_a, now=NOW, schedule=schedule_a, start=start, until=until)
    assert error.value.field == field
    assert Visit.objects.count() == visits


def test_the_unique_day_holds_in_the_database(schedule_a):
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        Visit.objects.create(schedule=schedule_a, planned_on=D(2026, 6, 5))


# Changing and stopping -------------------------------------------------------------------------


def test_changing_the_frequency_takes_stale_planned_visits_off_the_plan(
    schedule_a, supervisor_a, visit_a
):
    services.visit_plan(
        by=supervisor_a, now=NOW, schedule=schedule_a, start=D(2026, 6, 1), until=D(2026, 8, 31)
    )
    schedule = services.schedule_update(
        by=supervisor_a,
        now=NOW,
        schedule=schedule_a,
        frequency=Frequency.SPRING_AUTUMN,
        checklist=schedule_a.checklist,
        starts_on=schedule_a.starts_on,
        ends_on=None,
        min_people=3,
    )
    assert schedule.min_people == 3 and schedule.ends_on == D(2026, 12, 31)
    # June–August monthly visits are gone; the overdue visit of 5 May (before today) stays.
    assert list(schedule.visits.values_list("planned_on", flat=True)) == [D(2026, 5, 5)]
    entry = AuditEntry.objects.for_object(schedule).first()
    assert entry.action == "schedule_update"
    assert entry.changes["frequency"] == ["monthly", "spring_autumn"]
    assert entry.changes["visits taken off the plan"][0] == [
        "2026-06-05",
        "2026-07-05",
        "2026-08-05",
    ]


def test_stopping_a_schedule_cancels_its_planned_visits(schedule_a, supervisor_a, visit_a):
    with pytest.raises(DomainError) as error:
        services.schedule_stop(by=supervisor_a, now=NOW, schedule=schedule_a, reason="")
    assert error.value.field == "reason"
    schedule = services.schedule_stop(
        by=supervisor_a, now=NOW, schedule=schedule_a, reason="客户搬迁"
    )
    assert (schedule.active, schedule.stop_reason, schedule.stopped_at) == (False, "客户搬迁", NOW)
    assert set(schedule.visits.values_list("status", flat=True)) == {Visit.Status.CANCELLED}
    with pytest.raises(Conflict):
        services.schedule_stop(by=supervisor_a, now=NOW, schedule=schedule_a, reason="again")
    with pytest.raises(Conflict):
        services.visit_plan(
            by=supervisor_a, now=NOW, schedule=schedule_a, start=D(2026, 6, 1), until=D(2026, 9, 1)
        )
    # A new schedule of the same work may be made once the old one is stopped.
    services.schedule_create(
        by=supervisor_a,
        now=NOW,
        contract=schedule_a.contract,
        frequency=Frequency.MONTHLY,
        checklist=schedule_a.checklist,
        starts_on=D(2026, 6, 1),
    )


def test_another_branch_cannot_change_or_stop_the_schedule(schedule_a, supervisor_b):
    with pytest.raises(NotFound):
        services.schedule_stop(by=supervisor_b, now=NOW, schedule=schedule_a, reason="x")
    with pytest.raises(NotFound):
        services.visit_plan(
            by=supervisor_b, now=NOW, schedule=schedule_a, start=D(2026, 6, 1), until=D(2026, 9, 1)
        )
    schedule_a.refresh_from_db()
    assert schedule_a.active
