"""Cash that passes through a person's hands besides invoice payments, for the hand-over.

Called inside another service's transaction, after that service checked the capability; it is
not an action of its own. The deposit of a claim part order is such cash: taken in when the
customer pays it in cash, paid out when it is refunded in cash."""

from datetime import datetime
from decimal import Decimal

from aftersales.accounts.models import User
from aftersales.core import audit
from aftersales.workorders.models import WorkOrder

from .models import CashEntry, Payment


def cash_entry_add(
    *,
    kind: str,
    person: User,
    now: datetime,
    amount: Decimal,
    method: str,
    reference: str,
    work_order: WorkOrder,
) -> CashEntry | None:
    """Record cash a person took in (a deposit, `amount` > 0) or paid out (a refund, the amount
    as a positive number) for `reference`; money by WeChat, Alipay or transfer never passes
    through his hands, so nothing is recorded for it."""
    if method != Payment.Method.CASH:
        return None
    signed = amount if kind == CashEntry.Kind.DEPOSIT else -amount
    entry = CashEntry.objects.create(
        kind=kind,
        branch_id=work_order.branch_id,
        person=person,
        amount=signed,
        reference=reference,
        work_order=work_order,
        at=now,
    )
    audit.record(entry, by=person, action="create", note=f"{reference} ¥{signed}")
    return entry
