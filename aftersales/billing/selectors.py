"""Reads of billing: scoped to the user's branch (head office: all), joined once."""

from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.db.models import DecimalField, Q, QuerySet, Sum, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from aftersales.accounts.models import Branch, User
from aftersales.accounts.policy import Cap, can, scope_by_branch
from aftersales.workorders.models import WorkOrder
from aftersales.workorders.selectors import visible_work_orders

from .models import ZERO, DiscountRequest, Invoice, Payment, PriceItem, Quote
from .rules import money


def price_items(user: User, *, q: str = "", kind: str = "", active_only: bool = False):
    """The price list is the company's, shared by every branch."""
    qs = PriceItem.objects.select_related("category", "part")
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


def visible_quotes(user: User) -> QuerySet[Quote]:
    """Quotes of the jobs the user sees: another branch's answer 404."""
    return Quote.objects.filter(order__in=visible_work_orders(user)).select_related("order")


def visible_invoices(user: User) -> QuerySet[Invoice]:
    return (
        Invoice.objects.filter(order__in=visible_work_orders(user))
        .select_related("order__customer", "order__unit__model", "branch", "issued_by")
        .prefetch_related("lines", "payments")
    )


def visible_discounts(user: User) -> QuerySet[DiscountRequest]:
    return DiscountRequest.objects.filter(
        invoice__order__in=visible_work_orders(user)
    ).select_related("invoice")


def visible_invoices_all() -> QuerySet[Invoice]:
    """Every invoice, for answering about one just written (its scope was checked)."""
    return Invoice.objects.prefetch_related("lines", "payments")


def quote_full(quote: Quote) -> Quote:
    return (
        Quote.objects.select_related("created_by", "consent__recorded_by")
        .prefetch_related("lines")
        .get(pk=quote.pk)
    )


def invoice_for_print(invoice: Invoice) -> Invoice:
    """Everything the printed invoice shows, in a few queries."""
    return (
        Invoice.objects.select_related(
            "order__customer",
            "order__unit__model",
            "order__technician__user",
            "branch",
            "issued_by",
            "voided_by",
            "quote__consent",
        )
        .prefetch_related("lines__part")
        .get(pk=invoice.pk)
    )


def invoices_of(order: WorkOrder) -> list[Invoice]:
    """Every invoice of the job, the voided ones too, newest first."""
    return list(Invoice.objects.filter(order=order).select_related("voided_by"))


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


def live_invoice_full(order: WorkOrder) -> Invoice | None:
    return (
        Invoice.objects.filter(order=order)
        .exclude(status=Invoice.Status.VOID)
        .select_related("issued_by", "quote")
        .prefetch_related("lines__part")
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


def cash_still_held(
    user: User, *, day: date, branch: Branch | None, technicians: list[int]
) -> dict[int, list[int]]:
    """Each technician's cash payments not yet handed over at the end of `day`, in one query."""
    if not technicians:
        return {}
    _start, end = local_day(day)
    qs = scope_by_branch(
        Payment.objects.filter(
            method=Payment.Method.CASH,
            handover__isnull=True,
            at__lt=end,
            collected_by_id__in=technicians,
        ),
        user,
        field="branch",
    )
    if branch is not None:
        qs = qs.filter(branch=branch)
    held: dict[int, list[int]] = {}
    for row in qs.order_by("at", "id").values("id", "collected_by"):
        held.setdefault(row["collected_by"], []).append(row["id"])
    return held
