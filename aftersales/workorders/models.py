from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from aftersales.accounts.models import Branch
from aftersales.core.phones import display_phone
from aftersales.customers.models import Customer, FaultType, Outlet, Unit
from aftersales.dispatch.models import Technician


class Kind(models.TextChoices):
    REPAIR = "repair", _("Repair")
    INSTALLATION = "installation", _("Installation & commissioning")
    MAINTENANCE = "maintenance", _("Maintenance / inspection")
    TRAINING = "training", _("Training")
    EMERGENCY = "emergency", _("Emergency repair")


class ServiceCategory(models.TextChoices):
    """Service category of 004 篇2 (六)."""

    PAID = "A", _("A · Paid")
    CONTRACT = "B", _("B · Contract")
    FREE = "C", _("C · Free (warranty)")
    INTERNAL = "D", _("D · Internal")


class State(models.TextChoices):
    """The flow of 004 篇2 (八)–(十八); the legal moves between states are in `states.py`."""

    REGISTERED = "registered", _("Waiting for dispatch")
    DISPATCHED = "dispatched", _("Dispatched")
    SCHEDULED = "scheduled", _("Appointment agreed")
    ON_SITE = "on_site", _("On site")
    CARRIED_BACK = "carried_back", _("In the workshop")
    REPAIRED = "repaired", _("Repaired, awaiting check")
    CHECKED = "checked", _("Checked, to be returned")
    COMPLETED = "completed", _("Completed")
    CLOSED = "closed", _("Closed")
    CANCELLED = "cancelled", _("Cancelled")


OPEN_STATES = (
    State.REGISTERED,
    State.DISPATCHED,
    State.SCHEDULED,
    State.ON_SITE,
    State.CARRIED_BACK,
    State.REPAIRED,
    State.CHECKED,
)
ASSIGNED_STATES = (State.DISPATCHED, State.SCHEDULED, State.ON_SITE)


