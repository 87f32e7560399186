"""Every operation of the OpenAPI document, for every role, on a record of his own branch and of
another: the same rules as the pages (accounts.policy.CAPABILITIES).

The operations are read from /api/v1/openapi.json, so a new endpoint fails here until its rule is
written down in OPS. Moves are tried on a fresh order in the state they start from, so that a role
holding the capability is seen to succeed, not merely not to be refused.
"""

import base64
import datetime as dt
import functools
import importlib
import itertools
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from aftersales.accounts.models import Role, User
from aftersales.accounts.policy import CAPABILITIES, Cap
from aftersales.factories import png_bytes
from aftersales.intake.services import call_register
from aftersales.loaners.tests.scene_records import loan_of, loaner_of
from aftersales.tools.tests.scene_records import lent_tool_of, tool_of
from aftersales.workorders.models import State

from .scene import Scene, Side, footprint
from .test_api_client import PREFIX, ApiClient

pytestmark = pytest.mark.usefixtures("quiet_request_log")

S = State
SIGNATURE = base64.b64encode(png_bytes()).decode()
_serials = itertools.count(1)


def _window(days: int = 1) -> dict[str, str]:
    start = timezone.localtime().replace(microsecond=0) + dt.timedelta(days=days)
    return {"start": start.isoformat(), "end": (start + dt.timedelta(hours=2)).isoformat()}


Body = Callable[[Scene, Side], dict[str, Any]]


@dataclass(frozen=True)
class Op:
    capability: str
    record: str | None = None  # what the path names: customer, unit, call, order, request, …
    state: str | None = None  # the order's state from which the move succeeds
    body: Body | None = None
    ok: int = 200
    lists: str | None = None  # the records it lists, each branch's shown only to its own


def _n() -> int:
    return next(_serials)


def _price_item():
    from aftersales.billing.models import PriceItem

    item, _created = PriceItem.objects.get_or_create(
        code="JF01", defaults={"name": "加氟", "kind": "labour", "price": 150, "source": "own"}
    )
    return item


def _contract(side: Side) -> dict[str, Any]:
    """A contract on the side's unit in a year of its own: a unit is under one at a time."""
    year = 2100 + _n()
    return {
        "customer": side.customer.pk,
        "units": [side.unit.pk],
        "start": f"{year}-01-01",
        "end": f"{year}-12-31",
        "annual_fee": "1200.00",
        "visits_per_year": 4,
    }


