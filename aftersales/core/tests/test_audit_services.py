"""Every service that changes a record leaves an audit entry: who, when, each field before and
after (SPEC §14). The services are found in each app's services.py, so a new one fails here until
its entry is written down; and the order page shows the whole trail.
"""

import datetime as dt
import importlib
import inspect
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from unittest.mock import ANY

import pytest
from django.apps import apps
from django.db.models import Model
from django.urls import reverse
from django.utils import timezone

from aftersales.accounts.models import Role, User
from aftersales.core.models import AuditEntry
from aftersales.customers import services as customers
from aftersales.dispatch import services as dispatch
from aftersales.factories import UserFactory
from aftersales.intake import services as intake
from aftersales.workorders import services as workorders
from aftersales.workorders.models import Photo, Request, State

from .scene import Scene

S = State

# Public functions of services.py that change nothing: lookups and checks.
READS = {"customer_find_by_phone", "ensure_certified", "signature_from_data_url"}


@dataclass
class Change:
    by: User
    run: Callable[[], Any]
    # Each record expected in the trail: (the record, from the result; field; before; after)
    expect: list[tuple[Callable[[Any], Model], str, Any, Any]]


def _result(result: Any) -> Model:
    return result


def _move(action: str, source: str, field: str = "state", before: Any = None, after: Any = None):
    """A work-order move from `source`; by default the change of state is what is checked."""
    targets = {
        "dispatch": S.DISPATCHED,
        "reassign": S.DISPATCHED,
        "schedule": S.SCHEDULED,
        "arrive": S.ON_SITE,
        "complete": S.COMPLETED,
        "carry_back": S.CARRIED_BACK,
        "record_repair": S.REPAIRED,
        "check": S.CHECKED,
        "return_unit": S.COMPLETED,
        "close": S.CLOSED,
        "cancel": S.CANCELLED,
        "hand_back": S.REGISTERED,
    }

    def setup(scene: Scene) -> Change:
        flow = scene.a.flow
        order = flow.reach(source)
        by = flow.actor_for(action, order)
        expected_before = source if field == "state" else before
        expected_after = targets[action] if field == "state" else after
        if callable(expected_before):
            expected_before = expected_before(scene)
        if callable(expected_after):
            expected_after = expected_after(scene)
        return Change(
            by=by,
            run=lambda: flow.do(action, order, by=by),
            expect=[(lambda _result: order, field, expected_before, expected_after)],
        )

    return setup


def _customer_update(scene: Scene) -> Change:
    customer = scene.a.customer
    by = scene.users[Role.AGENT]
    return Change(
        by=by,
        run=lambda: customers.customer_update(by=by, customer=customer, name="张伟伟"),
        expect=[(lambda _r: customer, "name", customer.name, "张伟伟")],
    )


def _contact_add(scene: Scene) -> Change:
    customer = scene.a.customer
    by = scene.users[Role.AGENT]
    return Change(
        by=by,
        run=lambda: customers.contact_add(
            by=by, customer=customer, name="张秘书", phone="13600136000"
        ),
        expect=[(lambda _r: customer, "contact", None, "张秘书 +8613600136000")],
    )


def _customer_create(scene: Scene) -> Change:
    by = scene.users[Role.AGENT]
    return Change(
        by=by,
        run=lambda: customers.customer_create(
            by=by, name="王芳", phone="13700137000", address="北京市朝阳区"
        ),
        expect=[(_result, "phone", None, "+8613700137000")],
    )


def _unit_register(scene: Scene) -> Change:
    by = scene.users[Role.AGENT]
    return Change(
        by=by,
        run=lambda: customers.unit_register(
            by=by,
            customer=scene.a.customer,
            model=scene.model,
            serial="NEW-0001",
            purchase_date=dt.date(2025, 5, 1),
            today=timezone.localdate(),
        ),
        expect=[(_result, "serial", None, "NEW-0001")],
    )


def _product_model_create(scene: Scene) -> Change:
    by = scene.users[Role.QUALITY]
    return Change(
        by=by,
        run=lambda: customers.product_model_create(
            by=by,
            brand="美的",
            code="KFR-26GW",
            name="挂机",
            category=scene.model.category,
            warranty_months=12,
        ),
        expect=[(_result, "code", None, "KFR-26GW")],
    )


