"""The outlet-settlement pages, API operations and creating endpoints in the issue-wide tables of
core/tests (test_permissions_pages, test_permissions_api, test_api_idempotency). Each table's
own record type is passed in, so that these entries are written in its terms."""

from collections.abc import Callable
from typing import Any

from aftersales.accounts.models import Role
from aftersales.accounts.policy import Cap

from .scene_records import build_body, confirmed_settlement_of, rate_of, settlement_of

# The records the paths name, made on first use without an audit entry.
PAGE_RECORDS: dict[str, Callable[..., Any]] = {
    "settlement": settlement_of,
    "outlet_rate": rate_of,
}
API_RECORDS: dict[str, tuple[str, Callable[..., Any]]] = {
    "settlement": ("settlement_id", settlement_of),  # a draft
    "confirmed_settlement": ("settlement_id", confirmed_settlement_of),
}


def PAGES(Rule: type) -> dict[str, Any]:  # noqa: N802 — the table's name
    """Every page asks for the capability: the statements are the outlets' money."""
    return {
        "settlements:list": Rule(Cap.SETTLE_OUTLETS),
        "settlements:build": Rule(Cap.SETTLE_OUTLETS, form=True),
        "settlements:detail": Rule(Cap.SETTLE_OUTLETS, record="settlement"),
        "settlements:print": Rule(Cap.SETTLE_OUTLETS, record="settlement"),
        "settlements:rebuild": Rule(Cap.SETTLE_OUTLETS, record="settlement", post_only=True),
        "settlements:confirm": Rule(Cap.SETTLE_OUTLETS, record="settlement", post_only=True),
        "settlements:pay": Rule(Cap.SETTLE_OUTLETS, record="settlement", post_only=True),
        "settlements:rates": Rule(Cap.SETTLE_OUTLETS),
        "settlements:rate_create": Rule(Cap.SETTLE_OUTLETS, form=True),
        "settlements:rate_edit": Rule(Cap.SETTLE_OUTLETS, record="outlet_rate", form=True),
    }


def OPS(Op: type) -> dict[tuple[str, str], Any]:  # noqa: N802 — the table's name
    import itertools

    days = itertools.count(1)

    def rate_body(scene: Any, side: Any) -> dict[str, Any]:
        return {
            "outlet": side.outlet.pk,
            "service_category": "B",
            "amount": "80.00",
            "effective_from": f"{2030 + next(days)}-01-01",
        }

    return {
        ("GET", "/outlet-settlements"): Op(Cap.SETTLE_OUTLETS),
        ("POST", "/outlet-settlements"): Op(
            Cap.SETTLE_OUTLETS, ok=201, body=lambda scene, side: build_body(side)
        ),
        ("GET", "/outlet-settlements/{settlement_id}"): Op(Cap.SETTLE_OUTLETS, record="settlement"),
        ("POST", "/outlet-settlements/{settlement_id}/rebuild"): Op(
            Cap.SETTLE_OUTLETS, record="settlement"
        ),
        ("POST", "/outlet-settlements/{settlement_id}/confirm"): Op(
            Cap.SETTLE_OUTLETS, record="settlement"
        ),
        ("POST", "/outlet-settlements/{settlement_id}/pay"): Op(
            Cap.SETTLE_OUTLETS,
            record="confirmed_settlement",
            body=lambda scene, side: {
                "paid_on": str(side.flow.now.date()),
                "reference": "ICBC-20260601-001",
            },
        ),
        ("GET", "/outlet-rates"): Op(Cap.SETTLE_OUTLETS),
        ("POST", "/outlet-rates"): Op(Cap.SETTLE_OUTLETS, ok=201, body=rate_body),
    }


def CREATIONS(Creation: type) -> dict[str, Any]:  # noqa: N802 — the table's name
    from aftersales.settlements.models import OutletRate, OutletSettlement

    return {
        "outlet_settlement": Creation(
            Role.FINANCE,
            OutletSettlement,
            lambda scene: "/outlet-settlements",
            lambda scene: build_body(scene.a),
            other={"note": "再次提交"},
            again=409,  # one statement per outlet and month
        ),
        "outlet_rate": Creation(
            Role.FINANCE,
            OutletRate,
            lambda scene: "/outlet-rates",
            lambda scene: {
                "outlet": scene.a.outlet.pk,
                "service_category": "A",
                "amount": "90.00",
                "effective_from": "2026-01-01",
            },
            other={"amount": "95.00"},
            again=409,  # one rate per outlet, categories and date
        ),
    }


# The operation of the OpenAPI document each creation above goes to.
OPERATIONS = {"outlet_settlement": "/outlet-settlements", "outlet_rate": "/outlet-rates"}