OPS: dict[tuple[str, str], Op] = {
    ("GET", "/customers"): Op(Cap.VIEW, lists="customer"),
    ("POST", "/customers"): Op(
        Cap.EDIT_CUSTOMERS,
        ok=201,
        body=lambda scene, side: {
            "name": "新客户",
            "phone": f"1391234{_n():04d}",
            "address": "北京市朝阳区",
            "branch": side.branch.pk,
        },
    ),
    ("GET", "/customers/{customer_id}"): Op(Cap.VIEW, record="customer"),
    ("PATCH", "/customers/{customer_id}"): Op(
        Cap.EDIT_CUSTOMERS, record="customer", body=lambda scene, side: {"notes": "回访满意"}
    ),
    ("GET", "/product-models"): Op(Cap.VIEW),
    ("POST", "/product-models"): Op(
        Cap.EDIT_CATALOG,
        ok=201,
        body=lambda scene, side: {
            "brand": "美的",
            "code": f"KFR-{_n()}",
            "name": "挂机",
            "category": scene.model.category_id,
        },
    ),
    ("GET", "/product-models/{model_id}"): Op(Cap.VIEW, record="model"),
    ("GET", "/units"): Op(Cap.VIEW, lists="unit"),
    ("POST", "/units"): Op(
        Cap.EDIT_CUSTOMERS,
        ok=201,
        body=lambda scene, side: {
            "customer": side.customer.pk,
            "model": scene.model.pk,
            "serial": f"NEW{_n()}",
            "purchase_date": str(timezone.localdate() - dt.timedelta(days=10)),
        },
    ),
    ("GET", "/units/{unit_id}"): Op(Cap.VIEW, record="unit"),
    ("GET", "/units/{unit_id}/history"): Op(Cap.VIEW, record="unit"),
    ("GET", "/outlets"): Op(Cap.VIEW, lists="outlet"),
    ("GET", "/outlets/{outlet_id}"): Op(Cap.VIEW, record="outlet"),
    ("GET", "/calls"): Op(Cap.VIEW, lists="call"),
    ("POST", "/calls"): Op(
        Cap.TAKE_CALLS,
        ok=201,
        body=lambda scene, side: {
            "phone": side.customer.phone,
            "customer": side.customer.pk,
            "symptom": "不制冷",
        },
    ),
    ("GET", "/calls/{call_id}"): Op(Cap.VIEW, record="call"),
    ("POST", "/calls/{call_id}/solve"): Op(
        Cap.TAKE_CALLS, record="new_call", body=lambda scene, side: {"guidance": "已指导清洗滤网"}
    ),
    ("POST", "/calls/{call_id}/work-order"): Op(
        Cap.TAKE_CALLS, record="new_call", ok=201, body=lambda scene, side: {}
    ),
    ("GET", "/work-orders"): Op(Cap.VIEW, lists="order"),
    ("POST", "/work-orders"): Op(
        Cap.TAKE_CALLS,
        ok=201,
        body=lambda scene, side: {
            "customer": side.customer.pk,
            "symptom": "年度保养",
            "kind": "maintenance",
        },
    ),
    ("GET", "/work-orders/{order_id}"): Op(Cap.VIEW, record="order"),
    ("GET", "/work-orders/{order_id}/audit"): Op(Cap.VIEW, record="order"),
    ("POST", "/work-orders/{order_id}/dispatch"): Op(
        Cap.DISPATCH,
        state=S.REGISTERED,
        body=lambda scene, side: {"technician": side.technician.pk},
    ),
    ("POST", "/work-orders/{order_id}/reassign"): Op(
        Cap.DISPATCH,
        state=S.SCHEDULED,
        body=lambda scene, side: {"technician": side.other_technician.pk, "reason": "客户要求换人"},
    ),
    ("POST", "/work-orders/{order_id}/schedule"): Op(
        Cap.SCHEDULE, state=S.DISPATCHED, body=lambda scene, side: _window()
    ),
    ("POST", "/work-orders/{order_id}/rebook"): Op(
        Cap.SCHEDULE,
        state=S.SCHEDULED,
        body=lambda scene, side: {**_window(2), "reason": "客户不在家，已致歉", "missed": True},
    ),
    ("POST", "/work-orders/{order_id}/hand-back"): Op(
        Cap.FIELD_WORK,
        state=S.DISPATCHED,
        body=lambda scene, side: {"customer_wishes": "客户要求下周六上午"},
    ),
    ("POST", "/work-orders/{order_id}/arrive"): Op(
        Cap.FIELD_WORK, state=S.SCHEDULED, body=lambda scene, side: {}
    ),
    ("POST", "/work-orders/{order_id}/complete"): Op(
        Cap.FIELD_WORK,
        state=S.ON_SITE,
        body=lambda scene, side: {
            "service_report": "补充制冷剂，试机正常",
            "signer_name": "张伟",
            "signature": SIGNATURE,
        },
    ),
    ("POST", "/work-orders/{order_id}/carry-back"): Op(
        Cap.FIELD_WORK, state=S.ON_SITE, body=lambda scene, side: {"items": "室内机一台"}
    ),
    ("POST", "/work-orders/{order_id}/record-repair"): Op(
        Cap.FIELD_WORK,
        state=S.CARRIED_BACK,
        body=lambda scene, side: {"work_done": "更换电容", "hours": "1.5"},
    ),
    ("POST", "/work-orders/{order_id}/check"): Op(
        Cap.CHECK, state=S.REPAIRED, body=lambda scene, side: {"passed": True}
    ),
    ("POST", "/work-orders/{order_id}/return-unit"): Op(
        Cap.FIELD_WORK,
        state=S.CHECKED,
        body=lambda scene, side: {"signer_name": "张伟", "signature": SIGNATURE},
    ),
    ("POST", "/work-orders/{order_id}/close"): Op(
        Cap.CLOSE, state=S.COMPLETED, body=lambda scene, side: {"note": "回访满意"}
    ),
    ("POST", "/work-orders/{order_id}/cancel"): Op(
        Cap.CANCEL, state=S.DISPATCHED, body=lambda scene, side: {"reason": "客户已自行解决"}
    ),
    ("GET", "/work-orders/{order_id}/requests"): Op(Cap.VIEW, record="order"),
    ("POST", "/work-orders/{order_id}/requests"): Op(
        Cap.FIELD_WORK,
        state=S.ON_SITE,
        ok=201,
        body=lambda scene, side: {"kind": "escalation", "reason": "现场无法解决"},
    ),
    ("POST", "/work-orders/{order_id}/requests/{request_id}/decide"): Op(
        Cap.CHECK, record="new_request", body=lambda scene, side: {"approve": True}
    ),
    ("GET", "/work-orders/{order_id}/photos"): Op(Cap.VIEW, record="order"),
    ("POST", "/work-orders/{order_id}/photos"): Op(
        Cap.FIELD_WORK,
        state=S.ON_SITE,
        ok=201,
        body=lambda scene, side: {"kind": "fault", "image": SIGNATURE},
    ),
    ("GET", "/technicians"): Op(Cap.VIEW, lists="technician"),
    ("POST", "/work-orders/{order_id}/category"): Op(
        Cap.OVERRIDE_CATEGORY,
        state=S.REGISTERED,
        body=lambda scene, side: {"category": "A", "reason": "人为损坏，不属保修"},
    ),
    ("GET", "/contracts"): Op(Cap.VIEW, lists="contract"),
    ("POST", "/contracts"): Op(
        Cap.EDIT_CONTRACTS, ok=201, body=lambda scene, side: _contract(side)
    ),
    ("GET", "/contracts/{contract_id}"): Op(Cap.VIEW, record="contract"),
    ("GET", "/three-guarantee-rules"): Op(Cap.VIEW),
    ("GET", "/parts"): Op(Cap.VIEW),
    ("POST", "/parts"): Op(
        Cap.MANAGE_STOCK,
        ok=201,
        body=lambda scene, side: {"code": f"P-{_n()}", "name": "四通阀", "unit_cost": "85"},
    ),
    ("GET", "/warehouses"): Op(Cap.VIEW),
    ("GET", "/stock-levels"): Op(Cap.VIEW),
    ("GET", "/stock-documents"): Op(Cap.VIEW),
    ("POST", "/stock-documents"): Op(
        Cap.MANAGE_STOCK,
        ok=201,
        body=lambda scene, side: {
            "kind": "receipt",
            "to_warehouse": side.extra["warehouse"].pk,
            "lines": [{"part": scene.part.pk, "quantity": 2}],
        },
    ),
    ("GET", "/stock-documents/{document_id}"): Op(Cap.VIEW, record="stock_document"),
    ("GET", "/work-orders/{order_id}/parts"): Op(Cap.VIEW, record="order"),
    # Whom to send is the dispatcher's question: on the pages only he is shown the suggestions.
    ("GET", "/work-orders/{order_id}/suggestions"): Op(Cap.DISPATCH, record="order"),
    # Charges (billing).
    ("GET", "/prices"): Op(Cap.VIEW),
    ("POST", "/prices"): Op(
        Cap.EDIT_PRICES,
        ok=201,
        body=lambda scene, side: {
            "code": f"P{_n()}",
            "name": "上门费",
            "kind": "travel",
            "price": "50",
            "source": "own",
        },
    ),
    ("GET", "/work-orders/{order_id}/billing"): Op(Cap.VIEW, record="order"),
    ("POST", "/work-orders/{order_id}/quotes"): Op(
        Cap.QUOTE,
        record="paid_order",
        state=S.ON_SITE,
        ok=201,
        body=lambda scene, side: {
            "fault": "缺氟",
            "expected_hours": "1.5",
            "lines": [{"item": _price_item().pk, "quantity": "1"}],
        },
    ),
    ("GET", "/cash-positions"): Op(Cap.FINANCE),
    # Tools and loaner units: lists are branch-scoped (tested in tools/tests, loaners/tests).
    ("GET", "/tools"): Op(Cap.VIEW),
    ("POST", "/tools"): Op(
        Cap.MANAGE_TOOLS,
        ok=201,
        body=lambda scene, side: {
            "asset_number": f"GJ-P{_n():05d}",
            "name": "焊枪",
            "purchase_price": "180.00",
            "branch": side.branch.pk,
        },
    ),
    ("GET", "/tools/overdue-loans"): Op(Cap.VIEW),
    ("GET", "/tools/{tool_id}"): Op(Cap.VIEW, record="tool"),
    ("GET", "/tools/{tool_id}/loans"): Op(Cap.VIEW, record="tool"),
    ("POST", "/tools/{tool_id}/lend"): Op(
        Cap.MANAGE_TOOLS,
        record="tool",
        body=lambda scene, side: {
            "technician": side.technician.pk,
            "due_back": (side.flow.now + dt.timedelta(days=2)).isoformat(),
        },
    ),
    ("POST", "/tools/{tool_id}/return"): Op(
        Cap.MANAGE_TOOLS, record="lent_tool", body=lambda scene, side: {"condition": "完好"}
    ),
    ("GET", "/loaners"): Op(Cap.VIEW),
    ("POST", "/loaners"): Op(
        Cap.MANAGE_LOANERS,
        ok=201,
        body=lambda scene, side: {
            "asset_number": f"TB-P{_n():05d}",
            "model": scene.model.pk,
            "branch": side.branch.pk,
        },
    ),
    ("GET", "/loaners/loans"): Op(Cap.VIEW),
    ("GET", "/loaners/{loaner_id}"): Op(Cap.VIEW, record="loaner"),
    ("POST", "/loaners/{loaner_id}/lend"): Op(
        Cap.MANAGE_LOANERS,
        record="loaner",
        body=lambda scene, side: {
            "work_order": side.order.pk,
            "expected_return": (side.flow.now + dt.timedelta(days=3)).isoformat(),
        },
    ),
    ("POST", "/loaner-loans/{loan_id}/return"): Op(
        Cap.MANAGE_LOANERS, record="loan", body=lambda scene, side: {"condition": "完好"}
    ),
    ("GET", "/work-orders/{order_id}/loaners"): Op(Cap.VIEW, record="order"),
}