def _outlet_create(scene: Scene) -> Change:
    by = scene.users[Role.MANAGER]
    return Change(
        by=by,
        run=lambda: customers.outlet_create(
            by=by, name="海淀网点", place="海淀", branch=scene.a.branch
        ),
        expect=[(_result, "name", None, "海淀网点")],
    )


def _fault_type_create(scene: Scene) -> Change:
    by = scene.users[Role.QUALITY]
    return Change(
        by=by,
        run=lambda: customers.fault_type_create(
            by=by, category=scene.model.category, code="E9", name="通信故障"
        ),
        expect=[(_result, "code", None, "E9")],
    )


def _technician_create(scene: Scene) -> Change:
    by = scene.users[Role.SUPERVISOR]
    recruit = UserFactory(username="recruit", role=Role.TECHNICIAN, branch=scene.a.branch)
    category = scene.model.category
    return Change(
        by=by,
        run=lambda: dispatch.technician_create(
            by=by, user=recruit, phone="13500135000", certifications=[category]
        ),
        expect=[(_result, "certifications", None, [category.name])],
    )


def _technician_certify(scene: Scene) -> Change:
    by = scene.users[Role.SUPERVISOR]
    technician = scene.a.technician
    return Change(
        by=by,
        run=lambda: dispatch.technician_certify(by=by, technician=technician, categories=[]),
        expect=[(_result, "certifications", [scene.model.category.name], [])],
    )


def _call_register(scene: Scene) -> Change:
    by = scene.users[Role.AGENT]
    return Change(
        by=by,
        run=lambda: intake.call_register(
            by=by,
            now=timezone.now(),
            channel="hotline",
            phone=scene.a.customer.phone,
            customer=scene.a.customer,
            symptom="漏水",
        ),
        expect=[(_result, "symptom", None, "漏水")],
    )


def _call_solve(scene: Scene) -> Change:
    by = scene.users[Role.AGENT]
    call = scene.a.call
    return Change(
        by=by,
        run=lambda: intake.call_solve_by_phone(
            call=call, by=by, now=timezone.now(), guidance="已指导客户更换电池"
        ),
        expect=[(lambda _r: call, "outcome", "open", "solved_by_phone")],
    )


def _call_open_work_order(scene: Scene) -> Change:
    by = scene.users[Role.AGENT]
    call = scene.a.call
    return Change(
        by=by,
        run=lambda: intake.call_open_work_order(call=call, by=by, now=timezone.now()),
        expect=[
            (lambda _r: call, "outcome", "open", "work_order"),
            (_result, "state", None, S.REGISTERED),
        ],
    )


def _work_order_create(scene: Scene) -> Change:
    by = scene.users[Role.AGENT]
    return Change(
        by=by,
        run=lambda: workorders.work_order_create(
            by=by, customer=scene.a.customer, symptom="年度保养", now=timezone.now()
        ),
        expect=[(_result, "symptom", None, "年度保养")],
    )


def _request(kind: str, field: str, after: Any) -> Callable[[Scene], Change]:
    def setup(scene: Scene) -> Change:
        flow = scene.a.flow
        order = flow.reach(S.ON_SITE)
        until = timezone.now() + dt.timedelta(days=2)
        by = flow.technician.user
        return Change(
            by=by,
            run=lambda: flow.do("request", order, kind=kind, reason="等配件", until=until),
            expect=[(lambda _r: order, field, None if field == "until" else False, after)],
        )

    return setup


def _decide(scene: Scene) -> Change:
    side = scene.a
    by = scene.users[Role.SUPERVISOR]
    return Change(
        by=by,
        run=lambda: workorders.work_order_decide_request(
            request=side.request, by=by, approve=True, now=timezone.now()
        ),
        expect=[(lambda _r: side.order, "escalated", True, False)],
    )


