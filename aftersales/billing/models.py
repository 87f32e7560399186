"""Charges of paid work: the price list, quotes and the customer's consent, invoices, payments,
cash hand-overs to finance and discounts waiting for approval (SPEC §5; 002 第11条, 第21条,
第56条4; 004 (十), 篇8)."""

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from aftersales.accounts.models import Branch
from aftersales.customers.models import Outlet, ProductCategory
from aftersales.parts.models import Part
from aftersales.workorders.models import WorkOrder

ZERO = Decimal("0.00")


def _money(verbose_name, **kwargs) -> models.DecimalField:
    return models.DecimalField(verbose_name, max_digits=12, decimal_places=2, **kwargs)


class PriceItem(models.Model):
    """A line of the price list: the manufacturer's or the regional price bureau's price, or our own."""

    class Kind(models.TextChoices):
        LABOUR = "labour", _("Labour")
        PART = "part", _("Part")
        TRAVEL = "travel", _("Travel")
        OTHER = "other", _("Other")

    class Source(models.TextChoices):
        MANUFACTURER = "manufacturer", _("Manufacturer")
        PRICE_BUREAU = "price_bureau", _("Price bureau")
        OWN = "own", _("Own price")

    code = models.CharField(_("code"), max_length=30, unique=True)
    name = models.CharField(_("name"), max_length=100)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    unit = models.CharField(_("unit of measure"), max_length=10, default="次")
    price = _money(_("price"))
    source = models.CharField(_("source"), max_length=15, choices=Source.choices)
    category = models.ForeignKey(
        ProductCategory,
        verbose_name=_("product category"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    # A part line names the spare part it sells, so that the invoice matches the quoted line
    # to the part actually issued to the job.
    part = models.ForeignKey(
        Part,
        verbose_name=_("spare part"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["kind", "code"]
        constraints = [
            models.CheckConstraint(condition=Q(price__gte=0), name="price_item_price_not_negative")
        ]
        verbose_name = _("price item")
        verbose_name_plural = _("price list")

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class Quote(models.Model):
    """What the technician tells the customer before paid work: fault, price, expected time."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        AWAITING = "awaiting", _("Awaiting consent")
        CONSENTED = "consented", _("Consented")
        SUPERSEDED = "superseded", _("Superseded")
        DECLINED = "declined", _("Declined")

    order = models.ForeignKey(WorkOrder, on_delete=models.PROTECT, related_name="quotes")
    version = models.PositiveSmallIntegerField(_("version"))
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.AWAITING
    )
    fault = models.TextField(_("fault found"))
    expected_hours = models.DecimalField(_("expected hours"), max_digits=5, decimal_places=2)
    total = _money(_("total"), default=ZERO)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("by"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("quoted"))
    decline_note = models.TextField(_("reason declined"), blank=True)

    class Meta:
        ordering = ["order", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["order", "version"], name="quote_version_per_order")
        ]
        verbose_name = _("quote")
        verbose_name_plural = _("quotes")

    def __str__(self) -> str:
        return f"{self.order.number} v{self.version}"


class QuoteLine(models.Model):
    """A price-list line; the price is copied at quote time, so later list changes leave it."""

    quote = models.ForeignKey(Quote, on_delete=models.CASCADE, related_name="lines")
    item = models.ForeignKey(PriceItem, on_delete=models.PROTECT, related_name="+")
    name = models.CharField(_("name"), max_length=100)
    unit = models.CharField(_("unit of measure"), max_length=10)
    quantity = models.DecimalField(_("quantity"), max_digits=8, decimal_places=2)
    price = _money(_("price"))
    amount = _money(_("amount"))

    class Meta:
        ordering = ["id"]
        verbose_name = _("quote line")
        verbose_name_plural = _("quote lines")

    def __str__(self) -> str:
        return f"{self.name} × {self.quantity}"


def consent_upload_to(instance: "Consent", filename: str) -> str:
    return f"signatures/{instance.quote.order.number}/{filename}"


class Consent(models.Model):
    """The customer's agreement to a quote: signed on the technician's screen or given by phone
    to an agent who records it."""

    class Method(models.TextChoices):
        SIGNATURE = "signature", _("Signature on screen")
        PHONE = "phone", _("By phone")

    quote = models.OneToOneField(Quote, on_delete=models.PROTECT, related_name="consent")
    method = models.CharField(_("method"), max_length=10, choices=Method.choices)
    signer_name = models.CharField(_("consented by"), max_length=60)
    image = models.ImageField(_("signature"), upload_to=consent_upload_to, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    at = models.DateTimeField(_("time"))

    class Meta:
        verbose_name = _("consent")
        verbose_name_plural = _("consents")

    def __str__(self) -> str:
        return f"{self.quote} {self.signer_name}"


class Invoice(models.Model):
    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        PAID = "paid", _("Paid")
        VOID = "void", _("Void")

    number = models.CharField(_("number"), max_length=20, unique=True)
    order = models.ForeignKey(WorkOrder, on_delete=models.PROTECT, related_name="invoices")
    branch = models.ForeignKey(Branch, on_delete=models.PROTECT, related_name="+")
    quote = models.ForeignKey(Quote, on_delete=models.PROTECT, related_name="+")
    total = _money(_("total"))
    discount = _money(_("discount"), default=ZERO)
    paid = _money(_("paid"), default=ZERO)
    status = models.CharField(
        _("status"), max_length=5, choices=Status.choices, default=Status.OPEN
    )
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("by"), on_delete=models.PROTECT, related_name="+"
    )
    issued_at = models.DateTimeField(_("issued"))
    void_reason = models.TextField(_("reason voided"), blank=True)
    voided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("voided by"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    voided_at = models.DateTimeField(_("voided"), null=True, blank=True)

    class Meta:
        ordering = ["-issued_at", "-id"]
        constraints = [
            # One invoice per paid job; a voided one may be replaced.
            models.UniqueConstraint(
                fields=["order"], condition=~Q(status="void"), name="one_live_invoice_per_order"
            ),
            models.CheckConstraint(
                condition=Q(discount__gte=0) & Q(discount__lte=models.F("total")),
                name="invoice_discount_within_total",
            ),
            models.CheckConstraint(
                condition=Q(paid__lte=models.F("total") - models.F("discount")),
                name="invoice_no_overpayment",
            ),
        ]
        verbose_name = _("invoice")
        verbose_name_plural = _("invoices")

    def __str__(self) -> str:
        return self.number

    @property
    def amount_due(self) -> Decimal:
        return self.total - self.discount

    @property
    def outstanding(self) -> Decimal:
        return self.amount_due - self.paid

    @property
    def has_spare_parts(self) -> bool:
        """Whether a line is a spare part issued to the job (the serial, coverage and guarantee
        columns are shown only then)."""
        return any(line.part_id for line in self.lines.all())


class InvoiceLine(models.Model):
    """A line of the invoice: a labour, travel or other line of the consented quote, or a spare
    part issued to the job with its serial number, its coverage and its repair guarantee."""

    class Coverage(models.TextChoices):
        CHARGED = "charged", _("Charged")
        COVERED = "covered", _("Covered, free")
        UNQUOTED = "unquoted", _("Not in the consented quote, free")

    invoice = models.ForeignKey(Invoice, on_delete=models.CASCADE, related_name="lines")
    kind = models.CharField(
        _("kind"), max_length=10, choices=PriceItem.Kind.choices, default=PriceItem.Kind.LABOUR
    )
    name = models.CharField(_("name"), max_length=100)
    unit = models.CharField(_("unit of measure"), max_length=10)
    quantity = models.DecimalField(_("quantity"), max_digits=8, decimal_places=2)
    price = _money(_("price"))
    amount = _money(_("amount"))
    part = models.ForeignKey(
        Part,
        verbose_name=_("spare part"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    serial_number = models.CharField(_("serial number"), max_length=60, blank=True)
    coverage = models.CharField(
        _("coverage"), max_length=10, choices=Coverage.choices, default=Coverage.CHARGED
    )
    warranty_until = models.DateField(_("guaranteed until"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=200, blank=True)

    class Meta:
        ordering = ["id"]
        verbose_name = _("invoice line")
        verbose_name_plural = _("invoice lines")

    def __str__(self) -> str:
        return f"{self.name} × {self.quantity}"


class CashHandover(models.Model):
    """Cash a technician collected, received by finance (002 第21条: the same day). The total is
    net of the cash refunds he paid out; when negative, finance paid him back."""

    technician = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("technician"),
        on_delete=models.PROTECT,
        related_name="cash_handovers",
    )
    branch = models.ForeignKey(Branch, on_delete=models.PROTECT, related_name="+")
    received_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("received by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    at = models.DateTimeField(_("time"), db_index=True)
    total = _money(_("total"))

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("cash hand-over")
        verbose_name_plural = _("cash hand-overs")

    def __str__(self) -> str:
        return f"{self.technician} {self.total}"


class Payment(models.Model):
    class Method(models.TextChoices):
        CASH = "cash", _("Cash")
        WECHAT = "wechat", _("WeChat Pay")
        ALIPAY = "alipay", _("Alipay")
        TRANSFER = "transfer", _("Bank transfer")

    invoice = models.ForeignKey(Invoice, on_delete=models.PROTECT, related_name="payments")
    branch = models.ForeignKey(Branch, on_delete=models.PROTECT, related_name="+")
    amount = _money(_("amount"))
    method = models.CharField(_("method"), max_length=10, choices=Method.choices)
    collected_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("collected by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    at = models.DateTimeField(_("time"), db_index=True)
    handover = models.ForeignKey(
        CashHandover,
        verbose_name=_("hand-over"),
        on_delete=models.PROTECT,
        related_name="payments",
        null=True,
        blank=True,
    )
    # Set when the partner outlet that did the job took the money from the customer: it is the
    # outlet's, deducted on its monthly settlement, and never part of our staff's cash.
    # `collected_by` is then the person who recorded it.
    outlet = models.ForeignKey(
        Outlet,
        verbose_name=_("collected by the outlet"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["branch", "method", "collected_by", "at"])]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="payment_amount_positive"),
            models.CheckConstraint(
                condition=Q(handover__isnull=True) | Q(method="cash"),
                name="payment_only_cash_handed_over",
            ),
            models.CheckConstraint(
                condition=Q(handover__isnull=True) | Q(outlet__isnull=True),
                name="payment_of_outlet_never_handed_over",
            ),
        ]
        verbose_name = _("payment")
        verbose_name_plural = _("payments")

    def __str__(self) -> str:
        return f"{self.invoice} {self.amount}"


class CashEntry(models.Model):
    """Cash a person took in or paid out other than an invoice's payment: a claim part order's
    deposit taken in cash (+), its refund paid out in cash (−). Like any cash it is settled
    with finance the same day, on the same hand-over as the payments (002 第21条)."""

    class Kind(models.TextChoices):
        DEPOSIT = "deposit", _("Order deposit taken")
        DEPOSIT_REFUND = "deposit_refund", _("Order deposit refunded")

    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    branch = models.ForeignKey(Branch, on_delete=models.PROTECT, related_name="+")
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    # Taken in is positive, paid out negative, so that what a person owes is one sum.
    amount = _money(_("amount"))
    reference = models.CharField(_("reference"), max_length=40)
    work_order = models.ForeignKey(
        WorkOrder, verbose_name=_("work order"), on_delete=models.PROTECT, related_name="+"
    )
    at = models.DateTimeField(_("time"), db_index=True)
    handover = models.ForeignKey(
        CashHandover,
        verbose_name=_("hand-over"),
        on_delete=models.PROTECT,
        related_name="entries",
        null=True,
        blank=True,
    )

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["branch", "person", "at"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind="deposit", amount__gt=0) | Q(kind="deposit_refund", amount__lt=0),
                name="cash_entry_sign_follows_kind",
            ),
            # One deposit and at most one refund per document.
            models.UniqueConstraint(fields=["reference", "kind"], name="cash_entry_once"),
        ]
        verbose_name = _("cash entry")
        verbose_name_plural = _("cash entries")

    def __str__(self) -> str:
        return f"{self.reference} {self.amount}"


class DiscountRequest(models.Model):
    """A discount beyond the asker's authority waits for someone whose limit covers it (004 篇8)."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Rejected")

    invoice = models.ForeignKey(Invoice, on_delete=models.PROTECT, related_name="discounts")
    amount = _money(_("discount"))
    percent = models.DecimalField(_("percent"), max_digits=5, decimal_places=2)
    reason = models.TextField(_("reason"))
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    requested_at = models.DateTimeField(_("asked"))
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    decision_note = models.TextField(_("decision"), blank=True)

    class Meta:
        ordering = ["-requested_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["invoice"],
                condition=Q(status="pending"),
                name="one_pending_discount_per_invoice",
            )
        ]
        verbose_name = _("discount request")
        verbose_name_plural = _("discount requests")

    def __str__(self) -> str:
        return f"{self.invoice} −{self.amount}"
