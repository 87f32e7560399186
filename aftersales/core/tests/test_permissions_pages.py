"""Every page of the project, for every role, on a record of his own branch and of another.

The list of pages is read from the URLconf, so a new page fails here until a rule for it is
written down in PAGES: what capability it needs, which record it names, what it lists. The
capabilities of each role are those of the policy (accounts.policy.CAPABILITIES); which page
needs which capability is written out by hand below.

What must hold: anonymous users are sent to the login page; a role without the capability gets
403 and changes nothing; a role with it gets the page, but another branch's record is not found
(404) and another branch's rows are not listed; head office sees every branch.
"""

import importlib
import re
from dataclasses import dataclass, field
from typing import Any

import pytest
from django.conf import settings
from django.shortcuts import resolve_url
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from aftersales.accounts.models import Role, User
from aftersales.accounts.policy import CAPABILITIES, Cap
from aftersales.loaners.tests.scene_records import loan_of, loaner_of
from aftersales.tools.tests.scene_records import tool_of
from aftersales.workorders.views import HANDLERS

from .scene import Scene, Side, footprint

pytestmark = pytest.mark.usefixtures("quiet_request_log")

# Not pages of the application: Django's own screens and the API (tested on its own).
EXCLUDED_NAMESPACES = {"admin", "api"}
EXCLUDED_PREFIXES = ("i18n/", "static/", "media/")
EXCLUDED_NAMES = {"login", "logout"}


@dataclass(frozen=True)
class Rule:
    capability: str | None  # None: anyone signed in
    record: str | None = None  # the record the URL names: customer, unit, call, order, …
    post_only: bool = False  # an action: POST only
    form: bool = False  # a form page: GET shows it, POST submits it
    lists: str | None = None  # the records it lists, each branch's shown only to its own
    query: dict[str, str] = field(default_factory=dict)
    ok: int = 200


