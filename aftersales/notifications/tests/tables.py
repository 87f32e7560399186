"""The notifications app's entries in the issue-wide tables of core/tests and workorders/tests:

- GUARDED: services in the capability table of workorders/tests/test_services_permissions;
- PAGES, PAGE_RECORDS: pages of core/tests/test_permissions_pages and the records they name;
- OPS, API_RECORDS: API operations of core/tests/test_permissions_api and their records;
- CREATIONS, OPERATIONS: the creating endpoints of core/tests/test_api_idempotency.
Each table's own record type is passed in, so that these entries are written in its terms.

No service of the app asks for a capability: the system tells people (notify_*, message_send),
and only a message's recipient marks it read, which the services check themselves (tested in
test_services_notifications). Every member of staff has an inbox (Cap.VIEW: every role holds
it); the message log is for those who check the service (Cap.CHECK).
"""

import itertools
from collections.abc import Callable
from typing import Any

from aftersales.accounts.models import ApiToken
from aftersales.accounts.policy import Cap

GUARDED: dict[str, tuple[str, Callable[..., Callable[[], Any]]]] = {}
# The pages name no record: a message to mark read is sent in the form.
PAGE_RECORDS: dict[str, Callable[..., Any]] = {}

_keys = itertools.count(1)


def message_of(side: Any, *, fresh: bool = False) -> Any:
    """An unread in-app message in the side's branch, written straight to the table.

    A message is its recipient's only: a move that must succeed (`fresh`) is tried on one
    addressed to the caller, the owner of the newest API token (the API tests' client issues one
    for its user when it is made); otherwise on one of the side's supervisor, which no one under
    test may read, so that another branch's message is "not found" whoever asks.
    """
    from aftersales.notifications.models import Message

    if not fresh and "_notification_message" in side.extra:
        return side.extra["_notification_message"]
    if fresh:
        recipient = ApiToken.objects.select_related("user").order_by("-pk").first().user
    else:
        recipient = side.flow.supervisor
    message = Message.objects.create(
        channel=Message.Channel.IN_APP,
        recipient=recipient,
        branch=side.branch,
        key=f"scene:{next(_keys)}",
        subject=f"{side.label}方工单即将超时",
        body="请尽快安排上门。",
        link=f"/work-orders/{side.order.pk}/",
        status=Message.Status.SENT,
        created_at=side.flow.now,
        sent_at=side.flow.now,
    )
    if not fresh:
        side.extra["_notification_message"] = message
    return message


API_RECORDS: dict[str, tuple[str, Callable[..., Any]]] = {
    "notification_message": ("message_id", message_of),
}
OPERATIONS: dict[str, str] = {}


def PAGES(Rule: type) -> dict[str, Any]:  # noqa: N802 — the table's name
    return {
        "notifications:inbox": Rule(Cap.VIEW),
        "notifications:read": Rule(Cap.VIEW, post_only=True),  # no message named: 400
        "notifications:read_all": Rule(Cap.VIEW, post_only=True),
        "notifications:log": Rule(Cap.CHECK),  # branch scoping: test_views_notifications
    }


def OPS(Op: type) -> dict[tuple[str, str], Any]:  # noqa: N802 — the table's name
    return {
        ("GET", "/notifications"): Op(Cap.VIEW),
        ("POST", "/notifications/read-all"): Op(Cap.VIEW),
        ("POST", "/notifications/{message_id}/read"): Op(Cap.VIEW, record="notification_message"),
    }


def CREATIONS(Creation: type) -> dict[str, Any]:  # noqa: N802 — the table's name
    return {}  # marking read creates nothing


def add_records(scene: Any, now: Any) -> None:
    """Records of this app that every scene starts with (none: they are made on first use)."""
