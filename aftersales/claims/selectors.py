"""Reads of warranty claims and claim part orders, scoped to the user's branch."""

import datetime as dt
from decimal import Decimal

from django.db.models import (
    Case,
    Count,
    DecimalField,
    Exists,
    OuterRef,
    Q,
    QuerySet,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce

from aftersales.accounts.models import User
from aftersales.accounts.policy import Cap, can, scope_by_branch
from aftersales.parts.models import Part
from aftersales.workorders.models import ServiceCategory, State, WorkOrder

from .models import ClaimLine, ClaimOrder, ClaimPartOrder, ManufacturerRate, WarrantyClaim

C = WarrantyClaim.Status
MONEY = DecimalField(max_digits=14, decimal_places=2)
CENT = Decimal("0.01")


def manufacturer_rates(user: User) -> QuerySet[ManufacturerRate]:
    """The rates are the company's, like the price list."""
    qs = ManufacturerRate.objects.select_related("category", "created_by")
    return qs if can(user, Cap.VIEW) else qs.none()


def visible_claims(user: User) -> QuerySet[WarrantyClaim]:
    return scope_by_branch(WarrantyClaim.objects.select_related("branch"), user)


def claims_filtered(
    user: User, *, status: str = "", brand: str = "", q: str = ""
) -> QuerySet[WarrantyClaim]:
    # An aggregate drops the model's ordering: it is given again.
    qs = visible_claims(user).annotate(order_count=Count("orders")).order_by("-created_at", "-id")
    if status:
        qs = qs.filter(status=status)
    if brand:
        qs = qs.filter(brand=brand)
    q = (q or "").strip()
    if q:
        qs = qs.filter(Q(number__icontains=q) | Q(orders__work_order__number__icontains=q))
        qs = qs.distinct()
    return qs


def claim_lines(claim: WarrantyClaim) -> QuerySet[ClaimLine]:
    return claim.lines.select_related(
        "work_order", "part", "evidence__document", "issue_line__document"
    ).order_by("work_order__number", "id")


def claim_orders(claim: WarrantyClaim) -> QuerySet[ClaimOrder]:
    return claim.orders.select_related("work_order__unit__model", "work_order__customer")


def _outstanding() -> Case:
    return Case(
        When(status=C.SUBMITTED, then="claimed_amount"),
        When(status=C.ACCEPTED, then="accepted_amount"),
        default=Value(0),
        output_field=MONEY,
    )


def outstanding_by_brand(user: User) -> list[dict]:
    """Per brand: claims sent, amounts claimed, accepted and paid, and what is still owed."""
    live = ~Q(status__in=[C.DRAFT, C.CANCELLED])
    rows = (
        visible_claims(user)
        .filter(live)
        .order_by()
        .values("brand")
        .annotate(
            claims=Count("id"),
            claimed=Coalesce(Sum("claimed_amount"), Value(0), output_field=MONEY),
            accepted=Coalesce(Sum("accepted_amount"), Value(0), output_field=MONEY),
            paid=Coalesce(Sum("paid_amount"), Value(0), output_field=MONEY),
            outstanding=Coalesce(Sum(_outstanding()), Value(0), output_field=MONEY),
            waiting=Count("id", filter=Q(status__in=[C.SUBMITTED, C.ACCEPTED])),
        )
    )
    money = ("claimed", "accepted", "paid", "outstanding")
    # SQLite sums decimals as floats: the cents are put back here.
    result = [
        {**row, **{name: Decimal(str(row[name])).quantize(CENT) for name in money}} for row in rows
    ]
    return sorted(result, key=lambda row: (-row["outstanding"], row["brand"]))


def brands(user: User) -> list[str]:
    """The brands with a manufacturer's rate: those a claim can be made to."""
    return list(
        manufacturer_rates(user).order_by("brand").values_list("brand", flat=True).distinct()
    )


def claimable_orders(
    user: User,
    *,
    brand: str,
    start: dt.date | None = None,
    end: dt.date | None = None,
    branch: int | None = None,
) -> QuerySet[WorkOrder]:
    """Finished in-warranty jobs of the brand in the period, on no live claim yet."""
    on_claim = ClaimOrder.objects.filter(work_order=OuterRef("pk"), released=False)
    qs = scope_by_branch(WorkOrder.objects.all(), user).filter(
        category=ServiceCategory.FREE,
        state__in=[State.COMPLETED, State.CLOSED],
        unit__model__brand=brand,
    )
    if branch:
        qs = qs.filter(branch_id=branch)
    if start:
        qs = qs.filter(completed_at__date__gte=start)
    if end:
        qs = qs.filter(completed_at__date__lte=end)
    return (
        qs.exclude(Exists(on_claim))
        .select_related("customer", "unit__model", "branch")
        .order_by("completed_at", "id")
    )


def visible_part_orders(user: User) -> QuerySet[ClaimPartOrder]:
    return scope_by_branch(
        ClaimPartOrder.objects.select_related(
            "branch",
            "work_order__customer",
            "part",
            "requested_by",
            "receipt__to_warehouse",
            "issue",
        ),
        user,
    )


def part_orders_filtered(user: User, *, status: str = "", q: str = "") -> QuerySet[ClaimPartOrder]:
    qs = visible_part_orders(user)
    if status == "open":
        qs = qs.exclude(status__in=[ClaimPartOrder.Status.FITTED, ClaimPartOrder.Status.CANCELLED])
    elif status:
        qs = qs.filter(status=status)
    q = (q or "").strip()
    if q:
        qs = qs.filter(
            Q(number__icontains=q)
            | Q(work_order__number__icontains=q)
            | Q(part__code__icontains=q)
            | Q(part__name__icontains=q)
        )
    return qs


def part_orders_of(order: WorkOrder) -> QuerySet[ClaimPartOrder]:
    return order.claim_part_orders.select_related("part").order_by("-requested_at", "-id")


def parts_for_claim_orders() -> QuerySet[Part]:
    return Part.objects.filter(is_active=True).order_by("code")