def _add_photo(scene: Scene) -> Change:
    flow = scene.a.flow
    order = scene.a.order
    by = flow.technician.user
    return Change(
        by=by,
        run=lambda: workorders.work_order_add_photo(
            order=order, by=by, kind=Photo.Kind.FAULT, data=flow.signature_png
        ),
        expect=[(lambda _r: order, "photo", None, ANY)],
    )


def _override_category(scene: Scene) -> Change:
    order = scene.a.flow.reach(S.REGISTERED)
    by = scene.users[Role.SUPERVISOR]
    return Change(
        by=by,
        run=lambda: workorders.work_order_override_category(
            order=order, by=by, category="A", reason="人为损坏", now=timezone.now()
        ),
        expect=[(lambda _r: order, "category", order.category, "A")],
    )


def _technician_pk(scene: Scene) -> int:
    return scene.a.technician.pk


CHANGES: dict[str, Callable[[Scene], Change]] = {
    "customer_create": _customer_create,
    "customer_update": _customer_update,
    "contact_add": _contact_add,
    "unit_register": _unit_register,
    "product_model_create": _product_model_create,
    "outlet_create": _outlet_create,
    "fault_type_create": _fault_type_create,
    "technician_create": _technician_create,
    "technician_certify": _technician_certify,
    "call_register": _call_register,
    "call_solve_by_phone": _call_solve,
    "call_open_work_order": _call_open_work_order,
    "work_order_create": _work_order_create,
    "work_order_dispatch": _move("dispatch", S.REGISTERED),
    "work_order_reassign": _move(
        "reassign",
        S.SCHEDULED,
        "technician",
        _technician_pk,
        lambda scene: scene.a.other_technician.pk,
    ),
    "work_order_schedule": _move("schedule", S.DISPATCHED),
    "work_order_rebook": _move("rebook", S.SCHEDULED, "missed_appointments", 0, 1),
    "work_order_hand_back": _move("hand_back", S.SCHEDULED, "technician", _technician_pk, None),
    "work_order_arrive": _move("arrive", S.SCHEDULED),
    "work_order_complete": _move(
        "complete", S.ON_SITE, "service_report", "", "补充制冷剂，试机正常"
    ),
    "work_order_carry_back": _move("carry_back", S.ON_SITE),
    "work_order_record_repair": _move("record_repair", S.CARRIED_BACK),
    "work_order_check": _move("check", S.REPAIRED),
    "work_order_return_unit": _move("return_unit", S.CHECKED),
    "work_order_close": _move("close", S.COMPLETED),
    "work_order_cancel": _move("cancel", S.DISPATCHED, "cancel_reason", "", "客户已自行解决"),
    "work_order_request": _request(Request.Kind.ESCALATION, "escalated", True),
    "work_order_decide_request": _decide,
    "work_order_add_photo": _add_photo,
    "work_order_override_category": _override_category,
}

# The warranty services (contracts, the three-guarantee table), set up in their own app.
from aftersales.warranty.tests.audited import CHANGES as WARRANTY_CHANGES  # noqa: E402

CHANGES.update(WARRANTY_CHANGES(Change))

# The spare-parts services (stock documents, catalogue, warehouses), set up in their own app.
from aftersales.parts.tests.audited import CHANGES as PARTS_CHANGES  # noqa: E402

CHANGES.update(PARTS_CHANGES(Change))

# The charges services (prices, quotes, consent, invoices, payments, cash, discounts).
from aftersales.billing.tests.audited import CHANGES as BILLING_CHANGES  # noqa: E402

CHANGES.update(BILLING_CHANGES(Change))

# The tool and loaner-unit services, set up in their own app.
from aftersales.tools.tests.audited import CHANGES as TOOLS_CHANGES  # noqa: E402

CHANGES.update(TOOLS_CHANGES(Change))

# The warranty-claim and claim-part-order services, set up in their own app.
from aftersales.claims.tests.audited import CHANGES as CLAIMS_CHANGES  # noqa: E402

CHANGES.update(CLAIMS_CHANGES(Change))

# The return and exchange services, set up in their own app.
from aftersales.returns.tests.audited import CHANGES as RETURNS_CHANGES  # noqa: E402

CHANGES.update(RETURNS_CHANGES(Change))

