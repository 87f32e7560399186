"""API of technicians and of whom to send for a work order."""

from datetime import datetime, time, timedelta

from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils import timezone
from ninja import Router
from ninja.pagination import paginate

from aftersales.accounts.policy import Cap, get_in_scope, require
from aftersales.core.schemas import ERRORS, Page
from aftersales.workorders.selectors import visible_work_orders

from .models import Technician
from .schemas import SuggestionOut, TechnicianOut
from .selectors import Suggestion, suggest_technicians, visible_technicians

router = Router(tags=["dispatch"])


@router.get("/technicians", response=list[TechnicianOut])
@paginate(Page)
def list_technicians(
    request: HttpRequest,
    category: int | None = None,
    branch: int | None = None,
    active: bool | None = True,
) -> QuerySet[Technician]:
    """Technicians in scope; `category` keeps those certified for it."""
    qs = visible_technicians(request.auth)
    if category:
        qs = qs.filter(certifications=category)
    if branch:
        qs = qs.filter(branch_id=branch)
    if active is not None:
        qs = qs.filter(is_active=active)
    return qs


@router.get(
    "/work-orders/{int:order_id}/suggestions", response={200: list[SuggestionOut], **ERRORS}
)
def suggestions(request: HttpRequest, order_id: int, limit: int = 10) -> list[Suggestion]:
    """Certified technicians for the order, same branch and zone first, then the least busy
    today. Head office is offered every branch's technicians. Only those who dispatch ask this,
    as on the pages."""
    order = get_in_scope(visible_work_orders(request.auth), pk=order_id)
    require(request.auth, Cap.DISPATCH)
    today = timezone.localdate()
    day_start = timezone.make_aware(datetime.combine(today, time.min))
    return suggest_technicians(
        order=order,
        day_start=day_start,
        day_end=day_start + timedelta(days=1),
        all_branches=request.auth.sees_all_branches,
        limit=max(1, min(limit, 50)),
    )
