"""The warranty services in the table of core/tests/test_audit_services: each leaves its entry."""

import datetime as dt
from collections.abc import Callable
from typing import Any

from django.utils import timezone

from aftersales.accounts.models import Role
from aftersales.warranty import services
from aftersales.warranty.models import ThreeGuaranteeRule


def CHANGES(Change: type) -> dict[str, Callable[[Any], Any]]:  # noqa: N802 — the table's name
    def result(value: Any) -> Any:
        return value

    def contract_create(scene: Any) -> Any:
        by = scene.users[Role.MANAGER]
        unit = scene.a.unit
        return Change(
            by=by,
            run=lambda: services.contract_create(
                by=by,
                customer=scene.a.customer,
                units=[unit],
                start=dt.date(2101, 1, 1),
                end=dt.date(2101, 12, 31),
                annual_fee="960",
                visits_per_year=4,
                now=timezone.now(),
            ),
            expect=[(result, "visits_per_year", None, 4)],
        )

    def contract_renew(scene: Any) -> Any:
        by = scene.users[Role.SUPERVISOR]
        contract = scene.a.extra["contract"]
        return Change(
            by=by,
            run=lambda: services.contract_renew(
                by=by,
                contract=contract,
                end=contract.end + dt.timedelta(days=365),
                now=timezone.now(),
            ),
            expect=[(result, "renewal_of", None, contract.pk)],
        )

    def contract_cancel(scene: Any) -> Any:
        by = scene.users[Role.SUPERVISOR]
        contract = scene.a.extra["contract"]
        return Change(
            by=by,
            run=lambda: services.contract_cancel(
                by=by, contract=contract, reason="客户停业", now=timezone.now()
            ),
            expect=[(result, "status", "active", "cancelled")],
        )

    def rule_save(scene: Any) -> Any:
        by = scene.users[Role.QUALITY]
        return Change(
            by=by,
            run=lambda: services.three_guarantee_rule_save(
                by=by, category=scene.model.category, days=30, remedies=["repair"]
            ),
            expect=[(result, "days", None, 30)],
        )

    def rule_delete(scene: Any) -> Any:
        # The row is gone after the call, so the table cannot re-read it: its entry (every
        # field before, nothing after) is checked in warranty/tests/test_services_warranty.py.
        by = scene.users[Role.QUALITY]
        rule = ThreeGuaranteeRule.objects.filter(category=None).first()
        return Change(
            by=by, run=lambda: services.three_guarantee_rule_delete(by=by, rule=rule), expect=[]
        )

    def _notice(scene: Any) -> Any:
        """The open renewal notice of side A's contract (made here if the scene has none)."""
        from aftersales.warranty.models import RenewalNotice

        contract = scene.a.extra["contract"]
        notice, _created = RenewalNotice.objects.get_or_create(
            contract=contract,
            defaults={"created_at": timezone.now(), "due": contract.end},
        )
        return notice

    def notice_assign(scene: Any) -> Any:
        by = scene.users[Role.MANAGER]
        notice = _notice(scene)
        before = notice.assigned_to_id
        return Change(
            by=by,
            run=lambda: services.renewal_notice_assign(
                by=by, notice=notice, assignee=by, now=timezone.now()
            ),
            expect=[(result, "assigned_to", before, by.pk)],
        )

    def notice_letter_sent(scene: Any) -> Any:
        by = scene.users[Role.SUPERVISOR]
        notice = _notice(scene)
        today = timezone.localdate()
        return Change(
            by=by,
            run=lambda: services.renewal_notice_letter_sent(
                by=by, notice=notice, sent_on=today, now=timezone.now()
            ),
            expect=[(result, "letter_sent_on", None, today.isoformat())],
        )

    def notice_close(scene: Any) -> Any:
        by = scene.users[Role.SUPERVISOR]
        notice = _notice(scene)
        return Change(
            by=by,
            run=lambda: services.renewal_notice_close(
                by=by, notice=notice, reason="客户改由厂家保养", now=timezone.now()
            ),
            expect=[(result, "status", "open", "declined")],
        )

    return {
        "renewal_notice_assign": notice_assign,
        "renewal_notice_letter_sent": notice_letter_sent,
        "renewal_notice_close": notice_close,
        "contract_create": contract_create,
        "contract_renew": contract_renew,
        "contract_cancel": contract_cancel,
        "three_guarantee_rule_save": rule_save,
        "three_guarantee_rule_delete": rule_delete,
    }
