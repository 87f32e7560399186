"""Writes of preventive maintenance: checklists, schedules, and their visits from planned to
recorded (or cancelled), each in a transaction and audited.

- The service heads plan (Cap.PLAN_MAINTENANCE): 技术部应按照维护合同要求及本公司制度要求制定维护
  工作週期表 (000 篇9 4.2.1).
- The technicians record each visit on site (Cap.FIELD_WORK): every item of the checklist, the
  people who did it — at least the schedule's minimum (巡检调压站时，不得少于两人, 000 篇5 第八条)
  — and the customer's signature (填写《维护登记表》，执行签字蓋章手续, 000 篇9 4.1.4).
- A reading out of its allowed range, or an item found not OK, opens one repair work order for the
  visit (发现数据异常，部门经理及时安排人员现场核实、维修, 000 篇5 第六条).
"""

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from aftersales.accounts.models import Role, User
from aftersales.accounts.policy import Cap, can, require
from aftersales.core import audit
from aftersales.core.exceptions import Conflict, DomainError, NotFound
from aftersales.core.uploads import checked_image
from aftersales.core.validation import required_text
from aftersales.customers.models import Customer, ProductCategory, Unit
from aftersales.dispatch.models import Technician
from aftersales.warranty.models import MaintenanceContract
from aftersales.workorders.models import Kind, ServiceCategory, WorkOrder

from . import rules
from .conf import setting
from .models import (
    ChecklistItem,
    ChecklistTemplate,
    Frequency,
    MaintenanceSchedule,
    Reading,
    Visit,
)
from .notices import tell_supervisors

MAX_PEOPLE = 10
MAX_ITEMS = 60
# A period planned at once: long enough for one visit of a three-yearly schedule.
MAX_PLAN_DAYS = 3 * 366 + 1
READING_LIMIT = Decimal("1000000000")
THOUSANDTH = Decimal("0.001")
St = Visit.Status


def _in_scope(by: User, branch_id: int) -> None:
    """Another branch's record is not found (policy.get_in_scope)."""
    if not by.sees_all_branches and branch_id != by.branch_id:
        raise NotFound(_("No such record."))


def _decimal(value: Any, *, field: str, message: str) -> Decimal | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    try:
        number = Decimal(str(value).strip().replace(",", "."))
    except (InvalidOperation, ValueError) as exc:
        raise DomainError(message, field=field) from exc
    if not number.is_finite() or abs(number) >= READING_LIMIT:
        raise DomainError(message, field=field)
    return number.quantize(THOUSANDTH)


def _today(now: dt.datetime) -> dt.date:
    return timezone.localdate(now)


# Checklists ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ItemIn:
    """One line of a new checklist: a check (OK / not OK) or a reading with its allowed range."""

    label: str
    kind: str = ChecklistItem.Kind.CHECK
    unit: str = ""
    minimum: Any = None
    maximum: Any = None
    required: bool = True


def _item(row: ItemIn | Mapping[str, Any], number: int) -> ChecklistItem:
    row = row if isinstance(row, ItemIn) else ItemIn(**dict(row))
    where = {"n": number}
    label = required_text(row.label, "items", _("Item %(n)d: enter what is checked.") % where)[:100]
    if row.kind not in ChecklistItem.Kind.values:
        raise DomainError(_("Item %(n)d: unknown kind of item.") % where, field="items")
    minimum = _decimal(
        row.minimum, field="items", message=_("Item %(n)d: the minimum is not a number.") % where
    )
    maximum = _decimal(
        row.maximum, field="items", message=_("Item %(n)d: the maximum is not a number.") % where
    )
    if row.kind == ChecklistItem.Kind.CHECK and (minimum is not None or maximum is not None):
        raise DomainError(
            _("Item %(n)d: only a reading has an allowed range.") % where, field="items"
        )
    if minimum is not None and maximum is not None and minimum > maximum:
        raise DomainError(_("Item %(n)d: the minimum is above the maximum.") % where, field="items")
    return ChecklistItem(
        order=number,
        label=label,
        kind=row.kind,
        unit=(row.unit or "").strip()[:20] if row.kind == ChecklistItem.Kind.READING else "",
        minimum=minimum,
        maximum=maximum,
        required=bool(row.required),
    )


