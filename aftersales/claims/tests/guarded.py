"""The claims app's entries in the issue-wide guard tables:

- GUARDED: services in the capability table of workorders/tests/test_services_permissions;
- PAGES, OPS: pages and API operations of core/tests/test_permissions_pages and _api;
- SCENE_RECORDS / API_RECORDS: how the records they name are made (scene_records);
- CREATIONS: the creating endpoints of core/tests/test_api_idempotency.
"""

import datetime as dt
import itertools
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from django.utils import timezone

from aftersales.accounts.models import Role, User
from aftersales.accounts.policy import Cap
from aftersales.claims import services as claims
from aftersales.claims.models import ClaimPartOrder, ManufacturerRate, WarrantyClaim
from aftersales.claims.tests import scene_records as records
from aftersales.workorders.models import State

_numbers = itertools.count(1)


def _n() -> int:
    return next(_numbers)


# Services ------------------------------------------------------------------------------------


def _rate_create(ctx: Any, user: User) -> Callable[[], Any]:
    return lambda: claims.manufacturer_rate_create(
        by=user,
        now=ctx.now,
        brand="格力",
        labour_basis="per_job",
        labour_rate=Decimal("120"),
        effective_from=dt.date(2026, 1, 1),
    )


def _part_order_request(ctx: Any, user: User) -> Callable[[], Any]:
    order = records.warranty_order(ctx, State.DISPATCHED)
    return lambda: claims.claim_part_order_request(
        by=user,
        now=ctx.now,
        work_order=order,
        part=records.claim_part(),
        quantity=1,
        deposit_amount=Decimal("200"),
        deposit_method="cash",
    )


class _Side:
    """Just enough of a scene side for scene_records, from the services test's context."""

    def __init__(self, ctx: Any) -> None:
        self.flow = ctx.flow
        self.branch = ctx.branch_a
        self.order = ctx.flow.reach(State.DISPATCHED)
        self.extra: dict = {}


def _part_order_approve(ctx: Any, user: User) -> Callable[[], Any]:
    order = records.part_order_of(_Side(ctx), fresh=True)
    return lambda: claims.claim_part_order_approve(by=user, now=ctx.now, order=order)


def _part_order_confirm(ctx: Any, user: User) -> Callable[[], Any]:
    order = records.signed_part_order_of(_Side(ctx), fresh=True)
    return lambda: claims.claim_part_order_confirm(by=user, now=ctx.now, order=order)


def _part_order_fit(ctx: Any, user: User) -> Callable[[], Any]:
    order = records.arrived_part_order_of(_Side(ctx), fresh=True)
    return lambda: claims.claim_part_order_fit(by=user, now=ctx.now, order=order)


GUARDED: dict[str, tuple[str, Callable[[Any, User], Callable[[], Any]]]] = {
    "manufacturer_rate_create": (Cap.MANAGE_CLAIMS, _rate_create),
    "claim_part_order_request": (Cap.CLAIM_ORDERS, _part_order_request),
    "claim_part_order_approve": (Cap.APPROVE_CLAIM_ORDERS, _part_order_approve),
    "claim_part_order_confirm": (Cap.CONFIRM_CLAIM_ORDERS, _part_order_confirm),
    "claim_part_order_fit": (Cap.FIT_CLAIM_PARTS, _part_order_fit),
}


# Pages ---------------------------------------------------------------------------------------

SCENE_RECORDS = {
    "claim": records.claim_of,
    "submitted_claim": records.submitted_claim_of,
    "accepted_claim": records.accepted_claim_of,
    "claim_part_order": records.part_order_of,
    "signed_claim_part_order": records.signed_part_order_of,
    "approved_claim_part_order": records.approved_part_order_of,
    "ordered_claim_part_order": records.ordered_part_order_of,
    "arrived_claim_part_order": records.arrived_part_order_of,
}


def PAGES(Rule: type) -> dict[str, Any]:  # noqa: N802 — the table's name
    M, O = Cap.MANAGE_CLAIMS, Cap.CLAIM_ORDERS  # noqa: N806, E741
    return {
        "claims:list": Rule(Cap.VIEW),
        "claims:create": Rule(M, form=True),
        "claims:outstanding": Rule(Cap.VIEW),
        "claims:rates": Rule(Cap.VIEW),  # the rates are the company's, like the price list
        "claims:rate_create": Rule(M, form=True),
        "claims:detail": Rule(Cap.VIEW, record="claim"),
        "claims:submit": Rule(M, record="claim", post_only=True),
        "claims:accept": Rule(M, record="submitted_claim", post_only=True),
        "claims:reject": Rule(M, record="submitted_claim", post_only=True),
        "claims:pay": Rule(M, record="accepted_claim", post_only=True),
        "claims:cancel": Rule(M, record="claim", post_only=True),
        "claims:include": Rule(M, record="claim", post_only=True),
        "claims:part_orders": Rule(Cap.VIEW),
        "claims:part_order_create": Rule(O, record="order", form=True),
        "claims:part_order_detail": Rule(Cap.VIEW, record="claim_part_order"),
        "claims:part_order_approve": Rule(
            Cap.APPROVE_CLAIM_ORDERS, record="claim_part_order", post_only=True
        ),
        "claims:part_order_confirm": Rule(
            Cap.CONFIRM_CLAIM_ORDERS, record="signed_claim_part_order", post_only=True
        ),
        "claims:part_order_ordered": Rule(O, record="approved_claim_part_order", post_only=True),
        "claims:part_order_arrived": Rule(
            Cap.MANAGE_STOCK, record="ordered_claim_part_order", post_only=True
        ),
        "claims:part_order_fit": Rule(
            Cap.FIT_CLAIM_PARTS, record="arrived_claim_part_order", post_only=True
        ),
        "claims:part_order_cancel": Rule(O, record="claim_part_order", post_only=True),
    }


