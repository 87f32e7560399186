"""Sending: a real SMTP server on this machine receives the mail; a message is sent by one worker
only; a failing gateway is tried again by the sweep, and given up after the last attempt."""

import datetime as dt
import email
import email.policy
import socket

import pytest
from aiosmtpd.controller import Controller
from django.core import mail
from django.test import override_settings

from aftersales.core.models import AuditEntry
from aftersales.notifications import services, sweeps
from aftersales.notifications.models import Message
from aftersales.notifications.tasks import send_message

from .gateways import RecordingGateway

pytestmark = pytest.mark.django_db

Status = Message.Status


class Inbox:
    """The SMTP server's handler: keeps every envelope it is given."""

    def __init__(self) -> None:
        self.envelopes: list = []

    async def handle_DATA(self, server, session, envelope) -> str:  # noqa: N802 — aiosmtpd's name
        self.envelopes.append(envelope)
        return "250 Message accepted for delivery"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def smtp_server():
    handler = Inbox()
    controller = Controller(handler, hostname="127.0.0.1", port=_free_port())
    controller.start()
    try:
        yield handler, controller.port
    finally:
        controller.stop()


def _customer_sms(now, key="k", phone="13800138000"):
    [message] = services.notify_customer(
        key=key, phone=phone, subject="预约确认", body="您的预约已确认。", now=now
    )
    return message


def test_it_sends_staff_mail_through_a_real_smtp_server(
    smtp_server, supervisor_with_mail, now, django_capture_on_commit_callbacks
):
    inbox, port = smtp_server
    with (
        override_settings(
            EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend",
            EMAIL_HOST="127.0.0.1",
            EMAIL_PORT=port,
            EMAIL_USE_TLS=False,
            DEFAULT_FROM_EMAIL="售后服务中心 <aftersales@example.cn>",
        ),
        django_capture_on_commit_callbacks(execute=True),
    ):
        services.notify_staff(
            key="breach:WO-202611-00007",
            users=[supervisor_with_mail],
            subject="工单 WO-202611-00007 已超过派工时限",
            body="客户张伟的空调维修工单已超过 6 个工作小时未到场，请立即安排。",
            now=now,
            link="/work-orders/7/",
        )

    [envelope] = inbox.envelopes
    assert envelope.rcpt_tos == ["zhou@aftersales.example.cn"]
    received = email.message_from_bytes(envelope.content, policy=email.policy.default)
    # Python folds the encoded subject onto a line of its own; unfolded, it keeps the space.
    assert received["Subject"].strip() == "工单 WO-202611-00007 已超过派工时限"
    assert received["To"] == "zhou@aftersales.example.cn"
    assert "aftersales@example.cn" in received["From"]
    body = received.get_content()
    assert "客户张伟的空调维修工单已超过 6 个工作小时未到场，请立即安排。" in body
    assert "/work-orders/7/" in body
    message = Message.objects.get(channel=Message.Channel.EMAIL)
    assert message.status == Status.SENT
    assert received["Message-ID"] == message.gateway_id


def test_a_mail_server_that_cannot_be_reached_leaves_the_message_failed(
    supervisor_with_mail, now, django_capture_on_commit_callbacks
):
    unreachable = override_settings(
        EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend",
        EMAIL_HOST="127.0.0.1",
        EMAIL_PORT=_free_port(),  # nothing listens there
        EMAIL_TIMEOUT=5,
    )
    with unreachable, django_capture_on_commit_callbacks(execute=True):
        services.notify_staff(key="k", users=[supervisor_with_mail], subject="s", body="b", now=now)
    message = Message.objects.get(channel=Message.Channel.EMAIL)
    assert (message.status, message.attempts) == (Status.FAILED, 1)
    assert "ConnectionRefusedError" in message.last_error


def test_two_workers_given_the_same_message_send_it_once(now, recording_gateway):
    message = _customer_sms(now)  # queued: the test's transaction never commits

    first = send_message.enqueue(message.pk)
    second = send_message.enqueue(message.pk)

    assert (first.return_value, second.return_value) == (Status.SENT, "skipped")
    assert len(recording_gateway.sent) == 1
    message.refresh_from_db()
    assert (message.status, message.attempts, message.gateway_id) == (Status.SENT, 1, "rec-1")


