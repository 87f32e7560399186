"""The outlet-settlement services in the table of core/tests/test_audit_services: each leaves
its entry, with the field it changes before and after."""

import datetime as dt
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from django.utils import timezone

from aftersales.accounts.models import Role
from aftersales.settlements import services
from aftersales.settlements.tests.scene_records import (
    build_body,
    confirmed_settlement_of,
    outlet_job,
    rate_of,
    settlement_of,
)


def CHANGES(Change: type) -> dict[str, Callable[[Any], Any]]:  # noqa: N802 — the table's name
    def result(value: Any) -> Any:
        return value

    def finance(scene: Any):
        return scene.users[Role.FINANCE]

    def month_of(body: dict) -> dt.date:
        return dt.date.fromisoformat(f"{body['month']}-01")

    def outlet_rate_create(scene: Any) -> Any:
        by = finance(scene)
        return Change(
            by=by,
            run=lambda: services.outlet_rate_create(
                by=by,
                now=scene.a.flow.now,
                outlet=scene.a.outlet,
                service_category="A",
                amount=Decimal("75"),
                effective_from=dt.date(2024, 1, 1),
            ),
            expect=[(result, "amount", None, "75.00")],
        )

    def outlet_rate_update(scene: Any) -> Any:
        by = finance(scene)
        rate = rate_of(scene.a, fresh=True)
        return Change(
            by=by,
            run=lambda: services.outlet_rate_update(
                by=by, now=scene.a.flow.now, rate=rate, amount=Decimal("66"), suburb_allowance=20
            ),
            expect=[(lambda _r: rate, "amount", "60.00", "66.00")],
        )

    def settlement_build(scene: Any) -> Any:
        by = finance(scene)
        month = month_of(build_body(scene.a))
        return Change(
            by=by,
            run=lambda: services.settlement_build(
                by=by, now=timezone.now(), outlet=scene.a.outlet, month=month
            ),
            expect=[(result, "status", None, "draft")],
        )

    def settlement_build_all(scene: Any) -> Any:
        by = finance(scene)
        month = month_of(build_body(scene.a))
        return Change(
            by=by,
            run=lambda: services.settlement_build_all(by=by, now=timezone.now(), month=month),
            expect=[(lambda built: built[0], "jobs", None, 1)],
        )

    def settlement_rebuild(scene: Any) -> Any:
        by = finance(scene)
        settlement = settlement_of(scene.a, fresh=True)
        outlet_job(scene.a, settlement.month)  # completed late, after the draft was drawn up
        return Change(
            by=by,
            run=lambda: services.settlement_rebuild(
                by=by, now=timezone.now(), settlement=settlement
            ),
            expect=[(lambda _r: settlement, "jobs", 1, 2)],
        )

    def settlement_confirm(scene: Any) -> Any:
        by = finance(scene)
        settlement = settlement_of(scene.a, fresh=True)
        return Change(
            by=by,
            run=lambda: services.settlement_confirm(
                by=by, now=timezone.now(), settlement=settlement
            ),
            expect=[(result, "status", "draft", "confirmed")],
        )

    def settlement_mark_paid(scene: Any) -> Any:
        by = finance(scene)
        settlement = confirmed_settlement_of(scene.a, fresh=True)
        return Change(
            by=by,
            run=lambda: services.settlement_mark_paid(
                by=by,
                now=timezone.now(),
                settlement=settlement,
                paid_on=timezone.localdate(),
                reference="ICBC-20260601-001",
            ),
            expect=[(result, "status", "confirmed", "paid")],
        )

    return {
        "outlet_rate_create": outlet_rate_create,
        "outlet_rate_update": outlet_rate_update,
        "settlement_build": settlement_build,
        "settlement_build_all": settlement_build_all,
        "settlement_rebuild": settlement_rebuild,
        "settlement_confirm": settlement_confirm,
        "settlement_mark_paid": settlement_mark_paid,
    }
