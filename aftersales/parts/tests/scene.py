"""The parts of the permission tests' scene (core/tests/scene.py): each side gets its branch
warehouse (甲仓库 / 乙仓库) with stock received, its technician's van, and a receipt document."""

from decimal import Decimal

from aftersales.parts import services
from aftersales.parts.models import Part, Warehouse
from aftersales.parts.services import LineIn


def add_parts(scene, now) -> None:
    part = Part.objects.create(
        code="SCENE-CAP", name="启动电容", unit_cost=Decimal("18"), sale_price=Decimal("45")
    )
    scene.part = part
    for side in (scene.a, scene.b):
        warehouse = Warehouse.objects.create(
            code=f"WH-{side.branch.code}",
            name=f"{side.label}仓库",
            kind=Warehouse.Kind.BRANCH,
            branch=side.branch,
        )
        van = Warehouse.objects.create(
            code=f"VAN-{side.branch.code}",
            name=f"{side.label}车载库",
            kind=Warehouse.Kind.VAN,
            branch=side.branch,
            technician=side.technician,
        )
        document = services.stock_receive(
            by=scene.manager_hq,
            now=now,
            warehouse=warehouse,
            supplier="格力电器配件部",
            lines=[LineIn(part=part, quantity=500)],
        )
        services.stock_receive(
            by=scene.manager_hq, now=now, warehouse=van, lines=[LineIn(part=part, quantity=500)]
        )
        purchase = services.purchase_request_create(
            by=scene.manager_hq, now=now, warehouse=warehouse, part=part, quantity=100
        )
        side.extra.update(warehouse=warehouse, van=van, stock_document=document, purchase=purchase)
