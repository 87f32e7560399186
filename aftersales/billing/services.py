"""Every change to prices, quotes, consents, invoices, payments, hand-overs and discounts: one
function per action, in a transaction, audited (who, before, after)."""

from collections.abc import Iterable
from datetime import datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from aftersales.accounts.models import Role, User
from aftersales.accounts.policy import Cap, can, require
from aftersales.core import audit
from aftersales.core.exceptions import Conflict, DomainError, Forbidden
from aftersales.core.numbering import monthly_number
from aftersales.core.uploads import checked_image
from aftersales.core.validation import required_text as _text
from aftersales.customers.models import ProductCategory
from aftersales.parts.models import Part
from aftersales.parts.selectors import parts_used_on_order
from aftersales.workorders.models import OPEN_STATES, ServiceCategory, WorkOrder
from aftersales.workorders.states import is_own_job

from . import rules
from .models import (
    ZERO,
    CashEntry,
    CashHandover,
    Consent,
    DiscountRequest,
    Invoice,
    InvoiceLine,
    Payment,
    PriceItem,
    Quote,
    QuoteLine,
)


def _decimal(value: Any, field: str, *, low: Decimal, high: Decimal, message: str) -> Decimal:
    try:
        number = Decimal(str(value).strip())
    except (InvalidOperation, ValueError) as exc:
        raise DomainError(_("Enter a number."), field=field) from exc
    if not number.is_finite() or not low <= number <= high:
        raise DomainError(message, field=field)
    return rules.money(number)


def _own_job_only(order: WorkOrder, by: User) -> None:
    """A technician charges only on the jobs sent to him."""
    if by.role == Role.TECHNICIAN and not by.is_superuser and not is_own_job(order, by):
        raise Forbidden(_("Only the technician the job is dispatched to may do this."))


def _locked_order(order: WorkOrder) -> WorkOrder:
    return (
        WorkOrder.objects.select_for_update(of=("self",))
        .select_related("technician", "branch")
        .get(pk=order.pk)
    )


# Price list ----------------------------------------------------------------------------------


def _price_values(
    *, name: str, kind: str, unit: str, price: Any, source: str, category: Any, part: Any = None
) -> dict[str, Any]:
    if kind not in PriceItem.Kind.values:
        raise DomainError(_("Unknown kind of price item."), field="kind")
    if part is not None and not isinstance(part, Part):
        raise DomainError(_("Unknown spare part."), field="part")
    if part is not None and kind != PriceItem.Kind.PART:
        raise DomainError(_("Only a line of kind “part” names a spare part."), field="part")
    if source not in PriceItem.Source.values:
        raise DomainError(_("Unknown price source."), field="source")
    if category is not None and not isinstance(category, ProductCategory):
        raise DomainError(_("Unknown product category."), field="category")
    return {
        "name": _text(name, "name", _("Enter the name.")),
        "kind": kind,
        "unit": _text(unit, "unit", _("Enter the unit of measure.")),
        "price": _decimal(
            price,
            "price",
            low=ZERO,
            high=Decimal("9999999"),
            message=_("The price must be 0 or more."),
        ),
        "source": source,
        "category": category,
        "part": part,
    }


@transaction.atomic
def price_item_create(
    *,
    by: User,
    code: str,
    name: str,
    kind: str,
    price: Any,
    source: str,
    unit: str = "次",
    category: ProductCategory | None = None,
    part: Part | None = None,
) -> PriceItem:
    require(by, Cap.EDIT_PRICES)
    code = _text(code, "code", _("Enter the code.")).upper()
    if PriceItem.objects.filter(code=code).exists():
        raise DomainError(_("A price item with this code already exists."), field="code")
    item = PriceItem.objects.create(
        code=code,
        **_price_values(
            name=name,
            kind=kind,
            unit=unit,
            price=price,
            source=source,
            category=category,
            part=part,
        ),
    )
    audit.record(item, by=by, action="create")
    return item


