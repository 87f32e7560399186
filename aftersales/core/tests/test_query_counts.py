"""The main lists cost the same number of queries for 3 rows as for 30: no query per row.

Rows of every shape a list shows are added (a job sent to a technician, to an outlet, escalated,
awaiting the check, a repeat repair, a call that became a job, a unit sold by an outlet, …), so
that a relation read per row without being joined fails here. Each list is seen by a branch
supervisor, by head office (which also shows the branch of each row) and by a technician.
Rows are written straight to the tables: what is counted is the reading.
"""

import datetime as dt
import itertools
from collections.abc import Callable
from decimal import Decimal

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from aftersales.accounts.models import Role, User
from aftersales.core import audit
from aftersales.factories import (
    CategoryFactory,
    CustomerFactory,
    FaultTypeFactory,
    OutletFactory,
    ProductModelFactory,
    TechnicianFactory,
    UnitFactory,
    UserFactory,
)
from aftersales.intake.models import ServiceCall
from aftersales.workorders.models import RepairCard, Request, State, WorkOrder

from .scene import Scene
from .test_api_client import ApiClient

_numbers = itertools.count(1)


def _order(scene: Scene, **values) -> WorkOrder:
    side = scene.a
    values.setdefault("customer", side.customer)
    return WorkOrder.objects.create(
        number=f"WO-T{next(_numbers):05d}",
        branch=side.branch,
        symptom="不制冷",
        address="北京市海淀区",
        contact_phone=values["customer"].phone,
        created_by=scene.users[Role.AGENT],
        **values,
    )


def _call(scene: Scene, *, customer, unit, **values) -> ServiceCall:
    return ServiceCall.objects.create(
        number=f"CL-T{next(_numbers):05d}",
        channel="hotline",
        received_at=timezone.now(),
        branch=scene.a.branch,
        customer=customer,
        phone=customer.phone,
        address=customer.address,
        unit=unit,
        model=unit.model if unit else None,
        serial=unit.serial if unit else "",
        symptom="不制冷",
        taken_by=scene.users[Role.AGENT],
        **values,
    )


def grow(scene: Scene, count: int) -> None:
    """`count` more rows of every shape, in branch A; and `count` more lines in the service file
    of unit A, in the audit trail of order A and among the units of customer A."""
    side = scene.a
    now = timezone.now()
    tech = side.technician
    for _ in range(count):
        category = CategoryFactory()
        model = ProductModelFactory(category=category)
        fault = FaultTypeFactory(category=category)
        outlet = OutletFactory(branch=side.branch)
        outlet.categories.set([category])
        TechnicianFactory(
            user=UserFactory(role=Role.TECHNICIAN, branch=side.branch),
            branch=side.branch,
            certifications=[category, side.unit.model.category],
        )
        customer = CustomerFactory(branch=side.branch, name=f"方客户{next(_numbers)}")
        unit = UnitFactory(customer=customer, model=model, sold_by=outlet)
        UnitFactory(customer=customer, model=model)  # sold by nobody known

        earlier = _order(
            scene,
            customer=customer,
            unit=unit,
            fault_type=fault,
            state=State.COMPLETED,
            technician=tech,
            completed_at=now - dt.timedelta(days=3),
        )
        call = _call(scene, customer=customer, unit=unit, fault_type=fault)
        _order(
            scene,
            customer=customer,
            unit=unit,
            fault_type=fault,
            call=call,
            is_repeat=True,
            repeat_of=earlier,
        )
        call.outcome = ServiceCall.Outcome.WORK_ORDER
        call.save()
        _call(scene, customer=customer, unit=None, outcome=ServiceCall.Outcome.SOLVED_BY_PHONE)
        _order(scene, customer=customer, unit=unit, state=State.DISPATCHED, technician=tech)
        _order(
            scene,
            customer=customer,
            unit=unit,
            state=State.SCHEDULED,
            technician=tech,
            appointment_start=now + dt.timedelta(hours=1),
            appointment_end=now - dt.timedelta(minutes=1),  # running late
            promised_by=now - dt.timedelta(hours=1),
        )
        _order(scene, customer=customer, unit=unit, state=State.DISPATCHED, outlet=outlet)
        escalated = _order(
            scene,
            customer=customer,
            unit=unit,
            state=State.ON_SITE,
            technician=tech,
            escalated=True,
        )
        Request.objects.create(
            order=escalated, kind=Request.Kind.ESCALATION, reason="需要支援", requested_by=tech.user
        )
        repaired = _order(
            scene, customer=customer, unit=unit, state=State.REPAIRED, technician=tech
        )
        RepairCard.objects.create(
            order=repaired,
            work_done="更换电容",
            hours=Decimal("1.5"),
            repaired_by=tech.user,
            repaired_at=now,
        )
        _order(scene, customer=customer, kind="maintenance", unit=None)

        # The history of one unit, one customer and one order grows too.
        _call(scene, customer=side.customer, unit=side.unit, fault_type=fault)
        _order(scene, unit=side.unit, state=State.COMPLETED, technician=tech, completed_at=now)
        UnitFactory(customer=side.customer, model=model, sold_by=outlet)
        audit.record(
            side.order,
            by=scene.users[Role.DISPATCHER],
            action="reassign",
            changes={
                "technician": [tech.pk, side.other_technician.pk],
                "outlet": [None, outlet.pk],
                "state": [State.SCHEDULED, State.DISPATCHED],
            },
            note="客户要求换人",
        )
        Request.objects.create(
            order=side.order,
            kind=Request.Kind.EXTENSION,
            reason="等配件",
            until=now + dt.timedelta(days=1),
            status=Request.Status.REJECTED,
            requested_by=tech.user,
            decided_by=scene.users[Role.SUPERVISOR],
        )


