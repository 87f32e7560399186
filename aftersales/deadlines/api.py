"""API of a job's deadlines: where each target stands, and putting the job on hold and back."""

from django.http import HttpRequest
from django.utils import timezone
from ninja import Router

from aftersales.accounts.policy import Cap, get_in_scope, require
from aftersales.core.schemas import ERRORS
from aftersales.workorders.models import WorkOrder
from aftersales.workorders.selectors import visible_work_orders

from . import selectors, services
from .schemas import DeadlinesOut, HoldIn

router = Router(tags=["deadlines"])

DEADLINES = {200: DeadlinesOut, **ERRORS}


def _order(request: HttpRequest, order_id: int) -> WorkOrder:
    return get_in_scope(visible_work_orders(request.auth), pk=order_id)


def _render(order: WorkOrder) -> dict:
    now = timezone.now()
    clocks = selectors.clocks_of_orders([order], now=now)[order.pk]
    holds = list(order.holds.all())
    return {
        "order": order.pk,
        "on_hold": any(h.ended_at is None for h in holds),
        "deadlines": [
            {
                "target": c.deadline.target,
                "rule": c.deadline.rule,
                "rule_text": c.deadline.rule_text,
                "hours": float(c.deadline.hours),
                "around_the_clock": c.deadline.around_the_clock,
                "started_at": c.deadline.started_at,
                "status": c.deadline.status,
                "due_at": c.deadline.due_at,
                "seconds_left": None if c.left is None else int(c.left.total_seconds()),
                "met_at": c.deadline.met_at,
                "missed": c.deadline.missed,
                "breached_at": c.deadline.breached_at,
            }
            for c in clocks
        ],
        "holds": holds,
    }


@router.get("/work-orders/{int:order_id}/deadlines", response=DEADLINES)
def deadlines(request: HttpRequest, order_id: int) -> dict:
    require(request.auth, Cap.VIEW)
    return _render(_order(request, order_id))


@router.post("/work-orders/{int:order_id}/hold", response=DEADLINES)
def hold(request: HttpRequest, order_id: int, payload: HoldIn) -> dict:
    """Put the job on hold: waiting for the customer (`customer`) or for parts (`parts`)."""
    order = _order(request, order_id)
    services.order_hold(
        order=order, by=request.auth, reason=payload.reason, note=payload.note, now=timezone.now()
    )
    return _render(order)


@router.post("/work-orders/{int:order_id}/resume", response=DEADLINES)
def resume(request: HttpRequest, order_id: int) -> dict:
    order = _order(request, order_id)
    services.order_resume(order=order, by=request.auth, now=timezone.now())
    return _render(order)