# The outlet settlement services, set up in their own app.
from aftersales.settlements.tests.audited import CHANGES as SETTLEMENTS_CHANGES  # noqa: E402

CHANGES.update(SETTLEMENTS_CHANGES(Change))

# The apps of the time rules (issue 4), each with its entries in <app>/tests/tables.py.
for _app in ("deadlines", "notifications", "followups", "maintenance", "warranty", "calendars"):
    _tables = importlib.import_module(f"aftersales.{_app}.tests.tables")
    CHANGES.update(importlib.import_module(f"aftersales.{_app}.tests.audited").CHANGES(Change))


def _service_functions() -> set[str]:
    names = set()
    for config in apps.get_app_configs():
        if not config.name.startswith("aftersales."):
            continue
        try:
            module = importlib.import_module(f"{config.name}.services")
        except ModuleNotFoundError:
            continue
        names |= {
            name
            for name, function in inspect.getmembers(module, inspect.isfunction)
            if function.__module__ == module.__name__ and not name.startswith("_")
        }
    return names


def test_every_service_that_writes_is_checked_here():
    """A new service must show here that it leaves its audit entry."""
    writers = _service_functions() - READS
    assert sorted(writers - set(CHANGES)) == [], "services whose audit entry is not checked"
    assert sorted(set(CHANGES) - writers) == [], "checked services that no longer exist"


@pytest.mark.parametrize("service", list(CHANGES))
def test_each_service_records_who_changed_what_before_and_after(scene, service):
    change = CHANGES[service](scene)
    last = AuditEntry.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    started = timezone.now()

    result = change.run()

    for record, field, before, after in change.expect:
        obj = record(result)
        obj.refresh_from_db()
        entries = list(AuditEntry.objects.for_object(obj).filter(pk__gt=last))
        assert len(entries) == 1, (service, obj, [e.action for e in entries])
        entry = entries[0]
        assert entry.actor == change.by
        assert started <= entry.at <= timezone.now()
        assert entry.object_repr == str(obj)[:200]
        assert entry.changes[field] == [before, after], entry.changes


def test_an_extension_request_records_the_time_asked_for(scene):
    change = _request(Request.Kind.EXTENSION, "until", ANY)(scene)
    change.run()
    order = change.expect[0][0](None)
    entry = AuditEntry.objects.for_object(order).first()
    request = Request.objects.get(order=order, kind=Request.Kind.EXTENSION)
    assert (entry.action, entry.actor) == ("request_extension", change.by)
    assert entry.changes["until"] == [None, request.until.isoformat()]


def test_the_order_page_shows_every_entry_of_the_trail(scene, client):
    flow = scene.a.flow
    order = flow.reach(S.ON_SITE)
    entries = list(AuditEntry.objects.for_object(order))
    client.force_login(scene.users[Role.FINANCE])  # anyone who may read the order

    response = client.get(reverse("workorders:detail", args=[order.pk]), HTTP_ACCEPT_LANGUAGE="en")

    body = response.content.decode()
    trail = body[body.index('class="table wo-audit"') :]
    assert trail.count("<tr>") == len(entries) + 1  # the heading row
    assert [e.action for e in reversed(entries)] == ["create", "dispatch", "schedule", "arrive"]
    for entry in entries:
        assert timezone.localtime(entry.at).strftime("%Y-%m-%d %H:%M:%S") in trail
        assert str(entry.actor) in trail
    for before, after in [
        ("Waiting for dispatch", "Dispatched"),
        ("Dispatched", "Appointment agreed"),
        ("Appointment agreed", "On site"),
    ]:
        assert f'{before}</span> → <span class="wo-after">{after}' in trail
    assert f'<span class="wo-after">{flow.technician}</span>' in trail


def test_a_refused_move_leaves_the_trail_as_it_was(scene, client):
    order = scene.a.order  # dispatched: it cannot be closed
    entries = AuditEntry.objects.count()
    client.force_login(scene.users[Role.AGENT])

    response = client.post(reverse("workorders:action", args=[order.pk, "close"]), {"note": "x"})

    assert response.status_code == 400
    assert AuditEntry.objects.count() == entries
    order.refresh_from_db()
    assert order.state == S.DISPATCHED