PAGES: dict[str, Rule] = {
    "home": Rule(None, ok=302),  # sends each role to where its day starts
    "customers:list": Rule(Cap.VIEW, lists="customer"),
    "customers:create": Rule(Cap.EDIT_CUSTOMERS, form=True),
    "customers:detail": Rule(Cap.VIEW, record="customer"),
    "customers:edit": Rule(Cap.EDIT_CUSTOMERS, record="customer", form=True),
    "customers:contact_add": Rule(Cap.EDIT_CUSTOMERS, record="customer", post_only=True),
    "customers:unit_register": Rule(Cap.EDIT_CUSTOMERS, record="customer", form=True),
    "customers:units": Rule(Cap.VIEW, lists="unit"),
    "customers:unit_detail": Rule(Cap.VIEW, record="unit"),
    "customers:models": Rule(Cap.VIEW),  # the catalogue is shared by all branches
    "customers:model_create": Rule(Cap.EDIT_CATALOG, form=True),
    "customers:outlets": Rule(Cap.VIEW, lists="outlet"),
    "customers:outlet_create": Rule(Cap.EDIT_CATALOG, form=True),
    "dispatch:technicians": Rule(Cap.VIEW, lists="technician"),
    "dispatch:technician_certify": Rule(Cap.EDIT_STAFF, record="technician", form=True),
    "intake:list": Rule(Cap.VIEW, lists="call"),
    "intake:new": Rule(Cap.TAKE_CALLS, form=True),
    "intake:customer_lookup": Rule(Cap.TAKE_CALLS, lists="customer", query={"q": "方客户"}),
    "intake:detail": Rule(Cap.VIEW, record="call"),
    "intake:solve": Rule(Cap.TAKE_CALLS, record="call", post_only=True),
    "intake:open_work_order": Rule(Cap.TAKE_CALLS, record="call", post_only=True),
    "workorders:list": Rule(Cap.VIEW, lists="order"),
    "workorders:board": Rule(Cap.DISPATCH, lists="waiting"),
    "workorders:my_jobs": Rule(Cap.VIEW, lists="own_job"),
    "workorders:supervisor": Rule(Cap.CHECK, lists="escalated"),
    "workorders:detail": Rule(Cap.VIEW, record="order"),
    "workorders:voucher": Rule(Cap.VIEW, record="order"),
    "workorders:decide_request": Rule(Cap.CHECK, record="request", post_only=True),
    "workorders:override_category": Rule(Cap.OVERRIDE_CATEGORY, record="order", post_only=True),
    "warranty:contracts": Rule(Cap.VIEW, lists="contract"),
    "warranty:contract_create": Rule(Cap.EDIT_CONTRACTS, form=True),
    "warranty:contract_detail": Rule(Cap.VIEW, record="contract"),
    "warranty:contract_renew": Rule(Cap.EDIT_CONTRACTS, record="contract", form=True),
    "warranty:contract_cancel": Rule(Cap.EDIT_CONTRACTS, record="contract", post_only=True),
    "warranty:three_guarantees": Rule(Cap.VIEW),  # the table is shared by all branches
    "warranty:three_guarantee_save": Rule(Cap.EDIT_CATALOG, post_only=True),
    "warranty:three_guarantee_delete": Rule(Cap.EDIT_CATALOG, post_only=True),
    # Spare parts: lists are branch-scoped (tested in parts/tests), the catalogue is shared.
    "parts:stock": Rule(Cap.VIEW),
    "parts:documents": Rule(Cap.VIEW),
    "parts:document_detail": Rule(Cap.VIEW, record="stock_document"),
    "parts:receive": Rule(Cap.MANAGE_STOCK, form=True),
    "parts:transfer": Rule(Cap.MANAGE_STOCK, form=True),
    "parts:issue": Rule(Cap.ISSUE_PARTS, form=True),
    "parts:return_old": Rule(Cap.ISSUE_PARTS, form=True),
    "parts:scrap": Rule(Cap.MANAGE_STOCK, form=True),
    "parts:charge": Rule(Cap.MANAGE_STOCK, form=True),
    "parts:catalogue": Rule(Cap.VIEW),
    "parts:part_create": Rule(Cap.MANAGE_STOCK, form=True),
    "parts:warehouses": Rule(Cap.VIEW),
    "parts:warehouse_create": Rule(Cap.MANAGE_STOCK, form=True),
    "parts:reorder": Rule(Cap.VIEW),
    "parts:reorder_point_set": Rule(Cap.MANAGE_STOCK, form=True),
    "parts:order_parts": Rule(Cap.VIEW, record="order"),
    "parts:purchases": Rule(Cap.VIEW),
    "parts:purchase_create": Rule(Cap.MANAGE_STOCK, form=True),
    "parts:purchase_detail": Rule(Cap.VIEW, record="purchase"),
    "parts:purchase_quote": Rule(Cap.MANAGE_STOCK, record="purchase", post_only=True),
    "parts:purchase_decide": Rule(Cap.APPROVE_PURCHASE, record="purchase", post_only=True),
    # Tools and loaner units: lists are branch-scoped (tested in tools/tests, loaners/tests).
    "tools:list": Rule(Cap.VIEW),
    "tools:create": Rule(Cap.MANAGE_TOOLS, form=True),
    "tools:overdue": Rule(Cap.VIEW),
    "tools:mine": Rule(Cap.FIELD_WORK),
    "tools:detail": Rule(Cap.VIEW, record="tool"),
    "tools:assign": Rule(Cap.MANAGE_TOOLS, record="tool", post_only=True),
    "tools:lend": Rule(Cap.MANAGE_TOOLS, record="tool", post_only=True),
    "tools:take_back": Rule(Cap.MANAGE_TOOLS, record="tool", post_only=True),
    "tools:return": Rule(Cap.MANAGE_TOOLS, record="tool", post_only=True),
    "tools:repaired": Rule(Cap.MANAGE_TOOLS, record="tool", post_only=True),
    "tools:retire": Rule(Cap.MANAGE_TOOLS, record="tool", post_only=True),
    "loaners:list": Rule(Cap.VIEW),
    "loaners:create": Rule(Cap.MANAGE_LOANERS, form=True),
    "loaners:out": Rule(Cap.VIEW),
    "loaners:detail": Rule(Cap.VIEW, record="loaner"),
    "loaners:repaired": Rule(Cap.MANAGE_LOANERS, record="loaner", post_only=True),
    "loaners:return": Rule(Cap.MANAGE_LOANERS, record="loan", form=True),
    "loaners:order_panel": Rule(Cap.VIEW, record="order"),
    "loaners:lend": Rule(Cap.MANAGE_LOANERS, record="order", form=True),
    # Charges (billing): the price list is the company's; the rest names a work order.
    "billing:prices": Rule(Cap.VIEW),
    "billing:price_create": Rule(Cap.EDIT_PRICES, form=True),
    "billing:quote": Rule(Cap.QUOTE, record="order", form=True),
    "billing:consent": Rule(Cap.QUOTE, record="order", form=True),
    "billing:consent_phone": Rule(Cap.TAKE_CALLS, record="order", form=True),
    "billing:decline": Rule(Cap.QUOTE, record="order", post_only=True),
    "billing:invoice": Rule(Cap.VIEW, record="order"),
    "billing:invoice_issue": Rule(Cap.COLLECT_PAYMENT, record="order", post_only=True),
    "billing:invoice_print": Rule(Cap.VIEW, record="order"),
    "billing:invoice_void": Rule(Cap.FINANCE, record="order", form=True),
    "billing:payment": Rule(Cap.COLLECT_PAYMENT, record="order", post_only=True),
    "billing:discount": Rule(Cap.COLLECT_PAYMENT, record="order", post_only=True),
    "billing:discount_decide": Rule(Cap.APPROVE_DISCOUNTS, record="order", post_only=True),
    "billing:discounts": Rule(Cap.APPROVE_DISCOUNTS),
    "billing:handover": Rule(Cap.FINANCE),
    "billing:handover_receive": Rule(Cap.FINANCE, post_only=True),
    # workorders:action: one rule per action, below.
}

