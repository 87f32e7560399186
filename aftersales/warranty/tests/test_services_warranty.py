"""Contracts, the three-guarantee table and the work order's category, through the services."""

import datetime as dt
from decimal import Decimal

import pytest

from aftersales.core.exceptions import DomainError, Forbidden
from aftersales.core.models import AuditEntry
from aftersales.factories import UnitFactory
from aftersales.warranty import services
from aftersales.warranty.models import MaintenanceContract, ThreeGuaranteeRule
from aftersales.workorders.models import Kind, ServiceCategory
from aftersales.workorders.services import work_order_create, work_order_override_category

pytestmark = pytest.mark.django_db


def _contract(by, customer, units, start, end, now, **kw):
    return services.contract_create(
        by=by,
        customer=customer,
        units=units,
        start=start,
        end=end,
        annual_fee=kw.get("fee", "800"),
        visits_per_year=kw.get("visits", 2),
        now=now,
    )


def test_it_numbers_a_contract_by_month_and_audits_it_with_its_units(contract_a, unit_a):
    assert contract_a.number.startswith("MC") and contract_a.number.endswith("-00001")
    assert contract_a.branch == contract_a.customer.branch
    assert contract_a.annual_fee == Decimal("1200.00")
    entry = AuditEntry.objects.for_object(contract_a).get()
    assert entry.action == "contract_create"
    assert entry.changes["units"] == [None, [str(unit_a)]]


def test_it_refuses_another_customers_unit(supervisor_a, customer_a, unit_b, today, now):
    with pytest.raises(DomainError) as error:
        _contract(supervisor_a, customer_a, [unit_b], today, today, now)
    assert error.value.field == "units"
    assert MaintenanceContract.objects.count() == 0


@pytest.mark.parametrize(
    ("field", "kwargs"),
    [
        ("units", {"units": []}),
        ("end", {"end": -1}),
        ("annual_fee", {"fee": "-5"}),
        ("annual_fee", {"fee": "lots"}),
        ("visits_per_year", {"visits": 53}),
    ],
)
def test_it_refuses_bad_terms_and_files_nothing(
    supervisor_a, customer_a, unit_a, today, now, field, kwargs
):
    units = kwargs.pop("units", [unit_a])
    end = today + dt.timedelta(days=kwargs.pop("end", 30))
    with pytest.raises(DomainError) as error:
        _contract(supervisor_a, customer_a, units, today, end, now, **kwargs)
    assert error.value.field == field
    assert MaintenanceContract.objects.count() == 0
    assert AuditEntry.objects.count() == 0


def test_a_unit_is_under_one_contract_at_a_time(contract_a, supervisor_a, customer_a, unit_a, now):
    with pytest.raises(DomainError) as error:
        _contract(supervisor_a, customer_a, [unit_a], contract_a.end, contract_a.end, now)
    assert error.value.code == "contract_overlap"
    assert contract_a.number in error.value.message


def test_an_agent_may_not_file_a_contract(agent_a, customer_a, unit_a, today, now):
    with pytest.raises(Forbidden):
        _contract(agent_a, customer_a, [unit_a], today, today, now)


def test_it_renews_from_the_day_after_the_end_with_the_same_units(
    contract_a, manager_hq, now, unit_a
):
    renewal = services.contract_renew(
        by=manager_hq,
        contract=contract_a,
        end=contract_a.end + dt.timedelta(days=365),
        now=now,
        annual_fee="1300",
    )
    assert renewal.start == contract_a.end + dt.timedelta(days=1)
    assert list(renewal.units.all()) == [unit_a]
    assert (renewal.annual_fee, renewal.visits_per_year) == (Decimal("1300.00"), 2)
    assert renewal.renewal_of == contract_a
    with pytest.raises(DomainError):
        services.contract_renew(by=manager_hq, contract=contract_a, end=renewal.end, now=now)


def test_it_cancels_with_a_reason_and_then_the_unit_is_no_longer_b(
    contract_a, supervisor_a, agent_a, customer_a, unit_a, now
):
    with pytest.raises(DomainError):
        services.contract_cancel(by=supervisor_a, contract=contract_a, reason=" ", now=now)
    services.contract_cancel(by=supervisor_a, contract=contract_a, reason="客户停业", now=now)
    contract_a.refresh_from_db()
    assert contract_a.status == MaintenanceContract.Status.CANCELLED
    order = work_order_create(by=agent_a, customer=customer_a, unit=unit_a, symptom="漏水", now=now)
    assert order.category == ServiceCategory.FREE
    with pytest.raises(DomainError):
        services.contract_renew(by=supervisor_a, contract=contract_a, end=contract_a.end, now=now)


def test_a_work_order_on_a_contract_unit_is_b_with_its_reason(
    contract_a, agent_a, customer_a, unit_a, now
):
    order = work_order_create(by=agent_a, customer=customer_a, unit=unit_a, symptom="漏水", now=now)
    order.refresh_from_db()
    assert order.category == ServiceCategory.CONTRACT
    assert order.category_basis["contract"] == contract_a.number
    assert contract_a.number in order.category_reason
    assert not order.category_overridden


def test_a_work_order_stores_the_warranty_reason(agent_a, customer_a, unit_a, now):
    order = work_order_create(by=agent_a, customer=customer_a, unit=unit_a, symptom="漏水", now=now)
    order.refresh_from_db()
    assert order.category == ServiceCategory.FREE
    assert order.category_basis["code"] == "in_warranty"
    assert unit_a.warranty_end.isoformat() in order.category_reason