# What each viewer opens: (label, how to fetch it)
Fetch = Callable[[Scene, Client, ApiClient], object]


def page(name: str, *args: Callable[[Scene], int], **query: str) -> Fetch:
    return lambda scene, client, api: client.get(
        reverse(name, args=[arg(scene) for arg in args]), query
    )


def endpoint(path: Callable[[Scene], str]) -> Fetch:
    return lambda scene, client, api: api.get(path(scene))


def _customer_a(scene: Scene) -> int:
    return scene.a.customer.pk


def _unit_a(scene: Scene) -> int:
    return scene.a.unit.pk


def _order_a(scene: Scene) -> int:
    return scene.a.order.pk


LISTS: dict[str, Fetch] = {
    "work-order list": page("workorders:list"),
    "work-order list, filtered": page("workorders:list", state="open", q="方客户"),
    "customer list": page("customers:list"),
    "customer search": page("customers:list", q="方客户"),
    "unit list": page("customers:units"),
    "call list": page("intake:list"),
    "model list": page("customers:models"),
    "outlet list": page("customers:outlets"),
    "technician list": page("dispatch:technicians"),
    "customer file": page("customers:detail", _customer_a),
    "unit service file": page("customers:unit_detail", _unit_a),
    "work order with its audit trail": page("workorders:detail", _order_a),
    "API customers": endpoint(lambda scene: "/customers"),
    "API product models": endpoint(lambda scene: "/product-models"),
    "API units": endpoint(lambda scene: "/units"),
    "API outlets": endpoint(lambda scene: "/outlets"),
    "API calls": endpoint(lambda scene: "/calls"),
    "API work orders": endpoint(lambda scene: "/work-orders"),
    "API open work orders": endpoint(lambda scene: "/work-orders?state=open"),
    "API technicians": endpoint(lambda scene: "/technicians"),
    "API unit history": endpoint(lambda scene: f"/units/{scene.a.unit.pk}/history"),
    "API audit trail": endpoint(lambda scene: f"/work-orders/{scene.a.order.pk}/audit"),
    "API requests": endpoint(lambda scene: f"/work-orders/{scene.a.order.pk}/requests"),
}
DISPATCH_LISTS: dict[str, Fetch] = {
    "dispatch board": page("workorders:board"),
    "supervisor overview": page("workorders:supervisor"),
    "call screen lookup": page("intake:customer_lookup", q="方客户"),
}
TECHNICIAN_LISTS: dict[str, Fetch] = {
    "work-order list": page("workorders:list"),
    "my jobs": page("workorders:my_jobs"),
    "API work orders": endpoint(lambda scene: "/work-orders"),
    "customer list": page("customers:list"),
    "call list": page("intake:list"),
}

VIEWERS: dict[str, tuple[Callable[[Scene], User], dict[str, Fetch]]] = {
    "branch supervisor": (lambda scene: scene.users[Role.SUPERVISOR], LISTS | DISPATCH_LISTS),
    "head office": (lambda scene: scene.manager_hq, LISTS | DISPATCH_LISTS),
    "technician": (lambda scene: scene.users[Role.TECHNICIAN], TECHNICIAN_LISTS),
}


def _measure(scene: Scene, client: Client, api: ApiClient, lists: dict[str, Fetch]) -> dict:
    counts = {}
    for label, fetch in lists.items():
        with CaptureQueriesContext(connection) as context:
            response = fetch(scene, client, api)
        assert response.status_code == 200, (label, response.status_code)
        counts[label] = (len(context.captured_queries), len(response.content))
    return counts


@pytest.mark.parametrize("viewer", list(VIEWERS))
def test_the_main_lists_cost_the_same_queries_for_3_rows_as_for_30(scene, client, viewer):
    who, lists = VIEWERS[viewer]
    user = who(scene)
    client.force_login(user)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    api = ApiClient(user)

    grow(scene, 3)
    few = _measure(scene, client, api, lists)
    grow(scene, 27)
    many = _measure(scene, client, api, lists)

    grown = {label: (few[label][0], many[label][0]) for label in lists if many[label] != few[label]}
    more_queries = {label: counts for label, counts in grown.items() if counts[0] != counts[1]}
    assert more_queries == {}, f"queries for 3 rows → 30 rows: {more_queries}"
    # And the rows were there to be listed: every answer grew.
    not_grown = [label for label in lists if many[label][1] <= few[label][1]]
    assert not_grown == []
