"""What each branch keeps of its working calendar (SPEC §6): its working hours, when they differ
from 002 第五条's 08:30–12:00 and 13:30–18:00, and the company's own holidays and extra working
days on top of the official schedule. The rules that use them are in rules.py.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from aftersales.accounts.models import Branch


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