def test_a_category_chosen_at_registration_is_marked_as_set_by_hand(
    supervisor_a, customer_a, unit_a, now
):
    order = work_order_create(
        by=supervisor_a,
        customer=customer_a,
        unit=unit_a,
        symptom="漏水",
        now=now,
        category=ServiceCategory.PAID,
        category_reason="人为摔坏，不在保修范围",
    )
    assert (order.category, order.category_overridden) == (ServiceCategory.PAID, True)
    assert order.category_basis["code"] == "in_warranty"  # what the rule said stays
    entry = AuditEntry.objects.get(object_id=str(order.pk), action="create")
    assert entry.note == "人为摔坏，不在保修范围"


def test_the_rule_s_own_category_chosen_at_registration_is_not_an_override(
    agent_a, customer_a, unit_a, now
):
    order = work_order_create(
        by=agent_a,
        customer=customer_a,
        unit=unit_a,
        symptom="漏水",
        now=now,
        category=ServiceCategory.FREE,
    )
    assert (order.category, order.category_overridden) == (ServiceCategory.FREE, False)


def test_training_is_internal_work(agent_a, customer_a, now):
    order = work_order_create(
        by=agent_a, customer=customer_a, symptom="培训", kind=Kind.TRAINING, now=now
    )
    assert order.category == ServiceCategory.INTERNAL


def test_a_supervisor_overrides_the_category_with_a_reason_kept_in_the_trail(
    agent_a, supervisor_a, customer_a, unit_a, now
):
    order = work_order_create(by=agent_a, customer=customer_a, unit=unit_a, symptom="摔坏", now=now)
    with pytest.raises(DomainError) as error:
        work_order_override_category(order=order, by=supervisor_a, category="A", reason="", now=now)
    assert error.value.field == "reason"
    with pytest.raises(DomainError):
        work_order_override_category(
            order=order, by=supervisor_a, category="C", reason="x", now=now
        )
    work_order_override_category(
        order=order, by=supervisor_a, category="A", reason="人为摔坏，不属保修", now=now
    )
    order.refresh_from_db()
    assert (order.category, order.category_overridden) == ("A", True)
    assert order.category_note == "人为摔坏，不属保修"
    entry = AuditEntry.objects.for_object(order).filter(action="override_category").get()
    assert entry.actor == supervisor_a
    assert entry.changes["category"] == ["C", "A"]
    assert entry.note == "人为摔坏，不属保修"


def test_an_agent_may_not_override_the_category(agent_a, customer_a, unit_a, now):
    order = work_order_create(by=agent_a, customer=customer_a, unit=unit_a, symptom="摔坏", now=now)
    with pytest.raises(Forbidden):
        work_order_override_category(order=order, by=agent_a, category="A", reason="x", now=now)
    order.refresh_from_db()
    assert order.category == "C"


# The three-guarantee table -------------------------------------------------------------------


def test_it_adds_a_categorys_row(manager_hq, aircon):
    rule = services.three_guarantee_rule_save(
        by=manager_hq, category=aircon, days=30, remedies=["exchange", "repair"]
    )
    assert (rule.category, rule.days, rule.remedies) == (aircon, 30, ["exchange", "repair"])


@pytest.mark.parametrize(
    ("days", "remedies", "field"),
    [
        (0, ["repair"], "days"),
        (-3, ["repair"], "days"),
        ("x", ["repair"], "days"),
        (30, [], "remedies"),
        (30, ["refund"], "remedies"),
        (7, ["repair"], "days"),
    ],
)
def test_it_refuses_a_bad_row(manager_hq, days, remedies, field):
    before = ThreeGuaranteeRule.objects.count()
    with pytest.raises(DomainError) as error:
        services.three_guarantee_rule_save(
            by=manager_hq, category=None, days=days, remedies=remedies
        )
    assert error.value.field == field  # 7: the default table has a 7-day row already
    assert ThreeGuaranteeRule.objects.count() == before


def test_it_changes_and_deletes_a_row_with_audit(manager_hq):
    row = ThreeGuaranteeRule.objects.get(category=None, days=15)
    services.three_guarantee_rule_save(
        by=manager_hq, rule=row, category=None, days=20, remedies=["exchange", "repair"]
    )
    row.refresh_from_db()
    assert row.days == 20
    assert AuditEntry.objects.for_object(row).get().changes["days"] == [15, 20]
    pk = row.pk
    services.three_guarantee_rule_delete(by=manager_hq, rule=row)
    assert not ThreeGuaranteeRule.objects.filter(pk=pk).exists()
    entry = AuditEntry.objects.filter(action="three_guarantee_rule_delete").get()
    assert (entry.object_id, entry.actor) == (str(pk), manager_hq)
    assert entry.changes["days"] == [20, None]


def test_a_supervisor_may_not_edit_the_table(supervisor_a):
    with pytest.raises(Forbidden):
        services.three_guarantee_rule_save(
            by=supervisor_a, category=None, days=30, remedies=["repair"]
        )


def test_entitlement_today_counts_days_since_purchase(customer_a, aircon_model, today):
    from aftersales.warranty.selectors import entitlement

    unit = UnitFactory(
        customer=customer_a,
        model=aircon_model,
        serial="N1",
        purchase_date=today - dt.timedelta(days=10),
    )
    result = entitlement(unit, today)
    assert (result.days, result.remedies) == (10, ["exchange", "repair"])
