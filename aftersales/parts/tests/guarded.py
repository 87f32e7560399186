"""The spare-parts entries of the issue-wide guard tables (aftersales/core/tests and
workorders/tests/test_services_permissions): the services each capability guards, the pages and
API operations of the app with their rules, and the endpoints that create."""

from collections.abc import Callable
from typing import Any

from aftersales.accounts.models import Role, User
from aftersales.accounts.policy import Cap
from aftersales.parts import services
from aftersales.parts.models import Condition, PurchaseRequest, StockLevel, SupplierQuote
from aftersales.parts.services import LineIn

from .permission_setups import _stocked
from .scene_records import number, part_of, purchase_of, warehouse_of


def _return_to_manufacturer(ctx: Any, user: User) -> Callable[[], Any]:
    warehouse, part = _stocked(ctx, user)
    StockLevel.objects.create(
        warehouse=warehouse, part=part, condition=Condition.DEFECTIVE, quantity=2
    )
    return lambda: services.stock_return_to_manufacturer(
        by=user,
        now=ctx.now,
        warehouse=warehouse,
        manufacturer="格力",
        reference="RMA-0001",
        lines=[LineIn(part=part, quantity=1)],
    )


def _warehouse_update(ctx: Any, user: User) -> Callable[[], Any]:
    warehouse, _part = _stocked(ctx, user)
    return lambda: services.warehouse_update(by=user, warehouse=warehouse, name="北京备件库")


GUARDED: dict[str, tuple[str, Callable[[Any, User], Callable[[], Any]]]] = {
    "stock_return_to_manufacturer": (Cap.MANAGE_STOCK, _return_to_manufacturer),
    "warehouse_update": (Cap.MANAGE_STOCK, _warehouse_update),
}

# Capabilities that only read, checked by the page and API tables rather than by a service.
READ_ONLY = {Cap.VIEW_PARTS_COST}

# Records the pages and operations below name: the same for every branch (the catalogue) or each
# side's own.
SHARED_RECORDS = {"part"}
PAGE_RECORDS = {"part": part_of, "warehouse": warehouse_of}
API_RECORDS = {"purchase": ("request_id", purchase_of)}


def PAGES(Rule: type) -> dict[str, Any]:  # noqa: N802 — the table's name
    return {
        "parts:manufacturer_return": Rule(Cap.MANAGE_STOCK, form=True),
        "parts:part_edit": Rule(Cap.MANAGE_STOCK, record="part", form=True),
        "parts:warehouse_edit": Rule(Cap.MANAGE_STOCK, record="warehouse", form=True),
        "parts:cost_report": Rule(Cap.VIEW_PARTS_COST),
        "parts:cost_report_xlsx": Rule(Cap.VIEW_PARTS_COST),
        "parts:unit_parts": Rule(Cap.VIEW, record="unit"),
    }


def OPS(Op: type) -> dict[tuple[str, str], Any]:  # noqa: N802 — the table's name
    return {
        ("GET", "/purchase-requests"): Op(Cap.VIEW),
        ("GET", "/purchase-requests/{request_id}"): Op(Cap.VIEW, record="purchase"),
        ("POST", "/purchase-requests"): Op(
            Cap.MANAGE_STOCK,
            ok=201,
            body=lambda scene, side: {
                "warehouse": side.extra["warehouse"].pk,
                "part": scene.part.pk,
                "quantity": 20,
            },
        ),
        ("POST", "/purchase-requests/{request_id}/quotes"): Op(
            Cap.MANAGE_STOCK,
            record="purchase",
            ok=201,
            body=lambda scene, side: {"supplier": f"供应商{number()}", "unit_price": "16.80"},
        ),
        ("POST", "/purchase-requests/{request_id}/decide"): Op(
            Cap.APPROVE_PURCHASE,
            record="purchase",
            body=lambda scene, side: {"approve": False, "note": "库存足够"},
        ),
    }


def CREATIONS(Creation: type) -> dict[str, Any]:  # noqa: N802 — the table's name
    return {
        "purchase_request": Creation(
            Role.WAREHOUSE,
            PurchaseRequest,
            lambda scene: "/purchase-requests",
            lambda scene: {
                "warehouse": scene.a.extra["warehouse"].pk,
                "part": scene.part.pk,
                "quantity": 20,
            },
            other={"quantity": 30},
            again=201,  # another request
        ),
        "purchase_quote": Creation(
            Role.WAREHOUSE,
            SupplierQuote,
            lambda scene: f"/purchase-requests/{scene.a.extra['purchase'].pk}/quotes",
            lambda scene: {"supplier": "成都恒通机电", "unit_price": "16.80", "lead_days": 3},
            other={"unit_price": "17.20"},
            again=400,  # one quote per supplier
        ),
    }


OPERATIONS = {
    "purchase_request": "/purchase-requests",
    "purchase_quote": "/purchase-requests/{request_id}/quotes",
}
