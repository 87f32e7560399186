"""Reads of billing: scoped to the user's branch (head office: all), joined once."""

from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.db.models import DecimalField, Q, QuerySet, Sum, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from aftersales.accounts.models import Branch, User
from aftersales.accounts.policy import Cap, can, scope_by_branch
from aftersales.workorders.models import WorkOrder

from .models import ZERO, DiscountRequest, Invoice, Payment, PriceItem, Quote
from .rules import money


def price_items(user: User, *, q: str = "", kind: str = "", active_only: bool = False):
    """The price list is the company's, shared by every branch."""
    qs = PriceItem.objects.select_related("category")
    if not can(user, Cap.VIEW):
        return qs.none()
    if kind:
        qs = qs.filter(kind=kind)
    if active_only:
        qs = qs.filter(is_active=True)
    q = q.strip()
    if q:
        qs = qs.filter(Q(code__icontains=q) | Q(name__icontains=q))
    return qs


def quotes_of(order: WorkOrder) -> list[Quote]:
    return list(
        Quote.objects.filter(order=order)
        .select_related("created_by", "consent__recorded_by")
        .prefetch_related("lines")
        .order_by("-version")
    )


def current_quote(order: WorkOrder) -> Quote | None:
    return Quote.objects.filter(order=order).order_by("-version").first()


def live_invoice(order: WorkOrder) -> Invoice | None:
    return (
        Invoice.objects.filter(order=order)
        .exclude(status=Invoice.Status.VOID)
        .select_related("issued_by")
        .prefetch_related("lines")
        .first()
    )


def payments_of(invoice: Invoice) -> QuerySet[Payment]:
    return invoice.payments.select_related("collected_by", "handover")


def discounts_of(invoice: Invoice) -> QuerySet[DiscountRequest]:
    return invoice.discounts.select_related("requested_by", "decided_by")


def pending_discounts(user: User) -> QuerySet[DiscountRequest]:
    return scope_by_branch(
        DiscountRequest.objects.filter(status=DiscountRequest.Status.PENDING).select_related(
            "invoice__order", "requested_by"
        ),
        user,
        field="invoice__branch",
    )


def local_day(day: date) -> tuple[datetime, datetime]:
    tz = timezone.get_current_timezone()
    start = datetime.combine(day, time.min, tzinfo=tz)
    return start, datetime.combine(day + timedelta(days=1), time.min, tzinfo=tz)


def cash_positions(user: User, *, day: date, branch: Branch | None = None) -> list[dict]:
    """Per technician who collected cash: collected on `day`, handed over on `day`, and what is
    still outstanding at the end of `day`, earlier days included (002 第21条: due the same day).
    One grouped query, whatever the number of payments."""
    start, end = local_day(day)
    qs = scope_by_branch(
        Payment.objects.filter(method=Payment.Method.CASH, at__lt=end), user, field="branch"
    )
    if branch is not None:
        qs = qs.filter(branch=branch)
    money_field = DecimalField(max_digits=14, decimal_places=2)
    zero = Value(ZERO, output_field=money_field)
    rows = (
        qs.values(
            "collected_by",
            "collected_by__username",
            "collected_by__last_name",
            "collected_by__first_name",
        )
        .annotate(
            collected=Coalesce(Sum("amount", filter=Q(at__gte=start)), zero),
            handed_over=Coalesce(
                Sum("amount", filter=Q(handover__at__gte=start, handover__at__lt=end)), zero
            ),
            outstanding=Coalesce(
                Sum("amount", filter=Q(handover__isnull=True) | Q(handover__at__gte=end)), zero
            ),
        )
        .filter(Q(collected__gt=0) | Q(handed_over__gt=0) | Q(outstanding__gt=0))
        .order_by("-outstanding", "collected_by__username")
    )
    result = []
    for row in rows:
        name = f"{row['collected_by__last_name']}{row['collected_by__first_name']}".strip()
        for key in ("collected", "handed_over", "outstanding"):
            row[key] = money(Decimal(row[key]))  # SQLite sums lose the two decimals
        result.append({**row, "name": name or row["collected_by__username"]})
    return result