@functools.cache
def operations() -> list[tuple[str, str]]:
    document = Client().get(f"{PREFIX}/openapi.json").json()
    return [
        (method.upper(), path.removeprefix(PREFIX))
        for path, methods in document["paths"].items()
        for method in methods
    ]


def known_operations() -> list[tuple[str, str]]:
    """The operations with a rule; test_every_operation_has_a_rule fails for the others."""
    return [key for key in operations() if key in OPS]


def _fresh_call(side: Side):
    return call_register(
        by=side.flow.agent,
        now=side.flow.now,
        channel="hotline",
        phone=side.customer.phone,
        customer=side.customer,
        symptom="显示屏不亮",
    )


@dataclass
class Target:
    url: str
    order: Any = None  # the work order it acts on, if any


# Records of later apps: the path parameter that names each, and how it is made.
# Records every branch shares: the catalogue and what is added below.
SHARED_RECORDS = {"model"}

SCENE_RECORDS: dict[str, tuple[str, Callable[..., Any]]] = {
    "tool": ("tool_id", tool_of),  # in store
    "lent_tool": ("tool_id", lent_tool_of),
    "loaner": ("loaner_id", loaner_of),  # available
    "loan": ("loan_id", loan_of),  # open
}

# The claims app's operations, and the records they name (claims/tests/guarded.py).
from aftersales.claims.tests import guarded as claims_guarded  # noqa: E402

