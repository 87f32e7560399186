"""The deadlines app's entries in the issue-wide tables of core/tests and workorders/tests:

- GUARDED: services in the capability table of workorders/tests/test_services_permissions;
- PAGES, PAGE_RECORDS: pages of core/tests/test_permissions_pages and the records they name;
- OPS, API_RECORDS: API operations of core/tests/test_permissions_api and their records;
- CREATIONS, OPERATIONS: the creating endpoints of core/tests/test_api_idempotency (none here:
  holding and resuming are moves of a job, not new records of their own).
"""

from collections.abc import Callable
from typing import Any

from django.utils import timezone

from aftersales.accounts.models import User
from aftersales.accounts.policy import Cap
from aftersales.deadlines import services
from aftersales.deadlines.models import Hold
from aftersales.workorders.models import State, WorkOrder


def _held(flow: Any, now: Any) -> WorkOrder:
    """A new job of the flow's branch, put on hold without an audit entry."""
    order = flow.reach(State.DISPATCHED)
    Hold.objects.create(
        order=order, reason="customer", note="客户出差", started_at=now, started_by=flow.dispatcher
    )
    return order


def _hold(ctx: Any, user: User) -> Callable[[], Any]:
    order = ctx.flow.reach(State.REGISTERED)
    return lambda: services.order_hold(
        order=order, by=user, reason="customer", note="客户要求下周再来", now=ctx.now
    )


def _resume(ctx: Any, user: User) -> Callable[[], Any]:
    order = _held(ctx.flow, ctx.now)
    return lambda: services.order_resume(order=order, by=user, now=ctx.now)


GUARDED: dict[str, tuple[str, Callable[..., Callable[[], Any]]]] = {
    "order_hold": (Cap.HOLD_JOBS, _hold),
    "order_resume": (Cap.HOLD_JOBS, _resume),
}


def held_order_of(side: Any, fresh: bool = False) -> WorkOrder:
    """The side's job on hold: one kept, or (fresh) a new one."""
    if fresh or "held_order" not in side.extra:
        side.extra["held_order"] = _held(side.flow, timezone.now())
    return side.extra["held_order"]


PAGE_RECORDS: dict[str, Callable[..., Any]] = {"held_order": held_order_of}
API_RECORDS: dict[str, tuple[str, Callable[..., Any]]] = {"held_order": ("order_id", held_order_of)}
OPERATIONS: dict[str, str] = {}


def PAGES(Rule: type) -> dict[str, Any]:  # noqa: N802 — the table's name
    return {
        "deadlines:hold": Rule(Cap.HOLD_JOBS, record="order", post_only=True),
        "deadlines:resume": Rule(Cap.HOLD_JOBS, record="held_order", post_only=True),
    }


def OPS(Op: type) -> dict[tuple[str, str], Any]:  # noqa: N802 — the table's name
    return {
        ("GET", "/work-orders/{order_id}/deadlines"): Op(Cap.VIEW, record="order"),
        ("POST", "/work-orders/{order_id}/hold"): Op(
            Cap.HOLD_JOBS,
            state=State.REGISTERED,
            body=lambda scene, side: {"reason": "parts", "note": "等厂家主板"},
        ),
        ("POST", "/work-orders/{order_id}/resume"): Op(Cap.HOLD_JOBS, record="held_order"),
    }


def CREATIONS(Creation: type) -> dict[str, Any]:  # noqa: N802 — the table's name
    return {}


def add_records(scene: Any, now: Any) -> None:
    """Nothing to add: the scene's jobs carry their deadlines from the call."""