# The return and exchange screens, set up in their own app.
from aftersales.returns.tests import guarded as returns_guarded  # noqa: E402

PAGES.update(returns_guarded.PAGES(Rule))

# The outlet settlement screens, set up in their own app.
from aftersales.settlements.tests import tables as settlements_tables  # noqa: E402

PAGES.update(settlements_tables.PAGES(Rule))

# The spare-parts pages added since (parts/tests/guarded.py): edits, 返厂, the monthly cost.
from aftersales.parts.tests import guarded as parts_guarded  # noqa: E402

PAGES.update(parts_guarded.PAGES(Rule))

# The capability of each work-order action, from the flow of the regulations (SPEC §4).
ACTION_CAPABILITIES: dict[str, str] = {
    "dispatch": Cap.DISPATCH,
    "reassign": Cap.DISPATCH,  # technicians never swap jobs themselves (000 篇8 第32条)
    "schedule": Cap.SCHEDULE,
    "rebook": Cap.SCHEDULE,
    "hand_back": Cap.FIELD_WORK,
    "arrive": Cap.FIELD_WORK,
    "complete": Cap.FIELD_WORK,
    "carry_back": Cap.FIELD_WORK,
    "record_repair": Cap.FIELD_WORK,
    "check": Cap.CHECK,  # 主任验讫
    "return_unit": Cap.FIELD_WORK,
    "close": Cap.CLOSE,
    "cancel": Cap.CANCEL,
    "request": Cap.FIELD_WORK,
    "add_photo": Cap.FIELD_WORK,
}


def _url_routes() -> dict[str, str]:
    """Every page of the URLconf, apart from Django's own and the API: its name and route."""
    routes: dict[str, str] = {}

    def walk(patterns: list, prefix: str, namespace: str) -> None:
        for pattern in patterns:
            route = prefix + str(pattern.pattern)
            if route.startswith(EXCLUDED_PREFIXES):
                continue
            if isinstance(pattern, URLResolver):
                if pattern.namespace in EXCLUDED_NAMESPACES:
                    continue
                inner = ":".join(filter(None, [namespace, pattern.namespace]))
                walk(pattern.url_patterns, route, inner)
            elif isinstance(pattern, URLPattern):
                # An unnamed page cannot be given a rule: it fails below as "<route>".
                name = pattern.name or f"<{route}>"
                full = f"{namespace}:{name}" if namespace and pattern.name else name
                if full not in EXCLUDED_NAMES:
                    routes[full] = route

    walk(get_resolver().url_patterns, "", "")
    return routes