OPS.update(claims_guarded.OPS(Op))
SCENE_RECORDS.update(claims_guarded.API_RECORDS)

# The return and exchange endpoints and their records, set up in their own app.
from aftersales.returns.tests import guarded as returns_guarded  # noqa: E402

OPS.update(returns_guarded.OPS(Op))
SCENE_RECORDS.update(returns_guarded.API_RECORDS)

# The outlet settlement endpoints and their records, set up in their own app.
from aftersales.settlements.tests import tables as settlements_tables  # noqa: E402

OPS.update(settlements_tables.OPS(Op))
SCENE_RECORDS.update(settlements_tables.API_RECORDS)

# The charges (billing) endpoints and their records, set up in their own app; the price list
# is the company's, shared like the catalogue.
from aftersales.billing.tests import api_ops as billing_ops  # noqa: E402
from aftersales.billing.tests import scene_records as billing_records  # noqa: E402

OPS.update(billing_ops.OPS(Op))
SCENE_RECORDS.update(billing_records.RECORDS)
SHARED_RECORDS.add("price_item")

# Renewing and cancelling a maintenance contract, on contracts of their own.
from aftersales.warranty.tests import scene_records as warranty_records  # noqa: E402

OPS.update(warranty_records.OPS(Op))
SCENE_RECORDS.update(warranty_records.RECORDS)

