"""Reads of billing: scoped to the user's branch (head office: all), joined once."""

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.db.models import DecimalField, Q, QuerySet, Sum, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from aftersales.accounts.models import Branch, User
from aftersales.accounts.policy import Cap, can, scope_by_branch
from aftersales.workorders.models import WorkOrder
from aftersales.workorders.selectors import visible_work_orders

from .models import ZERO, CashEntry, DiscountRequest, Invoice, Payment, PriceItem, Quote
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
    return invoice.payments.select_related("collected_by", "handover", "outlet")


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


def _cash_sums(qs: QuerySet, person: str, start: datetime, end: datetime) -> QuerySet:
    """Per person: taken in on the day, paid out on the day (as a positive amount), handed over
    on the day and still held at its end (both net), over signed amounts."""
    money_field = DecimalField(max_digits=14, decimal_places=2)
    zero = Value(ZERO, output_field=money_field)
    return (
        qs.values(person)
        .annotate(
            collected=Coalesce(Sum("amount", filter=Q(at__gte=start, amount__gt=0)), zero),
            paid_out=Coalesce(Sum("amount", filter=Q(at__gte=start, amount__lt=0)), zero),
            handed_over=Coalesce(
                Sum("amount", filter=Q(handover__at__gte=start, handover__at__lt=end)), zero
            ),
            outstanding=Coalesce(
                Sum("amount", filter=Q(handover__isnull=True) | Q(handover__at__gte=end)), zero
            ),
        )
        .order_by()
    )


def _staff_cash(user: User, *, end: datetime, branch: Branch | None) -> tuple[QuerySet, QuerySet]:
    """Cash in our staff's hands up to `end`: the cash payments of invoices (not the money an
    outlet collected) and the cash entries of other documents (order deposits and refunds)."""
    payments = scope_by_branch(
        Payment.objects.filter(method=Payment.Method.CASH, outlet__isnull=True, at__lt=end),
        user,
        field="branch",
    )
    entries = scope_by_branch(CashEntry.objects.filter(at__lt=end), user, field="branch")
    if branch is not None:
        payments, entries = payments.filter(branch=branch), entries.filter(branch=branch)
    return payments, entries


KEYS = ("collected", "paid_out", "handed_over", "outstanding")


def cash_positions(user: User, *, day: date, branch: Branch | None = None) -> list[dict]:
    """Per person who took or paid out cash: collected on `day`, paid out on `day` (deposit
    refunds), handed over on `day`, and what is still outstanding at the end of `day`, earlier
    days included (002 第21条: due the same day). Outstanding is net of the refunds paid out; a
    negative amount is what finance owes him. Three queries, whatever the number of payments."""
    start, end = local_day(day)
    payments, entries = _staff_cash(user, end=end, branch=branch)
    totals: dict[int, dict] = {}
    for qs, person in ((payments, "collected_by"), (entries, "person")):
        for row in _cash_sums(qs, person, start, end):
            into = totals.setdefault(row[person], dict.fromkeys(KEYS, ZERO))
            for key in KEYS:
                into[key] += Decimal(row[key])
    people = User.objects.in_bulk(list(totals)) if totals else {}
    result = []
    for pk, sums in totals.items():
        sums = {key: money(value) for key, value in sums.items()}  # SQLite loses the decimals
        sums["paid_out"] = -sums["paid_out"]
        if not any(sums.values()):
            continue
        person = people[pk]
        name = f"{person.last_name}{person.first_name}".strip() or person.username
        result.append(
            {
                **sums,
                "due": abs(sums["outstanding"]),
                "collected_by": pk,
                "collected_by__username": person.username,
                "name": name,
            }
        )
    result.sort(key=lambda row: (-row["outstanding"], row["collected_by__username"]))
    return result


@dataclass
class HeldCash:
    """What a person still holds: the ids of his cash payments and of his cash entries."""

    payments: list[int] = field(default_factory=list)
    entries: list[int] = field(default_factory=list)


def cash_still_held(
    user: User, *, day: date, branch: Branch | None, technicians: list[int]
) -> dict[int, HeldCash]:
    """Each person's cash not yet handed over at the end of `day`, in two queries."""
    if not technicians:
        return {}
    _start, end = local_day(day)
    payments, entries = _staff_cash(user, end=end, branch=branch)
    held: dict[int, HeldCash] = {}
    for row in (
        payments.filter(handover__isnull=True, collected_by_id__in=technicians)
        .order_by("at", "id")
        .values("id", "collected_by")
    ):
        held.setdefault(row["collected_by"], HeldCash()).payments.append(row["id"])
    for row in (
        entries.filter(handover__isnull=True, person_id__in=technicians)
        .order_by("at", "id")
        .values("id", "person")
    ):
        held.setdefault(row["person"], HeldCash()).entries.append(row["id"])
    return held
