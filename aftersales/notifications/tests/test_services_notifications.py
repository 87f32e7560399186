"""Telling staff and customers: one message per recipient and channel, written once per key,
e-mails and text messages sent after the commit."""

import datetime as dt
import logging

import pytest
from django.core import mail
from django.db import transaction
from django.db.models import QuerySet

from aftersales.accounts.models import Role
from aftersales.core.exceptions import DomainError, Forbidden
from aftersales.core.models import AuditEntry
from aftersales.factories import UserFactory
from aftersales.notifications import services
from aftersales.notifications.models import Message

pytestmark = pytest.mark.django_db

Channel = Message.Channel
Status = Message.Status


def _tell(users, *, key="due:WO-1", now, **kwargs):
    return services.notify_staff(
        key=key,
        users=users,
        subject="工单 WO-1 即将超时",
        body="工单 WO-1 将于今天 17:00 到达派工时限，请尽快处理。",
        now=now,
        **kwargs,
    )


def test_it_tells_staff_in_the_app_and_by_email_after_the_commit(
    supervisor_with_mail, agent_a, now, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        created = _tell([supervisor_with_mail, agent_a], now=now, link="/work-orders/1/")
        assert mail.outbox == []  # nothing goes out before the commit

    assert sorted((m.recipient.username, m.channel) for m in created) == [
        ("agent_a", Channel.IN_APP),
        ("zhou_supervisor", Channel.EMAIL),
        ("zhou_supervisor", Channel.IN_APP),
    ]
    assert len(callbacks) == 1  # one e-mail to send: agent_a has no address
    in_app = Message.objects.get(recipient=agent_a)
    assert (in_app.status, in_app.sent_at, in_app.read_at) == (Status.SENT, now, None)
    assert in_app.link == "/work-orders/1/" and in_app.branch == agent_a.branch
    email = Message.objects.get(channel=Channel.EMAIL)
    assert (email.status, email.attempts, email.address) == (
        Status.SENT,
        1,
        "zhou@aftersales.example.cn",
    )
    [sent] = mail.outbox
    assert sent.to == ["zhou@aftersales.example.cn"]
    assert sent.subject == "工单 WO-1 即将超时"
    assert "请尽快处理" in sent.body and sent.body.endswith("/work-orders/1/")
    assert email.gateway_id == sent.extra_headers["Message-ID"]


def test_the_same_key_writes_and_sends_nothing_twice(
    supervisor_with_mail, now, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        first = _tell([supervisor_with_mail], now=now)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        again = _tell([supervisor_with_mail, supervisor_with_mail], now=now)

    assert len(first) == 2 and again == [] and callbacks == []
    assert Message.objects.count() == 2
    assert len(mail.outbox) == 1


def test_a_repeated_key_reaches_only_those_not_told_yet(supervisor_a, agent_a, now):
    _tell([supervisor_a], now=now)
    created = _tell([supervisor_a, agent_a], now=now)
    assert [m.recipient for m in created] == [agent_a]


def test_two_callers_at_once_write_one_message(supervisor_a, now, monkeypatch):
    """The second caller's check comes before the first one's row: the database refuses his
    copy, inside a savepoint, and his transaction goes on."""
    _tell([supervisor_a], now=now)
    real_exists = QuerySet.exists
    looks = iter([False])  # the first look finds nothing; the look after the refusal is real

    monkeypatch.setattr(QuerySet, "exists", lambda self: next(looks, None) or real_exists(self))
    with transaction.atomic():
        assert _tell([supervisor_a], now=now) == []
        assert Message.objects.count() == 1  # the transaction is still usable


def test_it_skips_inactive_staff_and_staff_mail_when_switched_off(
    supervisor_with_mail, agent_a, now, settings
):
    agent_a.is_active = False
    agent_a.save()
    settings.AFTERSALES = {**settings.AFTERSALES, "EMAIL_STAFF": False}
    created = _tell([supervisor_with_mail, agent_a], now=now)
    assert [(m.recipient, m.channel) for m in created] == [(supervisor_with_mail, Channel.IN_APP)]


def test_a_message_about_a_record_is_logged_in_its_branch(flow, manager_hq, now):
    order = flow.new_order()
    [message] = _tell([manager_hq], now=now, related=order)
    assert message.branch == order.branch  # not head office's: the branch's log shows it
    assert (message.object_id, message.object_repr) == (str(order.pk), order.number)


def test_it_refuses_a_message_without_key_or_subject(supervisor_a, now):
    with pytest.raises(DomainError):
        _tell([supervisor_a], key=" ", now=now)
    with pytest.raises(DomainError):
        services.notify_staff(key="k", users=[supervisor_a], subject="", body="x", now=now)
    assert not Message.objects.exists()


def test_it_texts_the_customer_through_the_logging_gateway(
    now, caplog, django_capture_on_commit_callbacks
):
    caplog.set_level(logging.INFO, logger="aftersales.sms")
    with django_capture_on_commit_callbacks(execute=True):
        [message] = services.notify_customer(
            key="survey:WO-9",
            phone="138 0013 8000",
            subject="满意度回访",
            body="张先生您好，请对本次服务评分。",
            now=now,
        )
    message.refresh_from_db()
    assert (message.channel, message.address, message.recipient) == (
        Channel.SMS,
        "+8613800138000",
        None,
    )
    assert message.status == Status.SENT and message.gateway_id.startswith("log-")
    [record] = [r for r in caplog.records if r.name == "aftersales.sms"]
    assert "+8613800138000" in record.getMessage()
    assert "张先生您好，请对本次服务评分。" in record.getMessage()


def test_the_customer_gets_an_email_too_when_one_is_given(
    now, recording_gateway, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        created = services.notify_customer(
            key="k1",
            phone="13800138000",
            email="zhang@example.cn",
            subject="预约确认",
            body="您的预约已确认。",
            now=now,
        )
    assert [m.channel for m in created] == [Channel.SMS, Channel.EMAIL]
    assert recording_gateway.sent == [("+8613800138000", "您的预约已确认。")]
    assert mail.outbox[0].to == ["zhang@example.cn"]


def test_an_unusable_phone_is_recorded_as_failed_without_stopping_the_caller(
    now, recording_gateway, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        bad, email, landline = services.notify_customer(
            key="k2", phone="12345", email="not-an-address", subject="s", body="b", now=now
        ) + services.notify_customer(key="k2", phone="010-62345678", subject="s", body="b", now=now)
    assert callbacks == [] and recording_gateway.sent == []
    assert bad.status == Status.FAILED and "12345" in bad.last_error and not bad.retryable
    assert landline.address == "+861062345678" and "mobile" in landline.last_error
    assert email.status == Status.FAILED and email.address == "not-an-address"


def test_only_the_recipient_marks_a_message_read(supervisor_a, agent_a, now):
    [message] = _tell([supervisor_a], now=now)
    with pytest.raises(Forbidden):
        services.message_mark_read(message=message, by=agent_a, now=now)
    message.refresh_from_db()
    assert message.read_at is None

    later = now + dt.timedelta(minutes=5)
    services.message_mark_read(message=message, by=supervisor_a, now=later)
    services.message_mark_read(message=message, by=supervisor_a, now=later + dt.timedelta(1))
    message.refresh_from_db()
    assert message.read_at == later
    assert AuditEntry.objects.for_object(message).filter(action="read").count() == 1


def test_it_marks_all_of_my_messages_read_and_no_one_elses(supervisor_a, agent_a, now):
    for n in range(3):
        _tell([supervisor_a, agent_a], key=f"due:{n}", now=now)
    assert services.messages_mark_all_read(by=supervisor_a, now=now) == 3
    assert services.messages_mark_all_read(by=supervisor_a, now=now) == 0
    assert not Message.objects.filter(recipient=supervisor_a, read_at__isnull=True).exists()
    assert Message.objects.filter(recipient=agent_a, read_at__isnull=True).count() == 3
    entries = AuditEntry.objects.filter(action="read")
    assert entries.count() == 3 and {e.actor for e in entries} == {supervisor_a}


def test_head_office_staff_messages_are_of_their_branch(head_office, now):
    gm = UserFactory(username="gm", role=Role.GM, branch=head_office)
    [message] = _tell([gm], now=now)
    assert message.branch == head_office
