"""Reads of messages: one's own inbox, and the message log of the branch."""

from django.db.models import Case, IntegerField, Q, QuerySet, Value, When

from aftersales.accounts.models import User
from aftersales.accounts.policy import Cap, can, get_in_scope, scope_by_branch

from .models import Message


def inbox(user: User) -> QuerySet[Message]:
    """The user's in-app messages, unread first, each group newest first."""
    if not user.is_authenticated:
        return Message.objects.none()
    return (
        Message.objects.filter(recipient=user, channel=Message.Channel.IN_APP)
        .alias(
            unread=Case(
                When(read_at__isnull=True, then=Value(1)),
                default=Value(0),
                output_field=IntegerField(),
            )
        )
        .order_by("-unread", "-created_at", "-id")
    )


def my_messages(user: User, *, unread: bool = False) -> QuerySet[Message]:
    qs = inbox(user)
    return qs.filter(read_at__isnull=True) if unread else qs


def my_message(user: User, pk: int) -> Message:
    """One of the user's own in-app messages; anyone else's does not exist for him."""
    return get_in_scope(inbox(user), pk=pk)


def unread_count(user: User) -> int:
    if not user.is_authenticated:
        return 0
    return Message.objects.filter(
        recipient=user, channel=Message.Channel.IN_APP, read_at__isnull=True
    ).count()


def message_log(
    user: User, *, channel: str = "", status: str = "", q: str = ""
) -> QuerySet[Message]:
    """Every message recorded, of the user's branch (head office: every branch, and the messages
    of no branch), newest first; for those who check the service (Cap.CHECK)."""
    if not can(user, Cap.CHECK):
        return Message.objects.none()
    qs = scope_by_branch(Message.objects.select_related("recipient", "branch"), user)
    if channel:
        qs = qs.filter(channel=channel)
    if status:
        qs = qs.filter(status=status)
    q = (q or "").strip()
    if q:
        qs = qs.filter(
            Q(subject__icontains=q)
            | Q(address__icontains=q)
            | Q(object_repr__icontains=q)
            | Q(recipient__username__icontains=q)
            | Q(recipient__last_name__icontains=q)
        )
    return qs.order_by("-created_at", "-id")