def checklist_template_create(
    *,
    by: User,
    now: dt.datetime,
    name: str,
    items: Iterable[ItemIn | Mapping[str, Any]],
    product_category: ProductCategory | None = None,
    notes: str = "",
) -> ChecklistTemplate:
    """A checklist for visits: its items in order, each a check or a reading with its allowed
    range (e.g. 进口压力 2.0–3.0 kPa, 000 篇5 第七条1)."""
    require(by, Cap.PLAN_MAINTENANCE)
    name = required_text(name, "name", _("Name the checklist."))[:100]
    rows = [_item(row, number) for number, row in enumerate(items, start=1)]
    if not rows:
        raise DomainError(_("Add at least one item to the checklist."), field="items")
    if len(rows) > MAX_ITEMS:
        raise DomainError(
            _("A checklist has at most %(max)d items.") % {"max": MAX_ITEMS}, field="items"
        )
    duplicate = Conflict(
        _("A checklist of this name exists already."), field="name", code="duplicate"
    )
    if ChecklistTemplate.objects.filter(name=name).exists():
        raise duplicate
    try:
        with transaction.atomic():
            template = ChecklistTemplate.objects.create(
                name=name,
                product_category=product_category,
                notes=(notes or "").strip(),
                created_by=by,
                created_at=now,
            )
            for row in rows:
                row.template = template
            ChecklistItem.objects.bulk_create(rows)
            changes = audit.diff({}, audit.snapshot(template))
            changes["items"] = [None, [_item_text(row) for row in rows]]
            audit.record(template, by=by, action="checklist_template_create", changes=changes)
    except IntegrityError as exc:  # the same name entered at the same instant
        raise duplicate from exc
    return template


def _item_text(item: ChecklistItem) -> str:
    shown = f"{item.order}. {item.label}"
    return f"{shown} ({item.range_text})" if item.range_text else shown


# Schedules -------------------------------------------------------------------------------------


def _people(value: Any) -> int:
    message = _("Enter how many people the visit needs, from 1 to %(max)d.") % {"max": MAX_PEOPLE}
    try:
        people = int(value)
    except (TypeError, ValueError) as exc:
        raise DomainError(message, field="min_people") from exc
    if not 1 <= people <= MAX_PEOPLE:
        raise DomainError(message, field="min_people")
    return people


def _terms(
    *,
    frequency: str,
    checklist: ChecklistTemplate | None,
    starts_on: dt.date | None,
    ends_on: dt.date | None,
    contract: MaintenanceContract | None,
) -> dt.date | None:
    """Check what a schedule is planned on; the end it runs to (the contract's by default)."""
    if frequency not in Frequency.values:
        raise DomainError(_("Choose how often the visits fall due."), field="frequency")
    if checklist is None:
        raise DomainError(_("Choose the checklist of the visits."), field="checklist")
    if starts_on is None:
        raise DomainError(_("Enter the day of the first visit."), field="starts_on")
    if contract is not None:
        ends_on = ends_on or contract.end
        if not contract.start <= starts_on <= contract.end:
            raise DomainError(
                _("The first visit must fall within the contract, %(start)s – %(end)s.")
                % {"start": contract.start.isoformat(), "end": contract.end.isoformat()},
                field="starts_on",
            )
        if ends_on > contract.end:
            raise DomainError(
                _("The schedule cannot run past the end of the contract, %(end)s.")
                % {"end": contract.end.isoformat()},
                field="ends_on",
            )
    if ends_on is not None and ends_on < starts_on:
        raise DomainError(_("The schedule cannot end before it starts."), field="ends_on")
    return ends_on


def _no_twin(
    *,
    contract: MaintenanceContract | None,
    unit: Unit | None,
    frequency: str,
    checklist: ChecklistTemplate,
    exclude: int | None = None,
) -> Conflict:
    duplicate = Conflict(
        _(
            "This work is planned already: an active schedule with the same frequency and "
            "checklist covers it."
        ),
        field="frequency",
        code="duplicate",
    )
    twins = MaintenanceSchedule.objects.filter(
        active=True, contract=contract, unit=unit, frequency=frequency, checklist=checklist
    )
    if exclude is not None:
        twins = twins.exclude(pk=exclude)
    if twins.exists():
        raise duplicate
    return duplicate


