"""Parts records of each side of the permission tests' scene (aftersales.core.tests.scene).

Written straight to the tables, with no audit entry, so that making them does not count as a
change in the scene's footprint. `fresh=True` makes a new one, for a move that must succeed.
"""

import itertools
from decimal import Decimal

from aftersales.parts.models import Part, PurchaseRequest, Warehouse

_numbers = itertools.count(1)


def number() -> int:
    return next(_numbers)


def part_of(side, *, fresh: bool = False) -> Part:
    """A part of the catalogue, which every branch shares."""
    if fresh or "_part" not in side.extra:
        part = Part.objects.create(
            code=f"SCENE-P{number():05d}",
            name=f"{side.label}方四通阀",
            unit_cost=Decimal("85"),
            sale_price=Decimal("180"),
        )
        if fresh:
            return part
        side.extra["_part"] = part
    return side.extra["_part"]


def warehouse_of(side, *, fresh: bool = False) -> Warehouse:
    """The side's branch warehouse (made with the scene, see scene.py)."""
    return side.extra["warehouse"]


def purchase_of(side, *, fresh: bool = False) -> PurchaseRequest:
    """An open purchase request of the side's branch warehouse."""
    if not fresh:
        return side.extra["purchase"]
    request = side.extra["purchase"]
    return PurchaseRequest.objects.create(
        number=f"PR-S{number():05d}",
        warehouse=request.warehouse,
        part=request.part,
        quantity=10,
        requested_by=request.requested_by,
        requested_at=request.requested_at,
    )
