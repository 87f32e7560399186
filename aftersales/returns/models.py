"""Returns and exchanges (退货/换货) and what was done for the customer.

A request is filed for a sold unit, with what the three guarantees allowed on the day it was filed
(002 二(1)); only the general manager decides it, and without his approval the customer bears the
costs (001 篇2 十五). An approved request ends in resolutions — a credit note (折让),
compensation (赔款), a return with refund (退货), an exchange or rework (重处理), 004 (十三) — and
is completed with their total.
"""

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from aftersales.accounts.models import Branch
from aftersales.customers.models import Customer, Unit
from aftersales.workorders.models import WorkOrder


class ReturnRequest(models.Model):
    class Kind(models.TextChoices):
        RETURN = "return", pgettext_lazy("return request", "Return")
        EXCHANGE = "exchange", pgettext_lazy("return request", "Exchange")

    class Status(models.TextChoices):
        REQUESTED = "requested", _("Awaiting the general manager")
        APPROVED = "approved", pgettext_lazy("return request", "Approved")
        REJECTED = "rejected", pgettext_lazy("return request", "Rejected")
        COMPLETED = "completed", pgettext_lazy("return request", "Completed")

    number = models.CharField(_("number"), max_length=20, unique=True)
    branch = models.ForeignKey(
        Branch, verbose_name=_("branch"), on_delete=models.PROTECT, related_name="return_requests"
    )
    customer = models.ForeignKey(
        Customer,
        verbose_name=_("customer"),
        on_delete=models.PROTECT,
        related_name="return_requests",
    )
    unit = models.ForeignKey(
        Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="return_requests"
    )
    work_order = models.ForeignKey(
        WorkOrder,
        verbose_name=_("work order"),
        on_delete=models.PROTECT,
        related_name="return_requests",
        null=True,
        blank=True,
    )
    kind = models.CharField(_("request"), max_length=10, choices=Kind.choices)
    reason = models.TextField(_("reason"))
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("requested by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    requested_at = models.DateTimeField(_("requested"))
    # The three-guarantee entitlement on the day of the request, kept as it was then: a later
    # change of the rule table or of the unit's purchase date does not rewrite the decision's basis.
    # Both empty when the unit's purchase date was not known: nothing under the three guarantees.
    purchased_on = models.DateField(_("purchase date"), null=True, blank=True)
    days_since_purchase = models.IntegerField(_("days since purchase"), null=True, blank=True)
    entitled_remedies = models.JSONField(_("remedies allowed"), default=list, blank=True)
    within_entitlement = models.BooleanField(_("within the three guarantees"))
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.REQUESTED
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    decision_note = models.TextField(_("decision note"), blank=True)
    completed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("completed by"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    completed_at = models.DateTimeField(_("completed"), null=True, blank=True)
    total_amount = models.DecimalField(
        _("total amount"), max_digits=12, decimal_places=2, null=True, blank=True
    )

    class Meta:
        ordering = ["-requested_at", "-id"]
        indexes = [models.Index(fields=["branch", "status", "-requested_at"])]
        constraints = [
            # One open request per unit: a second one would ask the general manager twice.
            models.UniqueConstraint(
                fields=["unit"],
                condition=Q(status__in=["requested", "approved"]),
                name="return_one_open_request_per_unit",
            ),
            models.CheckConstraint(
                condition=Q(status="requested")
                | Q(decided_by__isnull=False, decided_at__isnull=False),
                name="return_decided_has_who_and_when",
            ),
            models.CheckConstraint(
                condition=~Q(status="completed") | Q(total_amount__isnull=False),
                name="return_completed_has_total",
            ),
            models.CheckConstraint(
                condition=Q(total_amount__isnull=True) | Q(total_amount__gte=0),
                name="return_total_not_negative",
            ),
        ]
        verbose_name = _("return or exchange request")
        verbose_name_plural = _("return and exchange requests")

    def __str__(self) -> str:
        return f"{self.number} {self.get_kind_display()}"

    @property
    def is_decided(self) -> bool:
        return self.status != self.Status.REQUESTED

    @property
    def company_bears_costs(self) -> bool:
        """001 篇2 十五: only the general manager's approval takes the costs off the customer."""
        return self.status in (self.Status.APPROVED, self.Status.COMPLETED)


class Resolution(models.Model):
    """What was done for the customer, with its amount in yuan (004 (十三)).

    It belongs to a return request today; a complaint may later end the same ways, so the subject
    is a nullable link and a check constraint requires one (the complaints app adds its own link
    and widens the constraint to exactly one of them).
    """

    class Kind(models.TextChoices):
        CREDIT_NOTE = "credit_note", _("Credit note")
        COMPENSATION = "compensation", _("Compensation")
        REFUND = "refund", _("Return and refund")
        EXCHANGE = "exchange", _("Exchange for a new unit")
        REWORK = "rework", _("Rework")

    return_request = models.ForeignKey(
        ReturnRequest,
        verbose_name=_("return or exchange request"),
        on_delete=models.PROTECT,
        related_name="resolutions",
        null=True,
        blank=True,
    )
    kind = models.CharField(_("resolution"), max_length=20, choices=Kind.choices)
    amount = models.DecimalField(
        _("amount (yuan)"), max_digits=12, decimal_places=2, default=Decimal("0.00")
    )
    note = models.TextField(_("note"), blank=True)
    # Exchange: the new unit, registered in the customer's file with its own serial number.
    replacement_unit = models.ForeignKey(
        Unit,
        verbose_name=_("replacement unit"),
        on_delete=models.PROTECT,
        related_name="replaces",
        null=True,
        blank=True,
    )
    replacement_serial = models.CharField(
        _("serial number of the new unit"), max_length=60, blank=True
    )
    # Rework: the new job, registered through the work-order service.
    rework_order = models.ForeignKey(
        WorkOrder,
        verbose_name=_("rework order"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    recorded_at = models.DateTimeField(_("time recorded"))

    class Meta:
        ordering = ["recorded_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(return_request__isnull=False), name="resolution_has_a_subject"
            ),
            models.CheckConstraint(
                condition=Q(amount__gte=0), name="resolution_amount_not_negative"
            ),
            models.CheckConstraint(
                condition=~Q(kind="exchange")
                | (Q(replacement_unit__isnull=False) & ~Q(replacement_serial="")),
                name="resolution_exchange_has_new_unit",
            ),
            models.CheckConstraint(
                condition=~Q(kind="rework") | Q(rework_order__isnull=False),
                name="resolution_rework_has_order",
            ),
        ]
        verbose_name = _("resolution")
        verbose_name_plural = _("resolutions")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ¥{self.amount}"
