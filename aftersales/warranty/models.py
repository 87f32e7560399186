"""Three-guarantee (三包) rules per product category and maintenance contracts (保养契约)."""

from datetime import date

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from aftersales.accounts.models import Branch
from aftersales.customers.models import Customer, ProductCategory, Unit


class Remedy(models.TextChoices):
    """What the three guarantees may give the customer (002 二(1))."""

    RETURN = "return", pgettext_lazy("remedy", "Return")
    EXCHANGE = "exchange", pgettext_lazy("remedy", "Exchange")
    REPAIR = "repair", pgettext_lazy("remedy", "Repair")


class ThreeGuaranteeRule(models.Model):
    """A row of the three-guarantee table: within `days` of the purchase, these remedies.

    Rows of a category replace the default rows (category empty) for that category. After the
    last row, a unit still in the manufacturer's warranty is repaired free.
    """

    category = models.ForeignKey(
        ProductCategory,
        verbose_name=_("category"),
        on_delete=models.CASCADE,
        related_name="three_guarantee_rules",
        null=True,
        blank=True,
        help_text=_("Empty: the default for every category without rows of its own."),
    )
    days = models.PositiveSmallIntegerField(_("within days of purchase"))
    allows_return = models.BooleanField(_("return allowed"), default=False)
    allows_exchange = models.BooleanField(_("exchange allowed"), default=False)
    allows_repair = models.BooleanField(_("repair allowed"), default=False)

    class Meta:
        ordering = ["category__code", "days"]
        constraints = [
            models.UniqueConstraint(
                fields=["category", "days"],
                condition=Q(category__isnull=False),
                name="three_guarantee_days_per_category",
            ),
            models.UniqueConstraint(
                fields=["days"],
                condition=Q(category__isnull=True),
                name="three_guarantee_default_days",
            ),
            models.CheckConstraint(condition=Q(days__gt=0), name="three_guarantee_days_positive"),
            models.CheckConstraint(
                condition=Q(allows_return=True) | Q(allows_exchange=True) | Q(allows_repair=True),
                name="three_guarantee_some_remedy",
            ),
        ]
        verbose_name = _("three-guarantee rule")
        verbose_name_plural = _("three-guarantee rules")

    def __str__(self) -> str:
        return f"{self.category or '*'} ≤{self.days}"

    @property
    def remedies(self) -> list[str]:
        flags = (
            (Remedy.RETURN, self.allows_return),
            (Remedy.EXCHANGE, self.allows_exchange),
            (Remedy.REPAIR, self.allows_repair),
        )
        return [remedy for remedy, allowed in flags if allowed]


class MaintenanceContract(models.Model):
    """A maintenance contract (保养契约, 004 篇2): its units are served as category B."""

    class Status(models.TextChoices):
        ACTIVE = "active", pgettext_lazy("contract", "Active")
        CANCELLED = "cancelled", pgettext_lazy("contract", "Cancelled")

    number = models.CharField(_("number"), max_length=20, unique=True)
    branch = models.ForeignKey(
        Branch, verbose_name=_("branch"), on_delete=models.PROTECT, related_name="contracts"
    )
    customer = models.ForeignKey(
        Customer, verbose_name=_("customer"), on_delete=models.PROTECT, related_name="contracts"
    )
    units = models.ManyToManyField(Unit, verbose_name=_("units"), related_name="contracts")
    start = models.DateField(_("start date"))
    end = models.DateField(_("end date"))
    annual_fee = models.DecimalField(_("annual fee (yuan)"), max_digits=12, decimal_places=2)
    visits_per_year = models.PositiveSmallIntegerField(_("visits per year"))
    arrival_hours = models.DecimalField(
        _("arrival time (hours)"),
        max_digits=5,
        decimal_places=1,
        null=True,
        blank=True,
        help_text=_(
            "On site within this many hours of a fault call, as the contract says; empty: by the "
            "customer's zone."
        ),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.ACTIVE
    )
    notes = models.TextField(_("notes"), blank=True)
    renewal_of = models.OneToOneField(
        "self",
        verbose_name=_("renewal of"),
        on_delete=models.PROTECT,
        related_name="renewal",
        null=True,
        blank=True,
    )
    cancel_reason = models.TextField(_("cancellation reason"), blank=True)
    cancelled_at = models.DateTimeField(_("cancelled on"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["-start", "-id"]
        indexes = [
            models.Index(fields=["branch", "status", "end"]),
            models.Index(fields=["customer", "status"]),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(end__gte=models.F("start")), name="contract_period"),
            models.CheckConstraint(
                condition=Q(arrival_hours__isnull=True) | Q(arrival_hours__gt=0),
                name="contract_arrival_hours_positive",
            ),
        ]
        verbose_name = _("maintenance contract")
        verbose_name_plural = _("maintenance contracts")

    def __str__(self) -> str:
        return self.number

    def covers_on(self, day: date) -> bool:
        return self.status == self.Status.ACTIVE and self.start <= day <= self.end

    def expires_within(self, day: date, days: int) -> bool:
        return self.status == self.Status.ACTIVE and day <= self.end <= date.fromordinal(
            day.toordinal() + days
        )


class RenewalNotice(models.Model):
    """The notice that a maintenance contract is about to end, and the person sent to win its
    renewal (004 (二十): 保養契約期滿前一個月，服務中心及分公司，應填具保養到期通知書寄與客戶，並派員前往
    爭取續約). Filed by the periodic sweep one month before the end; closed when the contract is
    renewed, or as declined with the customer's reason."""

    class Status(models.TextChoices):
        OPEN = "open", pgettext_lazy("renewal notice", "Open")
        RENEWED = "renewed", pgettext_lazy("renewal notice", "Renewed")
        DECLINED = "declined", pgettext_lazy("renewal notice", "Declined")

    contract = models.OneToOneField(
        MaintenanceContract,
        verbose_name=_("contract"),
        on_delete=models.CASCADE,
        related_name="renewal_notice",
    )
    created_at = models.DateTimeField(_("created"))
    due = models.DateField(_("contract ends"))
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("assigned to"),
        on_delete=models.PROTECT,
        related_name="renewal_notices",
        null=True,
        blank=True,
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.OPEN
    )
    outcome = models.TextField(_("outcome"), blank=True)
    letter_sent_on = models.DateField(_("notice letter sent on"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("closed by"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )

    class Meta:
        ordering = ["due", "id"]
        indexes = [models.Index(fields=["status", "due"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(status="open", closed_at__isnull=True)
                | (~Q(status="open") & Q(closed_at__isnull=False)),
                name="renewal_notice_closed_when_not_open",
            )
        ]
        verbose_name = _("renewal notice")
        verbose_name_plural = _("renewal notices")

    def __str__(self) -> str:
        return f"{self.contract.number} · {self.due:%Y-%m-%d}"

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.OPEN