def schedule_create(
    *,
    by: User,
    now: dt.datetime,
    frequency: str,
    checklist: ChecklistTemplate | None,
    starts_on: dt.date | None,
    contract: MaintenanceContract | None = None,
    unit: Unit | None = None,
    customer: Customer | None = None,
    min_people: Any = 1,
    ends_on: dt.date | None = None,
    notes: str = "",
) -> MaintenanceSchedule:
    """A schedule for a maintenance contract's units, or for one installed unit (with or without
    a contract); its visits of the coming weeks are planned at once."""
    require(by, Cap.PLAN_MAINTENANCE)
    if contract is None and unit is None:
        raise DomainError(
            _("Choose the maintenance contract or the unit to be maintained."), field="contract"
        )
    owner = contract.customer if contract is not None else unit.customer
    _in_scope(by, owner.branch_id)
    if customer is not None and customer.pk != owner.pk:
        raise DomainError(_("The contract or unit belongs to another customer."), field="customer")
    if contract is not None:
        if contract.status != MaintenanceContract.Status.ACTIVE:
            raise DomainError(_("The contract is cancelled."), field="contract")
        if unit is not None and not contract.units.filter(pk=unit.pk).exists():
            raise DomainError(_("The unit is not under this contract."), field="unit")
    ends_on = _terms(
        frequency=frequency,
        checklist=checklist,
        starts_on=starts_on,
        ends_on=ends_on,
        contract=contract,
    )
    people = _people(min_people)
    duplicate = _no_twin(contract=contract, unit=unit, frequency=frequency, checklist=checklist)
    try:
        with transaction.atomic():
            schedule = MaintenanceSchedule.objects.create(
                branch=owner.branch,
                customer=owner,
                contract=contract,
                unit=unit,
                frequency=frequency,
                checklist=checklist,
                min_people=people,
                starts_on=starts_on,
                ends_on=ends_on,
                notes=(notes or "").strip(),
                created_by=by,
                created_at=now,
            )
            audit.record(schedule, by=by, action="schedule_create")
            _plan_ahead(schedule, by=by, now=now)
    except IntegrityError as exc:  # the same schedule filed twice at the same instant
        raise duplicate from exc
    return schedule


def _locked(schedule: MaintenanceSchedule) -> MaintenanceSchedule:
    return (
        MaintenanceSchedule.objects.select_for_update(of=("self",))
        .select_related("contract", "customer", "branch")
        .get(pk=schedule.pk)
    )


@transaction.atomic
def schedule_update(
    *,
    by: User,
    now: dt.datetime,
    schedule: MaintenanceSchedule,
    frequency: str,
    checklist: ChecklistTemplate | None,
    starts_on: dt.date | None,
    ends_on: dt.date | None = None,
    min_people: Any = 1,
    notes: str = "",
) -> MaintenanceSchedule:
    """Change how often, with what and by how many a schedule's visits are done. Planned visits
    from today that no longer fall on the schedule's days are taken off the plan (they were only
    planned); the coming weeks are planned again."""
    require(by, Cap.PLAN_MAINTENANCE)
    schedule = _locked(schedule)
    _in_scope(by, schedule.branch_id)
    if not schedule.active:
        raise Conflict(_("A stopped schedule cannot be changed."), code="stopped")
    ends_on = _terms(
        frequency=frequency,
        checklist=checklist,
        starts_on=starts_on,
        ends_on=ends_on,
        contract=schedule.contract,
    )
    people = _people(min_people)
    _no_twin(
        contract=schedule.contract,
        unit=schedule.unit,
        frequency=frequency,
        checklist=checklist,
        exclude=schedule.pk,
    )
    before = audit.snapshot(schedule)
    schedule.frequency = frequency
    schedule.checklist = checklist
    schedule.starts_on = starts_on
    schedule.ends_on = ends_on
    schedule.min_people = people
    schedule.notes = (notes or "").strip()
    schedule.save()
    today = _today(now)
    planned = schedule.visits.filter(status=St.PLANNED, planned_on__gte=today)
    last = planned.order_by("-planned_on").values_list("planned_on", flat=True).first()
    stale: list[str] = []
    if last is not None:
        keep = set(rules.visit_dates(schedule.frequency, schedule.starts_on, last))
        for visit in planned:
            if visit.planned_on not in keep or not schedule.runs_on(visit.planned_on):
                stale.append(visit.planned_on.isoformat())
                visit.delete()
    changes = audit.diff(before, audit.snapshot(schedule))
    if stale:
        changes["visits taken off the plan"] = [stale, None]
    audit.record(schedule, by=by, action="schedule_update", changes=changes)
    _plan_ahead(schedule, by=by, now=now)
    return schedule


