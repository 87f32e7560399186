"""Reads of parts and stock, scoped to the user's branch; one query per list, never one per row."""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.db.models import (
    DecimalField,
    ExpressionWrapper,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
)
from django.db.models.functions import Coalesce
from django.utils import timezone

from aftersales.accounts.models import Branch, Role, User
from aftersales.accounts.policy import Cap, can, scope_by_branch
from aftersales.customers.models import Unit
from aftersales.workorders.models import State, WorkOrder

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
from .rules import EarlierFitting, is_free, part_coverage, part_warranty_until


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
    reason: str = ""  # why free or charged, in words: the repair card and the invoice show it

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
        """What the customer pays for the line: nothing when the line is covered."""
        return Decimal("0.00") if self.is_free else self.unit_price * self.quantity


def _issued_on(line: StockDocumentLine) -> date:
    return timezone.localtime(line.document.at).date()


def parts_used_on_order(order: WorkOrder) -> list[UsedPart]:
    """Every part issued to the order, each with its own coverage (rules.part_coverage) and the
    part's repair warranty. Two queries: the order's lines, then the earlier fittings of the same
    parts to the same unit."""
    lines = list(
        StockDocumentLine.objects.filter(
            document__work_order=order, document__kind=StockDocument.Kind.ISSUE
        )
        .select_related("part", "document")
        .order_by("document__at", "id")
    )
    earlier: dict[int, list[EarlierFitting]] = defaultdict(list)
    if lines and order.unit_id is not None and not is_free(order.category):
        previous = (
            StockDocumentLine.objects.filter(
                document__kind=StockDocument.Kind.ISSUE,
                document__work_order__unit_id=order.unit_id,
                document__at__lt=max(line.document.at for line in lines),
                part_id__in={line.part_id for line in lines},
            )
            .exclude(document__work_order=order)
            .exclude(document__work_order__state=State.CANCELLED)
            .values_list("part_id", "document__at", "document__work_order__number")
        )
        for part_id, at, number in previous:
            earlier[part_id].append(EarlierFitting(timezone.localtime(at).date(), number))
    used = []
    for line in lines:
        issued_on = _issued_on(line)
        days = line.part.repair_warranty_days
        coverage = part_coverage(
            service_category=order.category,
            issued_on=issued_on,
            warranty_days=days,
            earlier=[f for f in earlier[line.part_id] if f.issued_on <= issued_on],
        )
        used.append(
            UsedPart(
                line=line,
                issued_on=issued_on,
                is_free=coverage.is_free,
                warranty_until=part_warranty_until(issued_on, days),
                reason=coverage.reason,
            )
        )
    return used


@dataclass(frozen=True)
class FittedPart:
    """A part fitted to a unit, for its service file: what, when, on which job, which serial."""

    line: StockDocumentLine
    issued_on: date
    warranty_until: date

    @property
    def order(self) -> WorkOrder:
        return self.line.document.work_order


def parts_fitted_to_unit(unit: Unit) -> list[FittedPart]:
    """Every part issued to the unit's jobs, newest first; one query."""
    lines = (
        StockDocumentLine.objects.filter(
            document__kind=StockDocument.Kind.ISSUE, document__work_order__unit=unit
        )
        .exclude(document__work_order__state=State.CANCELLED)
        .select_related("part", "document__work_order")
        .order_by("-document__at", "-id")
    )
    return [
        FittedPart(
            line=line,
            issued_on=_issued_on(line),
            warranty_until=part_warranty_until(_issued_on(line), line.part.repair_warranty_days),
        )
        for line in lines
    ]


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


# Monthly parts cost (001 篇2 十六) ------------------------------------------------------------


