"""What staff are told about a job's deadlines: a target about to fall due, and one missed.

The dispatchers and supervisors of the job's branch hear of both, and so does the technician the
job is sent to. Each message has its own key, so that it is sent once however often it is asked.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from aftersales.accounts.models import Role, User

from .models import Deadline


def _staff(deadline: Deadline) -> list[User]:
    order = deadline.order
    who = Q(branch_id=order.branch_id, role__in=(Role.DISPATCHER, Role.SUPERVISOR))
    if order.technician_id:
        who |= Q(pk=order.technician.user_id)
    return list(User.objects.filter(who, is_active=True).order_by("pk"))


def _when(moment: dt.datetime) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M")


def _send(deadline: Deadline, *, key: str, subject: str, body: str, now: dt.datetime) -> None:
    from aftersales.notifications.services import notify_staff

    notify_staff(
        key=key,
        users=_staff(deadline),
        subject=subject,
        body=body,
        now=now,
        related=deadline.order,
        link=reverse("workorders:detail", args=[deadline.order_id]),
    )


def tell_breach(deadline: Deadline, *, now: dt.datetime) -> None:
    with translation.override(settings.LANGUAGE_CODE):
        values = {
            "number": deadline.order.number,
            "target": deadline.get_target_display(),
            "due": _when(deadline.due_at),
            "rule": deadline.rule_text,
        }
        _send(
            deadline,
            key=f"deadline-missed-{deadline.pk}",
            subject=_("%(number)s: %(target)s missed") % values,
            body=_("%(target)s of %(number)s was due at %(due)s (%(rule)s) and is missed.")
            % values,
            now=now,
        )


def tell_due_soon(deadline: Deadline, *, now: dt.datetime) -> None:
    with translation.override(settings.LANGUAGE_CODE):
        values = {
            "number": deadline.order.number,
            "target": deadline.get_target_display(),
            "due": _when(deadline.due_at),
        }
        _send(
            deadline,
            key=f"deadline-due-{deadline.pk}-{deadline.due_at.isoformat()}",
            subject=_("%(number)s: %(target)s due at %(due)s") % values,
            body=_("%(target)s of %(number)s falls due at %(due)s.") % values,
            now=now,
        )