# The purchase endpoints of spare parts and the requests they name (parts/tests/guarded.py).
from aftersales.parts.tests import guarded as parts_guarded  # noqa: E402

OPS.update(parts_guarded.OPS(Op))
SCENE_RECORDS.update(parts_guarded.API_RECORDS)

# The apps of the time rules (issue 4), each with its entries in <app>/tests/tables.py.
for _app in ("deadlines", "notifications", "followups", "maintenance", "warranty", "calendars"):
    _tables = importlib.import_module(f"aftersales.{_app}.tests.tables")
    OPS.update(_tables.OPS(Op))
    SCENE_RECORDS.update(_tables.API_RECORDS)


def target(scene: Scene, side: Side, key: tuple[str, str], *, fresh: bool) -> Target:
    """The URL of the operation on `side`'s record; with `fresh`, on a new record in the state the
    operation starts from, so that it can succeed."""
    op = OPS[key]
    path = key[1]
    order = None
    record = op.record or ("order" if op.state else None)
    params: dict[str, Any] = {}
    if record == "customer":
        params["customer_id"] = side.customer.pk
    elif record == "model":
        params["model_id"] = scene.model.pk
    elif record == "unit":
        params["unit_id"] = side.unit.pk
    elif record == "outlet":
        params["outlet_id"] = side.outlet.pk
    elif record == "call":
        params["call_id"] = side.call.pk
    elif record == "contract":
        params["contract_id"] = side.extra["contract"].pk
    elif record == "new_call":
        params["call_id"] = (_fresh_call(side) if fresh else side.call).pk
    elif record == "order":
        order = side.flow.reach(op.state) if fresh and op.state else side.order
        params["order_id"] = order.pk
    elif record == "stock_document":
        params["document_id"] = side.extra["stock_document"].pk
    elif record == "paid_order":  # paid work (category A), which is quoted and invoiced
        order = side.flow.reach(op.state) if fresh else side.order
        if fresh:
            order.__class__.objects.filter(pk=order.pk).update(category="A")
        params["order_id"] = order.pk
    elif record in SCENE_RECORDS:  # made on first use (fresh: a new one), without an audit entry
        name, make = SCENE_RECORDS[record]
        params[name] = make(side, fresh=fresh).pk
    elif record == "new_request":
        order = side.flow.reach(S.ON_SITE) if fresh else side.order
        request = side.flow.do("request", order) if fresh else side.request
        params.update(order_id=order.pk, request_id=request.pk)
    return Target(url=path.format(**params), order=order)


def sees(user: User, scene: Scene, side: Side, key: tuple[str, str], order: Any) -> bool:
    """Whether the record the operation names is in the user's scope: his branch's (head office:
    every branch's); of the jobs, a technician sees those sent to him."""
    op = OPS[key]
    if op.record is None and op.state is None:
        return True
    if op.record in SHARED_RECORDS:
        return True  # the catalogue is shared
    if side is scene.b and not user.sees_all_branches:
        return False
    if order is not None and user.role == Role.TECHNICIAN:
        return order.technician_id is not None and order.technician.user_id == user.pk
    return True