@dataclass
class CostRow:
    """One person's (or, with no person, the warehouse's own) parts cost of the month: parts
    issued to his jobs at unit cost, what he was charged for lost or damaged parts, and the value
    of the parts scrapped (the warehouse's)."""

    branch: Branch | None  # None on the grand total
    person: User | None
    issued: Decimal = Decimal("0.00")
    charged: Decimal = Decimal("0.00")
    scrapped: Decimal = Decimal("0.00")

    def add(self, other: "CostRow") -> None:
        self.issued += other.issued
        self.charged += other.charged
        self.scrapped += other.scrapped


@dataclass
class BranchCost:
    branch: Branch
    rows: list[CostRow]
    subtotal: CostRow


@dataclass
class CostReport:
    month: date  # its first day
    branches: list[BranchCost]
    total: CostRow | None

    @property
    def is_empty(self) -> bool:
        return not self.branches


def month_bounds(month: date) -> tuple[datetime, datetime]:
    """The month in the company's time zone (China Standard Time), as aware datetimes."""
    first = month.replace(day=1)
    following = (first + timedelta(days=32)).replace(day=1)
    zone = timezone.get_current_timezone()
    return (
        datetime.combine(first, time.min, tzinfo=zone),
        datetime.combine(following, time.min, tzinfo=zone),
    )


def monthly_parts_cost(user: User, *, month: date, branch: Branch | None = None) -> CostReport:
    """The parts cost of a month for finance, by branch and by technician, from the stock
    documents in the user's scope. Five queries whatever the number of documents."""
    start, end = month_bounds(month)
    documents = scope_by_branch(StockDocument.objects.all(), user).filter(at__gte=start, at__lt=end)
    if branch is not None:
        documents = documents.filter(branch=branch)
    lines = StockDocumentLine.objects.filter(document__in=documents)
    value = Sum(
        ExpressionWrapper(
            F("quantity") * F("unit_cost"),
            output_field=DecimalField(max_digits=14, decimal_places=2),
        )
    )
    found: dict[tuple[int, int | None], dict[str, Decimal]] = defaultdict(dict)
    issued = (
        lines.filter(document__kind=StockDocument.Kind.ISSUE)
        .values_list("document__branch_id", "document__work_order__technician__user_id")
        .annotate(total=value)
        .order_by()
    )
    for branch_id, person_id, total in issued:
        found[branch_id, person_id]["issued"] = total
    charged = (
        documents.filter(kind=StockDocument.Kind.CHARGE)
        .values_list("branch_id", "person_id")
        .annotate(total=Sum("amount"))
        .order_by()
    )
    for branch_id, person_id, total in charged:
        found[branch_id, person_id]["charged"] = total
    scrapped = (
        lines.filter(document__kind=StockDocument.Kind.SCRAP)
        .values_list("document__branch_id")
        .annotate(total=value)
        .order_by()
    )
    for branch_id, total in scrapped:
        found[branch_id, None]["scrapped"] = total

    branches = Branch.objects.in_bulk({key[0] for key in found})
    people = User.objects.in_bulk({key[1] for key in found if key[1] is not None})
    by_branch: dict[int, list[CostRow]] = defaultdict(list)
    for (branch_id, person_id), sums in found.items():
        by_branch[branch_id].append(
            CostRow(
                branch=branches[branch_id],
                person=people.get(person_id),
                **{
                    name: (amount or Decimal("0")).quantize(Decimal("0.01"))
                    for name, amount in sums.items()
                },
            )
        )
    blocks = []
    total = CostRow(branch=None, person=None) if by_branch else None
    for branch_id in sorted(
        by_branch, key=lambda pk: (not branches[pk].is_head_office, branches[pk].code)
    ):
        rows = sorted(
            by_branch[branch_id],
            # People by name; the warehouse's own row (scrap, jobs without a technician) last.
            key=lambda row: (row.person is None, str(row.person or "")),
        )
        subtotal = CostRow(branch=branches[branch_id], person=None)
        for row in rows:
            subtotal.add(row)
        blocks.append(BranchCost(branch=branches[branch_id], rows=rows, subtotal=subtotal))
        total.add(subtotal)
    return CostReport(month=month.replace(day=1), branches=blocks, total=total)