@transaction.atomic
def price_item_update(*, by: User, item: PriceItem, **changes: Any) -> PriceItem:
    """New prices apply to new quotes; quotes already given keep the price they copied."""
    require(by, Cap.EDIT_PRICES)
    item = PriceItem.objects.select_for_update().get(pk=item.pk)
    before = audit.snapshot(item)
    current = {
        "name": item.name,
        "kind": item.kind,
        "unit": item.unit,
        "price": item.price,
        "source": item.source,
        "category": item.category,
        "part": item.part,
    }
    unknown = set(changes) - set(current) - {"is_active"}
    if unknown:
        raise DomainError(_("Unknown field."), field=sorted(unknown)[0])
    is_active = changes.pop("is_active", item.is_active)
    for field, value in _price_values(**{**current, **changes}).items():
        setattr(item, field, value)
    item.is_active = bool(is_active)
    item.save()
    audit.record(item, by=by, action="update", before=before)
    return item


# Quotes and consent --------------------------------------------------------------------------


def _current_quote(order: WorkOrder) -> Quote | None:
    return Quote.objects.select_for_update().filter(order=order).order_by("-version").first()


@transaction.atomic
def quote_create(
    *,
    order: WorkOrder,
    by: User,
    now: datetime,
    fault: str,
    expected_hours: Any,
    lines: Iterable[tuple[PriceItem, Any]],
) -> Quote:
    """The technician states the fault, the price from the price list and the expected time
    (002 第11条, 第56条4). A new version replaces the one before, whose consent no longer holds."""
    require(by, Cap.QUOTE)
    order = _locked_order(order)
    _own_job_only(order, by)
    if order.category != ServiceCategory.PAID:
        raise DomainError(
            _("Only paid work (category A) is quoted; this job is “%(category)s”.")
            % {"category": order.get_category_display()},
            field="order",
        )
    if order.state not in OPEN_STATES:
        raise DomainError(
            _("A work order that is “%(state)s” can no longer be quoted.")
            % {"state": order.get_state_display()},
            field="order",
        )
    fault = _text(fault, "fault", _("Describe the fault found."))
    hours = _decimal(
        expected_hours,
        "expected_hours",
        low=Decimal("0.01"),
        high=Decimal("999"),
        message=_("The expected hours must be more than 0."),
    )
    lines = list(lines)
    # The price as the list has it now, not as a caller may have read it earlier.
    current = PriceItem.objects.in_bulk([item.pk for item, _qty in lines])
    priced = []
    for given, quantity in lines:
        item = current.get(given.pk)
        if item is None or not item.is_active:
            raise DomainError(
                _("%(item)s is no longer on the price list.") % {"item": given}, field="lines"
            )
        qty = _decimal(
            quantity,
            "lines",
            low=Decimal("0.01"),
            high=Decimal("9999"),
            message=_("Each quantity must be more than 0."),
        )
        priced.append((item, qty, rules.money(item.price * qty)))
    if not priced:
        raise DomainError(_("Add at least one line from the price list."), field="lines")
    previous = _current_quote(order)
    if previous is not None and previous.status in (
        Quote.Status.DRAFT,
        Quote.Status.AWAITING,
        Quote.Status.CONSENTED,
    ):
        before = audit.snapshot(previous)
        previous.status = Quote.Status.SUPERSEDED
        previous.save(update_fields=["status"])
        audit.record(previous, by=by, action="supersede", before=before)
    quote = Quote.objects.create(
        order=order,
        version=(previous.version + 1) if previous else 1,
        status=Quote.Status.AWAITING,
        fault=fault,
        expected_hours=hours,
        total=sum((amount for _i, _q, amount in priced), ZERO),
        created_by=by,
        created_at=now,
    )
    QuoteLine.objects.bulk_create(
        QuoteLine(
            quote=quote,
            item=item,
            name=item.name,
            unit=item.unit,
            quantity=qty,
            price=item.price,
            amount=amount,
        )
        for item, qty, amount in priced
    )
    audit.record(quote, by=by, action="create")
    audit.record(
        order,
        by=by,
        action="quote",
        changes={"quote": [str(previous) if previous else None, str(quote)]},
        note=f"¥{quote.total} · {hours} h",
    )
    return quote


