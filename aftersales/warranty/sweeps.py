"""The periodic look at maintenance contracts (004 (二十): 保養契約期滿前一個月 … 應填具保養到期通知書
寄與客戶，並派員前往爭取續約).

A contract in force that ends within RENEWAL_NOTICE_DAYS (a month) gets its renewal notice, assigned
to a person of its branch, who is told once; an open notice whose contract has been renewed is
closed as renewed, one whose contract was cancelled as declined. Run twice, or on two workers at
once, it files and tells each thing once: a contract has at most one notice (one-to-one), and a
notice is closed only while it is found open under its row lock.
"""

import datetime as dt

from django.db import transaction
from django.utils import timezone

from .conf import renewal_notice_days
from .models import MaintenanceContract, RenewalNotice
from .renewals import close_open_notice, file_notice


def sweep(*, now: dt.datetime) -> int:
    """How many notices it filed or closed."""
    today = timezone.localdate(now)
    horizon = today + dt.timedelta(days=renewal_notice_days())
    done = 0
    due = MaintenanceContract.objects.filter(
        status=MaintenanceContract.Status.ACTIVE,
        end__gte=today,
        end__lte=horizon,
        renewal_notice__isnull=True,
        renewal__isnull=True,  # renewed already, early
    ).select_related("branch", "customer")
    for contract in list(due):
        if file_notice(contract, now=now) is not None:
            done += 1
    settled = RenewalNotice.objects.filter(status=RenewalNotice.Status.OPEN).filter(
        contract__renewal__isnull=False
    ) | RenewalNotice.objects.filter(
        status=RenewalNotice.Status.OPEN, contract__status=MaintenanceContract.Status.CANCELLED
    )
    for notice in list(settled.select_related("contract")):
        done += _close(notice.contract, now=now)
    return done


@transaction.atomic
def _close(contract: MaintenanceContract, *, now: dt.datetime) -> int:
    contract = MaintenanceContract.objects.select_for_update().get(pk=contract.pk)
    renewal = MaintenanceContract.objects.filter(renewal_of=contract).first()
    if renewal is not None:
        closed = close_open_notice(
            contract,
            status=RenewalNotice.Status.RENEWED,
            by=None,
            now=now,
            outcome=renewal.number,
        )
    elif contract.status == MaintenanceContract.Status.CANCELLED:
        closed = close_open_notice(
            contract,
            status=RenewalNotice.Status.DECLINED,
            by=None,
            now=now,
            outcome=contract.cancel_reason,
        )
    else:  # pragma: no cover — neither renewed nor cancelled: nothing to settle
        closed = None
    return 1 if closed is not None else 0
