"""Holds: a job waits for the customer or for parts, and the clocks its reason names stop until
it goes on (SPEC §6). Each in a transaction, on the locked order, audited."""

from datetime import datetime

from django.db import transaction
from django.utils.translation import gettext as _

from aftersales.accounts.models import User
from aftersales.accounts.policy import Cap, require
from aftersales.core import audit
from aftersales.core.exceptions import DomainError
from aftersales.core.validation import required_text
from aftersales.workorders.models import WorkOrder

from . import clocks
from .models import Hold


def _locked(order: WorkOrder) -> WorkOrder:
    return (
        WorkOrder.objects.select_for_update(of=("self",)).select_related("branch").get(pk=order.pk)
    )


@transaction.atomic
def order_hold(*, order: WorkOrder, by: User, reason: str, note: str, now: datetime) -> Hold:
    """Put an open job on hold; one hold at a time, and none in the future or the past."""
    require(by, Cap.HOLD_JOBS)
    order = _locked(order)
    if not order.is_open:
        raise DomainError(
            _("The work order is “%(state)s”: it cannot be put on hold.")
            % {"state": order.get_state_display()},
            field="state",
            code="illegal_transition",
        )
    if reason not in Hold.Reason.values:
        raise DomainError(_("Choose what the job is waiting for."), field="reason")
    note = required_text(note, "note", _("Say what the job is waiting for."))
    if order.holds.filter(ended_at__isnull=True).exists():
        raise DomainError(_("The job is on hold already."), field="reason", code="on_hold")
    hold = Hold.objects.create(order=order, reason=reason, note=note, started_at=now, started_by=by)
    clocks.refresh(order)
    audit.record(
        order,
        by=by,
        action="hold",
        changes={"hold": [None, hold.reason]},
        note=note,
    )
    return hold


@transaction.atomic
def order_resume(*, order: WorkOrder, by: User, now: datetime) -> Hold:
    """The wait is over: the stopped clocks go on from where they stood."""
    require(by, Cap.HOLD_JOBS)
    order = _locked(order)
    hold = order.holds.select_for_update().filter(ended_at__isnull=True).first()
    if hold is None:
        raise DomainError(_("The job is not on hold."), field="hold", code="not_on_hold")
    if now < hold.started_at:
        raise DomainError(_("A hold cannot end before it began."), field="hold")
    hold.ended_at, hold.ended_by = now, by
    hold.save(update_fields=["ended_at", "ended_by"])
    clocks.refresh(order)
    audit.record(
        order,
        by=by,
        action="resume",
        changes={"hold": [hold.reason, None]},
    )
    return hold
