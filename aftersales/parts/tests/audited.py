"""The parts services in the table of core/tests/test_audit_services: each leaves its entry, and
each stock movement also the stock level's quantity before and after."""

from collections.abc import Callable
from typing import Any

from django.utils import timezone

from aftersales.accounts.models import Role
from aftersales.parts import services
from aftersales.parts.models import Condition, StockLevel, Warehouse
from aftersales.parts.services import LineIn
from aftersales.workorders.models import State


def CHANGES(Change: type) -> dict[str, Callable[[Any], Any]]:  # noqa: N802 — the table's name
    def result(value: Any) -> Any:
        return value

    def level(warehouse: Warehouse, part, condition: str = Condition.GOOD):
        return lambda _r: StockLevel.objects.get(
            warehouse=warehouse, part=part, condition=condition
        )

    def keeper(scene: Any):
        return scene.users[Role.WAREHOUSE]

    def part_create(scene: Any) -> Any:
        by = keeper(scene)
        return Change(
            by=by,
            run=lambda: services.part_create(by=by, code="WH-IGN", name="点火针"),
            expect=[(result, "code", None, "WH-IGN")],
        )

    def part_update(scene: Any) -> Any:
        by = keeper(scene)
        return Change(
            by=by,
            run=lambda: services.part_update(by=by, part=scene.part, sale_price="50"),
            expect=[(result, "sale_price", "45.00", "50.00")],
        )

    def warehouse_create(scene: Any) -> Any:
        by = scene.manager_hq
        return Change(
            by=by,
            run=lambda: services.warehouse_create(
                by=by, code="CD-00", name="成都总仓", kind="central", branch=scene.head_office
            ),
            expect=[(result, "kind", None, "central")],
        )

    def reorder_point_set(scene: Any) -> Any:
        by = keeper(scene)
        return Change(
            by=by,
            run=lambda: services.reorder_point_set(
                by=by,
                warehouse=scene.a.extra["warehouse"],
                part=scene.part,
                minimum=5,
                reorder_quantity=20,
            ),
            expect=[(result, "minimum", None, 5)],
        )

    def receive(scene: Any) -> Any:
        by = keeper(scene)
        warehouse = scene.a.extra["warehouse"]
        return Change(
            by=by,
            run=lambda: services.stock_receive(
                by=by,
                now=timezone.now(),
                warehouse=warehouse,
                lines=[LineIn(part=scene.part, quantity=5)],
            ),
            expect=[
                (result, "kind", None, "receipt"),
                (level(warehouse, scene.part), "quantity", 500, 505),
            ],
        )

    def document_create(scene: Any) -> Any:
        by = keeper(scene)
        warehouse = scene.a.extra["warehouse"]
        return Change(
            by=by,
            run=lambda: services.stock_document_create(
                kind="scrap",
                by=by,
                now=timezone.now(),
                from_warehouse=warehouse,
                note="受潮",
                lines=[LineIn(part=scene.part, quantity=1, condition="good")],
            ),
            expect=[
                (result, "kind", None, "scrap"),
                (level(warehouse, scene.part), "quantity", 500, 499),
            ],
        )

    def transfer(scene: Any) -> Any:
        by = keeper(scene)
        warehouse, van = scene.a.extra["warehouse"], scene.a.extra["van"]
        return Change(
            by=by,
            run=lambda: services.stock_transfer(
                by=by,
                now=timezone.now(),
                from_warehouse=warehouse,
                to_warehouse=van,
                lines=[LineIn(part=scene.part, quantity=3)],
            ),
            expect=[
                (result, "kind", None, "transfer"),
                (level(warehouse, scene.part), "quantity", 500, 497),
                (level(van, scene.part), "quantity", 500, 503),
            ],
        )

    def issue(scene: Any) -> Any:
        flow = scene.a.flow
        order = flow.reach(State.ON_SITE)
        by = flow.technician.user  # from his own van, for his own job
        van = scene.a.extra["van"]
        return Change(
            by=by,
            run=lambda: services.stock_issue_to_order(
                by=by,
                now=timezone.now(),
                warehouse=van,
                order=order,
                lines=[LineIn(part=scene.part, quantity=2)],
            ),
            expect=[
                (result, "work_order", None, order.pk),
                (level(van, scene.part), "quantity", 500, 498),
            ],
        )

    def return_old(scene: Any) -> Any:
        flow = scene.a.flow
        order = flow.reach(State.ON_SITE)
        by = flow.technician.user
        van = scene.a.extra["van"]
        services.stock_issue_to_order(
            by=by,
            now=timezone.now(),
            warehouse=van,
            order=order,
            lines=[LineIn(part=scene.part, quantity=1)],
        )
        return Change(
            by=by,
            run=lambda: services.stock_return_old_part(
                by=by,
                now=timezone.now(),
                warehouse=van,
                order=order,
                lines=[LineIn(part=scene.part, quantity=1)],
            ),
            expect=[
                (result, "kind", None, "old_part_return"),
                (level(van, scene.part, Condition.DEFECTIVE), "quantity", 0, 1),
            ],
        )

    def scrap(scene: Any) -> Any:
        by = keeper(scene)
        warehouse = scene.a.extra["warehouse"]
        return Change(
            by=by,
            run=lambda: services.stock_scrap(
                by=by,
                now=timezone.now(),
                warehouse=warehouse,
                note="受潮",
                lines=[LineIn(part=scene.part, quantity=2, condition="good")],
            ),
            expect=[
                (result, "note", None, "受潮"),
                (level(warehouse, scene.part), "quantity", 500, 498),
            ],
        )

    def manufacturer_return(scene: Any) -> Any:
        by = keeper(scene)
        warehouse = scene.a.extra["warehouse"]
        StockLevel.objects.create(
            warehouse=warehouse, part=scene.part, condition=Condition.DEFECTIVE, quantity=3
        )
        return Change(
            by=by,
            run=lambda: services.stock_return_to_manufacturer(
                by=by,
                now=timezone.now(),
                warehouse=warehouse,
                manufacturer="格力",
                reference="RMA-2611-0001",
                lines=[LineIn(part=scene.part, quantity=1)],
            ),
            expect=[
                (result, "reference", None, "RMA-2611-0001"),
                (level(warehouse, scene.part, Condition.DEFECTIVE), "quantity", 3, 2),
            ],
        )

    def warehouse_update(scene: Any) -> Any:
        by = keeper(scene)
        warehouse = scene.a.extra["warehouse"]
        return Change(
            by=by,
            run=lambda: services.warehouse_update(by=by, warehouse=warehouse, name="甲备件库"),
            expect=[(result, "name", "甲仓库", "甲备件库")],
        )

    def charge(scene: Any) -> Any:
        by = keeper(scene)
        van = scene.a.extra["van"]
        person = scene.a.technician.user
        return Change(
            by=by,
            run=lambda: services.stock_charge_to_person(
                by=by,
                now=timezone.now(),
                warehouse=van,
                person=person,
                note="遗失",
                lines=[LineIn(part=scene.part, quantity=1)],
            ),
            expect=[
                (result, "amount", None, "18.00"),
                (level(van, scene.part), "quantity", 500, 499),
            ],
        )

    def purchase_create(scene: Any) -> Any:
        by = keeper(scene)
        return Change(
            by=by,
            run=lambda: services.purchase_request_create(
                by=by,
                now=timezone.now(),
                warehouse=scene.a.extra["warehouse"],
                part=scene.part,
                quantity=30,
            ),
            expect=[(result, "quantity", None, 30)],
        )

    def quote_add(scene: Any) -> Any:
        by = keeper(scene)
        return Change(
            by=by,
            run=lambda: services.purchase_quote_add(
                by=by,
                now=timezone.now(),
                request=scene.a.extra["purchase"],
                supplier="成都恒通机电",
                unit_price="16.80",
            ),
            expect=[(result, "unit_price", None, "16.80")],
        )

    def decide(scene: Any) -> Any:
        by = scene.users[Role.GM]
        return Change(
            by=by,
            run=lambda: services.purchase_request_decide(
                by=by,
                now=timezone.now(),
                request=scene.a.extra["purchase"],
                approve=False,
                note="库存足够",
            ),
            expect=[(result, "status", "open", "rejected")],
        )

    return {
        "purchase_request_create": purchase_create,
        "purchase_quote_add": quote_add,
        "purchase_request_decide": decide,
        "part_create": part_create,
        "part_update": part_update,
        "warehouse_create": warehouse_create,
        "warehouse_update": warehouse_update,
        "stock_return_to_manufacturer": manufacturer_return,
        "reorder_point_set": reorder_point_set,
        "stock_receive": receive,
        "stock_transfer": transfer,
        "stock_issue_to_order": issue,
        "stock_return_old_part": return_old,
        "stock_scrap": scrap,
        "stock_charge_to_person": charge,
        "stock_document_create": document_create,
    }