def _awaiting(quote: Quote) -> Quote:
    quote = Quote.objects.select_for_update().select_related("order").get(pk=quote.pk)
    current = _current_quote(quote.order)
    if current is None or current.pk != quote.pk:
        raise DomainError(
            _("A newer version of this quote exists: ask consent to that one."), field="quote"
        )
    if quote.status != Quote.Status.AWAITING:
        raise DomainError(
            _("This quote is “%(status)s”: it is not waiting for consent.")
            % {"status": quote.get_status_display()},
            field="quote",
        )
    return quote


def _consent(
    quote: Quote,
    *,
    by: User,
    now: datetime,
    method: str,
    signer_name: str,
    image: Any = None,
) -> Consent:
    consent = Consent(
        quote=quote,
        method=method,
        signer_name=_text(
            signer_name, "signer_name", _("Enter the name of the person consenting.")
        ),
        recorded_by=by,
        at=now,
    )
    if image is not None:
        consent.image = image
    consent.save()
    before = audit.snapshot(quote)
    quote.status = Quote.Status.CONSENTED
    quote.save(update_fields=["status"])
    audit.record(quote, by=by, action=f"consent_{method}", before=before, note=consent.signer_name)
    audit.record(
        quote.order,
        by=by,
        action="consent",
        changes={"consent": [None, f"{quote} · {consent.get_method_display()}"]},
        note=consent.signer_name,
    )
    return consent


@transaction.atomic
def quote_consent_signature(
    *, quote: Quote, by: User, now: datetime, signer_name: str, signature_png: bytes
) -> Consent:
    """The customer signs the quote on the technician's screen."""
    require(by, Cap.QUOTE)
    order = _locked_order(quote.order)
    _own_job_only(order, by)
    quote = _awaiting(quote)
    image = checked_image(signature_png, field="signature", name=f"consent-v{quote.version}")
    return _consent(
        quote,
        by=by,
        now=now,
        method=Consent.Method.SIGNATURE,
        signer_name=signer_name,
        image=image,
    )


@transaction.atomic
def quote_consent_phone(
    *, quote: Quote, by: User, now: datetime, signer_name: str, note: str = ""
) -> Consent:
    """An agent records that the customer agreed by phone: who agreed, who heard it, when."""
    require(by, Cap.TAKE_CALLS)
    _locked_order(quote.order)
    quote = _awaiting(quote)
    return _consent(quote, by=by, now=now, method=Consent.Method.PHONE, signer_name=signer_name)


@transaction.atomic
def quote_decline(*, quote: Quote, by: User, now: datetime, note: str) -> Quote:
    """The customer refuses the price: no repair; the visit is completed as declined."""
    if not can(by, Cap.TAKE_CALLS):
        require(by, Cap.QUOTE)
    order = _locked_order(quote.order)
    if by.role == Role.TECHNICIAN:
        _own_job_only(order, by)
    quote = _awaiting(quote)
    before = audit.snapshot(quote)
    quote.status = Quote.Status.DECLINED
    quote.decline_note = _text(note, "note", _("Say what the customer said."))
    quote.save(update_fields=["status", "decline_note"])
    audit.record(quote, by=by, action="decline", before=before, note=quote.decline_note)
    audit.record(
        order,
        by=by,
        action="quote_declined",
        changes={"quote": [str(quote), None]},
        note=quote.decline_note,
    )
    return quote


# Invoices and payments -----------------------------------------------------------------------