@transaction.atomic
def schedule_stop(
    *, by: User, now: dt.datetime, schedule: MaintenanceSchedule, reason: str
) -> MaintenanceSchedule:
    """No more visits: the ones still planned are cancelled with the reason."""
    require(by, Cap.PLAN_MAINTENANCE)
    schedule = _locked(schedule)
    _in_scope(by, schedule.branch_id)
    if not schedule.active:
        raise Conflict(_("The schedule is stopped already."), code="stopped")
    reason = required_text(reason, "reason", _("Give the reason for stopping the schedule."))
    before = audit.snapshot(schedule)
    schedule.active = False
    schedule.stopped_at = now
    schedule.stop_reason = reason
    schedule.save()
    audit.record(schedule, by=by, action="schedule_stop", before=before, note=reason)
    note = _("Schedule stopped: %(reason)s") % {"reason": reason}
    for visit in schedule.visits.select_for_update().filter(status=St.PLANNED):
        _cancel(visit, by=by, now=now, reason=note)
    return schedule


# Planning ------------------------------------------------------------------------------------


def _plan(
    schedule: MaintenanceSchedule,
    *,
    start: dt.date,
    until: dt.date,
    by: User | None,
    now: dt.datetime,
) -> list[Visit]:
    """The schedule's visits from `start` to `until` that are not planned yet, planned. Idempotent:
    a day planned before (or planned at the same moment by another worker) is not planned again —
    the database allows one visit per schedule and day."""
    if not schedule.active:
        return []
    contract = schedule.contract
    if contract is not None and contract.status != MaintenanceContract.Status.ACTIVE:
        return []
    first = max(start, schedule.starts_on)
    last = min(until, schedule.ends_on) if schedule.ends_on else until
    if contract is not None:
        last = min(last, contract.end)
    days = [
        day
        for day in rules.visit_dates(schedule.frequency, schedule.starts_on, last)
        if day >= first
    ]
    if not days:
        return []
    known = set(schedule.visits.filter(planned_on__in=days).values_list("planned_on", flat=True))
    created = []
    for day in days:
        if day in known:
            continue
        visit, made = Visit.objects.get_or_create(schedule=schedule, planned_on=day)
        if made:
            audit.record(visit, by=by, action="visit_plan")
            created.append(visit)
    return created


def _plan_ahead(schedule: MaintenanceSchedule, *, by: User | None, now: dt.datetime) -> list[Visit]:
    """The visits of the coming weeks (MAINTENANCE_LOOKAHEAD_DAYS), from today."""
    today = _today(now)
    ahead = dt.timedelta(days=int(setting("MAINTENANCE_LOOKAHEAD_DAYS")))
    return _plan(schedule, start=today, until=today + ahead, by=by, now=now)


@transaction.atomic
def visit_plan(
    *,
    by: User,
    now: dt.datetime,
    schedule: MaintenanceSchedule,
    start: dt.date | None,
    until: dt.date | None,
) -> list[Visit]:
    """Plan the schedule's visits of a period (a past one too, to file visits done before);
    returns the visits planned now — none when the period was planned already."""
    require(by, Cap.PLAN_MAINTENANCE)
    schedule = _locked(schedule)
    _in_scope(by, schedule.branch_id)
    if not schedule.active:
        raise Conflict(_("A stopped schedule plans no visits."), code="stopped")
    if start is None:
        raise DomainError(_("Enter the first day of the period."), field="start")
    if until is None:
        raise DomainError(_("Enter the last day of the period."), field="until")
    if until < start:
        raise DomainError(_("The period cannot end before it starts."), field="until")
    if (until - start).days > MAX_PLAN_DAYS:
        raise DomainError(_("Plan at most three years at a time."), field="until", code="too_long")
    return _plan(schedule, start=start, until=until, by=by, now=now)


# Visits ----------------------------------------------------------------------------------------


def _locked_visit(visit: Visit) -> Visit:
    return (
        Visit.objects.select_for_update(of=("self",))
        .select_related(
            "schedule__branch",
            "schedule__customer",
            "schedule__unit__model",
            "schedule__contract",
            "schedule__checklist",
            "schedule__created_by",
        )
        .get(pk=visit.pk)
    )


def _ensure_planned(visit: Visit) -> None:
    if visit.status == St.DONE:
        raise Conflict(_("This visit is recorded already."), code="recorded")
    if visit.status == St.CANCELLED:
        raise Conflict(_("This visit was cancelled."), code="cancelled")