def test_a_second_worker_arriving_while_the_first_sends_does_nothing(now, recording_gateway):
    message = _customer_sms(now)
    seen = []
    RecordingGateway.during = lambda: seen.append(
        services.message_send(message_id=message.pk, now=now)
    )
    try:
        services.message_send(message_id=message.pk, now=now)
    finally:
        RecordingGateway.during = None
    assert seen == [None]
    assert len(recording_gateway.sent) == 1


def test_a_failing_gateway_is_retried_by_the_sweep_until_the_last_attempt(
    now, failing_gateway, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        message = _customer_sms(now)
    message.refresh_from_db()
    assert (message.status, message.attempts) == (Status.FAILED, 1)
    assert message.last_error == "SmsError: isv.AMOUNT_NOT_ENOUGH: 账户余额不足"

    done = []
    for minutes in (10, 20, 30):
        with django_capture_on_commit_callbacks(execute=True):
            done.append(sweeps.sweep(now=now + dt.timedelta(minutes=minutes)))
    message.refresh_from_db()

    assert done == [1, 1, 0]  # tried three times in all, then given up
    assert failing_gateway.calls == 3
    assert (message.status, message.attempts) == (Status.FAILED, 3)
    actions = list(AuditEntry.objects.for_object(message).values_list("action", flat=True))
    assert sorted(actions) == sorted(["create"] + ["send_failed"] * 3 + ["retry"] * 2)


def test_a_retried_message_that_goes_through_is_sent(
    now, failing_gateway, settings, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        message = _customer_sms(now)
    settings.AFTERSALES = {
        **settings.AFTERSALES,
        "SMS_GATEWAY": "aftersales.notifications.tests.gateways.RecordingGateway",
    }
    RecordingGateway.sent = []
    with django_capture_on_commit_callbacks(execute=True):
        assert sweeps.sweep(now=now + dt.timedelta(minutes=1)) == 1
    message.refresh_from_db()
    assert (message.status, message.attempts, message.last_error) == (Status.SENT, 2, "")
    assert len(RecordingGateway.sent) == 1


def test_two_sweeps_at_once_retry_a_message_once(now, failing_gateway):
    """The second sweep read the message as failed too, but the first one has queued it."""
    message = _customer_sms(now)
    services.message_send(message_id=message.pk, now=now)  # fails
    stale = Message.objects.get(pk=message.pk)
    assert sweeps.sweep(now=now) == 1  # queued again (its send waits for the commit)
    assert sweeps._changed(stale, "retry", send=True, status=Status.QUEUED, queued_at=now) is False
    assert AuditEntry.objects.for_object(message).filter(action="retry").count() == 1


def test_a_message_left_queued_is_handed_to_the_worker_again(
    now, recording_gateway, django_capture_on_commit_callbacks
):
    message = _customer_sms(now)  # its task was lost: the commit never happened
    with django_capture_on_commit_callbacks(execute=True):
        assert sweeps.sweep(now=now + dt.timedelta(minutes=2)) == 0  # not yet
        assert sweeps.sweep(now=now + dt.timedelta(minutes=6)) == 1
        assert sweeps.sweep(now=now + dt.timedelta(minutes=6)) == 0  # run twice: once
    message.refresh_from_db()
    assert message.status == Status.SENT
    assert len(recording_gateway.sent) == 1


def test_an_interrupted_send_is_given_up_not_sent_twice(now, recording_gateway):
    message = _customer_sms(now)
    Message.objects.filter(pk=message.pk).update(status=Status.SENDING, claimed_at=now, attempts=1)
    assert sweeps.sweep(now=now + dt.timedelta(minutes=10)) == 0  # may still be sending
    assert sweeps.sweep(now=now + dt.timedelta(minutes=16)) == 1
    assert sweeps.sweep(now=now + dt.timedelta(minutes=30)) == 0
    message.refresh_from_db()
    assert (message.status, message.retryable) == (Status.FAILED, False)
    assert "Interrupted" in message.last_error or "中断" in message.last_error
    assert recording_gateway.sent == []


def test_in_app_messages_are_never_handed_to_the_sender(supervisor_a, now):
    [message] = services.notify_staff(key="k", users=[supervisor_a], subject="s", body="b", now=now)
    assert services.message_send(message_id=message.pk, now=now) is None
    assert sweeps.sweep(now=now + dt.timedelta(days=1)) == 0
    assert mail.outbox == []