def call(api: ApiClient, method: str, url: str, body: dict | None):
    if method == "GET":
        return api.get(url)
    if method == "PATCH":
        return api.patch(url, body or {})
    return api.post(url, body)


def _listed_ids(response) -> set[int]:
    return {item["id"] for item in response.json()["items"]}


def _record_id(side: Side, kind: str) -> int:
    return {
        "customer": side.customer.pk,
        "unit": side.unit.pk,
        "outlet": side.outlet.pk,
        "call": side.call.pk,
        "order": side.order.pk,
        "technician": side.technician.pk,
        "contract": side.extra["contract"].pk if "contract" in side.extra else None,
    }[kind]


def check(api: ApiClient, user: User, scene: Scene, where: str, key, *, fresh: bool) -> list:
    op = OPS[key]
    side = scene.side(where)
    method = key[0]
    tgt = target(scene, side, key, fresh=fresh)
    body = op.body(scene, side) if op.body else None
    if not sees(user, scene, side, key, tgt.order):
        wanted = 404
    elif op.capability not in CAPABILITIES[user.role]:
        wanted = 403
    else:
        wanted = op.ok
    before = footprint() if wanted >= 400 else None
    response = call(api, method, tgt.url, body)
    got = response.status_code
    problems = []
    if got != wanted:
        detail = response.json().get("detail") if got >= 400 else ""
        problems.append((method, tgt.url, where, got, wanted, detail))
    elif got >= 400:
        if footprint() != before:
            problems.append((method, tgt.url, where, "refused but changed something"))
    elif op.lists:
        listed = _listed_ids(response)
        for shown in (scene.a, scene.b):
            should = shown is scene.a or user.sees_all_branches
            if op.lists == "order" and user.role == Role.TECHNICIAN:
                should = shown.technician.user_id == user.pk
            if (_record_id(shown, op.lists) in listed) != should:
                problems.append((method, tgt.url, f"{shown.label} {op.lists} listed", not should))
    return problems


def test_every_operation_has_a_rule(db):
    documented = operations()
    missing = [key for key in documented if key not in OPS]
    assert missing == [], f"API operations without a rule in OPS: {missing}"
    assert set(OPS) <= set(documented), set(OPS) - set(documented)


def test_every_operation_needs_a_token(scene):
    """Every operation of the document, with a rule or not yet."""
    anonymous = ApiClient()
    # The records the operations are tried on are made first: what is counted is what the
    # calls do.
    calls = []
    for method, path in operations():
        if (method, path) in OPS:
            op = OPS[method, path]
            url = target(scene, scene.a, (method, path), fresh=False).url
            body = op.body(scene, scene.a) if op.body else None
        else:
            url, body = re.sub(r"\{\w+\}", "1", path), {}
        calls.append((method, url, body))
    before = footprint()
    problems = []
    for method, url, body in calls:
        response = call(anonymous, method, url, body)
        if response.status_code != 401 or response.json()["code"] != "not_authenticated":
            problems.append((method, url, response.status_code))
    assert not problems, "\n".join(map(str, problems))
    assert footprint() == before


@pytest.mark.parametrize("role", Role.values)
def test_each_role_may_call_exactly_what_its_capabilities_allow(scene, role):
    user = scene.users[role]
    api = ApiClient(user)
    problems = []
    for key in known_operations():
        # A move that the role may make is tried on a new record in the state it starts from;
        # one it may not make is refused whatever the state.
        allowed = OPS[key].capability in CAPABILITIES[role]
        problems += check(api, user, scene, "a", key, fresh=key[0] != "GET" and allowed)
        if OPS[key].record not in (None, *SHARED_RECORDS) or OPS[key].state:
            # Another branch's record does not exist for him, whatever his role.
            problems += check(api, user, scene, "b", key, fresh=False)
    assert not problems, "\n".join(map(str, problems))


def test_head_office_may_call_everything_on_every_branch(scene):
    user = scene.manager_hq
    api = ApiClient(user)
    problems = []
    for key in known_operations():
        problems += check(api, user, scene, "b", key, fresh=key[0] != "GET")
    assert not problems, "\n".join(map(str, problems))