def _crew(technicians: Iterable[Technician], visit: Visit, *, by: User) -> list[Technician]:
    """Who did the visit: technicians of the schedule's branch (head office may name anyone's),
    at least as many as the schedule asks for (000 篇5 第八条: 不得少于两人)."""
    crew = list({t.pk: t for t in technicians}.values())
    schedule = visit.schedule
    for technician in crew:
        if not technician.is_active or (
            technician.branch_id != schedule.branch_id and not by.sees_all_branches
        ):
            raise DomainError(
                _("%(name)s is not an active technician of the branch.") % {"name": technician},
                field="technicians",
            )
    if len(crew) < schedule.min_people:
        raise DomainError(
            ngettext(
                "This visit needs at least %(n)d person; %(named)d named.",
                "This visit needs at least %(n)d people; %(named)d named.",
                schedule.min_people,
            )
            % {"n": schedule.min_people, "named": len(crew)},
            field="technicians",
            code="too_few_people",
        )
    if by.role == Role.TECHNICIAN and not any(t.user_id == by.pk for t in crew):
        raise DomainError(
            _("Name yourself among the technicians who did the visit."), field="technicians"
        )
    return crew


def _flag(value: Any) -> bool | None:
    """A check item as sent: true/false, or the form's 'ok'/'not_ok'."""
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if text in {"1", "true", "ok", "yes"}:
        return True
    if text in {"0", "false", "not_ok", "no"}:
        return False
    return None


def _readings(visit: Visit, entries: Mapping[int, Mapping[str, Any]]) -> list[Reading]:
    """One reading per item of the checklist that was filled in; every required item must be."""
    items = list(visit.schedule.checklist.items.all())
    known = {item.pk for item in items}
    if any(int(pk) not in known for pk in entries):
        raise DomainError(_("An item is not on this visit's checklist."), field="readings")
    readings = []
    for item in items:
        entry = entries.get(item.pk) or {}
        field = f"item_{item.pk}"
        note = (entry.get("note") or "").strip()[:200]
        value, ok = None, None
        if item.is_reading:
            value = _decimal(
                entry.get("value"),
                field=field,
                message=_("Enter %(item)s as a number.") % {"item": item.label},
            )
            recorded = value is not None
            in_range = rules.reading_in_range(value, item.minimum, item.maximum)
            missing = _("Enter the reading of %(item)s.") % {"item": item.label}
        else:
            ok = _flag(entry.get("ok"))
            recorded = ok is not None
            in_range = bool(ok)
            missing = _("Check %(item)s and mark it OK or not OK.") % {"item": item.label}
        if not recorded:
            if item.required:
                raise DomainError(missing, field=field, code="missing_reading")
            continue
        readings.append(
            Reading(
                visit=visit,
                item=item,
                value=value,
                ok=ok,
                minimum=item.minimum,
                maximum=item.maximum,
                in_range=in_range,
                note=note,
            )
        )
    return readings


def _finding(reading: Reading) -> str:
    text = f"{reading.item.label} {reading.shown}"
    if reading.range_text:
        text += _(" (allowed %(range)s)") % {"range": reading.range_text}
    return text


def _opener(by: User, visit: Visit) -> User:
    """Who registers the repair: the recorder if he may register jobs; else the supervisor who
    planned the schedule, who arranges the repair of abnormal findings (000 篇5 第六条), or another
    supervisor or manager of the branch. A technician does not register jobs himself."""
    schedule = visit.schedule
    candidates = [by, schedule.created_by]
    candidates += list(
        User.objects.filter(
            branch=schedule.branch, role__in=[Role.SUPERVISOR, Role.MANAGER], is_active=True
        ).order_by("-role", "pk")
    )
    for user in candidates:
        if can(user, Cap.TAKE_CALLS):
            return user
    raise DomainError(
        _("Nobody of the branch may register the repair; ask the supervisor."), field="readings"
    )