@transaction.atomic
def invoice_issue(
    *, order: WorkOrder, by: User, now: datetime, quote_id: int | None = None
) -> Invoice:
    """One live invoice per paid job: the consented quote's lines and the spare parts issued to
    the job, each with its coverage (rules.invoice_lines); never more than the consented total.
    A voided invoice may be replaced by a new one."""
    require(by, Cap.COLLECT_PAYMENT)
    order = _locked_order(order)
    _own_job_only(order, by)
    if order.category != ServiceCategory.PAID:
        raise DomainError(_("Only paid work (category A) is invoiced."), field="order")
    quote = (
        Quote.objects.filter(order=order)
        .order_by("-version")
        .prefetch_related("lines__item")
        .first()
    )
    if quote is None or quote.status != Quote.Status.CONSENTED:
        raise DomainError(
            _("The job has no consented quote to invoice."), field="order", code="no_consent"
        )
    if quote_id is not None and quote_id != quote.pk:
        raise Conflict(
            _("The quote changed: v%(version)s is the one consented to now. Check it first.")
            % {"version": quote.version}
        )
    too_early = rules.invoice_too_early(order)
    if too_early:
        raise DomainError(too_early, field="order", code="not_done")
    if order.invoices.exclude(status=Invoice.Status.VOID).exists():
        raise DomainError(_("This job is invoiced already."), field="order")
    drafts = rules.invoice_lines(quote.lines.all(), parts_used_on_order(order))
    total = sum((d.amount for d in drafts), ZERO)
    if total > quote.total:  # the rule guarantees it; the database keeps the promise too
        raise DomainError(
            _("The invoice would exceed the consented quote: give a new quote first."),
            field="order",
        )
    invoice = Invoice.objects.create(
        number=monthly_number("IV", at=now),
        order=order,
        branch=order.branch,
        quote=quote,
        total=total,
        issued_by=by,
        issued_at=now,
    )
    InvoiceLine.objects.bulk_create(InvoiceLine(invoice=invoice, **vars(draft)) for draft in drafts)
    audit.record(invoice, by=by, action="create", note=f"{quote} ¥{quote.total}")
    return invoice


def _locked_invoice(invoice: Invoice) -> Invoice:
    return (
        Invoice.objects.select_for_update(of=("self",))
        .select_related("order__technician")
        .get(pk=invoice.pk)
    )


def _settle(invoice: Invoice) -> None:
    invoice.status = (
        Invoice.Status.PAID if invoice.paid >= invoice.amount_due else Invoice.Status.OPEN
    )


def _outlet_collecting(order: WorkOrder) -> Any:
    """The outlet that took the customer's money on its own job; refused once the job is on a
    statement finance confirmed, which could no longer deduct it."""
    if order.outlet_id is None:
        raise DomainError(
            _("Work order %(order)s was not done by an outlet.") % {"order": order.number},
            field="outlet_collected",
        )
    line = getattr(order, "settlement_line", None)  # the outlet settlement, if any
    if line is not None and not line.settlement.is_draft:
        raise DomainError(
            _(
                "Work order %(order)s is on the confirmed outlet statement %(statement)s: "
                "money the outlet took can no longer be deducted there."
            )
            % {"order": order.number, "statement": line.settlement.number},
            field="outlet_collected",
        )
    return order.outlet


@transaction.atomic
def payment_record(
    *,
    invoice: Invoice,
    by: User,
    now: datetime,
    amount: Any,
    method: str,
    outlet_collected: bool = False,
) -> Payment:
    """Cash, WeChat, Alipay or transfer; never more than is still due. An invoice paid in full
    is paid.

    `outlet_collected`: the partner outlet that did the job took the money from the customer.
    The payment is recorded against the outlet of the job, kept out of our staff's cash
    hand-over, and deducted on the outlet's monthly settlement."""
    require(by, Cap.COLLECT_PAYMENT)
    invoice = _locked_invoice(invoice)
    _own_job_only(invoice.order, by)
    outlet = _outlet_collecting(invoice.order) if outlet_collected else None
    if invoice.status != Invoice.Status.OPEN:
        raise DomainError(
            _("The invoice is “%(status)s”: it takes no payment.")
            % {"status": invoice.get_status_display()},
            field="invoice",
        )
    if method not in Payment.Method.values:
        raise DomainError(_("Unknown payment method."), field="method")
    amount = _decimal(
        amount,
        "amount",
        low=Decimal("0.01"),
        high=Decimal("99999999"),
        message=_("The amount must be more than 0."),
    )
    if amount > invoice.outstanding:
        raise DomainError(
            _("Only ¥%(due)s is still due; do not take more.") % {"due": invoice.outstanding},
            field="amount",
        )
    payment = Payment.objects.create(
        invoice=invoice,
        branch=invoice.branch,
        amount=amount,
        method=method,
        collected_by=by,
        at=now,
        outlet=outlet,
    )
    before = audit.snapshot(invoice)
    invoice.paid += amount
    _settle(invoice)
    invoice.save(update_fields=["paid", "status"])
    audit.record(
        invoice,
        by=by,
        action="payment",
        before=before,
        note=f"{payment.get_method_display()} ¥{amount}" + (f" · {outlet}" if outlet else ""),
    )
    return payment


