"""Loaner units and loans of each side of the permission tests' scene
(aftersales.core.tests.scene).

Written straight to the tables, with no audit entry, so that making them does not count as a
change in the scene's footprint. One record per side is kept; `fresh=True` makes a new one, for a
move that must succeed.
"""

import datetime as dt
import itertools

from aftersales.loaners.models import LoanerLoan, LoanerUnit

_numbers = itertools.count(1)


def _loaner(side, **values) -> LoanerUnit:
    return LoanerUnit.objects.create(
        asset_number=f"TB-S{next(_numbers):05d}",
        model=side.unit.model,
        serial=f"{side.label}替补{next(_numbers)}",
        branch=side.branch,
        **values,
    )


def loaner_of(side, *, fresh: bool = False) -> LoanerUnit:
    """An available loaner of the side's branch."""
    if fresh:
        return _loaner(side)
    if "_loaner" not in side.extra:
        side.extra["_loaner"] = _loaner(side)
    return side.extra["_loaner"]


def loan_of(side, *, fresh: bool = False) -> LoanerLoan:
    """A loaner lent to the side's customer for its open work order, not yet returned."""
    if not fresh and "_loan" in side.extra:
        return side.extra["_loan"]
    now = side.flow.now
    loan = LoanerLoan.objects.create(
        loaner=_loaner(side, is_available=False),
        customer=side.customer,
        work_order=side.order,
        lent_at=now,
        expected_return=now + dt.timedelta(days=3),
        lent_by=side.flow.dispatcher,
    )
    if not fresh:
        side.extra["_loan"] = loan
    return loan