# API -----------------------------------------------------------------------------------------

API_RECORDS: dict[str, tuple[str, Callable[..., Any]]] = {
    name: ("order_id" if "part_order" in name else "claim_id", make)
    for name, make in SCENE_RECORDS.items()
}


def claim_body(scene: Any, side: Any) -> dict[str, Any]:
    """The side's finished warranty job, at the rate of its brand, to build a claim from."""
    order = records.claimable_order(side)
    today = timezone.localdate()
    return {
        "brand": "格力",
        "period_start": str(today - dt.timedelta(days=30)),
        "period_end": str(today + dt.timedelta(days=1)),
        "work_orders": [order.pk],
        "branch": side.branch.pk,
    }


def part_order_body(scene: Any, side: Any) -> dict[str, Any]:
    return {
        "work_order": side.extra["warranty_job"].pk,
        "part": records.claim_part().pk,
        "quantity": 1,
        "deposit_amount": "200.00",
        "deposit_method": "cash",
    }


def OPS(Op: type) -> dict[tuple[str, str], Any]:  # noqa: N802 — the table's name
    M, O = Cap.MANAGE_CLAIMS, Cap.CLAIM_ORDERS  # noqa: N806, E741
    return {
        ("GET", "/claims/rates"): Op(Cap.VIEW),
        ("POST", "/claims/rates"): Op(
            M,
            ok=201,
            body=lambda scene, side: {
                "brand": f"品牌{_n()}",
                "labour_basis": "per_hour",
                "labour_rate": "60",
                "effective_from": "2026-01-01",
            },
        ),
        ("GET", "/claims/outstanding"): Op(Cap.VIEW),
        ("GET", "/claims"): Op(Cap.VIEW),
        ("POST", "/claims"): Op(M, ok=201, body=claim_body),
        ("GET", "/claims/{claim_id}"): Op(Cap.VIEW, record="claim"),
        ("POST", "/claims/{claim_id}/include-line"): Op(
            M,
            record="claim",
            body=lambda scene, side: {
                "line": records.no_evidence_line(side).pk,
                "included": True,
                "note": "旧件已由厂家上门回收",
            },
        ),
        ("POST", "/claims/{claim_id}/submit"): Op(M, record="claim"),
        ("POST", "/claims/{claim_id}/accept"): Op(
            M, record="submitted_claim", body=lambda scene, side: {"amount": "150.00"}
        ),
        ("POST", "/claims/{claim_id}/reject"): Op(
            M, record="submitted_claim", body=lambda scene, side: {"note": "资料不全"}
        ),
        ("POST", "/claims/{claim_id}/payment"): Op(
            M,
            record="accepted_claim",
            body=lambda scene, side: {
                "amount": "150.00",
                "paid_on": str(timezone.localdate()),
                "reference": f"TT{_n():06d}",
            },
        ),
        ("GET", "/claim-part-orders"): Op(Cap.VIEW),
        ("POST", "/claim-part-orders"): Op(O, ok=201, body=part_order_body),
        ("GET", "/claim-part-orders/{order_id}"): Op(Cap.VIEW, record="claim_part_order"),
        ("POST", "/claim-part-orders/{order_id}/approve"): Op(
            Cap.APPROVE_CLAIM_ORDERS, record="claim_part_order"
        ),
        ("POST", "/claim-part-orders/{order_id}/confirm"): Op(
            Cap.CONFIRM_CLAIM_ORDERS, record="signed_claim_part_order"
        ),
        ("POST", "/claim-part-orders/{order_id}/ordered"): Op(
            O, record="approved_claim_part_order", body=lambda scene, side: {"reference": "GL-1"}
        ),
        ("POST", "/claim-part-orders/{order_id}/arrived"): Op(
            Cap.MANAGE_STOCK, record="ordered_claim_part_order"
        ),
        ("POST", "/claim-part-orders/{order_id}/fit"): Op(
            Cap.FIT_CLAIM_PARTS, record="arrived_claim_part_order", body=lambda scene, side: {}
        ),
        ("POST", "/claim-part-orders/{order_id}/cancel"): Op(
            O,
            record="claim_part_order",
            body=lambda scene, side: {"reason": "客户改为退货", "refund": True},
        ),
    }


# Idempotent creation -------------------------------------------------------------------------


def CREATIONS(Creation: type) -> dict[str, Any]:  # noqa: N802 — the table's name
    return {
        "manufacturer_rate": Creation(
            Role.FINANCE,
            ManufacturerRate,
            lambda scene: "/claims/rates",
            lambda scene: {
                "brand": "美的",
                "labour_basis": "per_job",
                "labour_rate": "100",
                "travel_allowance": "30",
                "effective_from": "2026-01-01",
            },
            other={"labour_rate": "110"},
            again=409,  # one rate per brand, category and day
        ),
        "warranty_claim": Creation(
            Role.MANAGER,
            WarrantyClaim,
            lambda scene: "/claims",
            lambda scene: claim_body(scene, scene.a),
            other={"note": "第二批"},
            again=409,  # the job is on the claim already
        ),
        "claim_part_order": Creation(
            Role.AGENT,
            ClaimPartOrder,
            lambda scene: "/claim-part-orders",
            lambda scene: part_order_body(scene, scene.a),
            other={"note": "客户要求加急"},
            again=201,  # another part for the same job
        ),
    }


OPERATIONS = {
    "manufacturer_rate": "/claims/rates",
    "warranty_claim": "/claims",
    "claim_part_order": "/claim-part-orders",
}
