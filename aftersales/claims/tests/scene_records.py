"""Claims and claim part orders of each side of the permission tests' scene
(aftersales.core.tests.scene).

Written straight to the tables, with no audit entry, so that making them does not count as a
change in the scene's footprint. One record per kind and side is kept; `fresh=True` makes a new
one, for a move that must succeed.
"""

import datetime as dt
import itertools
from decimal import Decimal

from django.utils import timezone

from aftersales.accounts.models import Role, User
from aftersales.claims.models import (
    ClaimLine,
    ClaimOrder,
    ClaimPartOrder,
    ManufacturerRate,
    WarrantyClaim,
)
from aftersales.factories import UserFactory
from aftersales.parts import services as stock
from aftersales.parts.models import Part, StockDocument, Warehouse

_numbers = itertools.count(1)
C = WarrantyClaim.Status
P = ClaimPartOrder.Status


def claim_part() -> Part:
    """A part no warehouse of the scene holds: one that is ordered from the manufacturer."""
    part, _created = Part.objects.get_or_create(
        code="SCENE-COMP",
        defaults={"name": "压缩机", "unit_cost": Decimal("850"), "sale_price": Decimal("1600")},
    )
    return part


def warranty_order(side, state: str):
    """A new job of the side brought to `state`, as free warranty work (category C): the scene's
    units are under a maintenance contract, which would make their jobs category B."""
    order = side.flow.reach(state)
    type(order).objects.filter(pk=order.pk).update(category="C")
    order.refresh_from_db()
    return order


def add_claims(scene, now) -> None:
    """Each side gets a finished warranty job to claim and an open one to order a part for, made
    with the scene so that the API bodies naming them change nothing the footprint counts."""
    gree_rate(scene.manager_hq)
    for side in (scene.a, scene.b):
        side.extra["claimable"] = warranty_order(side, "completed")
        side.extra["warranty_job"] = warranty_order(side, "dispatched")


def claimable_order(side):
    """The side's finished warranty job, freed of any claim a previous request put it on."""
    order = side.extra["claimable"]
    ClaimOrder.objects.filter(work_order=order).update(released=True)
    return order


def gree_rate(by) -> ManufacturerRate:
    rate, _created = ManufacturerRate.objects.get_or_create(
        brand="格力",
        category=None,
        effective_from=dt.date(2000, 1, 1),
        defaults={
            "labour_basis": ManufacturerRate.Basis.PER_JOB,
            "labour_rate": Decimal("120"),
            "travel_allowance": Decimal("30"),
            "created_by": by,
            "created_at": dt.datetime(2000, 1, 1, tzinfo=dt.UTC),
        },
    )
    return rate


def _claim(side, status: str) -> WarrantyClaim:
    now = side.flow.now
    values: dict = {}
    if status != C.DRAFT:
        values.update(submitted_by=side.flow.supervisor, submitted_at=now)
    if status in (C.ACCEPTED, C.PAID):
        values.update(accepted_amount=Decimal("150.00"), decided_by=side.flow.supervisor)
        values["decided_at"] = now
    claim = WarrantyClaim.objects.create(
        number=f"SB-S{next(_numbers):05d}",
        branch=side.branch,
        brand="格力",
        period_start=timezone.localdate(now) - dt.timedelta(days=30),
        period_end=timezone.localdate(now),
        status=status,
        claimed_amount=Decimal("150.00"),
        created_by=side.flow.supervisor,
        created_at=now,
        **values,
    )
    ClaimLine.objects.create(
        claim=claim,
        work_order=side.order,
        kind=ClaimLine.Kind.LABOUR,
        description="维修工时",
        quantity=1,
        unit_amount=Decimal("150.00"),
        amount=Decimal("150.00"),
    )
    # A part whose defective part did not come back: left out until someone includes it.
    ClaimLine.objects.create(
        claim=claim,
        work_order=side.order,
        kind=ClaimLine.Kind.PART,
        description="压缩机",
        quantity=1,
        unit_amount=Decimal("850.00"),
        amount=Decimal("850.00"),
        part=claim_part(),
        included=False,
    )
    return claim


