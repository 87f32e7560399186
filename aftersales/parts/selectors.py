"""Reads of parts and stock, scoped to the user's branch; one query per list, never one per row."""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db.models import F, IntegerField, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from aftersales.accounts.models import Role, User
from aftersales.accounts.policy import Cap, can, scope_by_branch
from aftersales.workorders.models import WorkOrder

from .models import (
    Condition,
    Part,
    PurchaseRequest,
    ReorderPoint,
    StockDocument,
    StockDocumentLine,
    StockLevel,
    Warehouse,
)
from .rules import is_free, part_warranty_until


def parts_catalogue(user: User) -> QuerySet[Part]:
    """The catalogue is shared by all branches, like the product models."""
    qs = Part.objects.prefetch_related("categories")
    return qs if can(user, Cap.VIEW) else qs.none()


def visible_warehouses(user: User) -> QuerySet[Warehouse]:
    return scope_by_branch(Warehouse.objects.select_related("branch", "technician__user"), user)


def usable_warehouses(user: User) -> QuerySet[Warehouse]:
    """The warehouses the user may move stock out of: a technician's own van, a branch's own."""
    qs = visible_warehouses(user).filter(is_active=True)
    if user.role == Role.TECHNICIAN and not user.is_superuser:
        return qs.filter(kind=Warehouse.Kind.VAN, technician__user=user)
    return qs


def visible_stock(user: User) -> QuerySet[StockLevel]:
    return scope_by_branch(
        StockLevel.objects.select_related("warehouse__branch", "part"),
        user,
        field="warehouse__branch",
    )


def filter_stock(
    qs: QuerySet[StockLevel],
    *,
    warehouse: Warehouse | None = None,
    part: str = "",
    condition: str = "",
    hide_empty: bool = False,
) -> QuerySet[StockLevel]:
    if warehouse is not None:
        qs = qs.filter(warehouse=warehouse)
    if condition:
        qs = qs.filter(condition=condition)
    part = (part or "").strip()
    if part:
        qs = qs.filter(Q(part__code__icontains=part) | Q(part__name__icontains=part))
    if hide_empty:
        qs = qs.filter(quantity__gt=0)
    return qs.order_by("warehouse__code", "part__code", "condition")


def visible_documents(user: User) -> QuerySet[StockDocument]:
    return scope_by_branch(
        StockDocument.objects.select_related(
            "branch", "from_warehouse", "to_warehouse", "work_order", "person", "by"
        ),
        user,
    )


def document_lines(document: StockDocument) -> QuerySet[StockDocumentLine]:
    return document.lines.select_related("part")


def reorder_list(user: User) -> QuerySet[ReorderPoint]:
    """Reorder points whose good stock is at or below the point: one query, the level joined in
    as a subquery."""
    on_hand = StockLevel.objects.filter(
        warehouse=OuterRef("warehouse"), part=OuterRef("part"), condition=Condition.GOOD
    ).values("quantity")[:1]
    qs = scope_by_branch(
        ReorderPoint.objects.select_related("warehouse__branch", "part"),
        user,
        field="warehouse__branch",
    )
    return (
        qs.annotate(on_hand=Coalesce(Subquery(on_hand, output_field=IntegerField()), Value(0)))
        .filter(on_hand__lte=F("minimum"))
        .order_by("warehouse__code", "part__code")
    )


@dataclass(frozen=True)
class UsedPart:
    """A part put into the customer's unit on a job: for the repair card and the invoice."""

    line: StockDocumentLine
    issued_on: date
    is_free: bool
    warranty_until: date

    @property
    def part(self) -> Part:
        return self.line.part

    @property
    def quantity(self) -> int:
        return self.line.quantity

    @property
    def serial_number(self) -> str:
        return self.line.serial_number

    @property
    def unit_price(self) -> Decimal:
        return self.line.part.sale_price

    @property
    def amount(self) -> Decimal:
        """What the customer pays for the line: nothing on warranty or contract work."""
        return Decimal("0.00") if self.is_free else self.unit_price * self.quantity


def parts_used_on_order(order: WorkOrder) -> list[UsedPart]:
    """Every part issued to the order, each with its own coverage: free on warranty (C) and
    contract (B) work, charged otherwise; with the part's repair warranty. One query."""
    lines = (
        StockDocumentLine.objects.filter(
            document__work_order=order, document__kind=StockDocument.Kind.ISSUE
        )
        .select_related("part", "document")
        .order_by("document__at", "id")
    )
    free = is_free(order.category)
    used = []
    for line in lines:
        issued_on = timezone.localtime(line.document.at).date()
        used.append(
            UsedPart(
                line=line,
                issued_on=issued_on,
                is_free=free,
                warranty_until=part_warranty_until(issued_on, line.part.repair_warranty_days),
            )
        )
    return used


def old_parts_returned(order: WorkOrder) -> QuerySet[StockDocumentLine]:
    return StockDocumentLine.objects.filter(
        document__work_order=order, document__kind=StockDocument.Kind.OLD_PART_RETURN
    ).select_related("part", "document")


def visible_purchases(user: User) -> QuerySet[PurchaseRequest]:
    return scope_by_branch(
        PurchaseRequest.objects.select_related(
            "warehouse__branch", "part", "requested_by", "decided_by", "chosen_quote"
        ),
        user,
        field="warehouse__branch",
    )
