"""Writes of messages: who is told what, once; sending them; reading them.

Every message is a row of `Message` written in the caller's transaction before anything is sent:
in-app messages are delivered by being written; e-mails and text messages are sent by the task
`send_message` once the transaction has committed, so nothing goes out for work that was rolled
back. The caller names the event with a key; the database refuses a second message with the same
key to the same recipient on the same channel, so an event retried, or told by two workers at
once, reaches each person once.

Staff hear what falls due and what breaches its time rule (SPEC §6); the customer hears that his
appointment is agreed (002 第8条, 第五十四条) and re-booked (000 篇5 第十八条2).
"""

import datetime as dt
import functools
import logging
from collections.abc import Iterable
from typing import Any

import phonenumbers
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage
from django.core.mail.message import make_msgid
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.db.models import F, Model
from django.utils.translation import gettext as _

from aftersales.accounts.models import User
from aftersales.core import audit
from aftersales.core.exceptions import DomainError, Forbidden
from aftersales.core.models import AuditEntry
from aftersales.core.phones import normalize_phone

from . import conf, sms
from .models import Message

logger = logging.getLogger(__name__)

Channel = Message.Channel
Status = Message.Status
KEY_LENGTH = Message._meta.get_field("key").max_length
SUBJECT_LENGTH = Message._meta.get_field("subject").max_length


def _key(key: str) -> str:
    key = (key or "").strip()
    if not key or len(key) > KEY_LENGTH:
        raise DomainError(
            _("A message needs a key of 1 to %(n)s characters.") % {"n": KEY_LENGTH}, field="key"
        )
    return key


def _subject(subject: str) -> str:
    subject = " ".join((subject or "").split())
    if not subject:
        raise DomainError(_("A message needs a subject."), field="subject")
    if len(subject) > SUBJECT_LENGTH:
        subject = subject[: SUBJECT_LENGTH - 1] + "…"
    return subject


def _body(body: str) -> str:
    body = (body or "").strip()
    if not body:
        raise DomainError(_("A message needs a text."), field="body")
    return body


def _about(related: Model | None) -> dict[str, Any]:
    """The record the message is about, kept by reference and by name."""
    if related is None or related.pk is None:
        return {}
    return {
        "content_type": ContentType.objects.get_for_model(type(related)),
        "object_id": str(related.pk),
        "object_repr": str(related)[:200],
    }


def _branch_id(related: Model | None) -> int | None:
    return getattr(related, "branch_id", None) if related is not None else None


def _enqueue(message_id: int) -> None:
    from .tasks import enqueue_send  # the task module imports this one

    enqueue_send(message_id)


def _create_once(**fields: Any) -> Message | None:
    """The new message, or None when the same key has reached this recipient on this channel
    already (also when a concurrent caller has just written it)."""
    unique = {"key": fields["key"], "channel": fields["channel"]}
    if fields.get("recipient") is not None:
        unique["recipient"] = fields["recipient"]
    else:
        unique.update(recipient__isnull=True, address=fields["address"])
    if Message.objects.filter(**unique).exists():
        return None
    try:
        with transaction.atomic():  # a savepoint: the caller's transaction survives a duplicate
            message = Message.objects.create(**fields)
            audit.record(message, by=None, action="create", before={})
    except IntegrityError:
        if Message.objects.filter(**unique).exists():
            return None
        raise
    if message.status == Status.QUEUED:
        transaction.on_commit(functools.partial(_enqueue, message.pk), robust=True)
    return message


def notify_staff(
    *,
    key: str,
    users: Iterable[User],
    subject: str,
    body: str,
    now: dt.datetime,
    related: Model | None = None,
    link: str = "",
) -> list[Message]:
    """An in-app message to each active user, and an e-mail too to those with an address (unless
    AFTERSALES["EMAIL_STAFF"] is off). Only the messages newly written are returned: a key told
    before writes and sends nothing again."""
    key, subject, body = _key(key), _subject(subject), _body(body)
    link = (link or "").strip()[:300]
    email_too = bool(conf.get("EMAIL_STAFF"))
    about = _about(related)
    created: list[Message] = []
    seen: set[int] = set()
    with transaction.atomic():
        for user in users:
            if user is None or not user.is_active or user.pk in seen:
                continue
            seen.add(user.pk)
            common = {
                "key": key,
                "recipient": user,
                "branch_id": _branch_id(related) or user.branch_id,
                "subject": subject,
                "body": body,
                "link": link,
                "created_at": now,
                **about,
            }
            message = _create_once(
                channel=Channel.IN_APP, status=Status.SENT, sent_at=now, **common
            )
            if message is not None:
                created.append(message)
            if email_too and user.email:
                message = _create_once(
                    channel=Channel.EMAIL,
                    address=user.email.strip(),
                    status=Status.QUEUED,
                    queued_at=now,
                    **common,
                )
                if message is not None:
                    created.append(message)
    return created


def _sms_address(phone: str) -> tuple[str, str]:
    """The phone in E.164 and, when no text message can reach it, why."""
    try:
        e164 = normalize_phone(phone)
    except DomainError as error:
        return phone.strip()[:254], error.message
    kind = phonenumbers.number_type(phonenumbers.parse(e164, None))
    if kind not in (
        phonenumbers.PhoneNumberType.MOBILE,
        phonenumbers.PhoneNumberType.FIXED_LINE_OR_MOBILE,
    ):
        return e164, _("%(phone)s is not a mobile number: it cannot receive text messages.") % {
            "phone": e164
        }
    return e164, ""