def _open_repair(visit: Visit, findings: list[Reading], *, by: User, now: dt.datetime) -> WorkOrder:
    """One repair work order for all the visit's findings, through the work-order service."""
    from aftersales.workorders.services import work_order_create

    schedule = visit.schedule
    opener = _opener(by, visit)
    unit = schedule.unit
    if unit is None and schedule.contract_id:
        units = list(schedule.contract.units.all()[:2])
        unit = units[0] if len(units) == 1 else None
    category, reason = None, ""
    contract = schedule.contract
    if (
        unit is None
        and contract is not None
        and contract.covers_on(_today(now))
        and can(opener, Cap.OVERRIDE_CATEGORY)
    ):
        # Without a unit the warranty rule cannot see the contract: the work is still B.
        category = ServiceCategory.CONTRACT
        reason = _("Found on a maintenance visit under contract %(number)s.") % {
            "number": contract.number
        }
    symptom = _("Maintenance visit of %(day)s found out of range: %(findings)s") % {
        "day": visit.planned_on.isoformat(),
        "findings": "; ".join(_finding(reading) for reading in findings),
    }
    return work_order_create(
        by=opener,
        customer=schedule.customer,
        unit=unit,
        symptom=symptom,
        now=now,
        kind=Kind.REPAIR,
        customer_request=_("Repair what the maintenance visit found, recorded by %(name)s.")
        % {"name": by},
        category=category,
        category_reason=reason,
    )


def visit_record(
    *,
    by: User,
    now: dt.datetime,
    visit: Visit,
    technicians: Iterable[Technician],
    readings: Mapping[int, Mapping[str, Any]],
    signer_name: str,
    signature_png: bytes,
    notes: str = "",
) -> Visit:
    """The signed record of a visit: every item of its checklist (a reading by its number, a check
    as OK or not OK), who did it, and the customer's signature. Readings out of range open one
    repair work order, linked to the visit."""
    require(by, Cap.FIELD_WORK)
    with transaction.atomic():
        visit = _locked_visit(visit)
        _in_scope(by, visit.schedule.branch_id)
        _ensure_planned(visit)
        crew = _crew(technicians, visit, by=by)
        found = _readings(visit, readings)
        signer = required_text(
            signer_name, "signer_name", _("Enter the name of the person signing.")
        )[:60]
        if not signature_png:
            raise DomainError(_("The customer has not signed."), field="signature")
        image = checked_image(signature_png, field="signature", name=f"visit-{visit.pk}")
        before = audit.snapshot(visit)
        Reading.objects.bulk_create(found)
        abnormal = [reading for reading in found if not reading.in_range]
        visit.status = St.DONE
        visit.performed_at = now
        visit.recorded_by = by
        visit.signer_name = signer
        visit.signature = image
        visit.notes = (notes or "").strip()
        visit.abnormal = bool(abnormal)
        if abnormal:
            visit.work_order = _open_repair(visit, abnormal, by=by, now=now)
        visit.save()
        visit.technicians.set(crew)
        changes = audit.diff(before, audit.snapshot(visit))
        changes["technicians"] = [None, sorted(str(t) for t in crew)]
        changes["readings"] = [None, [f"{r.item.label}: {r.shown}" for r in found]]
        if visit.work_order_id:
            changes["work_order"] = [None, visit.work_order.number]
        audit.record(visit, by=by, action="visit_record", changes=changes)
        if abnormal:
            order = visit.work_order
            tell_supervisors(
                branch=visit.schedule.branch,
                key=f"maintenance-visit-{visit.pk}-abnormal",
                subject=_("Maintenance visit found readings out of range: %(customer)s")
                % {"customer": visit.schedule.customer},
                body=_("Repair work order %(number)s was opened: %(symptom)s")
                % {"number": order.number, "symptom": order.symptom},
                now=now,
                related=visit,
                link=reverse("maintenance:visit_detail", args=[visit.pk]),
            )
    return visit


def _cancel(visit: Visit, *, by: User | None, now: dt.datetime, reason: str) -> Visit:
    before = audit.snapshot(visit)
    visit.status = St.CANCELLED
    visit.cancel_reason = reason
    visit.cancelled_at = now
    visit.save()
    audit.record(visit, by=by, action="visit_cancel", before=before, note=reason)
    return visit


@transaction.atomic
def visit_cancel(*, by: User, now: dt.datetime, visit: Visit, reason: str) -> Visit:
    """A planned visit that will not take place (the customer closed for the holidays, the unit
    removed), with the reason."""
    require(by, Cap.PLAN_MAINTENANCE)
    visit = _locked_visit(visit)
    _in_scope(by, visit.schedule.branch_id)
    _ensure_planned(visit)
    reason = required_text(reason, "reason", _("Give the reason for cancelling the visit."))
    return _cancel(visit, by=by, now=now, reason=reason)
