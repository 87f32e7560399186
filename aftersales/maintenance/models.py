"""Preventive maintenance and inspections (巡检/维护, SPEC §9).

A schedule says how often a contract's or an installed unit's equipment is visited and with which
checklist (维护工作週期表, 000 篇9 4.2.1). Each visit is planned on its day; the technicians record
it on site: every item of the checklist, readings against their allowed range, the people who did
it — some work needs at least two (巡检调压站时，不得少于两人, 000 篇5 第八条) — and the customer's
signature (执行签字蓋章手续, 000 篇9 4.1.4). A reading out of range opens a repair work order.
"""

import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.db.models.fields.files import ImageFieldFile
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from aftersales.accounts.models import Branch
from aftersales.customers.models import Customer, ProductCategory, Unit
from aftersales.dispatch.models import Technician
from aftersales.warranty.models import MaintenanceContract
from aftersales.workorders.models import WorkOrder


def _reading(verbose_name, **kwargs) -> models.DecimalField:
    return models.DecimalField(verbose_name, max_digits=12, decimal_places=3, **kwargs)


class Frequency(models.TextChoices):
    """How often a schedule's visits fall due (000 篇5 第七、九、十二条; 000 篇9 4.3.1)."""

    BIWEEKLY = "biweekly", _("Every two weeks")
    MONTHLY = "monthly", _("Monthly")
    SPRING_AUTUMN = "spring_autumn", _("Spring and autumn")
    YEARLY = "yearly", _("Yearly")
    TRIENNIAL = "triennial", _("Every three years")


