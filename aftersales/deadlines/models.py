"""Deadlines on every job (SPEC §6): each target a job must meet, stored when its clock starts,
and the holds that stop the clocks. The rules that fill them are in rules.py and services.py.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from aftersales.workorders.models import WorkOrder


class Deadline(models.Model):
    """One target of one job: reply, arrival or completion.

    `due_at` is when it falls due with the holds so far taken out; it is empty while the job is on
    a hold that stops this target, and `left_on_hold` keeps the time that was left. A breach is
    recorded once, when the due moment passes unmet (by the sweep) or when the target is met late.
    """

    class Target(models.TextChoices):
        REPLY = "reply", _("Reply to the customer")
        ARRIVAL = "arrival", _("Arrival on site")
        COMPLETION = "completion", _("Job done")

    class Status(models.TextChoices):
        RUNNING = "running", pgettext_lazy("deadline", "Running")
        PAUSED = "paused", pgettext_lazy("deadline", "On hold")
        MET = "met", pgettext_lazy("deadline", "Met")
        CANCELLED = "cancelled", pgettext_lazy("deadline", "Cancelled")

    class Rule(models.TextChoices):
        REPLY = "reply", _("within %(hours)s hours of the call")
        CITY = "city", _("within %(hours)s working hours of the call, city")
        SUBURB = "suburb", _("within %(hours)s working hours of the call, suburbs")
        CONTRACT_ZONE = "contract_zone", _("within %(hours)s hours, maintenance contract, by zone")
        CONTRACT = "contract", _("within %(hours)s hours, as the maintenance contract says")
        EMERGENCY = "emergency", _("within %(hours)s hours, emergency, any day")
        COMPLETION = "completion", _("within %(hours)s working hours of the call")

    order = models.ForeignKey(
        WorkOrder, verbose_name=_("work order"), on_delete=models.CASCADE, related_name="deadlines"
    )
    target = models.CharField(_("target"), max_length=12, choices=Target.choices)
    rule = models.CharField(_("rule"), max_length=16, choices=Rule.choices)
    hours = models.DecimalField(_("hours given"), max_digits=7, decimal_places=2)
    around_the_clock = models.BooleanField(_("around the clock"), default=False)
    started_at = models.DateTimeField(_("clock started"))
    due_at = models.DateTimeField(_("due"), null=True, blank=True)
    left_on_hold = models.DurationField(_("time left when put on hold"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.RUNNING
    )
    met_at = models.DateTimeField(_("met"), null=True, blank=True)
    # How early (positive) or late (negative) it was met, in the target's own time.
    margin = models.DurationField(_("early (+) or late (−) by"), null=True, blank=True)
    breached_at = models.DateTimeField(_("missed at"), null=True, blank=True)
    breach_recorded_at = models.DateTimeField(_("miss recorded"), null=True, blank=True)
    warned_at = models.DateTimeField(_("staff warned"), null=True, blank=True)

    class Meta:
        ordering = ["order", "due_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["order", "target"], name="deadline_one_per_target")
        ]
        indexes = [models.Index(fields=["status", "due_at"])]
        verbose_name = _("deadline")
        verbose_name_plural = _("deadlines")

    def __str__(self) -> str:
        return f"{self.order} {self.target}"

    @property
    def rule_text(self) -> str:
        hours = self.hours.normalize()
        return str(self.get_rule_display()) % {"hours": f"{hours:f}"}

    @property
    def missed(self) -> bool:
        return self.breached_at is not None


class Hold(models.Model):
    """A stretch of time a job waits for the customer or for parts: the clocks its reason stops
    are stopped from `started_at` to `ended_at` (SPEC §6: paused and resumed where the rules
    say). One hold at a time per job."""

    class Reason(models.TextChoices):
        CUSTOMER = "customer", _("Waiting for the customer")
        PARTS = "parts", _("Waiting for parts")

    order = models.ForeignKey(
        WorkOrder, verbose_name=_("work order"), on_delete=models.CASCADE, related_name="holds"
    )
    reason = models.CharField(_("reason"), max_length=10, choices=Reason.choices)
    note = models.TextField(_("note"))
    started_at = models.DateTimeField(_("from"))
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    ended_at = models.DateTimeField(_("until"), null=True, blank=True)
    ended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )

    class Meta:
        ordering = ["started_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["order"],
                condition=models.Q(ended_at__isnull=True),
                name="hold_one_open_per_order",
            ),
            models.CheckConstraint(
                condition=models.Q(ended_at__isnull=True)
                | models.Q(ended_at__gte=models.F("started_at")),
                name="hold_ends_after_it_starts",
            ),
        ]
        verbose_name = _("hold")
        verbose_name_plural = _("holds")

    def __str__(self) -> str:
        return f"{self.order} {self.reason} {self.started_at:%Y-%m-%d %H:%M}"
