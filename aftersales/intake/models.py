from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from aftersales.accounts.models import Branch
from aftersales.core.phones import display_phone
from aftersales.customers.models import Customer, FaultType, ProductModel, Unit


class Channel(models.TextChoices):
    """Every call, letter and visit is registered, none ignored (000 篇2 四1, 002 第24条)."""

    HOTLINE = "hotline", _("Hotline")
    LETTER = "letter", _("Letter")
    VISIT = "visit", _("Visit")
    EMAIL = "email", _("Email")
    WEB = "web", _("Web")
    WECHAT = "wechat", _("WeChat")


class ServiceCall(models.Model):
    """One line of the call register (叫修登记簿), with the fields of 002 第48条."""

    class Outcome(models.TextChoices):
        OPEN = "open", _("Open")
        SOLVED_BY_PHONE = "solved_by_phone", _("Solved by guidance")
        WORK_ORDER = "work_order", _("Work order opened")

    number = models.CharField(_("number"), max_length=20, unique=True)
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices)
    received_at = models.DateTimeField(_("received"), db_index=True)
    branch = models.ForeignKey(
        Branch, verbose_name=_("branch"), on_delete=models.PROTECT, related_name="calls"
    )
    customer = models.ForeignKey(
        Customer, verbose_name=_("customer"), on_delete=models.PROTECT, related_name="calls"
    )
    caller_name = models.CharField(_("caller"), max_length=60, blank=True)
    phone = models.CharField(_("phone"), max_length=20)
    address = models.CharField(_("address"), max_length=200)
    unit = models.ForeignKey(
        Unit,
        verbose_name=_("unit"),
        on_delete=models.PROTECT,
        related_name="calls",
        null=True,
        blank=True,
    )
    model = models.ForeignKey(
        ProductModel,
        verbose_name=_("model"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    serial = models.CharField(_("serial number"), max_length=60, blank=True)
    purchase_date = models.DateField(_("purchase date"), null=True, blank=True)
    invoice_no = models.CharField(_("invoice no."), max_length=40, blank=True)
    fault_type = models.ForeignKey(
        FaultType,
        verbose_name=_("fault"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    symptom = models.TextField(_("symptom"))
    customer_request = models.TextField(_("what the customer wants"), blank=True)
    outcome = models.CharField(
        _("outcome"), max_length=20, choices=Outcome.choices, default=Outcome.OPEN
    )
    guidance = models.TextField(_("guidance given"), blank=True)
    is_repeat = models.BooleanField(_("repeat repair"), default=False)
    repeat_of = models.ForeignKey(
        "workorders.WorkOrder",
        verbose_name=_("repeat of"),
        on_delete=models.SET_NULL,
        related_name="+",
        null=True,
        blank=True,
    )
    taken_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("taken by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    resolved_at = models.DateTimeField(_("resolved"), null=True, blank=True)

    class Meta:
        ordering = ["-received_at", "-id"]
        indexes = [models.Index(fields=["branch", "-received_at"])]
        verbose_name = _("service call")
        verbose_name_plural = _("call register")

    def __str__(self) -> str:
        return self.number

    @property
    def phone_display(self) -> str:
        return display_phone(self.phone)
