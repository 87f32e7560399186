"""Loaner units (替补品): kept in the spare-parts store and lent to a customer while his unit is
repaired (002 第15条); a repair that takes longer than the promised time earns a loaner of the same
class, free of charge (SPEC §15).
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from aftersales.accounts.models import Branch
from aftersales.customers.models import Customer, ProductModel
from aftersales.workorders.models import WorkOrder


class LoanerUnit(models.Model):
    asset_number = models.CharField(_("asset number"), max_length=30, unique=True)
    model = models.ForeignKey(
        ProductModel, verbose_name=_("model"), on_delete=models.PROTECT, related_name="loaners"
    )
    serial = models.CharField(_("serial number"), max_length=60, blank=True)
    branch = models.ForeignKey(
        Branch, verbose_name=_("branch"), on_delete=models.PROTECT, related_name="loaners"
    )
    condition = models.CharField(_("condition"), max_length=200, blank=True)
    # Out on loan, damaged or withdrawn units are not available.
    is_available = models.BooleanField(_("available"), default=True)
    notes = models.TextField(_("notes"), blank=True)
    created_at = models.DateTimeField(_("registered"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["asset_number"]
        indexes = [models.Index(fields=["branch", "is_available"])]
        verbose_name = _("loaner unit")
        verbose_name_plural = _("loaner units")

    def __str__(self) -> str:
        return f"{self.asset_number} {self.model}"


class LoanerLoan(models.Model):
    loaner = models.ForeignKey(
        LoanerUnit, verbose_name=_("loaner unit"), on_delete=models.PROTECT, related_name="loans"
    )
    customer = models.ForeignKey(
        Customer, verbose_name=_("customer"), on_delete=models.PROTECT, related_name="loaner_loans"
    )
    work_order = models.ForeignKey(
        WorkOrder,
        verbose_name=_("work order"),
        on_delete=models.PROTECT,
        related_name="loaner_loans",
    )
    lent_at = models.DateTimeField(_("lent"))
    expected_return = models.DateTimeField(_("expected return"))
    lent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("lent by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    returned_at = models.DateTimeField(_("returned"), null=True, blank=True)
    received_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("received back by"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    return_condition = models.CharField(_("condition on return"), max_length=200, blank=True)
    damaged = models.BooleanField(_("damaged"), default=False)
    deposit = models.DecimalField(
        _("deposit"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    note = models.CharField(_("note"), max_length=200, blank=True)

    class Meta:
        ordering = ["-lent_at", "-id"]
        indexes = [models.Index(fields=["returned_at", "expected_return"])]
        constraints = [
            # A loaner is with one customer at a time.
            models.UniqueConstraint(
                fields=["loaner"],
                condition=models.Q(returned_at__isnull=True),
                name="loaner_one_open_loan",
            ),
            models.CheckConstraint(
                condition=models.Q(deposit__isnull=True) | models.Q(deposit__gte=0),
                name="loaner_deposit_not_negative",
            ),
        ]
        verbose_name = _("loaner loan")
        verbose_name_plural = _("loaner loans")

    def __str__(self) -> str:
        return f"{self.loaner.asset_number} → {self.customer}"

    @property
    def is_open(self) -> bool:
        return self.returned_at is None

    def is_overdue_at(self, now) -> bool:
        return self.returned_at is None and self.expected_return < now
