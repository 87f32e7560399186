"""Monthly settlement of the partner service outlets (售后服务网点结算, 002 §3.4).

An outlet that did jobs for us is paid per job at its rate: by service category (A paid, B
contract, C free; D internal work is never an outlet's), optionally by product category, with a
travel allowance for customers in the suburbs. Each month the outlet gets one statement that
lists every job it completed in the month, each job once, with the rate applied, less what
the outlet collected from the customer itself on a paid job.
"""

import datetime as dt
from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.db.models.functions import Coalesce
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from aftersales.accounts.models import Branch
from aftersales.customers.models import Outlet, ProductCategory, Zone
from aftersales.workorders.models import ServiceCategory, WorkOrder

ZERO = Decimal("0.00")


def _money(verbose_name, **kwargs) -> models.DecimalField:
    return models.DecimalField(verbose_name, max_digits=12, decimal_places=2, **kwargs)


class SettledCategory(models.TextChoices):
    """The service categories an outlet is paid for: internal work (D) is never an outlet's."""

    PAID = ServiceCategory.PAID.value, ServiceCategory.PAID.label
    CONTRACT = ServiceCategory.CONTRACT.value, ServiceCategory.CONTRACT.label
    FREE = ServiceCategory.FREE.value, ServiceCategory.FREE.label


class OutletRate(models.Model):
    """What we pay an outlet per job from a date on; without an outlet, the rate of every outlet
    that has none of its own; without a product category, for every category."""

    outlet = models.ForeignKey(
        Outlet,
        verbose_name=_("outlet"),
        on_delete=models.PROTECT,
        related_name="rates",
        null=True,
        blank=True,
    )
    service_category = models.CharField(
        _("service category"), max_length=1, choices=SettledCategory.choices
    )
    product_category = models.ForeignKey(
        ProductCategory,
        verbose_name=_("product category"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    amount = _money(_("per job"))
    suburb_allowance = _money(_("suburb travel allowance"), default=ZERO)
    effective_from = models.DateField(_("effective from"))
    note = models.CharField(_("note"), max_length=200, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("by"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("recorded"))

    class Meta:
        ordering = ["outlet__name", "service_category", "product_category", "-effective_from"]
        constraints = [
            # One rate per outlet (or the default), category and product category from a date.
            models.UniqueConstraint(
                Coalesce("outlet", models.Value(0)),
                "service_category",
                Coalesce("product_category", models.Value(0)),
                "effective_from",
                name="outlet_rate_one_per_key_and_date",
            ),
            models.CheckConstraint(
                condition=Q(amount__gte=0) & Q(suburb_allowance__gte=0),
                name="outlet_rate_not_negative",
            ),
            models.CheckConstraint(
                condition=Q(service_category__in=SettledCategory.values),
                name="outlet_rate_never_internal",
            ),
        ]
        verbose_name = _("outlet rate")
        verbose_name_plural = _("outlet rates")

    def __str__(self) -> str:
        outlet = self.outlet.name if self.outlet_id else gettext("All outlets")
        product = self.product_category.name if self.product_category_id else gettext("any")
        return f"{outlet} {self.service_category}/{product} {self.effective_from:%Y-%m-%d}"


class OutletSettlement(models.Model):
    """One outlet's statement for one month: draft (rebuilt at will) → confirmed by finance
    (frozen) → paid."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        CONFIRMED = "confirmed", _("Confirmed")
        PAID = "paid", _("Paid")

    number = models.CharField(_("number"), max_length=20, unique=True)
    outlet = models.ForeignKey(
        Outlet, verbose_name=_("outlet"), on_delete=models.PROTECT, related_name="settlements"
    )
    # The outlet's branch when the statement was made: whose finance settles it.
    branch = models.ForeignKey(
        Branch, verbose_name=_("branch"), on_delete=models.PROTECT, related_name="+"
    )
    month = models.DateField(_("month"), help_text=_("The first day of the month settled."))
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    jobs = models.PositiveIntegerField(_("jobs"), default=0)
    labour_total = _money(_("labour"), default=ZERO)
    allowance_total = _money(_("travel allowances"), default=ZERO)
    # What the outlet took from customers on its paid jobs: it keeps that money, so it is
    # deducted; a negative total is what the outlet owes us.
    collected_total = _money(_("collected by the outlet"), default=ZERO)
    total = _money(_("total"), default=ZERO)
    unrated = models.PositiveIntegerField(_("jobs without a rate"), default=0)
    built_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("drawn up by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    built_at = models.DateTimeField(_("drawn up"))
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("confirmed by"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    confirmed_at = models.DateTimeField(_("confirmed"), null=True, blank=True)
    paid_on = models.DateField(_("paid on"), null=True, blank=True)
    payment_reference = models.CharField(_("payment reference"), max_length=60, blank=True)
    paid_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("payment recorded by"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )

    class Meta:
        ordering = ["-month", "outlet__name"]
        indexes = [models.Index(fields=["branch", "-month"])]
        constraints = [
            models.UniqueConstraint(fields=["outlet", "month"], name="one_settlement_per_month"),
            models.CheckConstraint(condition=Q(month__day=1), name="settlement_month_first_day"),
            models.CheckConstraint(
                condition=~Q(status="paid") | (Q(paid_on__isnull=False) & ~Q(payment_reference="")),
                name="settlement_paid_with_date_and_reference",
            ),
        ]
        verbose_name = _("outlet settlement")
        verbose_name_plural = _("outlet settlements")

    def __str__(self) -> str:
        return self.number

    @property
    def is_draft(self) -> bool:
        return self.status == self.Status.DRAFT

    @property
    def month_end(self) -> dt.date:
        """The last day of the month settled."""
        following = (self.month.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
        return following - dt.timedelta(days=1)


class SettlementLine(models.Model):
    """One job on a statement, with the rate applied and what it was chosen on."""

    settlement = models.ForeignKey(
        OutletSettlement,
        verbose_name=_("statement"),
        on_delete=models.CASCADE,
        related_name="lines",
    )
    # A job is settled once: the database refuses it on a second statement.
    order = models.OneToOneField(
        WorkOrder,
        verbose_name=_("work order"),
        on_delete=models.PROTECT,
        related_name="settlement_line",
    )
    completed_at = models.DateTimeField(_("completed"))
    service_category = models.CharField(
        _("service category"), max_length=1, choices=SettledCategory.choices
    )
    product_category = models.ForeignKey(
        ProductCategory,
        verbose_name=_("product category"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    zone = models.CharField(_("zone"), max_length=10, choices=Zone.choices)
    rate = models.ForeignKey(
        OutletRate,
        verbose_name=_("rate"),
        on_delete=models.PROTECT,
        related_name="lines",
        null=True,
        blank=True,
    )
    labour = _money(_("labour"), default=ZERO)
    allowance = _money(_("travel allowance"), default=ZERO)
    collected = _money(_("collected by the outlet"), default=ZERO)
    amount = _money(_("amount"), default=ZERO)

    class Meta:
        ordering = ["completed_at", "id"]
        verbose_name = _("statement line")
        verbose_name_plural = _("statement lines")

    def __str__(self) -> str:
        return f"{self.settlement.number} {self.order.number}"

    @property
    def is_suburb(self) -> bool:
        return Zone.is_suburb(self.zone)

    @property
    def reason(self) -> str:
        """Why this amount, in the reader's language."""
        from .rules import line_reason

        return line_reason(self)
