"""Telling the branch supervisors about maintenance visits: due, overdue, abnormal findings.

Every message goes through the notifications app, whose key makes each one go out once however
often it is asked for (a sweep run twice, two workers at once).
"""

import datetime as dt

from django.db.models import Model

from aftersales.accounts.models import Branch, Role, User


def supervisors_of(branch: Branch) -> list[User]:
    """Whom a branch's maintenance is reported to: its service supervisors, or its managers when
    it has none (主管負責監督檢查售後服務工作)."""
    people = User.objects.filter(branch=branch, is_active=True)
    supervisors = list(people.filter(role=Role.SUPERVISOR).order_by("pk"))
    return supervisors or list(people.filter(role=Role.MANAGER).order_by("pk"))


def tell_supervisors(
    *,
    branch: Branch,
    key: str,
    subject: str,
    body: str,
    now: dt.datetime,
    related: Model | None = None,
    link: str = "",
) -> int:
    """Send one message to the branch's supervisors; how many were sent (0 when sent before)."""
    from aftersales.notifications.services import notify_staff

    users = supervisors_of(branch)
    if not users:
        return 0
    sent = notify_staff(
        key=key, users=users, subject=subject, body=body, now=now, related=related, link=link
    )
    return len(sent or [])
