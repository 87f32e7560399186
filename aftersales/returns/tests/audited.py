"""The return services in the table of core/tests/test_audit_services: each leaves its entry,
with the field it changes before and after."""

from collections.abc import Callable
from decimal import Decimal
from typing import Any

from aftersales.accounts.models import Role
from aftersales.returns import services
from aftersales.returns.tests.scene_records import (
    approved_return_of,
    fresh_unit_of,
    resolved_return_of,
    return_request_of,
)


def CHANGES(Change: type) -> dict[str, Callable[[Any], Any]]:  # noqa: N802 — the table's name
    def result(value: Any) -> Any:
        return value

    def file(scene: Any) -> Any:
        by = scene.users[Role.AGENT]
        unit = fresh_unit_of(scene.a)
        return Change(
            by=by,
            run=lambda: services.return_request_file(
                by=by, now=scene.a.flow.now, kind="exchange", reason="漏水", unit=unit
            ),
            expect=[(result, "kind", None, "exchange"), (result, "within_entitlement", None, True)],
        )

    def decide(scene: Any) -> Any:
        by = scene.users[Role.GM]
        request = return_request_of(scene.a, fresh=True)
        return Change(
            by=by,
            run=lambda: services.return_request_decide(
                by=by, now=scene.a.flow.now, request=request, approve=False, note="人为损坏"
            ),
            expect=[(result, "status", "requested", "rejected")],
        )

    def resolve(scene: Any) -> Any:
        by = scene.users[Role.SUPERVISOR]
        request = approved_return_of(scene.a, fresh=True)
        return Change(
            by=by,
            run=lambda: services.resolution_record(
                by=by,
                now=scene.a.flow.now,
                request=request,
                kind="compensation",
                amount=Decimal("300"),
            ),
            expect=[(result, "amount", None, "300.00")],
        )

    def complete(scene: Any) -> Any:
        by = scene.users[Role.MANAGER]
        request = resolved_return_of(scene.a, fresh=True)
        return Change(
            by=by,
            run=lambda: services.return_request_complete(
                by=by, now=scene.a.flow.now, request=request
            ),
            expect=[
                (result, "status", "approved", "completed"),
                (result, "total_amount", None, "150.00"),
            ],
        )

    return {
        "return_request_file": file,
        "return_request_decide": decide,
        "resolution_record": resolve,
        "return_request_complete": complete,
    }