URL_ROUTES = _url_routes()
URL_NAMES = list(URL_ROUTES)


def _cases() -> list[tuple[str, str | None]]:
    """The pages with a rule, each work-order action on its own."""
    cases: list[tuple[str, str | None]] = []
    for name in URL_NAMES:
        if name == "workorders:action":
            cases += [(name, action) for action in sorted(HANDLERS)]
        elif name in PAGES:
            cases.append((name, None))
    return cases


CASES = _cases()


def any_url(route: str) -> str:
    """A URL of the route with made-up arguments: enough to be turned away at the door."""
    return "/" + re.sub(r"<(?:(\w+):)?\w+>", lambda m: "1" if m[1] == "int" else "x", route)


def rule_of(name: str, action: str | None) -> Rule:
    if name == "workorders:action":
        return Rule(ACTION_CAPABILITIES[action], record="order", post_only=True)
    return PAGES[name]


SCENE_RECORDS = {"tool": tool_of, "loaner": loaner_of, "loan": loan_of}

# The claims app's pages, and the records they name (claims/tests/guarded.py).
from aftersales.claims.tests import guarded as claims_guarded  # noqa: E402

PAGES.update(claims_guarded.PAGES(Rule))
SCENE_RECORDS.update(claims_guarded.SCENE_RECORDS)
SCENE_RECORDS.update(returns_guarded.PAGE_RECORDS)
SCENE_RECORDS.update(settlements_tables.PAGE_RECORDS)
SCENE_RECORDS.update(parts_guarded.PAGE_RECORDS)
# Records every branch shares (the parts catalogue): the same on both sides, never "not found".
SHARED_RECORDS: set[str] = set(parts_guarded.SHARED_RECORDS)

# The apps of the time rules (issue 4), each with its entries in <app>/tests/tables.py.
for _app in ("deadlines", "notifications", "followups", "maintenance", "warranty", "calendars"):
    _tables = importlib.import_module(f"aftersales.{_app}.tests.tables")
    PAGES.update(_tables.PAGES(Rule))
    SCENE_RECORDS.update(_tables.PAGE_RECORDS)


def url_of(name: str, action: str | None, side: Side) -> str:
    rule = rule_of(name, action)
    kwargs: dict[str, Any] = {}
    if rule.record == "request":
        kwargs = {"pk": side.order.pk, "request_pk": side.request.pk}
    elif rule.record in SCENE_RECORDS:  # made on first use, without an audit entry
        kwargs = {"pk": SCENE_RECORDS[rule.record](side).pk}
    elif rule.record is not None:
        record = {
            "customer": side.customer,
            "unit": side.unit,
            "call": side.call,
            "order": side.order,
            "technician": side.technician,
            "stock_document": side.extra.get("stock_document"),
            "purchase": side.extra.get("purchase"),
            "contract": side.extra.get("contract"),
        }[rule.record]
        kwargs = {"pk": record.pk}
    if action is not None:
        kwargs["action"] = action
    return reverse(name, kwargs=kwargs)


def holds(user: User, capability: str | None) -> bool:
    return capability is None or capability in CAPABILITIES[user.role]


def lists_own(user: User, kind: str) -> bool:
    """Whether the user is shown his own branch's record of `kind` (all but a technician see
    every job of the branch; a technician sees the jobs sent to him)."""
    if kind == "own_job":
        return user.role == Role.TECHNICIAN
    return True


def test_every_page_has_a_rule():
    """A new page must say who may open it before it can be merged."""
    missing = [name for name in URL_NAMES if name not in PAGES and name != "workorders:action"]
    assert missing == [], f"pages without a rule in PAGES: {missing}"
    assert set(ACTION_CAPABILITIES) == set(HANDLERS)
    stale = set(PAGES) - set(URL_NAMES)
    assert stale == set(), f"rules for pages that no longer exist: {stale}"


def test_every_capability_is_needed_by_some_page():
    needed = {rule.capability for rule in PAGES.values()} | set(ACTION_CAPABILITIES.values())
    assert set().union(*CAPABILITIES.values()) <= needed