class WorkOrder(models.Model):
    """A job, printed as the service voucher (服务凭证/派工单)."""

    number = models.CharField(_("number"), max_length=20, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.REPAIR)
    category = models.CharField(
        _("service category"),
        max_length=1,
        choices=ServiceCategory.choices,
        default=ServiceCategory.FREE,
    )
    # Why the category: the facts the warranty rule decided on (warranty.rules.decide_category),
    # told in each reader's language; and, when someone set it by hand, that it was and why.
    category_basis = models.JSONField(_("basis of the category"), default=dict, blank=True)
    category_overridden = models.BooleanField(_("category set by hand"), default=False)
    category_note = models.TextField(_("reason for changing the category"), blank=True)
    state = models.CharField(
        _("state"), max_length=20, choices=State.choices, default=State.REGISTERED
    )
    branch = models.ForeignKey(
        Branch, verbose_name=_("branch"), on_delete=models.PROTECT, related_name="work_orders"
    )
    customer = models.ForeignKey(
        Customer, verbose_name=_("customer"), on_delete=models.PROTECT, related_name="work_orders"
    )
    unit = models.ForeignKey(
        Unit,
        verbose_name=_("unit"),
        on_delete=models.PROTECT,
        related_name="work_orders",
        null=True,
        blank=True,
    )
    call = models.OneToOneField(
        "intake.ServiceCall",
        verbose_name=_("call"),
        on_delete=models.PROTECT,
        related_name="work_order",
        null=True,
        blank=True,
    )
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
    address = models.CharField(_("address"), max_length=200)
    contact_phone = models.CharField(_("phone"), max_length=20)
    is_repeat = models.BooleanField(_("repeat repair"), default=False)
    repeat_of = models.ForeignKey(
        "self",
        verbose_name=_("repeat of"),
        on_delete=models.SET_NULL,
        related_name="+",
        null=True,
        blank=True,
    )

    technician = models.ForeignKey(
        Technician,
        verbose_name=_("technician"),
        on_delete=models.PROTECT,
        related_name="work_orders",
        null=True,
        blank=True,
    )
    outlet = models.ForeignKey(
        Outlet,
        verbose_name=_("outlet"),
        on_delete=models.PROTECT,
        related_name="work_orders",
        null=True,
        blank=True,
    )
    appointment_start = models.DateTimeField(_("appointment from"), null=True, blank=True)
    appointment_end = models.DateTimeField(_("appointment until"), null=True, blank=True)
    missed_appointments = models.PositiveSmallIntegerField(_("missed appointments"), default=0)
    promised_by = models.DateTimeField(_("promised by"), null=True, blank=True)
    escalated = models.BooleanField(_("escalated"), default=False)
    customer_wishes = models.TextField(_("customer's wishes"), blank=True)

    service_report = models.TextField(_("service report"), blank=True)
    cancel_reason = models.TextField(_("cancellation reason"), blank=True)

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    dispatched_at = models.DateTimeField(_("dispatched"), null=True, blank=True)
    arrived_at = models.DateTimeField(_("arrived"), null=True, blank=True)
    completed_at = models.DateTimeField(_("completed"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["branch", "state", "-created_at"]),
            models.Index(fields=["state", "-created_at"]),
            models.Index(fields=["technician", "state"]),
            models.Index(fields=["unit", "fault_type", "completed_at"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~(models.Q(technician__isnull=False) & models.Q(outlet__isnull=False)),
                name="work_order_one_assignee",
            )
        ]
        verbose_name = _("work order")
        verbose_name_plural = _("work orders")

    def __str__(self) -> str:
        return self.number

    @property
    def contact_phone_display(self) -> str:
        return display_phone(self.contact_phone)

    @property
    def category_reason(self) -> str:
        """Why the order has its category, in the active language."""
        from aftersales.warranty.rules import basis_text

        return basis_text(self.category_basis)

    @property
    def is_open(self) -> bool:
        return self.state in OPEN_STATES

    @property
    def assignee(self) -> Technician | Outlet | None:
        return self.technician or self.outlet


class Request(models.Model):
    """A technician's call for help (escalation) or for more time (extension) (004 (十四))."""

    class Kind(models.TextChoices):
        EXTENSION = "extension", _("Extension")
        ESCALATION = "escalation", _("Escalation")

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Rejected")

    order = models.ForeignKey(WorkOrder, on_delete=models.CASCADE, related_name="requests")
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    reason = models.TextField(_("reason"))
    until = models.DateTimeField(_("new promised time"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    requested_at = models.DateTimeField(auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_note = models.TextField(_("decision"), blank=True)

    class Meta:
        ordering = ["-requested_at", "-id"]
        verbose_name = _("request")
        verbose_name_plural = _("requests")

    def __str__(self) -> str:
        return f"{self.order} {self.get_kind_display()}"


def photo_upload_to(instance: "Photo", filename: str) -> str:
    return f"photos/{instance.order.number}/{filename}"


def signature_upload_to(instance: "Signature", filename: str) -> str:
    return f"signatures/{instance.order.number}/{filename}"


class Photo(models.Model):
    class Kind(models.TextChoices):
        FAULT = "fault", _("Fault")
        FINISHED = "finished", _("Finished work")

    order = models.ForeignKey(WorkOrder, on_delete=models.CASCADE, related_name="photos")
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    image = models.ImageField(_("photo"), upload_to=photo_upload_to)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["uploaded_at", "id"]
        verbose_name = _("photo")
        verbose_name_plural = _("photos")

    def __str__(self) -> str:
        return self.image.name


class Signature(models.Model):
    """The customer's signature, drawn on the technician's screen."""

    class Purpose(models.TextChoices):
        COMPLETION = "completion", _("Acceptance of on-site work")
        RETURN = "return", _("Receipt of the returned unit")

    order = models.ForeignKey(WorkOrder, on_delete=models.CASCADE, related_name="signatures")
    purpose = models.CharField(_("purpose"), max_length=12, choices=Purpose.choices)
    signer_name = models.CharField(_("signed by"), max_length=60)
    image = models.ImageField(_("signature"), upload_to=signature_upload_to)
    signed_at = models.DateTimeField(_("signed"), auto_now_add=True)
    collected_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["signed_at", "id"]
        verbose_name = _("signature")
        verbose_name_plural = _("signatures")

    def __str__(self) -> str:
        return f"{self.signer_name} {self.signed_at:%Y-%m-%d}"


class GoodsReceipt(models.Model):
    """The receipt given to the customer when his unit is carried back (客户商品领取收据)."""

    order = models.OneToOneField(WorkOrder, on_delete=models.PROTECT, related_name="goods_receipt")
    number = models.CharField(_("number"), max_length=20, unique=True)
    items = models.TextField(_("items and accessories taken"))
    condition = models.TextField(_("condition"), blank=True)
    issued_at = models.DateTimeField(_("issued"), auto_now_add=True)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    voided_at = models.DateTimeField(_("voided"), null=True, blank=True)

    class Meta:
        verbose_name = _("goods receipt")
        verbose_name_plural = _("goods receipts")

    def __str__(self) -> str:
        return self.number


class GoodsMovement(models.Model):
    """A line of the goods in/out register (客户商品进出登记簿)."""

    class Direction(models.TextChoices):
        IN = "in", _("In")
        OUT = "out", _("Out")

    order = models.ForeignKey(WorkOrder, on_delete=models.PROTECT, related_name="goods_movements")
    branch = models.ForeignKey(Branch, on_delete=models.PROTECT, related_name="+")
    direction = models.CharField(_("direction"), max_length=3, choices=Direction.choices)
    at = models.DateTimeField(_("time"), auto_now_add=True, db_index=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    note = models.CharField(_("note"), max_length=200, blank=True)

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("goods movement")
        verbose_name_plural = _("goods in/out register")

    def __str__(self) -> str:
        return f"{self.order} {self.direction}"


class RepairCard(models.Model):
    """The workshop's record of a carried-back repair (修护卡): hours, parts, the supervisor's check."""

    order = models.OneToOneField(WorkOrder, on_delete=models.PROTECT, related_name="repair_card")
    work_done = models.TextField(_("work done"))
    parts_replaced = models.TextField(_("parts replaced"), blank=True)
    hours = models.DecimalField(_("hours"), max_digits=5, decimal_places=2)
    repaired_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    repaired_at = models.DateTimeField(_("repaired"))
    checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    checked_at = models.DateTimeField(_("checked"), null=True, blank=True)
    check_note = models.TextField(_("check note"), blank=True)
    failed_checks = models.PositiveSmallIntegerField(_("failed checks"), default=0)

    class Meta:
        verbose_name = _("repair card")
        verbose_name_plural = _("repair cards")

    def __str__(self) -> str:
        return f"{self.order}"
