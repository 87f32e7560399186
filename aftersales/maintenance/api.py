"""API of maintenance schedules (/maintenance/schedules…), their visits (/maintenance/visits…),
the checklists and a customer's quarterly report."""

from django.db.models import Prefetch, QuerySet
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Header, Query, Router
from ninja.pagination import paginate

from aftersales.accounts.models import User
from aftersales.accounts.policy import Cap, get_in_scope, require
from aftersales.core.exceptions import DomainError
from aftersales.core.idempotency import HEADER, idempotent_create
from aftersales.core.schemas import ERRORS, Page, in_scope_ref, signature_bytes
from aftersales.customers.selectors import visible_customers, visible_units
from aftersales.dispatch.selectors import visible_technicians
from aftersales.warranty.selectors import visible_contracts

from . import rules, selectors, services
from .models import ChecklistTemplate, MaintenanceSchedule, Reading, Visit
from .schemas import (
    ChecklistOut,
    PlanIn,
    PlanOut,
    ReasonIn,
    ReportOut,
    ScheduleIn,
    ScheduleOut,
    VisitOut,
    VisitRecordIn,
)

router = Router(tags=["maintenance"])


def _with_readings(qs: QuerySet[Visit]) -> QuerySet[Visit]:
    return qs.prefetch_related(
        Prefetch("readings", queryset=Reading.objects.select_related("item")), "technicians"
    )


def _schedule(by: User, schedule_id: int) -> MaintenanceSchedule:
    return get_in_scope(selectors.visible_schedules(by), pk=schedule_id)


def _visit(by: User, visit_id: int) -> Visit:
    return get_in_scope(_with_readings(selectors.visible_visits(by)), pk=visit_id)


@router.get("/maintenance/checklists", response=list[ChecklistOut])
@paginate(Page)
def list_checklists(request: HttpRequest) -> QuerySet[ChecklistTemplate]:
    """The checklists, shared by every branch, with their items and allowed ranges."""
    require(request.auth, Cap.VIEW)
    return selectors.checklist_templates()


@router.get("/maintenance/schedules", response=list[ScheduleOut])
@paginate(Page)
def list_schedules(
    request: HttpRequest, q: str = "", frequency: str = "", status: str = ""
) -> QuerySet[MaintenanceSchedule]:
    """`status`: active, stopped, or empty for all."""
    return selectors.schedules_filtered(request.auth, query=q, frequency=frequency, status=status)


@router.post("/maintenance/schedules", response={201: ScheduleOut, **ERRORS})
def create_schedule(
    request: HttpRequest,
    payload: ScheduleIn,
    idempotency_key: str | None = Header(None, alias=HEADER),
):
    """A schedule for a maintenance contract's units or for one unit; the visits of the coming
    weeks are planned at once."""
    by: User = request.auth

    def create() -> MaintenanceSchedule:
        require(by, Cap.PLAN_MAINTENANCE)  # before the body's references are looked up
        return services.schedule_create(
            by=by,
            now=timezone.now(),
            contract=in_scope_ref(visible_contracts(by), payload.contract, field="contract"),
            unit=in_scope_ref(visible_units(by), payload.unit, field="unit"),
            frequency=payload.frequency,
            checklist=in_scope_ref(
                ChecklistTemplate.objects.all(), payload.checklist, field="checklist"
            ),
            starts_on=payload.starts_on,
            ends_on=payload.ends_on,
            min_people=payload.min_people,
            notes=payload.notes,
        )

    return idempotent_create(
        user=by,
        key=idempotency_key,
        endpoint="POST /maintenance/schedules",
        body=payload.model_dump(mode="json"),
        create=create,
        render=lambda schedule: ScheduleOut.from_orm(schedule).model_dump(mode="json"),
    )


@router.get("/maintenance/schedules/{int:schedule_id}", response={200: ScheduleOut, **ERRORS})
def get_schedule(request: HttpRequest, schedule_id: int) -> MaintenanceSchedule:
    return _schedule(request.auth, schedule_id)


@router.post("/maintenance/schedules/{int:schedule_id}/plan", response={200: PlanOut, **ERRORS})
def plan_visits(request: HttpRequest, schedule_id: int, payload: PlanIn) -> dict:
    """Plan the schedule's visits of a period; a day planned before is not planned again, so a
    retry plans nothing more."""
    schedule = _schedule(request.auth, schedule_id)
    visits = services.visit_plan(
        by=request.auth,
        now=timezone.now(),
        schedule=schedule,
        start=payload.start,
        until=payload.until,
    )
    return {"planned": len(visits), "visits": [visit.pk for visit in visits]}


