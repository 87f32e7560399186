"""The notifications services in the table of core/tests/test_audit_services: each leaves its entry,
with the field it changes before and after. Messages written and sent by the system are recorded
with no actor (by=None)."""

import itertools
from collections.abc import Callable
from typing import Any

from django.utils import timezone

from aftersales.accounts.models import Role
from aftersales.notifications import services
from aftersales.notifications.models import Message

_keys = itertools.count(1)


def _unread(user: Any, side: Any) -> Message:
    """An unread in-app message of the user, written straight to the table."""
    return Message.objects.create(
        channel=Message.Channel.IN_APP,
        recipient=user,
        branch=side.branch,
        key=f"audited:{next(_keys)}",
        subject="工单即将超时",
        body="请尽快安排上门。",
        status=Message.Status.SENT,
        created_at=side.flow.now,
        sent_at=side.flow.now,
    )


def CHANGES(Change: type) -> dict[str, Callable[[Any], Any]]:  # noqa: N802 — the table's name
    def first(result: list[Message]) -> Message:
        return result[0]

    def notify_staff(scene: Any) -> Any:
        supervisor = scene.users[Role.SUPERVISOR]
        return Change(
            by=None,
            run=lambda: services.notify_staff(
                key=f"audited:staff:{next(_keys)}",
                users=[supervisor],
                subject="工单 WO-1 即将超时",
                body="请尽快处理。",
                now=timezone.now(),
                related=scene.a.order,
            ),
            expect=[(first, "status", None, Message.Status.SENT)],
        )

    def notify_customer(scene: Any) -> Any:
        return Change(
            by=None,
            run=lambda: services.notify_customer(
                key=f"audited:customer:{next(_keys)}",
                phone=scene.a.customer.phone,
                subject="预约确认",
                body="您的预约已确认。",
                now=timezone.now(),
                related=scene.a.order,
            ),
            expect=[(first, "status", None, Message.Status.QUEUED)],
        )

    def message_mark_read(scene: Any) -> Any:
        by = scene.users[Role.SUPERVISOR]
        message = _unread(by, scene.a)
        now = timezone.now()
        return Change(
            by=by,
            run=lambda: services.message_mark_read(message=message, by=by, now=now),
            expect=[(lambda _r: message, "read_at", None, now.isoformat())],
        )

    def messages_mark_all_read(scene: Any) -> Any:
        by = scene.users[Role.QUALITY]
        message = _unread(by, scene.a)
        now = timezone.now()
        return Change(
            by=by,
            run=lambda: services.messages_mark_all_read(by=by, now=now),
            expect=[(lambda _r: message, "read_at", None, now.isoformat())],
        )

    def message_send(scene: Any) -> Any:
        message = Message.objects.create(
            channel=Message.Channel.SMS,
            address=scene.a.customer.phone,
            branch=scene.a.branch,
            key=f"audited:send:{next(_keys)}",
            subject="预约确认",
            body="您的预约已确认。",
            status=Message.Status.QUEUED,
            created_at=scene.a.flow.now,
            queued_at=scene.a.flow.now,
        )
        return Change(
            by=None,
            run=lambda: services.message_send(message_id=message.pk, now=timezone.now()),
            expect=[(lambda _r: message, "status", Message.Status.QUEUED, Message.Status.SENT)],
        )

    return {
        "notify_staff": notify_staff,
        "notify_customer": notify_customer,
        "message_mark_read": message_mark_read,
        "messages_mark_all_read": messages_mark_all_read,
        "message_send": message_send,
    }