def _kept(side, key: str, fresh: bool, make):
    if fresh:
        return make()
    if key not in side.extra:
        side.extra[key] = make()
    return side.extra[key]


def claim_of(side, *, fresh: bool = False) -> WarrantyClaim:
    """A draft claim of the side's branch."""
    return _kept(side, "_claim", fresh, lambda: _claim(side, C.DRAFT))


def submitted_claim_of(side, *, fresh: bool = False) -> WarrantyClaim:
    return _kept(side, "_submitted_claim", fresh, lambda: _claim(side, C.SUBMITTED))


def accepted_claim_of(side, *, fresh: bool = False) -> WarrantyClaim:
    return _kept(side, "_accepted_claim", fresh, lambda: _claim(side, C.ACCEPTED))


def no_evidence_line(side) -> ClaimLine:
    """The part line without evidence of the side's latest claim."""
    return ClaimLine.objects.filter(
        claim__branch=side.branch, kind=ClaimLine.Kind.PART, evidence__isnull=True
    ).latest("pk")


def _received(side, part: Part, quantity: int) -> StockDocument:
    """The arrived part in the side's branch warehouse, on a stock receipt of its storekeeper."""
    warehouse, _created = Warehouse.objects.get_or_create(
        code=f"SC-{side.branch.pk}",
        defaults={
            "name": f"{side.branch} 备件仓",
            "kind": Warehouse.Kind.BRANCH,
            "branch": side.branch,
        },
    )
    storekeeper = User.objects.filter(role=Role.WAREHOUSE, branch=side.branch).first()
    if storekeeper is None:
        storekeeper = UserFactory(role=Role.WAREHOUSE, branch=side.branch)
    return stock.stock_receive(
        by=storekeeper,
        now=side.flow.now,
        warehouse=warehouse,
        lines=[stock.LineIn(part=part, quantity=quantity)],
    )


def _part_order(side, status: str, *, large: bool = False) -> ClaimPartOrder:
    now = side.flow.now
    supervisor = side.flow.supervisor
    quantity = 3 if large else 1
    part = claim_part()
    values: dict = {}
    if status != P.REQUESTED or large:
        values.update(workshop_approved_by=supervisor, workshop_approved_at=now)
    if status in (P.ORDERED, P.ARRIVED):
        values.update(ordered_by=supervisor, ordered_at=now)
    if status == P.ARRIVED:
        values.update(
            arrived_by=supervisor, arrived_at=now, receipt=_received(side, part, quantity)
        )
    return ClaimPartOrder.objects.create(
        number=f"SP-S{next(_numbers):05d}",
        branch=side.branch,
        work_order=side.order,
        part=part,
        quantity=quantity,
        unit_cost=part.unit_cost,
        amount=part.unit_cost * quantity,
        needs_director=large,
        status=status,
        requested_by=supervisor,
        requested_at=now,
        deposit_amount=Decimal("200.00"),
        deposit_method="cash",
        deposit_taken_by=supervisor,
        deposit_taken_at=now,
        **values,
    )


def part_order_of(side, *, fresh: bool = False) -> ClaimPartOrder:
    """A requested claim part order within the workshop manager's authority."""
    return _kept(side, "_part_order", fresh, lambda: _part_order(side, P.REQUESTED))


def signed_part_order_of(side, *, fresh: bool = False) -> ClaimPartOrder:
    """Above the threshold, signed by the workshop manager: waiting for the director."""
    return _kept(
        side, "_signed_part_order", fresh, lambda: _part_order(side, P.REQUESTED, large=True)
    )


def approved_part_order_of(side, *, fresh: bool = False) -> ClaimPartOrder:
    return _kept(side, "_approved_part_order", fresh, lambda: _part_order(side, P.APPROVED))


def ordered_part_order_of(side, *, fresh: bool = False) -> ClaimPartOrder:
    return _kept(side, "_ordered_part_order", fresh, lambda: _part_order(side, P.ORDERED))


def arrived_part_order_of(side, *, fresh: bool = False) -> ClaimPartOrder:
    return _kept(side, "_arrived_part_order", fresh, lambda: _part_order(side, P.ARRIVED))
