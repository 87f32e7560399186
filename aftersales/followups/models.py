"""Follow-up calls after each job, periodic visits, the phone and letter registers (SPEC §7).

The regulation keeps four forms (000 篇3 (六)): the customer file (customers app), the follow-up
call record (跟踪服务电话记录表: `CallRecord`), the phone register (跟踪服务电话登记表: `PhoneLog`,
every call in or out) and the letter register (跟踪服务信函登记表: `Letter`). A follow-up task
(`FollowUp`) is what is owed to the customer and by when; a question the agent could not answer
on the call goes to the supervisor (`Question`, 000 篇3 (三)4).
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from aftersales.accounts.models import Branch
from aftersales.core.phones import display_phone
from aftersales.customers.models import Customer
from aftersales.workorders.models import WorkOrder

from . import conf, rules


def _user(verbose_name: str, **kwargs) -> models.ForeignKey:
    return models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=verbose_name,
        on_delete=models.PROTECT,
        related_name="+",
        **kwargs,
    )


class Policy(models.TextChoices):
    TWO_CALLS = conf.TWO_CALLS, _("Two calls: 3 days to a week, then within 7 days")
    CALL_BACK_24H = conf.CALL_BACK_24H, _("Call-back within 24 hours")


class FollowUp(models.Model):
    """A follow-up owed to a customer: a call after a job, or a periodic visit of a key or
    long-term customer, due between `due_from` and `due_by`."""

    class Kind(models.TextChoices):
        FIRST_CALL = rules.FIRST_CALL, _("First follow-up call")
        SECOND_CALL = rules.SECOND_CALL, _("Second follow-up call")
        CALL_BACK = rules.CALL_BACK, _("Call-back within 24 hours")
        PERIODIC_VISIT = rules.PERIODIC_VISIT, _("Periodic visit")

    class Status(models.TextChoices):
        OPEN = "open", pgettext_lazy("follow-up status", "To do")
        DONE = "done", pgettext_lazy("follow-up status", "Done")
        UNREACHABLE = "unreachable", pgettext_lazy("follow-up status", "Unreachable")
        CANCELLED = "cancelled", pgettext_lazy("follow-up status", "Cancelled")

    work_order = models.ForeignKey(
        WorkOrder,
        verbose_name=_("work order"),
        on_delete=models.PROTECT,
        related_name="follow_ups",
        null=True,
        blank=True,
    )
    customer = models.ForeignKey(
        Customer, verbose_name=_("customer"), on_delete=models.PROTECT, related_name="follow_ups"
    )
    branch = models.ForeignKey(
        Branch, verbose_name=_("branch"), on_delete=models.PROTECT, related_name="+"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    policy = models.CharField(
        _("follow-up policy"), max_length=20, choices=Policy.choices, blank=True
    )
    due_from = models.DateTimeField(_("due from"))
    due_by = models.DateTimeField(_("due by"))
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.OPEN
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    assigned_to = _user(pgettext_lazy("follow-up", "assigned to"), null=True, blank=True)
    done_at = models.DateTimeField(pgettext_lazy("follow-up", "finished"), null=True, blank=True)
    done_by = _user(pgettext_lazy("follow-up", "finished by"), null=True, blank=True)
    outcome = models.TextField(_("outcome"), blank=True)
    created_at = models.DateTimeField(_("created"))

    class Meta:
        ordering = ["due_by", "id"]
        indexes = [
            models.Index(fields=["branch", "status", "due_by"]),
            models.Index(fields=["customer", "kind", "-done_at"]),
        ]
        constraints = [
            # A job gets each kind of follow-up once, however often its completion is seen.
            models.UniqueConstraint(
                fields=["work_order", "kind"],
                condition=Q(work_order__isnull=False),
                name="follow_up_once_per_job_and_kind",
            ),
            # A customer gets one periodic visit per due date, however often the sweep runs.
            models.UniqueConstraint(
                fields=["customer", "due_by"],
                condition=Q(kind="periodic_visit"),
                name="periodic_visit_once_per_due_date",
            ),
            models.CheckConstraint(
                condition=Q(due_by__gte=models.F("due_from")), name="follow_up_window_in_order"
            ),
        ]
        verbose_name = _("follow-up")
        verbose_name_plural = _("follow-ups")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} · {self.customer}"

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.OPEN

    @property
    def is_visit(self) -> bool:
        return self.kind == self.Kind.PERIODIC_VISIT


class Satisfied(models.TextChoices):
    YES = "yes", pgettext_lazy("follow-up call", "Satisfied")
    NO = "no", pgettext_lazy("follow-up call", "Not satisfied")
    UNKNOWN = "unknown", pgettext_lazy("follow-up call", "Not said")


class Channel(models.TextChoices):
    """回訪方式多樣化，包括電話、信件、電子郵局等等 (000 篇2 4(6))."""

    PHONE = "phone", pgettext_lazy("follow-up channel", "Phone")
    VISIT = "visit", pgettext_lazy("follow-up channel", "Visit")
    LETTER = "letter", pgettext_lazy("follow-up channel", "Letter")
    EMAIL = "email", pgettext_lazy("follow-up channel", "Email")


class CallRecord(models.Model):
    """One attempt at a follow-up (跟踪服务电话记录表, 000 篇3 (三)7): when, who, whether the
    customer was reached, what he said and whether he is satisfied."""

    follow_up = models.ForeignKey(
        FollowUp, verbose_name=_("follow-up"), on_delete=models.PROTECT, related_name="calls"
    )
    at = models.DateTimeField(_("time"))
    by = _user(_("by"))
    channel = models.CharField(
        _("how"), max_length=10, choices=Channel.choices, default=Channel.PHONE
    )
    reached = models.BooleanField(_("customer reached"))
    customer_said = models.TextField(_("what the customer said"), blank=True)
    satisfied = models.CharField(
        _("customer satisfied"), max_length=10, choices=Satisfied.choices, default=Satisfied.UNKNOWN
    )
    notes = models.TextField(_("notes"), blank=True)

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("follow-up call record")
        verbose_name_plural = _("follow-up call records")

    def __str__(self) -> str:
        return f"{self.follow_up} {timezone.localtime(self.at):%Y-%m-%d %H:%M}"


class PhoneLog(models.Model):
    """The phone register (跟踪服务电话登记表): every call in or out, follow-up calls and the
    customers' enquiries and complaints alike (000 篇3 (三)7)."""

    class Direction(models.TextChoices):
        IN = "in", _("Incoming")
        OUT = "out", _("Outgoing")

    branch = models.ForeignKey(
        Branch, verbose_name=_("branch"), on_delete=models.PROTECT, related_name="+"
    )
    at = models.DateTimeField(_("time"))
    direction = models.CharField(_("direction"), max_length=3, choices=Direction.choices)
    phone = models.CharField(_("phone"), max_length=20)
    customer = models.ForeignKey(
        Customer,
        verbose_name=_("customer"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    subject = models.CharField(_("subject"), max_length=200)
    result = models.TextField(_("result of the call"), blank=True)
    handled_by = _user(_("handled by"))
    call_record = models.OneToOneField(
        CallRecord,
        verbose_name=_("follow-up call record"),
        on_delete=models.PROTECT,
        related_name="phone_log",
        null=True,
        blank=True,
    )

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["branch", "-at"])]
        verbose_name = _("phone register entry")
        verbose_name_plural = _("phone register")

    def __str__(self) -> str:
        return f"{timezone.localtime(self.at):%Y-%m-%d %H:%M} {self.phone_display}"

    @property
    def phone_display(self) -> str:
        return display_phone(self.phone)


