"""Warranty claims to the manufacturer (三包索赔) and warranty-claim part orders (索赔订货).

In-warranty work (category C) is free to the customer, and the manufacturer pays it back: labour
and parts at the manufacturer's own rates, with the defective parts returned as evidence. A claim
gathers finished C jobs of one brand over a period and is followed until the manufacturer pays.

A part that is not in stock is ordered from the manufacturer under warranty for the customer's
job; the customer pays a deposit, refunded once the part is fitted, so that a part ordered for
him is not left on the shelf when he does not come back (004 篇8, 備件管理).
"""

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from aftersales.accounts.models import Branch
from aftersales.billing.models import Payment
from aftersales.customers.models import ProductCategory
from aftersales.parts.models import Part, StockDocument, StockDocumentLine
from aftersales.workorders.models import WorkOrder

ZERO = Decimal("0.00")


def _money(verbose_name: str, **kwargs) -> models.DecimalField:
    return models.DecimalField(verbose_name, max_digits=12, decimal_places=2, **kwargs)


def _user(verbose_name: str, **kwargs) -> models.ForeignKey:
    return models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=verbose_name,
        on_delete=models.PROTECT,
        related_name="+",
        **kwargs,
    )


def director_threshold() -> Decimal:
    """A claim part order worth more than this also needs the after-sales director (004 篇8)."""
    return Decimal(settings.AFTERSALES.get("CLAIM_ORDER_DIRECTOR_ABOVE", 2000))


