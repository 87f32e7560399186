"""Inspection and repair tools (检修工具, 002 第16–18条).

A tool is registered, kept in store, assigned to a technician who keeps and maintains it, or lent
to one for a few days; a damaged tool goes to repair; a worn-out one is retired. A tool bought for
more than 1,000 yuan is a fixed asset of the company.
"""

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from aftersales.accounts.models import Branch
from aftersales.dispatch.models import Technician


def fixed_asset_threshold() -> Decimal:
    return Decimal(settings.AFTERSALES.get("FIXED_ASSET_THRESHOLD", 1000))


class Tool(models.Model):
    class Status(models.TextChoices):
        IN_STORE = "in_store", _("In store")
        ASSIGNED = "assigned", _("Assigned")
        LENT = "lent", _("Lent")
        UNDER_REPAIR = "under_repair", _("Under repair")
        RETIRED = "retired", _("Retired")

    asset_number = models.CharField(_("asset number"), max_length=30, unique=True)
    name = models.CharField(_("name"), max_length=100)
    spec = models.CharField(_("specification"), max_length=200, blank=True)
    purchase_price = models.DecimalField(_("purchase price"), max_digits=12, decimal_places=2)
    purchase_date = models.DateField(_("purchase date"), null=True, blank=True)
    branch = models.ForeignKey(
        Branch, verbose_name=_("branch"), on_delete=models.PROTECT, related_name="tools"
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.IN_STORE
    )
    # Who has the tool now: its keeper when assigned, the borrower when lent.
    holder = models.ForeignKey(
        Technician,
        verbose_name=_("holder"),
        on_delete=models.PROTECT,
        related_name="tools",
        null=True,
        blank=True,
    )
    notes = models.TextField(_("notes"), blank=True)
    created_at = models.DateTimeField(_("registered"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["asset_number"]
        indexes = [models.Index(fields=["branch", "status"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(purchase_price__gte=0), name="tool_price_not_negative"
            ),
            # A holder exactly when the tool is out with a technician.
            models.CheckConstraint(
                condition=(
                    models.Q(status__in=["assigned", "lent"], holder__isnull=False)
                    | (~models.Q(status__in=["assigned", "lent"]) & models.Q(holder__isnull=True))
                ),
                name="tool_holder_when_out",
            ),
        ]
        verbose_name = _("tool")
        verbose_name_plural = _("tools")

    def __str__(self) -> str:
        return f"{self.asset_number} {self.name}"

    @property
    def is_fixed_asset(self) -> bool:
        """002 第16条: a tool costing more than 1,000 yuan is managed as a fixed asset."""
        return self.purchase_price > fixed_asset_threshold()


class ToolLoan(models.Model):
    """One lending of a tool to a technician, from the day it went out to its return."""

    tool = models.ForeignKey(
        Tool, verbose_name=_("tool"), on_delete=models.PROTECT, related_name="loans"
    )
    technician = models.ForeignKey(
        Technician, verbose_name=_("technician"), on_delete=models.PROTECT, related_name="+"
    )
    lent_at = models.DateTimeField(_("lent"))
    due_back = models.DateTimeField(_("due back"))
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
    condition = models.CharField(_("condition on return"), max_length=200, blank=True)
    damaged = models.BooleanField(_("damaged"), default=False)
    note = models.CharField(_("note"), max_length=200, blank=True)

    class Meta:
        ordering = ["-lent_at", "-id"]
        indexes = [models.Index(fields=["returned_at", "due_back"])]
        constraints = [
            # A tool is out on one loan at a time.
            models.UniqueConstraint(
                fields=["tool"],
                condition=models.Q(returned_at__isnull=True),
                name="tool_one_open_loan",
            )
        ]
        verbose_name = _("tool loan")
        verbose_name_plural = _("tool loans")

    def __str__(self) -> str:
        return f"{self.tool.asset_number} → {self.technician}"

    @property
    def is_open(self) -> bool:
        return self.returned_at is None


class ToolEvent(models.Model):
    """The tool's log: every move, who made it, to whom, and in what condition it came back."""

    class Kind(models.TextChoices):
        REGISTER = "register", _("Registered")
        ASSIGN = "assign", _("Assigned")
        TAKE_BACK = "take_back", _("Taken back")
        LEND = "lend", _("Lent")
        RETURN = "return", _("Returned")
        REPAIRED = "repaired", _("Back from repair")
        RETIRE = "retire", _("Retired")

    tool = models.ForeignKey(
        Tool, verbose_name=_("tool"), on_delete=models.CASCADE, related_name="events"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    at = models.DateTimeField(_("time"))
    technician = models.ForeignKey(
        Technician,
        verbose_name=_("technician"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("by"), on_delete=models.PROTECT, related_name="+"
    )
    note = models.CharField(_("note"), max_length=200, blank=True)

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("tool event")
        verbose_name_plural = _("tool events")

    def __str__(self) -> str:
        return f"{self.tool.asset_number} {self.get_kind_display()}"