def test_anonymous_users_are_sent_to_the_login_page(scene, client):
    """Every page of the URLconf, with a rule or not yet."""
    login = resolve_url(settings.LOGIN_URL)
    # The records the pages are tried on are made first: what is counted is what the visits do.
    real = [(name, action, url_of(name, action, scene.a)) for name, action in CASES]
    before = footprint()
    problems = []
    for name, route in URL_ROUTES.items():
        url = any_url(route)
        for method in ("get", "post"):
            response = getattr(client, method)(url)
            if response.status_code != 302 or not response["Location"].startswith(login):
                problems.append((name, url, method, response.status_code))
    for name, action, url in real:  # and on real records
        for method in ("get", "post"):
            response = getattr(client, method)(url)
            if response.status_code != 302 or not response["Location"].startswith(login):
                problems.append((name, action, method, response.status_code))
    assert not problems, "\n".join(map(str, problems))
    assert footprint() == before


def test_actions_refuse_a_get(scene, client):
    client.force_login(scene.manager_hq)
    for name, action in CASES:
        if rule_of(name, action).post_only:
            assert client.get(url_of(name, action, scene.a)).status_code == 405, (name, action)


def _check(client, user: User, scene: Scene, name: str, action: str | None, where: str) -> list:
    """The differences between what `user` gets on the page and what the rule says."""
    rule = rule_of(name, action)
    side = scene.side(where)
    url = url_of(name, action, side)
    allowed = holds(user, rule.capability)
    own = where == "a" or user.sees_all_branches or rule.record in SHARED_RECORDS
    problems = []

    def expect(got: int, wanted: set[int], what: str) -> bool:
        if got not in wanted:
            problems.append((name, action, where, what, got, sorted(wanted)))
            return False
        return True

    if not allowed:
        # Refused whatever is sent; another branch's record may as well not exist.
        wanted = {403} if own else {403, 404}
        if not rule.post_only:
            expect(client.get(url, rule.query).status_code, wanted, "GET")
        if rule.post_only or rule.form:
            before = footprint()
            expect(client.post(url, {}).status_code, wanted, "POST")
            if footprint() != before:
                problems.append((name, action, where, "a refused request changed something"))
        return problems

    if rule.record is not None and not own:
        if rule.post_only:
            before = footprint()
            expect(client.post(url, {}).status_code, {404}, "POST")
            if footprint() != before:
                problems.append((name, action, where, "another branch's record changed"))
        else:
            expect(client.get(url, rule.query).status_code, {404}, "GET")
        return problems

    if rule.post_only:
        # Allowed through: an empty form is refused on its fields (400), or taken (302).
        expect(client.post(url, {}).status_code, {302, 400}, "POST")
        return problems

    response = client.get(url, rule.query)
    if expect(response.status_code, {rule.ok}, "GET") and rule.lists:
        body = response.content.decode()
        for shown_side in (scene.a, scene.b):
            mine = shown_side is scene.a or user.sees_all_branches
            should_show = mine and lists_own(user, rule.lists)
            if rule.lists in {"order", "own_job", "escalated"} and user.role == Role.TECHNICIAN:
                # A technician sees only the jobs sent to him, whatever branch they are in.
                should_show = shown_side.technician.user_id == user.pk
            marker = shown_side.marker(rule.lists)
            if (marker in body) != should_show:
                problems.append(
                    (name, where, f"{shown_side.label} {marker} shown", not should_show)
                )
    return problems


@pytest.mark.parametrize("role", Role.values)
def test_each_role_reaches_exactly_what_its_capabilities_allow(scene, client, role):
    user = scene.users[role]
    client.force_login(user)
    problems = []
    for name, action in CASES:
        # A page naming no record is the same page for both branches: its list is checked for
        # the rows of each.
        for where in ("a", "b") if rule_of(name, action).record else ("a",):
            problems += _check(client, user, scene, name, action, where)
    assert not problems, "\n".join(map(str, problems))


def test_head_office_reaches_every_branchs_records(scene, client):
    user = scene.manager_hq
    client.force_login(user)
    problems = []
    for name, action in CASES:
        problems += _check(client, user, scene, name, action, "b")
    assert not problems, "\n".join(map(str, problems))