@transaction.atomic
def invoice_void(*, invoice: Invoice, by: User, now: datetime, reason: str) -> Invoice:
    require(by, Cap.FINANCE)
    invoice = _locked_invoice(invoice)
    if invoice.status == Invoice.Status.VOID:
        raise DomainError(_("The invoice is void already."), field="invoice")
    if invoice.payments.exists():
        raise DomainError(
            _("Payments were taken on this invoice: it cannot be voided."), field="invoice"
        )
    reason = _text(reason, "reason", _("Give the reason."))
    before = audit.snapshot(invoice)
    invoice.status = Invoice.Status.VOID
    invoice.void_reason, invoice.voided_by, invoice.voided_at = reason, by, now
    invoice.save(update_fields=["status", "void_reason", "voided_by", "voided_at"])
    DiscountRequest.objects.filter(invoice=invoice, status=DiscountRequest.Status.PENDING).update(
        status=DiscountRequest.Status.REJECTED, decided_by=by, decided_at=now
    )
    audit.record(invoice, by=by, action="void", before=before, note=reason)
    return invoice


@transaction.atomic
def cash_handover_receive(
    *,
    technician: User,
    by: User,
    now: datetime,
    payment_ids: Iterable[int],
    entry_ids: Iterable[int] = (),
) -> CashHandover:
    """Finance receives a person's cash (002 第21条, 004 (十)); each amount once.

    Besides the cash payments of invoices, the cash he took or paid out on other documents
    (CashEntry: a claim part order's deposit taken, its refund paid out) is settled on the same
    hand-over. A cash refund he paid out counts against the cash he holds: the hand-over's total
    is the net, and when he paid out more than he took, finance pays him the difference. Money
    an outlet collected is the outlet's and never handed over here."""
    require(by, Cap.FINANCE)
    ids = sorted(set(payment_ids))
    entries_wanted = sorted(set(entry_ids))
    if not ids and not entries_wanted:
        raise DomainError(_("Choose the cash payments handed over."), field="payments")
    rows = list(
        Payment.objects.select_for_update()
        .filter(pk__in=ids)
        .select_related("branch")
        .order_by("pk")
    )
    entries = list(
        CashEntry.objects.select_for_update().filter(pk__in=entries_wanted).order_by("pk")
    )
    if len(rows) != len(ids) or len(entries) != len(entries_wanted):
        raise DomainError(_("No such payment."), field="payments")
    for item in [*rows, *entries]:
        if item.handover_id is not None:
            raise DomainError(
                _("¥%(amount)s of %(at)s was handed over already.")
                % {"amount": item.amount, "at": f"{item.at:%Y-%m-%d %H:%M}"},
                field="payments",
                code="handed_over",
            )
        if not by.sees_all_branches and item.branch_id != by.branch_id:
            raise DomainError(_("No such payment."), field="payments")
    for payment in rows:
        if payment.method != Payment.Method.CASH or payment.outlet_id is not None:
            raise DomainError(_("Only cash is handed over."), field="payments")
        if payment.collected_by_id != technician.pk:
            raise DomainError(_("A payment was collected by someone else."), field="payments")
    for entry in entries:
        if entry.person_id != technician.pk:
            raise DomainError(_("A payment was collected by someone else."), field="payments")
    handover = CashHandover.objects.create(
        technician=technician,
        branch_id=(rows or entries)[0].branch_id,
        received_by=by,
        at=now,
        total=sum((p.amount for p in [*rows, *entries]), ZERO),
    )
    Payment.objects.filter(pk__in=ids, handover__isnull=True).update(handover=handover)
    CashEntry.objects.filter(pk__in=entries_wanted, handover__isnull=True).update(handover=handover)
    audit.record(
        handover, by=by, action="create", note=f"{len(rows) + len(entries)} × ¥{handover.total}"
    )
    return handover


