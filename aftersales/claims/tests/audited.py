"""The claims services in the table of core/tests/test_audit_services: each leaves its entry,
with the field it changes before and after."""

import datetime as dt
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from django.utils import timezone

from aftersales.accounts.models import Role
from aftersales.claims import services as claims
from aftersales.claims.tests import scene_records as records
from aftersales.workorders.models import State


def CHANGES(Change: type) -> dict[str, Callable[[Any], Any]]:  # noqa: N802 — the table's name
    def result(value: Any) -> Any:
        return value

    def manager(scene: Any):
        return scene.users[Role.MANAGER]

    def rate_create(scene: Any) -> Any:
        by = manager(scene)
        return Change(
            by=by,
            run=lambda: claims.manufacturer_rate_create(
                by=by,
                now=scene.a.flow.now,
                brand="海尔",
                labour_basis="per_hour",
                labour_rate=Decimal("60"),
                effective_from=dt.date(2026, 1, 1),
            ),
            expect=[(result, "labour_rate", None, "60.00")],
        )

    def build(scene: Any) -> Any:
        by = manager(scene)
        records.gree_rate(by)
        order = records.warranty_order(scene.a, State.COMPLETED)
        today = timezone.localdate()
        return Change(
            by=by,
            run=lambda: claims.warranty_claim_build(
                by=by,
                now=scene.a.flow.now,
                brand="格力",
                period_start=today - dt.timedelta(days=30),
                period_end=today + dt.timedelta(days=1),
                orders=[order],
            ),
            expect=[(result, "brand", None, "格力")],
        )

    def claim_move(service: str, make: Callable, field: str, before: Any, after: Any, **values):
        def setup(scene: Any) -> Any:
            by = manager(scene)
            claim = make(scene.a, fresh=True)
            arguments = {"by": by, "now": scene.a.flow.now, "claim": claim, **values}
            if service == "warranty_claim_include_line":
                arguments["line_id"] = records.no_evidence_line(scene.a).pk
            return Change(
                by=by,
                run=lambda: getattr(claims, service)(**arguments),
                expect=[(lambda _r: claim, field, before, after)],
            )

        return setup

    def part_order_request(scene: Any) -> Any:
        by = scene.users[Role.AGENT]
        order = records.warranty_order(scene.a, State.DISPATCHED)
        return Change(
            by=by,
            run=lambda: claims.claim_part_order_request(
                by=by,
                now=scene.a.flow.now,
                work_order=order,
                part=records.claim_part(),
                quantity=1,
                deposit_amount=Decimal("200"),
                deposit_method="wechat",
            ),
            expect=[(result, "deposit_amount", None, "200.00")],
        )

    def part_order_move(service: str, make: Callable, before: str, after: str, **values):
        def setup(scene: Any) -> Any:
            by = manager(scene)
            order = make(scene.a, fresh=True)
            return Change(
                by=by,
                run=lambda: getattr(claims, service)(
                    by=by, now=scene.a.flow.now, order=order, **values
                ),
                expect=[(lambda _r: order, "status", before, after)],
            )

        return setup

    return {
        "manufacturer_rate_create": rate_create,
        "warranty_claim_build": build,
        "warranty_claim_include_line": claim_move(
            "warranty_claim_include_line",
            records.claim_of,
            "claimed_amount",
            "150.00",
            "1000.00",
            included=True,
            note="旧件由厂家上门回收",
        ),
        "warranty_claim_submit": claim_move(
            "warranty_claim_submit", records.claim_of, "status", "draft", "submitted"
        ),
        "warranty_claim_accept": claim_move(
            "warranty_claim_accept",
            records.submitted_claim_of,
            "accepted_amount",
            None,
            "120.00",
            amount=Decimal("120"),
            note="工时按标准核减",
        ),
        "warranty_claim_reject": claim_move(
            "warranty_claim_reject",
            records.submitted_claim_of,
            "status",
            "submitted",
            "rejected",
            note="资料不全",
        ),
        "warranty_claim_record_payment": claim_move(
            "warranty_claim_record_payment",
            records.accepted_claim_of,
            "paid_amount",
            None,
            "150.00",
            amount=Decimal("150"),
            paid_on=dt.date(2026, 1, 5),
            reference="TT0001",
        ),
        "warranty_claim_cancel": claim_move(
            "warranty_claim_cancel",
            records.claim_of,
            "status",
            "draft",
            "cancelled",
            reason="重复建单",
        ),
        "claim_part_order_request": part_order_request,
        "claim_part_order_approve": part_order_move(
            "claim_part_order_approve", records.part_order_of, "requested", "approved"
        ),
        "claim_part_order_confirm": part_order_move(
            "claim_part_order_confirm", records.signed_part_order_of, "requested", "approved"
        ),
        "claim_part_order_mark_ordered": part_order_move(
            "claim_part_order_mark_ordered",
            records.approved_part_order_of,
            "approved",
            "ordered",
            reference="GL-0001",
        ),
        "claim_part_order_mark_arrived": part_order_move(
            "claim_part_order_mark_arrived", records.ordered_part_order_of, "ordered", "arrived"
        ),
        "claim_part_order_fit": part_order_move(
            "claim_part_order_fit", records.arrived_part_order_of, "arrived", "fitted"
        ),
        "claim_part_order_cancel": part_order_move(
            "claim_part_order_cancel",
            records.part_order_of,
            "requested",
            "cancelled",
            reason="客户改为退货",
            refund=False,
            kept_reason="客户未按约定到店，订金按约定不退",
        ),
    }