class ChecklistTemplate(models.Model):
    """What is checked on a visit (《安防工程维护工作检测记录表》, 《调压站运行日志》): the items in
    order, each a check or a reading with its allowed range."""

    name = models.CharField(_("name"), max_length=100, unique=True)
    product_category = models.ForeignKey(
        ProductCategory,
        verbose_name=_("product category"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    notes = models.TextField(_("notes"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("by"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("created"))

    class Meta:
        ordering = ["name"]
        verbose_name = _("checklist")
        verbose_name_plural = _("checklists")

    def __str__(self) -> str:
        return self.name


class ChecklistItem(models.Model):
    class Kind(models.TextChoices):
        CHECK = "check", _("Check (OK / not OK)")
        READING = "reading", _("Reading")

    template = models.ForeignKey(
        ChecklistTemplate,
        verbose_name=_("checklist"),
        on_delete=models.CASCADE,
        related_name="items",
    )
    order = models.PositiveSmallIntegerField(_("order"))
    label = models.CharField(_("item"), max_length=100)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.CHECK)
    unit = models.CharField(_("unit of measure"), max_length=20, blank=True)
    minimum = _reading(_("minimum"), null=True, blank=True)
    maximum = _reading(_("maximum"), null=True, blank=True)
    required = models.BooleanField(_("required"), default=True)

    class Meta:
        ordering = ["template", "order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["template", "order"], name="checklist_item_order"),
            models.CheckConstraint(
                condition=Q(kind="reading") | (Q(minimum__isnull=True) & Q(maximum__isnull=True)),
                name="checklist_item_range_on_readings",
            ),
            models.CheckConstraint(
                condition=Q(minimum__isnull=True)
                | Q(maximum__isnull=True)
                | Q(minimum__lte=F("maximum")),
                name="checklist_item_range_ordered",
            ),
        ]
        verbose_name = _("checklist item")
        verbose_name_plural = _("checklist items")

    def __str__(self) -> str:
        return self.label

    @property
    def is_reading(self) -> bool:
        return self.kind == self.Kind.READING

    @property
    def range_text(self) -> str:
        from .rules import range_text

        return range_text(self.minimum, self.maximum, self.unit)


class MaintenanceSchedule(models.Model):
    """How often a contract's units, or one installed unit, are visited, with which checklist and
    by how many people."""

    branch = models.ForeignKey(
        Branch, verbose_name=_("branch"), on_delete=models.PROTECT, related_name="+"
    )
    customer = models.ForeignKey(
        Customer,
        verbose_name=_("customer"),
        on_delete=models.PROTECT,
        related_name="maintenance_schedules",
    )
    contract = models.ForeignKey(
        MaintenanceContract,
        verbose_name=_("maintenance contract"),
        on_delete=models.PROTECT,
        related_name="maintenance_schedules",
        null=True,
        blank=True,
    )
    unit = models.ForeignKey(
        Unit,
        verbose_name=_("unit"),
        on_delete=models.PROTECT,
        related_name="maintenance_schedules",
        null=True,
        blank=True,
    )
    frequency = models.CharField(_("frequency"), max_length=20, choices=Frequency.choices)
    checklist = models.ForeignKey(
        ChecklistTemplate,
        verbose_name=_("checklist"),
        on_delete=models.PROTECT,
        related_name="schedules",
    )
    min_people = models.PositiveSmallIntegerField(_("minimum people"), default=1)
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"), null=True, blank=True)
    active = models.BooleanField(_("active"), default=True)
    notes = models.TextField(_("notes"), blank=True)
    stop_reason = models.TextField(_("reason for stopping"), blank=True)
    stopped_at = models.DateTimeField(_("stopped"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("planned by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"))

    class Meta:
        ordering = ["customer__name", "id"]
        indexes = [models.Index(fields=["branch", "active"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(contract__isnull=False) | Q(unit__isnull=False),
                name="maintenance_schedule_contract_or_unit",
            ),
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=F("starts_on")),
                name="maintenance_schedule_period",
            ),
            models.CheckConstraint(
                condition=Q(min_people__gte=1), name="maintenance_schedule_min_people"
            ),
            # The same work is planned once: one active schedule per contract, unit, frequency
            # and checklist.
            models.UniqueConstraint(
                Coalesce("contract", models.Value(0)),
                Coalesce("unit", models.Value(0)),
                "frequency",
                "checklist",
                condition=Q(active=True),
                name="maintenance_schedule_once",
            ),
        ]
        verbose_name = _("maintenance schedule")
        verbose_name_plural = _("maintenance schedules")

    def __str__(self) -> str:
        target = (
            self.unit.serial if self.unit_id else (self.contract.number if self.contract_id else "")
        )
        return f"{self.customer} · {target} · {self.get_frequency_display()}"

    def runs_on(self, day: dt.date) -> bool:
        return self.starts_on <= day and (self.ends_on is None or day <= self.ends_on)


def signature_upload_to(instance: "Visit", filename: str) -> str:
    return f"maintenance/signatures/{instance.schedule_id}/{filename}"


class _SignatureFile(ImageFieldFile):
    """A planned visit is not signed yet: its signature's url is empty instead of an error, so
    that the audit trail can take a snapshot of it like of any record."""

    @property
    def url(self) -> str:
        return super().url if self else ""


class SignatureField(models.ImageField):
    attr_class = _SignatureFile


class Visit(models.Model):
    """One visit of a schedule, planned on its day, then recorded with its readings and the
    customer's signature, or cancelled with the reason."""

    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        DONE = "done", _("Done")
        CANCELLED = "cancelled", _("Cancelled")

    schedule = models.ForeignKey(
        MaintenanceSchedule,
        verbose_name=_("maintenance schedule"),
        on_delete=models.PROTECT,
        related_name="visits",
    )
    planned_on = models.DateField(_("planned on"))
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PLANNED
    )
    technicians = models.ManyToManyField(
        Technician, verbose_name=_("technicians"), blank=True, related_name="maintenance_visits"
    )
    performed_at = models.DateTimeField(_("performed"), null=True, blank=True)
    signer_name = models.CharField(_("signed by"), max_length=60, blank=True)
    signature = SignatureField(_("signature"), upload_to=signature_upload_to, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    abnormal = models.BooleanField(_("abnormal findings"), default=False)
    work_order = models.ForeignKey(
        WorkOrder,
        verbose_name=_("repair work order"),
        on_delete=models.PROTECT,
        related_name="maintenance_visits",
        null=True,
        blank=True,
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    cancel_reason = models.TextField(_("cancellation reason"), blank=True)
    cancelled_at = models.DateTimeField(_("cancelled"), null=True, blank=True)
    # When the branch supervisor was told the visit is due, and that it is overdue: each once.
    due_notice_at = models.DateTimeField(_("due notice sent"), null=True, blank=True)
    overdue_notice_at = models.DateTimeField(_("overdue notice sent"), null=True, blank=True)

    class Meta:
        ordering = ["planned_on", "id"]
        indexes = [models.Index(fields=["status", "planned_on"])]
        constraints = [
            models.UniqueConstraint(fields=["schedule", "planned_on"], name="one_visit_per_day"),
            models.CheckConstraint(
                condition=~Q(status="done")
                | (Q(performed_at__isnull=False) & ~Q(signer_name="") & ~Q(signature="")),
                name="visit_done_signed",
            ),
        ]
        verbose_name = _("maintenance visit")
        verbose_name_plural = _("maintenance visits")

    def __str__(self) -> str:
        return f"{self.schedule.customer} {self.planned_on:%Y-%m-%d}"

    @property
    def is_planned(self) -> bool:
        return self.status == self.Status.PLANNED

    def is_overdue(self, today: dt.date) -> bool:
        return self.status == self.Status.PLANNED and self.planned_on < today


class Reading(models.Model):
    """One item of the checklist as found on the visit; the allowed range is kept as it was."""

    visit = models.ForeignKey(
        Visit,
        verbose_name=_("maintenance visit"),
        on_delete=models.CASCADE,
        related_name="readings",
    )
    item = models.ForeignKey(
        ChecklistItem, verbose_name=_("item"), on_delete=models.PROTECT, related_name="+"
    )
    value = _reading(_("reading"), null=True, blank=True)
    ok = models.BooleanField(_("OK"), null=True, blank=True)
    minimum = _reading(_("minimum"), null=True, blank=True)
    maximum = _reading(_("maximum"), null=True, blank=True)
    in_range = models.BooleanField(_("within range"), default=True)
    note = models.CharField(_("note"), max_length=200, blank=True)

    class Meta:
        ordering = ["item__order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["visit", "item"], name="one_reading_per_item")
        ]
        verbose_name = _("reading")
        verbose_name_plural = _("readings")

    def __str__(self) -> str:
        return f"{self.item.label}: {self.shown}"

    @property
    def recorded(self) -> bool:
        return self.value is not None or self.ok is not None

    @property
    def shown(self) -> str:
        """The value as written on the record: '2.5 kPa', 'OK', 'not OK', or '—'."""
        from django.utils.translation import gettext

        from .rules import number_text

        if self.value is not None:
            return f"{number_text(self.value)} {self.item.unit}".strip()
        if self.ok is not None:
            return gettext("OK") if self.ok else gettext("Not OK")
        return "—"

    @property
    def range_text(self) -> str:
        from .rules import range_text

        return range_text(self.minimum, self.maximum, self.item.unit)
