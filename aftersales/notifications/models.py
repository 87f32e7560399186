"""Messages to staff and customers: in-app, email and SMS, every one recorded.

One row per recipient and channel. The row is written before anything is sent, so the log shows
every message whether it went out or not; a unique key per recipient and channel makes the
database refuse a second copy of the same message (never sent twice).
"""

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from aftersales.accounts.models import Branch
from aftersales.core.phones import display_phone


class Message(models.Model):
    class Channel(models.TextChoices):
        IN_APP = "in_app", pgettext_lazy("message channel", "In-app")
        EMAIL = "email", pgettext_lazy("message channel", "Email")
        SMS = "sms", pgettext_lazy("message channel", "SMS")

    class Status(models.TextChoices):
        QUEUED = "queued", pgettext_lazy("message status", "Queued")
        SENDING = "sending", pgettext_lazy("message status", "Sending")
        SENT = "sent", pgettext_lazy("message status", "Sent")
        FAILED = "failed", pgettext_lazy("message status", "Failed")

    channel = models.CharField(
        pgettext_lazy("message", "channel"), max_length=10, choices=Channel.choices
    )
    # Staff are users; customers are not, and are reached at `address` only.
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=pgettext_lazy("message", "recipient"),
        on_delete=models.CASCADE,
        related_name="messages",
        null=True,
        blank=True,
    )
    # The e-mail address or the phone (E.164) it goes to; empty for in-app messages.
    address = models.CharField(
        pgettext_lazy("message", "email or phone"), max_length=254, blank=True
    )
    # The branch whose message log shows it; none: head office's only.
    branch = models.ForeignKey(
        Branch,
        verbose_name=_("branch"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    subject = models.CharField(pgettext_lazy("message", "subject"), max_length=200)
    body = models.TextField(pgettext_lazy("message", "message"))
    link = models.CharField(pgettext_lazy("message", "link"), max_length=300, blank=True)
    # The caller's name for the event: the same key never reaches the same recipient twice.
    key = models.CharField(pgettext_lazy("message", "key"), max_length=200)
    content_type = models.ForeignKey(
        ContentType, on_delete=models.SET_NULL, related_name="+", null=True, blank=True
    )
    object_id = models.CharField(max_length=64, blank=True)
    object_repr = models.CharField(pgettext_lazy("message", "about"), max_length=200, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.QUEUED
    )
    attempts = models.PositiveSmallIntegerField(pgettext_lazy("message", "attempts"), default=0)
    # Whether the sweep may try a failed message again: not when its address is unusable, nor
    # when a send was interrupted and may have gone out already.
    retryable = models.BooleanField(pgettext_lazy("message", "may be retried"), default=True)
    last_error = models.TextField(pgettext_lazy("message", "last error"), blank=True)
    gateway_id = models.CharField(
        pgettext_lazy("message", "gateway's message id"), max_length=100, blank=True
    )
    created_at = models.DateTimeField(pgettext_lazy("message", "created"))
    queued_at = models.DateTimeField(pgettext_lazy("message", "queued"), null=True, blank=True)
    claimed_at = models.DateTimeField(
        pgettext_lazy("message", "sending since"), null=True, blank=True
    )
    sent_at = models.DateTimeField(pgettext_lazy("message", "sent"), null=True, blank=True)
    read_at = models.DateTimeField(pgettext_lazy("message", "read"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["recipient", "channel", "read_at"]),
            models.Index(fields=["status", "queued_at"]),
            models.Index(fields=["branch", "-created_at"]),
            models.Index(fields=["content_type", "object_id"]),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["key", "channel", "recipient"],
                condition=Q(recipient__isnull=False),
                name="message_once_per_user",
            ),
            models.UniqueConstraint(
                fields=["key", "channel", "address"],
                condition=Q(recipient__isnull=True),
                name="message_once_per_address",
            ),
            models.CheckConstraint(
                condition=~Q(channel="in_app") | Q(recipient__isnull=False),
                name="in_app_message_has_a_recipient",
            ),
            models.CheckConstraint(
                condition=Q(channel="in_app") | ~Q(address=""),
                name="sent_message_has_an_address",
            ),
        ]
        verbose_name = pgettext_lazy("message", "message")
        verbose_name_plural = pgettext_lazy("message", "messages")

    def __str__(self) -> str:
        return f"{self.subject} → {self.to}"

    @property
    def to(self) -> str:
        """Whom it went to, as the log shows it."""
        if self.channel == self.Channel.SMS:
            return display_phone(self.address)
        if self.recipient_id is not None and self.channel == self.Channel.IN_APP:
            return str(self.recipient)
        return self.address

    @property
    def is_read(self) -> bool:
        return self.read_at is not None
