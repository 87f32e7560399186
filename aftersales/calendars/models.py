"""What each branch keeps of its working calendar (SPEC §6): its working hours, when they differ
from 002 第五条's 08:30–12:00 and 13:30–18:00, and the company's own holidays and extra working
days on top of the official schedule, and who is on duty on holidays. The rules that use them are
in rules.py.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from aftersales.accounts.models import Branch
from aftersales.core.phones import display_phone


class WorkingHours(models.Model):
    """One period of a branch's working day; a branch with none works the default hours."""

    branch = models.ForeignKey(
        Branch, verbose_name=_("branch"), on_delete=models.CASCADE, related_name="working_hours"
    )
    starts = models.TimeField(_("starts"))
    ends = models.TimeField(_("ends"))

    class Meta:
        ordering = ["branch", "starts"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(starts__lt=models.F("ends")),
                name="working_hours_start_before_end",
            ),
            models.UniqueConstraint(fields=["branch", "starts"], name="working_hours_one_start"),
        ]
        verbose_name = _("working hours")
        verbose_name_plural = _("working hours")

    def __str__(self) -> str:
        return f"{self.branch} {self.starts:%H:%M}–{self.ends:%H:%M}"


class CompanyHoliday(models.Model):
    """A day the company rests although the state works, or works although the state rests (a
    company make-up day, 公司调休); for one branch, or for all when no branch is given."""

    class Kind(models.TextChoices):
        HOLIDAY = "holiday", _("Company holiday")
        WORKDAY = "workday", _("Company working day")

    date = models.DateField(_("date"))
    name = models.CharField(_("name"), max_length=100)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.HOLIDAY)
    branch = models.ForeignKey(
        Branch,
        verbose_name=_("branch"),
        on_delete=models.CASCADE,
        related_name="company_holidays",
        null=True,
        blank=True,
        help_text=_("Leave empty for all branches."),
    )

    class Meta:
        ordering = ["-date"]
        constraints = [
            models.UniqueConstraint(
                fields=["date", "branch"], name="company_holiday_one_per_branch_day"
            ),
            models.UniqueConstraint(
                fields=["date"],
                condition=models.Q(branch__isnull=True),
                name="company_holiday_one_per_day_for_all",
            ),
        ]
        verbose_name = _("company holiday")
        verbose_name_plural = _("company holidays")

    def __str__(self) -> str:
        return f"{self.date:%Y-%m-%d} {self.name}"


class DutyAssignment(models.Model):
    """A technician on duty on a holiday (值班), at a key customer's site or for the whole branch
    (000 篇9 4.2.4: 節假日期間，客户有重要的會議及有關活動期間，應專門安排值班 … 必要時安排專人在現場
    值班). A shift that ends before it starts runs over midnight into the next day."""

    branch = models.ForeignKey(
        Branch, verbose_name=_("branch"), on_delete=models.PROTECT, related_name="duties"
    )
    site = models.ForeignKey(
        "customers.Customer",
        verbose_name=_("site"),
        on_delete=models.PROTECT,
        related_name="duties",
        null=True,
        blank=True,
        help_text=_("A key customer's site; empty: on call for the whole branch."),
    )
    date = models.DateField(_("date"))
    technician = models.ForeignKey(
        "dispatch.Technician",
        verbose_name=_("technician"),
        on_delete=models.PROTECT,
        related_name="duties",
    )
    starts = models.TimeField(_("shift starts"))
    ends = models.TimeField(_("shift ends"))
    phone = models.CharField(_("duty phone"), max_length=20)
    note = models.TextField(_("note"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"))

    class Meta:
        ordering = ["date", "starts", "site__name", "id"]
        indexes = [models.Index(fields=["branch", "date"])]
        constraints = [
            models.UniqueConstraint(
                fields=["site", "date", "technician"],
                condition=models.Q(site__isnull=False),
                name="duty_once_per_site_day_technician",
            ),
            models.UniqueConstraint(
                fields=["branch", "date", "technician"],
                condition=models.Q(site__isnull=True),
                name="duty_once_per_branch_day_technician",
            ),
            models.CheckConstraint(
                condition=~models.Q(starts=models.F("ends")), name="duty_shift_not_empty"
            ),
        ]
        verbose_name = _("duty assignment")
        verbose_name_plural = _("duty assignments")

    def __str__(self) -> str:
        return f"{self.date:%Y-%m-%d} {self.technician}"

    @property
    def overnight(self) -> bool:
        return self.ends < self.starts

    @property
    def phone_display(self) -> str:
        return display_phone(self.phone)
