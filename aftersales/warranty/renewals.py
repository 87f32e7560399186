"""The renewal notice's moves shared by the services and the periodic sweep (004 (二十)): who is
sent, filing the notice, telling him, and closing it. The services check who may; these do not.
"""

import datetime as dt

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from aftersales.accounts.models import User
from aftersales.accounts.policy import Cap, can
from aftersales.core import audit

from .conf import renewal_notice_roles
from .models import MaintenanceContract, RenewalNotice
from .rules import choose_renewal_assignee


def may_pursue(user: User, contract: MaintenanceContract) -> bool:
    """Whether `user` may be sent for the contract's renewal: active, allowed to edit contracts,
    of the contract's branch or of head office."""
    return (
        user.is_active
        and can(user, Cap.EDIT_CONTRACTS)
        and (user.branch_id == contract.branch_id or user.sees_all_branches)
    )


def default_assignee(contract: MaintenanceContract) -> User | None:
    """The branch's manager, else its supervisor (settings.AFTERSALES["RENEWAL_NOTICE_ROLES"]);
    head office's when the branch has nobody who may edit contracts."""
    roles = renewal_notice_roles()
    people = list(
        User.objects.filter(is_active=True, role__in=roles).select_related("branch").order_by("pk")
    )
    own = [u for u in people if u.branch_id == contract.branch_id and may_pursue(u, contract)]
    chosen = choose_renewal_assignee(own, roles)
    if chosen is None:
        head_office = [
            u for u in people if u.branch_id and u.sees_all_branches and may_pursue(u, contract)
        ]
        chosen = choose_renewal_assignee(head_office, roles)
    return chosen


def tell_assignee(notice: RenewalNotice, *, now: dt.datetime) -> None:
    """The person sent hears of it once (the message's key names the notice and him)."""
    if notice.assigned_to_id is None:
        return
    from aftersales.notifications.services import notify_staff

    contract = notice.contract
    with translation.override(settings.LANGUAGE_CODE):
        values = {
            "number": contract.number,
            "due": notice.due.isoformat(),
            "customer": contract.customer.name,
            "phone": contract.customer.phone_display,
            "fee": contract.annual_fee,
        }
        subject = _("Contract %(number)s ends on %(due)s: win its renewal") % values
        body = (
            _(
                "Maintenance contract %(number)s of %(customer)s (%(phone)s) ends on %(due)s. Send "
                "the customer the expiry notice and go to win the renewal (annual fee ¥%(fee)s)."
            )
            % values
        )
    notify_staff(
        key=f"renewal-notice-{notice.pk}-{notice.assigned_to_id}",
        users=[notice.assigned_to],
        subject=subject,
        body=body,
        now=now,
        related=contract,
        link=reverse("warranty:contract_detail", args=[contract.pk]),
    )


@transaction.atomic
def file_notice(contract: MaintenanceContract, *, now: dt.datetime) -> RenewalNotice | None:
    """File the contract's renewal notice, assigned and told, unless it has one: the one-to-one
    key makes a second worker's attempt find the first's notice. None if it had one."""
    notice, created = RenewalNotice.objects.get_or_create(
        contract=contract,
        defaults={
            "created_at": now,
            "due": contract.end,
            "assigned_to": default_assignee(contract),
        },
    )
    if not created:
        return None
    audit.record(notice, by=None, action="renewal_notice_file")
    tell_assignee(notice, now=now)
    return notice


def close_open_notice(
    contract: MaintenanceContract,
    *,
    status: str,
    by: User | None,
    now: dt.datetime,
    outcome: str = "",
) -> RenewalNotice | None:
    """Close the contract's open notice, if it has one (inside the caller's transaction): as
    renewed when the contract is renewed, as declined when it is cancelled or refused."""
    notice = (
        RenewalNotice.objects.select_for_update()
        .filter(contract=contract, status=RenewalNotice.Status.OPEN)
        .first()
    )
    if notice is None:
        return None
    before = audit.snapshot(notice)
    notice.status = status
    notice.outcome = outcome
    notice.closed_at = now
    notice.closed_by = by
    notice.save()
    audit.record(notice, by=by, action=f"renewal_notice_{status}", before=before, note=outcome)
    return notice
