"""The return services and screens in the issue-wide guard tables: the capability table of
workorders/tests/test_services_permissions (GUARDED), and the rules of core/tests'
test_permissions_pages (PAGES), test_permissions_api (OPS, API_RECORDS) and test_api_idempotency
(CREATIONS, OPERATIONS). The tables' own classes are passed in, so that this module does not
import the test modules that import it."""

import itertools
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from aftersales.accounts.models import Role, User
from aftersales.accounts.policy import Cap
from aftersales.customers.models import Unit
from aftersales.factories import UserFactory
from aftersales.returns import services
from aftersales.returns.models import Resolution, ReturnRequest
from aftersales.returns.tests.scene_records import (
    approved_return_of,
    resolved_return_of,
    return_request_of,
    unit_to_file_for,
)

_numbers = itertools.count(1)


def _unit(ctx: Any) -> Unit:
    return Unit.objects.create(
        customer=ctx.customer_a,
        model=ctx.aircon_model,
        serial=f"TH-G{next(_numbers):05d}",
        purchase_date=ctx.now.date(),
    )


def _filed(ctx: Any) -> ReturnRequest:
    return services.return_request_file(
        by=ctx.flow.agent, now=ctx.now, kind="exchange", reason="开机即漏水", unit=_unit(ctx)
    )


def _approved(ctx: Any) -> ReturnRequest:
    gm = UserFactory(username=f"gm_{next(_numbers)}", role=Role.GM, branch=None)
    return services.return_request_decide(
        by=gm, now=ctx.now, request=_filed(ctx), approve=True, note="同意换货"
    )


def _file(ctx: Any, user: User) -> Callable[[], Any]:
    unit = _unit(ctx)
    return lambda: services.return_request_file(
        by=user, now=ctx.now, kind="return", reason="外观划伤，客户要求退货", unit=unit
    )


def _decide(ctx: Any, user: User) -> Callable[[], Any]:
    request = _filed(ctx)
    return lambda: services.return_request_decide(
        by=user, now=ctx.now, request=request, approve=True
    )


def _resolve(ctx: Any, user: User) -> Callable[[], Any]:
    request = _approved(ctx)
    return lambda: services.resolution_record(
        by=user, now=ctx.now, request=request, kind="credit_note", amount=Decimal("200")
    )


def _complete(ctx: Any, user: User) -> Callable[[], Any]:
    request = _approved(ctx)
    services.resolution_record(
        by=ctx.flow.agent, now=ctx.now, request=request, kind="compensation", amount=Decimal("80")
    )
    return lambda: services.return_request_complete(by=user, now=ctx.now, request=request)


GUARDED: dict[str, tuple[str, Callable[[Any, User], Callable[[], Any]]]] = {
    "return_request_file": (Cap.REQUEST_RETURNS, _file),
    "return_request_decide": (Cap.APPROVE_RETURNS, _decide),
    "resolution_record": (Cap.REQUEST_RETURNS, _resolve),
    "return_request_complete": (Cap.REQUEST_RETURNS, _complete),
}


def PAGES(Rule: type) -> dict[str, Any]:  # noqa: N802 — the table's name
    # Lists are branch-scoped (tested in returns/tests).
    return {
        "returns:list": Rule(Cap.VIEW),
        "returns:create": Rule(Cap.REQUEST_RETURNS, form=True),
        "returns:detail": Rule(Cap.VIEW, record="return_request"),
        "returns:decide": Rule(Cap.APPROVE_RETURNS, record="return_request", post_only=True),
        "returns:resolve": Rule(Cap.REQUEST_RETURNS, record="return_request", post_only=True),
        "returns:complete": Rule(Cap.REQUEST_RETURNS, record="return_request", post_only=True),
        "returns:unit_panel": Rule(Cap.VIEW, record="unit"),
    }


PAGE_RECORDS = {"return_request": return_request_of}


def OPS(Op: type) -> dict[tuple[str, str], Any]:  # noqa: N802 — the table's name
    return {
        ("GET", "/returns"): Op(Cap.VIEW),
        ("POST", "/returns"): Op(
            Cap.REQUEST_RETURNS,
            ok=201,
            body=lambda scene, side: {
                "unit": unit_to_file_for(side).pk,
                "kind": "exchange",
                "reason": "开机三天即不制冷",
            },
        ),
        ("GET", "/returns/{return_id}"): Op(Cap.VIEW, record="return_request"),
        ("POST", "/returns/{return_id}/decide"): Op(
            Cap.APPROVE_RETURNS,
            record="return_request",
            body=lambda scene, side: {"approve": True, "note": "同意"},
        ),
        ("POST", "/returns/{return_id}/resolutions"): Op(
            Cap.REQUEST_RETURNS,
            record="approved_return",
            ok=201,
            body=lambda scene, side: {"kind": "credit_note", "amount": "120.00"},
        ),
        ("POST", "/returns/{return_id}/complete"): Op(
            Cap.REQUEST_RETURNS, record="resolved_return"
        ),
    }


API_RECORDS: dict[str, tuple[str, Callable[..., Any]]] = {
    "return_request": ("return_id", return_request_of),  # awaiting the decision
    "approved_return": ("return_id", approved_return_of),
    "resolved_return": ("return_id", resolved_return_of),  # approved, with a credit note
}


def CREATIONS(Creation: type) -> dict[str, Any]:  # noqa: N802 — the table's name
    return {
        "return_request": Creation(
            Role.AGENT,
            ReturnRequest,
            lambda scene: "/returns",
            lambda scene: {"unit": scene.a.unit.pk, "kind": "exchange", "reason": "开机即漏水"},
            other={"reason": "开机即漏水，噪音大"},
            again=409,  # one open request per unit
        ),
        "resolution": Creation(
            Role.AGENT,
            Resolution,
            lambda scene: f"/returns/{approved_return_of(scene.a, fresh=True).pk}/resolutions",
            lambda scene: {"kind": "credit_note", "amount": "150.00", "note": "折让"},
            other={"amount": "180.00"},
            again=201,  # a second credit note
        ),
    }


OPERATIONS = {"return_request": "/returns", "resolution": "/returns/{return_id}/resolutions"}