class Letter(models.Model):
    """The letter register (跟踪服务信函登记表): every letter sent or received — notices,
    invitations, replies (000 篇3 (三)8) — and when a letter asking for one was answered."""

    class Direction(models.TextChoices):
        IN = "in", pgettext_lazy("letter direction", "Received")
        OUT = "out", pgettext_lazy("letter direction", "Sent")

    class Kind(models.TextChoices):
        NOTICE = "notice", pgettext_lazy("letter kind", "Notice")
        INVITATION = "invitation", pgettext_lazy("letter kind", "Invitation")
        REPLY = "reply", pgettext_lazy("letter kind", "Reply")
        ENQUIRY = "enquiry", _("Enquiry or complaint")
        OTHER = "other", pgettext_lazy("letter kind", "Other")

    number = models.CharField(_("register number"), max_length=20, unique=True)
    branch = models.ForeignKey(
        Branch, verbose_name=_("branch"), on_delete=models.PROTECT, related_name="+"
    )
    date = models.DateField(_("date"))
    direction = models.CharField(_("direction"), max_length=3, choices=Direction.choices)
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices, default=Kind.OTHER)
    customer = models.ForeignKey(
        Customer, verbose_name=_("customer"), on_delete=models.PROTECT, related_name="+"
    )
    subject = models.CharField(_("subject"), max_length=200)
    reference = models.CharField(_("letter reference"), max_length=60, blank=True)
    by = _user(_("registered by"))
    reply_due = models.DateField(_("reply due"), null=True, blank=True)
    replied_on = models.DateField(_("replied on"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"))

    class Meta:
        ordering = ["-date", "-id"]
        indexes = [models.Index(fields=["branch", "-date"])]
        verbose_name = _("letter")
        verbose_name_plural = _("letter register")

    def __str__(self) -> str:
        return self.number


class Question(models.Model):
    """A question the customer asked on a follow-up that the agent could not answer: it goes to
    the branch's supervisor, is answered within 2 days, and the customer hears the answer the day
    it is found (000 篇3 (三)4)."""

    branch = models.ForeignKey(
        Branch, verbose_name=_("branch"), on_delete=models.PROTECT, related_name="+"
    )
    customer = models.ForeignKey(
        Customer, verbose_name=_("customer"), on_delete=models.PROTECT, related_name="+"
    )
    follow_up = models.ForeignKey(
        FollowUp,
        verbose_name=_("follow-up"),
        on_delete=models.PROTECT,
        related_name="questions",
        null=True,
        blank=True,
    )
    call = models.ForeignKey(
        CallRecord,
        verbose_name=_("follow-up call record"),
        on_delete=models.PROTECT,
        related_name="questions",
        null=True,
        blank=True,
    )
    question = models.TextField(_("question"))
    raised_by = _user(_("raised by"))
    raised_at = models.DateTimeField(_("raised"))
    assigned_to = _user(_("supervisor"), null=True, blank=True)
    due_at = models.DateTimeField(_("answer due"))
    answer = models.TextField(_("answer"), blank=True)
    answered_by = _user(_("answered by"), null=True, blank=True)
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)
    customer_told_at = models.DateTimeField(_("customer told"), null=True, blank=True)
    customer_told_by = _user(_("told by"), null=True, blank=True)
    overdue_notified_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["due_at", "id"]
        indexes = [models.Index(fields=["branch", "answered_at", "due_at"])]
        verbose_name = _("question")
        verbose_name_plural = _("questions")

    def __str__(self) -> str:
        text = " ".join(self.question.split())
        return f"{self.customer}: {text[:40]}"

    @property
    def is_answered(self) -> bool:
        return self.answered_at is not None

    @property
    def answered_late(self) -> bool:
        return self.answered_at is not None and self.answered_at > self.due_at

    @property
    def told_late(self) -> bool:
        """Told on a later day than the answer was found (000 篇3 (三)4)."""
        return rules.told_late(
            self.answered_at, self.customer_told_at, timezone.get_default_timezone()
        )
