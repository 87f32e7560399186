"""The deadlines services in the table of core/tests/test_audit_services: each leaves its entry on
the job, with the hold before and after."""

from collections.abc import Callable
from typing import Any

from django.utils import timezone

from aftersales.accounts.models import Role
from aftersales.deadlines import services
from aftersales.workorders.models import State

from .tables import held_order_of


def CHANGES(Change: type) -> dict[str, Callable[[Any], Any]]:  # noqa: N802 — the table's name
    def hold(scene: Any) -> Any:
        by = scene.users[Role.DISPATCHER]
        order = scene.a.flow.reach(State.REGISTERED)
        return Change(
            by=by,
            run=lambda: services.order_hold(
                order=order, by=by, reason="customer", note="客户不在家", now=timezone.now()
            ),
            expect=[(lambda _r: order, "hold", None, "customer")],
        )

    def resume(scene: Any) -> Any:
        by = scene.users[Role.DISPATCHER]
        order = held_order_of(scene.a, fresh=True)
        return Change(
            by=by,
            run=lambda: services.order_resume(order=order, by=by, now=timezone.now()),
            expect=[(lambda _r: order, "hold", "customer", None)],
        )

    return {"order_hold": hold, "order_resume": resume}
