"""The periodic sweep of messages: what failed is tried again, what was lost is queued again.

- A failed e-mail or text message is queued again while it has been tried fewer than
  AFTERSALES["MESSAGE_MAX_ATTEMPTS"] times (default 3); then it is given up, and the message
  log shows it failed with its last error.
- A message still queued after AFTERSALES["MESSAGE_QUEUED_MINUTES"] (its task was lost, or the
  worker was down) is handed to the task again.
- A message still being sent after AFTERSALES["MESSAGE_SENDING_MINUTES"] was interrupted: it may
  have gone out, so it is marked failed and not tried again rather than risk sending it twice.

Run twice, or by two workers at once, it sends nothing twice: every change is a conditional
UPDATE acted on only by the worker whose update took, and `send_message` claims each message
once.
"""

import datetime as dt
import functools

from django.db import transaction
from django.utils.translation import gettext as _

from aftersales.core import audit

from . import conf
from .models import Message
from .tasks import enqueue_send

Status = Message.Status
OUTGOING = [Message.Channel.EMAIL, Message.Channel.SMS]


def _changed(message: Message, action: str, *, send: bool, **values) -> bool:
    """Applies `values` if the message is still as it was read; audited, and queued for sending
    after the commit when `send`."""
    before = audit.snapshot(message)
    with transaction.atomic():
        taken = Message.objects.filter(
            pk=message.pk,
            status=message.status,
            attempts=message.attempts,
            queued_at=message.queued_at,
            claimed_at=message.claimed_at,
        ).update(**values)
        if taken != 1:
            return False
        message.refresh_from_db()
        audit.record(message, by=None, action=action, before=before)
        if send:
            transaction.on_commit(functools.partial(enqueue_send, message.pk), robust=True)
    return True


def sweep(*, now: dt.datetime) -> int:
    """How many messages it queued again or gave up as interrupted."""
    done = 0
    interrupted = Message.objects.filter(
        channel__in=OUTGOING,
        status=Status.SENDING,
        claimed_at__lt=now - dt.timedelta(minutes=conf.get("MESSAGE_SENDING_MINUTES")),
    )
    for message in interrupted:
        done += _changed(
            message,
            "send_interrupted",
            send=False,
            status=Status.FAILED,
            retryable=False,
            last_error=_(
                "Interrupted while sending: it may have gone out, so it is not tried again."
            ),
        )
    failed = Message.objects.filter(
        channel__in=OUTGOING,
        status=Status.FAILED,
        retryable=True,
        attempts__lt=conf.get("MESSAGE_MAX_ATTEMPTS"),
    )
    for message in failed:
        done += _changed(message, "retry", send=True, status=Status.QUEUED, queued_at=now)
    lost = Message.objects.filter(
        channel__in=OUTGOING,
        status=Status.QUEUED,
        queued_at__lt=now - dt.timedelta(minutes=conf.get("MESSAGE_QUEUED_MINUTES")),
    )
    for message in lost:
        done += _changed(message, "requeue", send=True, queued_at=now)
    return done