# Discounts -----------------------------------------------------------------------------------


def _apply_discount(invoice: Invoice, amount: Decimal, *, by: User, note: str) -> None:
    if amount > invoice.total - invoice.paid:
        raise DomainError(
            _("The discount would leave less to pay than was paid already."), field="amount"
        )
    before = audit.snapshot(invoice)
    invoice.discount = amount
    _settle(invoice)
    invoice.save(update_fields=["discount", "status"])
    audit.record(invoice, by=by, action="discount", before=before, note=note)


@transaction.atomic
def discount_request(
    *, invoice: Invoice, by: User, now: datetime, amount: Any, reason: str
) -> DiscountRequest:
    """A discount within the asker's limit applies at once; above it, it waits for someone
    whose limit covers it, and the invoice changes only on approval (004 篇8). Those who
    collect ask; those who approve may also give one within their own limit."""
    if not can(by, Cap.APPROVE_DISCOUNTS):
        require(by, Cap.COLLECT_PAYMENT)
    invoice = _locked_invoice(invoice)
    _own_job_only(invoice.order, by)
    if invoice.status != Invoice.Status.OPEN:
        raise DomainError(_("Only an open invoice can be discounted."), field="invoice")
    amount = _decimal(
        amount,
        "amount",
        low=Decimal("0.01"),
        high=invoice.total,
        message=_("The discount must be more than 0 and at most the total."),
    )
    reason = _text(reason, "reason", _("Give the reason for the discount."))
    if invoice.discounts.filter(status=DiscountRequest.Status.PENDING).exists():
        raise DomainError(_("A discount of this invoice is already waiting."), field="amount")
    percent = rules.discount_percent(amount, invoice.total)
    request = DiscountRequest.objects.create(
        invoice=invoice,
        amount=amount,
        percent=percent,
        reason=reason,
        requested_by=by,
        requested_at=now,
    )
    if percent <= rules.discount_limit(by):
        _apply_discount(invoice, amount, by=by, note=reason)
        request.status = DiscountRequest.Status.APPROVED
        request.decided_by, request.decided_at = by, now
        request.decision_note = _("Within the asker's own limit.")
        request.save()
    audit.record(request, by=by, action="create", note=reason)
    return request


@transaction.atomic
def discount_decide(
    *, request: DiscountRequest, by: User, now: datetime, approve: bool, note: str = ""
) -> DiscountRequest:
    require(by, Cap.APPROVE_DISCOUNTS)
    request = DiscountRequest.objects.select_for_update().get(pk=request.pk)
    if request.status != DiscountRequest.Status.PENDING:
        raise DomainError(_("This discount has already been decided."), field="status")
    if approve and request.percent > rules.discount_limit(by):
        raise Forbidden(
            _("A %(percent)s%% discount is above your limit of %(limit)s%%.")
            % {"percent": request.percent, "limit": rules.discount_limit(by)}
        )
    if not approve and not note.strip():
        raise DomainError(_("Say why the discount is refused."), field="note")
    before = audit.snapshot(request)
    if approve:
        invoice = _locked_invoice(request.invoice)
        if invoice.status != Invoice.Status.OPEN:
            raise DomainError(_("Only an open invoice can be discounted."), field="invoice")
        _apply_discount(invoice, request.amount, by=by, note=note.strip() or request.reason)
    request.status = DiscountRequest.Status.APPROVED if approve else DiscountRequest.Status.REJECTED
    request.decided_by, request.decided_at, request.decision_note = by, now, note.strip()
    request.save()
    audit.record(request, by=by, action=request.status, before=before, note=note.strip())
    return request
