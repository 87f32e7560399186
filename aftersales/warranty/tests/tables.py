"""The warranty app's renewal-notice entries (004 (二十)) in the issue-wide tables of core/tests
and workorders/tests:

- PAGES, PAGE_RECORDS: pages of core/tests/test_permissions_pages and the records they name;
- OPS, API_RECORDS: API operations of core/tests/test_permissions_api and their records;
- CREATIONS, OPERATIONS: creating endpoints of core/tests/test_api_idempotency (none here);
- GUARDED: empty — the warranty services are in guarded.py, wired on its own (as are the
  contract pages, in core/tests/test_permissions_pages, and audited.py);
- add_records: an open renewal notice on each side's contract, for the list's branch check.
Each table's own record type is passed in, so that these entries are written in its terms.
"""

from collections.abc import Callable
from typing import Any

from django.utils import timezone

from aftersales.accounts.policy import Cap

from .scene_records import renewal_notice_of

GUARDED: dict[str, tuple[str, Callable[..., Callable[[], Any]]]] = {}
PAGE_RECORDS: dict[str, Callable[..., Any]] = {"renewal_notice": renewal_notice_of}
API_RECORDS: dict[str, tuple[str, Callable[..., Any]]] = {
    "renewal_notice": ("notice_id", renewal_notice_of)
}
OPERATIONS: dict[str, str] = {}


def PAGES(Rule: type) -> dict[str, Any]:  # noqa: N802 — the table's name
    return {
        # Lists each branch's notices by their contract's number (add_records below).
        "warranty:renewal_notices": Rule(Cap.VIEW, lists="contract"),
        "warranty:renewal_notice_letter": Rule(Cap.VIEW, record="renewal_notice"),
        "warranty:renewal_notice_assign": Rule(
            Cap.EDIT_CONTRACTS, record="renewal_notice", post_only=True
        ),
        "warranty:renewal_notice_letter_sent": Rule(
            Cap.EDIT_CONTRACTS, record="renewal_notice", post_only=True
        ),
        "warranty:renewal_notice_close": Rule(
            Cap.EDIT_CONTRACTS, record="renewal_notice", post_only=True
        ),
    }


def OPS(Op: type) -> dict[tuple[str, str], Any]:  # noqa: N802 — the table's name
    return {
        ("GET", "/renewal-notices"): Op(Cap.VIEW),
        ("GET", "/renewal-notices/{notice_id}"): Op(Cap.VIEW, record="renewal_notice"),
        ("POST", "/renewal-notices/{notice_id}/assign"): Op(
            Cap.EDIT_CONTRACTS,
            record="renewal_notice",
            body=lambda scene, side: {"assignee": side.flow.supervisor.pk},
        ),
        ("POST", "/renewal-notices/{notice_id}/letter-sent"): Op(
            Cap.EDIT_CONTRACTS,
            record="renewal_notice",
            body=lambda scene, side: {"sent_on": str(timezone.localdate(side.flow.now))},
        ),
        ("POST", "/renewal-notices/{notice_id}/close"): Op(
            Cap.EDIT_CONTRACTS,
            record="renewal_notice",
            body=lambda scene, side: {"reason": "客户设备已报废，不再续约"},
        ),
    }


def CREATIONS(Creation: type) -> dict[str, Any]:  # noqa: N802 — the table's name
    return {}


def add_records(scene: Any, now: Any) -> None:
    """An open renewal notice on each side's contract (warranty/tests/scene.py), written straight
    to the table as the sweep would file it, assigned to the side's supervisor."""
    from aftersales.warranty.models import RenewalNotice

    for side in (scene.a, scene.b):
        contract = side.extra["contract"]
        RenewalNotice.objects.create(
            contract=contract, created_at=now, due=contract.end, assigned_to=side.flow.supervisor
        )
