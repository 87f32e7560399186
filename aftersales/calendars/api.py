"""API of the holiday duty roster (000 篇9 4.2.4)."""

import datetime as dt

from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils import timezone
from ninja import Header, Router
from ninja.pagination import paginate

from aftersales.accounts.models import User
from aftersales.accounts.policy import Cap, require
from aftersales.core.idempotency import HEADER, idempotent_create
from aftersales.core.schemas import ERRORS, Page, in_scope_ref

from . import selectors, services
from .models import DutyAssignment
from .schemas import DutyIn, DutyOut

router = Router(tags=["calendars"])


@router.get("/duty-assignments", response=list[DutyOut])
@paginate(Page)
def list_duties(
    request: HttpRequest,
    start: dt.date | None = None,
    end: dt.date | None = None,
    branch: int | None = None,
) -> QuerySet[DutyAssignment]:
    """Who is on holiday duty, by date: the branches in scope, from `start` to `end`."""
    require(request.auth, Cap.VIEW)
    qs = selectors.visible_duties(request.auth).order_by("date", "starts", "id")
    if start:
        qs = qs.filter(date__gte=start)
    if end:
        qs = qs.filter(date__lte=end)
    if branch:
        qs = qs.filter(branch_id=branch)
    return qs


@router.post("/duty-assignments", response={201: DutyOut, **ERRORS})
def create_duty(
    request: HttpRequest, payload: DutyIn, idempotency_key: str | None = Header(None, alias=HEADER)
):
    by: User = request.auth

    def create() -> DutyAssignment:
        require(by, Cap.PLAN_MAINTENANCE)
        technician = in_scope_ref(
            selectors.duty_technicians(by), payload.technician, field="technician"
        )
        site = in_scope_ref(selectors.key_sites(by), payload.site, field="site")
        return services.duty_assign(
            by=by,
            technician=technician,
            date=payload.date,
            starts=payload.starts,
            ends=payload.ends,
            site=site,
            phone=payload.phone,
            note=payload.note,
            now=timezone.now(),
        )

    return idempotent_create(
        user=by,
        key=idempotency_key,
        endpoint="POST /duty-assignments",
        body=payload.model_dump(mode="json"),
        create=create,
        render=lambda duty: DutyOut.from_orm(duty).model_dump(mode="json"),
    )
