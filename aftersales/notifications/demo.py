"""Demo messages: staff told of jobs falling due and breaching their time rule, some read, and the
customers' appointment confirmations sent by text message (through the logging gateway), one of
them failed at the gateway and waiting for the sweep — all through the services.

Call after the core demo (it needs the demo users and work orders):

    from aftersales.notifications import demo
    demo.seed(random.Random(1), timezone.now())
"""

import datetime as dt
import logging
import random

from django.conf import settings
from django.db import transaction
from django.test.utils import override_settings
from django.urls import reverse
from django.utils import timezone

from aftersales.accounts.models import Role, User
from aftersales.workorders.models import State, WorkOrder

from . import services
from .events import appointment_confirmed
from .models import Message
from .sms import SmsError

DUE = "工单 {number} 即将超时"
DUE_BODY = "{customer}（{address}）的工单 {number}「{symptom}」将于 {at} 到达派工时限，请尽快派工并与客户预约。"
BREACH = "工单 {number} 已超过到场时限"
BREACH_BODY = (
    "{customer}的工单 {number}「{symptom}」已超过约定到场时间 {at}，请立即跟进并向客户致歉改约。"
)


class BusyGateway:
    """The gateway's answer on a day the carrier throttles the number: the message fails and the
    sweep tries it again."""

    def __init__(self, **options) -> None:
        pass

    def send(self, phone: str, text: str) -> str:
        raise SmsError("isv.BUSINESS_LIMIT_CONTROL: 触发号码天级流控")


def _staff(branch_id: int, *roles: str) -> list[User]:
    return list(
        User.objects.filter(branch_id=branch_id, role__in=roles, is_active=True).order_by("pk")
    )


def _head_office(*roles: str) -> list[User]:
    people = User.objects.filter(branch__is_head_office=True, role__in=roles, is_active=True)
    return list(people.filter(is_superuser=False).order_by("pk"))


def _working(at: dt.datetime) -> dt.datetime:
    """The same day within office hours: staff book and tell customers by day."""
    local = timezone.localtime(at)
    if local.hour < 9:
        local = local.replace(hour=9)
    elif local.hour >= 18:
        local = local.replace(hour=17)
    return local


def _facts(order: WorkOrder, at: dt.datetime) -> dict[str, str]:
    return {
        "number": order.number,
        "customer": order.customer.name,
        "address": order.address,
        "symptom": order.symptom[:20],
        "at": f"{timezone.localtime(at):%m-%d %H:%M}",
    }


@transaction.atomic
def seed(rng: random.Random, now: dt.datetime, *, staff_events: int = 16, sms: int = 10) -> dict:
    """Returns how many messages of each kind it wrote."""
    sms_logger = logging.getLogger("aftersales.sms")
    level = sms_logger.level
    sms_logger.setLevel(logging.WARNING)  # the demo's text messages are not printed
    try:
        return _seed(rng, now, staff_events, sms)
    finally:
        sms_logger.setLevel(level)


def _seed(rng: random.Random, now: dt.datetime, staff_events: int, sms: int) -> dict:
    counts = {"in-app": 0, "e-mail": 0, "sms": 0}
    open_orders = list(
        WorkOrder.objects.filter(state__in=[State.REGISTERED, State.DISPATCHED, State.SCHEDULED])
        .select_related("customer")
        .order_by("-created_at", "-id")[: staff_events * 3]
    )
    # Staff: what falls due (dispatchers and supervisors of the branch) and what breaches (the
    # supervisor and manager of the branch, and head office's manager).
    for order in rng.sample(open_orders, min(staff_events, len(open_orders))):
        booked = order.appointment_start
        if order.state == State.SCHEDULED and booked and booked < now - dt.timedelta(minutes=30):
            # The technician is not there 30 minutes after the appointment began.
            at = booked
            told = min(now, booked + dt.timedelta(minutes=rng.randint(30, 90)))
            users = _staff(order.branch_id, Role.SUPERVISOR, Role.MANAGER) + _head_office(
                Role.MANAGER
            )
            subject, body, key = BREACH, BREACH_BODY, f"breach:arrival:{order.pk}"
        elif order.state == State.SCHEDULED:
            continue  # booked, and not yet due
        else:
            at = order.promised_by or _working(now - dt.timedelta(hours=rng.randint(0, 72)))
            told = min(now, at - dt.timedelta(hours=rng.randint(1, 3)))
            users = _staff(order.branch_id, Role.DISPATCHER, Role.SUPERVISOR)
            subject, body, key = DUE, DUE_BODY, f"due:dispatch:{order.pk}"
        facts = _facts(order, at)
        # No e-mail in the demo: the messages are read in the app.
        with override_settings(AFTERSALES={**settings.AFTERSALES, "EMAIL_STAFF": False}):
            made = services.notify_staff(
                key=key,
                users=users,
                subject=subject.format(**facts),
                body=body.format(**facts),
                now=told,
                related=order,
                link=reverse("workorders:detail", args=[order.pk]),
            )
        for message in made:
            counts["in-app" if message.channel == Message.Channel.IN_APP else "e-mail"] += 1
            if told < now - dt.timedelta(hours=8) and rng.random() < 0.6:
                services.message_mark_read(
                    message=message,
                    by=message.recipient,
                    now=told + dt.timedelta(minutes=rng.randint(3, 240)),
                )
    # Customers: the appointment confirmations of the booked jobs.
    booked = list(
        WorkOrder.objects.filter(state=State.SCHEDULED, appointment_start__isnull=False)
        .select_related("customer", "branch", "technician__user", "outlet")
        .order_by("-appointment_start", "-id")[:sms]
    )
    for index, order in enumerate(booked):
        told = min(now, _working(order.appointment_start - dt.timedelta(hours=rng.randint(2, 30))))
        made = appointment_confirmed(order=order, now=told)
        counts["sms"] += len(made)
        for message in made:
            if message.status != Message.Status.QUEUED:
                continue  # a landline: recorded as failed already
            if index == 1:
                busy = {**settings.AFTERSALES, "SMS_GATEWAY": f"{__name__}.BusyGateway"}
                with override_settings(AFTERSALES=busy):
                    services.message_send(message_id=message.pk, now=told)
            else:
                services.message_send(message_id=message.pk, now=told)
    return counts