@router.post("/maintenance/schedules/{int:schedule_id}/stop", response={200: ScheduleOut, **ERRORS})
def stop_schedule(request: HttpRequest, schedule_id: int, payload: ReasonIn) -> MaintenanceSchedule:
    """No more visits: those still planned are cancelled with the reason."""
    schedule = _schedule(request.auth, schedule_id)
    return services.schedule_stop(
        by=request.auth, now=timezone.now(), schedule=schedule, reason=payload.reason
    )


@router.get("/maintenance/visits", response=list[VisitOut])
@paginate(Page)
def list_visits(
    request: HttpRequest, when: str = "", q: str = "", schedule: int | None = None
) -> QuerySet[Visit]:
    """`when`: open, due (within a week), overdue, done, abnormal, cancelled; empty for all."""
    return _with_readings(
        selectors.visits_filtered(
            request.auth,
            today=timezone.localdate(),
            when=when,
            query=q,
            schedule=schedule,
        )
    )


@router.get("/maintenance/visits/{int:visit_id}", response={200: VisitOut, **ERRORS})
def get_visit(request: HttpRequest, visit_id: int) -> Visit:
    return _visit(request.auth, visit_id)


@router.post("/maintenance/visits/{int:visit_id}/record", response={200: VisitOut, **ERRORS})
def record_visit(
    request: HttpRequest,
    visit_id: int,
    payload: VisitRecordIn,
    idempotency_key: str | None = Header(None, alias=HEADER),
):
    """The signed record of a visit. A reading out of range opens one repair work order; with an
    Idempotency-Key a retry answers the same record again instead of a conflict."""
    by: User = request.auth
    visit = _visit(by, visit_id)

    def create() -> Visit:
        require(by, Cap.FIELD_WORK)
        crew = list(visible_technicians(by).filter(pk__in=payload.technicians))
        if len(crew) != len(set(payload.technicians)):
            raise DomainError(
                _("Select a valid choice. That choice is not one of the available choices."),
                field="technicians",
                code="invalid_choice",
            )
        readings = {
            row.item: {"value": row.value, "ok": row.ok, "note": row.note}
            for row in payload.readings
        }
        signature = signature_bytes(payload.signature) if payload.signature.strip() else b""
        services.visit_record(
            by=by,
            now=timezone.now(),
            visit=visit,
            technicians=crew,
            readings=readings,
            signer_name=payload.signer_name,
            signature_png=signature,
            notes=payload.notes,
        )
        return _visit(by, visit.pk)

    return idempotent_create(
        user=by,
        key=idempotency_key,
        endpoint=f"POST /maintenance/visits/{visit_id}/record",
        body=payload.model_dump(mode="json"),
        create=create,
        render=lambda done: VisitOut.from_orm(done).model_dump(mode="json"),
        status=200,
    )


@router.post("/maintenance/visits/{int:visit_id}/cancel", response={200: VisitOut, **ERRORS})
def cancel_visit(request: HttpRequest, visit_id: int, payload: ReasonIn) -> Visit:
    visit = _visit(request.auth, visit_id)
    services.visit_cancel(by=request.auth, now=timezone.now(), visit=visit, reason=payload.reason)
    return _visit(request.auth, visit.pk)


@router.get("/maintenance/reports/{int:customer_id}", response={200: ReportOut, **ERRORS})
def quarterly_report(
    request: HttpRequest,
    customer_id: int,
    year: int | None = Query(None, ge=2000, le=2100),
    quarter: int | None = Query(None, ge=1, le=4),
) -> dict:
    """The customer's quarterly maintenance report (000 篇9 4.1.5); without year and quarter,
    the current quarter."""
    customer = get_in_scope(visible_customers(request.auth), pk=customer_id)
    if year is None or quarter is None:
        year, quarter = rules.quarter_of(timezone.localdate())
    report = selectors.quarterly_report(customer, year=year, quarter=quarter)
    return {
        "customer": customer.pk,
        "customer_name": customer.name,
        "year": report.year,
        "quarter": report.quarter,
        "first": report.first,
        "last": report.last,
        "planned": report.planned_count,
        "done": report.done,
        "not_done": report.not_done,
        "cancelled": report.cancelled,
        "findings": len(report.findings),
        "work_orders": report.work_orders,
    }