def _email_address(email: str) -> tuple[str, str]:
    email = email.strip()[:254]
    try:
        validate_email(email)
    except ValidationError:
        return email, _("“%(email)s” is not a valid e-mail address.") % {"email": email}
    return email, ""


def _outgoing(address: str, problem: str, now: dt.datetime) -> dict[str, Any]:
    """A message to send; or, to an address nothing can reach, one recorded as failed at once and
    never retried, so that the log says why the customer was not told."""
    if problem:
        return {
            "address": address,
            "status": Status.FAILED,
            "last_error": problem,
            "retryable": False,
        }
    return {"address": address, "status": Status.QUEUED, "queued_at": now}


def notify_customer(
    *,
    key: str,
    phone: str,
    subject: str,
    body: str,
    now: dt.datetime,
    related: Model | None = None,
    email: str = "",
) -> list[Message]:
    """A text message to the customer's phone, and an e-mail too when an address is given.
    Customers are not users: the message is kept per address. Only the messages newly written
    are returned; an unusable phone or address is recorded as failed and does not stop the
    caller's work."""
    key, subject, body = _key(key), _subject(subject), _body(body)
    common = {
        "key": key,
        "recipient": None,
        "branch_id": _branch_id(related),
        "subject": subject,
        "body": body,
        "created_at": now,
        **_about(related),
    }
    created: list[Message] = []
    with transaction.atomic():
        if (phone or "").strip():
            message = _create_once(
                channel=Channel.SMS, **_outgoing(*_sms_address(phone), now), **common
            )
            if message is not None:
                created.append(message)
        if (email or "").strip():
            message = _create_once(
                channel=Channel.EMAIL, **_outgoing(*_email_address(email), now), **common
            )
            if message is not None:
                created.append(message)
    return created


def message_mark_read(*, message: Message, by: User, now: dt.datetime) -> Message:
    """Only its recipient reads an in-app message; reading it again changes nothing."""
    if message.recipient_id != by.pk or message.channel != Channel.IN_APP:
        raise Forbidden(_("Only its recipient may mark a message read."))
    with transaction.atomic():
        message = Message.objects.select_for_update().get(pk=message.pk)
        if message.read_at is None:
            before = audit.snapshot(message)
            message.read_at = now
            message.save(update_fields=["read_at"])
            audit.record(message, by=by, action="read", before=before)
    return message


def messages_mark_all_read(*, by: User, now: dt.datetime) -> int:
    """Marks every unread in-app message of the user read; how many there were."""
    with transaction.atomic():
        unread = list(
            Message.objects.select_for_update().filter(
                recipient=by, channel=Channel.IN_APP, read_at__isnull=True
            )
        )
        if not unread:
            return 0
        pks = [message.pk for message in unread]
        for start in range(0, len(pks), 500):  # within any database's limit of parameters
            Message.objects.filter(pk__in=pks[start : start + 500]).update(read_at=now)
        content_type = ContentType.objects.get_for_model(Message)
        AuditEntry.objects.bulk_create(
            AuditEntry(
                content_type=content_type,
                object_id=str(message.pk),
                object_repr=str(message)[:200],
                action="read",
                actor=by,
                changes={"read_at": [None, now.isoformat()]},
            )
            for message in unread
        )
    return len(unread)


def _email(message: Message) -> str:
    body = message.body
    if message.link:
        body += "\n\n" + conf.get("SITE_URL").rstrip("/") + message.link
    msgid = make_msgid(domain="aftersales")
    EmailMessage(
        subject=message.subject, body=body, to=[message.address], headers={"Message-ID": msgid}
    ).send(fail_silently=False)
    return msgid


def _deliver(message: Message) -> str:
    """Sends the message through its channel; the id the mail server or gateway gave it."""
    if message.channel == Channel.EMAIL:
        return _email(message)
    if message.channel == Channel.SMS:
        return str(sms.gateway().send(message.address, message.body) or "")
    raise ValueError(f"nothing to send for a {message.channel} message")


def message_send(*, message_id: int, now: dt.datetime) -> Message | None:
    """Sends a queued e-mail or text message, once: the message is claimed by a conditional
    update (queued → sending), so of two workers given it only one sends it; the other gets None.
    It ends sent, or failed with the error, to be tried again by the sweep."""
    message = Message.objects.filter(pk=message_id).first()
    if message is None or message.status != Status.QUEUED:
        return None
    before = audit.snapshot(message)
    claimed = Message.objects.filter(
        pk=message_id, status=Status.QUEUED, channel__in=[Channel.EMAIL, Channel.SMS]
    ).update(status=Status.SENDING, claimed_at=now, attempts=F("attempts") + 1)
    if claimed != 1:
        return None
    message.refresh_from_db()
    # Outside any transaction: a slow server must not hold the database.
    try:
        gateway_id = _deliver(message)
    except Exception as error:  # any failure of the server or gateway is recorded, not raised
        logger.warning("Message %s to %s failed: %s", message.pk, message.address, error)
        message.status = Status.FAILED
        message.last_error = f"{type(error).__name__}: {error}"[:2000]
        action = "send_failed"
    else:
        message.status = Status.SENT
        message.sent_at = now
        message.gateway_id = gateway_id[:100]
        message.last_error = ""
        action = "send"
    with transaction.atomic():
        message.save(update_fields=["status", "sent_at", "gateway_id", "last_error"])
        audit.record(message, by=None, action=action, before=before)
    return message