class ManufacturerRate(models.Model):
    """What a manufacturer pays back for in-warranty work on its brand, from a date on: labour
    per job or per hour, a travel allowance per visit, and parts at cost times a factor.

    A rate for a product category of the brand comes before the brand's general rate."""

    class Basis(models.TextChoices):
        PER_JOB = "per_job", _("Per job")
        PER_HOUR = "per_hour", _("Per hour")

    brand = models.CharField(_("brand"), max_length=60)
    category = models.ForeignKey(
        ProductCategory,
        verbose_name=_("product category"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    labour_basis = models.CharField(_("labour paid"), max_length=10, choices=Basis.choices)
    labour_rate = _money(_("labour rate"))
    travel_allowance = _money(_("travel allowance"), default=ZERO)
    parts_factor = models.DecimalField(
        _("parts factor"), max_digits=5, decimal_places=3, default=Decimal("1.000")
    )
    effective_from = models.DateField(_("effective from"))
    note = models.CharField(_("note"), max_length=200, blank=True)
    created_by = _user(_("created by"))
    created_at = models.DateTimeField(_("created"))

    class Meta:
        ordering = ["brand", "category__name", "-effective_from"]
        constraints = [
            models.UniqueConstraint(
                fields=["brand", "category", "effective_from"],
                condition=Q(category__isnull=False),
                name="one_rate_per_brand_category_day",
            ),
            models.UniqueConstraint(
                fields=["brand", "effective_from"],
                condition=Q(category__isnull=True),
                name="one_rate_per_brand_day",
            ),
            models.CheckConstraint(
                condition=Q(labour_rate__gte=0, travel_allowance__gte=0, parts_factor__gt=0),
                name="rate_amounts_not_negative",
            ),
        ]
        verbose_name = _("manufacturer's rate")
        verbose_name_plural = _("manufacturer's rates")

    def __str__(self) -> str:
        category = f" {self.category}" if self.category_id else ""
        return f"{self.brand}{category} {self.effective_from:%Y-%m-%d}"


class WarrantyClaim(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted to the manufacturer")
        ACCEPTED = "accepted", _("Accepted")
        REJECTED = "rejected", _("Rejected")
        PAID = "paid", _("Paid")
        CANCELLED = "cancelled", _("Cancelled")

    number = models.CharField(_("number"), max_length=20, unique=True)
    branch = models.ForeignKey(
        Branch, verbose_name=_("branch"), on_delete=models.PROTECT, related_name="+"
    )
    brand = models.CharField(_("brand"), max_length=60)
    period_start = models.DateField(_("period from"))
    period_end = models.DateField(_("period until"))
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    claimed_amount = _money(_("amount claimed"), default=ZERO)
    accepted_amount = _money(_("amount accepted"), null=True, blank=True)
    manufacturer_note = models.TextField(_("manufacturer's note"), blank=True)
    paid_amount = _money(_("amount paid"), null=True, blank=True)
    paid_on = models.DateField(_("paid on"), null=True, blank=True)
    payment_reference = models.CharField(_("payment reference"), max_length=60, blank=True)
    note = models.TextField(_("note"), blank=True)
    created_by = _user(_("created by"))
    created_at = models.DateTimeField(_("created"))
    submitted_by = _user(_("submitted by"), null=True, blank=True)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    decided_by = _user(_("decision recorded by"), null=True, blank=True)
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    paid_recorded_by = _user(_("payment recorded by"), null=True, blank=True)
    paid_recorded_at = models.DateTimeField(_("payment recorded"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["branch", "status"]), models.Index(fields=["brand"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(period_end__gte=F("period_start")), name="claim_period_in_order"
            ),
            models.CheckConstraint(
                condition=Q(accepted_amount__isnull=True)
                | Q(accepted_amount__gte=0, accepted_amount__lte=F("claimed_amount")),
                name="claim_accepted_within_claimed",
            ),
            models.CheckConstraint(
                condition=Q(paid_amount__isnull=True)
                | Q(paid_amount__gt=0, paid_amount__lte=F("accepted_amount")),
                name="claim_paid_within_accepted",
            ),
        ]
        verbose_name = _("warranty claim")
        verbose_name_plural = _("warranty claims")

    def __str__(self) -> str:
        return self.number

    @property
    def outstanding(self) -> Decimal:
        """What the manufacturer still owes on the claim: the amount claimed while it decides,
        the amount accepted until it pays; a payment settles the claim."""
        if self.status == self.Status.SUBMITTED:
            return self.claimed_amount
        if self.status == self.Status.ACCEPTED:
            return self.accepted_amount or ZERO
        return ZERO

    @property
    def short_paid(self) -> Decimal:
        """Accepted but not paid when the claim was settled."""
        if self.status == self.Status.PAID and self.paid_amount is not None:
            return (self.accepted_amount or ZERO) - self.paid_amount
        return ZERO


class ClaimOrder(models.Model):
    """A work order claimed on a claim. Released when the claim is rejected or cancelled, so
    that the job can be claimed again; until then no other claim may include it."""

    claim = models.ForeignKey(WarrantyClaim, on_delete=models.CASCADE, related_name="orders")
    work_order = models.ForeignKey(
        WorkOrder, verbose_name=_("work order"), on_delete=models.PROTECT, related_name="+"
    )
    released = models.BooleanField(_("released"), default=False)

    class Meta:
        ordering = ["claim", "id"]
        constraints = [
            models.UniqueConstraint(fields=["claim", "work_order"], name="claim_order_once"),
            # The same job is never claimed twice from the manufacturer.
            models.UniqueConstraint(
                fields=["work_order"], condition=Q(released=False), name="order_on_one_claim"
            ),
        ]
        verbose_name = _("claimed work order")
        verbose_name_plural = _("claimed work orders")

    def __str__(self) -> str:
        return f"{self.claim_id} {self.work_order_id}"


class ClaimLine(models.Model):
    class Kind(models.TextChoices):
        LABOUR = "labour", _("Labour")
        TRAVEL = "travel", _("Travel allowance")
        PART = "part", _("Part")

    claim = models.ForeignKey(WarrantyClaim, on_delete=models.CASCADE, related_name="lines")
    work_order = models.ForeignKey(
        WorkOrder, verbose_name=_("work order"), on_delete=models.PROTECT, related_name="+"
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    description = models.CharField(_("description"), max_length=200)
    quantity = models.DecimalField(_("quantity"), max_digits=8, decimal_places=2)
    unit_amount = _money(_("unit amount"))
    amount = _money(_("amount"))
    part = models.ForeignKey(
        Part, verbose_name=_("part"), on_delete=models.PROTECT, related_name="+", null=True
    )
    # The part put into the customer's unit (the issue line) and the defective one taken out for
    # it (the old-part-return line), which the manufacturer asks for as evidence.
    issue_line = models.ForeignKey(
        StockDocumentLine, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    evidence = models.ForeignKey(
        StockDocumentLine,
        verbose_name=_("defective part returned"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    included = models.BooleanField(_("included"), default=True)
    note = models.CharField(_("note"), max_length=200, blank=True)

    class Meta:
        ordering = ["claim", "work_order_id", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(quantity__gt=0), name="claim_line_quantity"),
            # A part without its defective part is claimed only with a word why.
            models.CheckConstraint(
                condition=~Q(kind="part", evidence__isnull=True, included=True, note=""),
                name="claim_part_without_evidence_has_note",
            ),
        ]
        verbose_name = _("claim line")
        verbose_name_plural = _("claim lines")

    def __str__(self) -> str:
        return self.description

    @property
    def lacks_evidence(self) -> bool:
        return self.kind == self.Kind.PART and self.evidence_id is None


class ClaimPartOrder(models.Model):
    """A part ordered from the manufacturer under warranty for a customer's job, against a
    deposit (索赔订货): signed by the workshop manager, and above the threshold also by the
    after-sales director."""

    class Status(models.TextChoices):
        REQUESTED = "requested", _("Requested")
        APPROVED = "approved", _("Approved")
        ORDERED = "ordered", _("Ordered from the manufacturer")
        ARRIVED = "arrived", _("Part arrived")
        FITTED = "fitted", _("Fitted")
        CANCELLED = "cancelled", _("Cancelled")

    number = models.CharField(_("number"), max_length=20, unique=True)
    branch = models.ForeignKey(
        Branch, verbose_name=_("branch"), on_delete=models.PROTECT, related_name="+"
    )
    work_order = models.ForeignKey(
        WorkOrder,
        verbose_name=_("work order"),
        on_delete=models.PROTECT,
        related_name="claim_part_orders",
    )
    part = models.ForeignKey(
        Part, verbose_name=_("part"), on_delete=models.PROTECT, related_name="+"
    )
    quantity = models.PositiveIntegerField(_("quantity"))
    unit_cost = _money(_("unit cost"))
    amount = _money(_("value"))
    needs_director = models.BooleanField(_("needs the director's signature"), default=False)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.REQUESTED
    )
    note = models.TextField(_("note"), blank=True)
    requested_by = _user(_("requested by"))
    requested_at = models.DateTimeField(_("requested"))

    deposit_amount = _money(_("order deposit"))
    deposit_method = models.CharField(
        _("deposit paid by"), max_length=10, choices=Payment.Method.choices
    )
    deposit_taken_by = _user(_("deposit taken by"))
    deposit_taken_at = models.DateTimeField(_("deposit taken"))

    workshop_approved_by = _user(_("workshop manager"), null=True, blank=True)
    workshop_approved_at = models.DateTimeField(_("signed by the workshop"), null=True, blank=True)
    director_approved_by = _user(_("after-sales director"), null=True, blank=True)
    director_approved_at = models.DateTimeField(_("signed by the director"), null=True, blank=True)
    ordered_by = _user(_("ordered by"), null=True, blank=True)
    ordered_at = models.DateTimeField(_("ordered"), null=True, blank=True)
    manufacturer_reference = models.CharField(
        _("manufacturer's order number"), max_length=60, blank=True
    )
    arrived_by = _user(_("received by"), null=True, blank=True)
    arrived_at = models.DateTimeField(_("arrived"), null=True, blank=True)
    # The part enters the branch's warehouse on a receipt and leaves it on an issue to the work
    # order, so that stock, the repair card and the manufacturer's claim all see it.
    receipt = models.ForeignKey(
        StockDocument,
        verbose_name=_("stock receipt"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    issue = models.ForeignKey(
        StockDocument,
        verbose_name=_("issued to the work order"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    fitted_by = _user(_("fitted by"), null=True, blank=True)
    fitted_at = models.DateTimeField(_("fitted"), null=True, blank=True)

    deposit_refunded_amount = _money(_("deposit refunded"), null=True, blank=True)
    deposit_refunded_at = models.DateTimeField(_("deposit refunded at"), null=True, blank=True)
    deposit_refunded_by = _user(_("deposit refunded by"), null=True, blank=True)
    deposit_kept_reason = models.CharField(_("why the deposit is kept"), max_length=200, blank=True)
    cancelled_by = _user(_("cancelled by"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("cancelled"), null=True, blank=True)
    cancel_reason = models.CharField(_("cancellation reason"), max_length=200, blank=True)

    class Meta:
        ordering = ["-requested_at", "-id"]
        indexes = [models.Index(fields=["branch", "status"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(deposit_amount__gt=0, quantity__gt=0, unit_cost__gte=0),
                name="claim_part_order_amounts",
            ),
            # Refunded once, in full, or kept with a reason: never both.
            models.CheckConstraint(
                condition=(
                    Q(deposit_refunded_at__isnull=True, deposit_refunded_amount__isnull=True)
                    | Q(
                        deposit_refunded_at__isnull=False,
                        deposit_refunded_amount=F("deposit_amount"),
                        deposit_kept_reason="",
                    )
                ),
                name="claim_part_order_deposit_refunded_once",
            ),
            models.CheckConstraint(
                condition=~Q(status="fitted", deposit_refunded_at__isnull=True),
                name="claim_part_order_fitted_refunds_deposit",
            ),
        ]
        verbose_name = _("claim part order")
        verbose_name_plural = _("claim part orders")

    def __str__(self) -> str:
        return self.number

    @property
    def is_open(self) -> bool:
        return self.status not in (self.Status.FITTED, self.Status.CANCELLED)

    @property
    def deposit_refunded(self) -> bool:
        return self.deposit_refunded_at is not None

    @property
    def waiting_for(self) -> str:
        """Whose signature the request waits for: 'workshop', 'director' or ''."""
        if self.status != self.Status.REQUESTED:
            return ""
        if self.workshop_approved_at is None:
            return "workshop"
        return "director" if self.needs_director else ""
