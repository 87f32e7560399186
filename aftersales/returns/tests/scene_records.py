"""Return requests of each side of the permission tests' scene (aftersales.core.tests.scene).

Written straight to the tables, with no audit entry, so that making them does not count as a
change in the scene's footprint. Each is on a unit of its own (a unit has one open request at a
time). One record per side and state is kept; `fresh=True` makes a new one, for a move that must
succeed.
"""

import datetime as dt
import itertools
from decimal import Decimal

from aftersales.customers.models import Unit
from aftersales.returns.models import Resolution, ReturnRequest

_numbers = itertools.count(1)


def fresh_unit_of(side) -> Unit:
    """A unit of the side's customer bought ten days ago: exchange or repair."""
    n = next(_numbers)
    return Unit.objects.create(
        customer=side.customer,
        model=side.unit.model,
        serial=f"TH{side.label}{n:05d}",
        purchase_date=side.flow.now.date() - dt.timedelta(days=10),
    )


def _request(side, status: str, *, unit: Unit | None = None) -> ReturnRequest:
    unit = unit or fresh_unit_of(side)
    now = side.flow.now
    decided = status != ReturnRequest.Status.REQUESTED
    request = ReturnRequest.objects.create(
        number=f"TH-S{next(_numbers):05d}",
        branch=side.branch,
        customer=side.customer,
        unit=unit,
        kind=ReturnRequest.Kind.EXCHANGE,
        reason=f"{side.label}方客户要求换货",
        requested_by=side.flow.agent,
        requested_at=now,
        purchased_on=unit.purchase_date,
        days_since_purchase=10,
        entitled_remedies=["exchange", "repair"],
        within_entitlement=True,
        status=status,
        decided_by=side.flow.supervisor if decided else None,
        decided_at=now if decided else None,
    )
    return request


def _kept(side, fresh: bool, make) -> ReturnRequest:
    """A fresh record in the state asked for; otherwise the side's one kept request, on the
    side's own unit so that nothing counted by the scene's footprint is added. A kept record is
    only asked for where the move is refused (another branch, a role without the capability) or
    where an empty form is, so its state does not matter there."""
    if fresh:
        return make()
    if "_return" not in side.extra:
        side.extra["_return"] = open_request_on(side.unit) or _request(
            side, ReturnRequest.Status.REQUESTED, unit=side.unit
        )
    return side.extra["_return"]


def open_request_on(unit: Unit) -> ReturnRequest | None:
    return ReturnRequest.objects.filter(
        unit=unit, status__in=[ReturnRequest.Status.REQUESTED, ReturnRequest.Status.APPROVED]
    ).first()


def unit_to_file_for(side) -> Unit:
    """The side's own unit while it has no open request (so that asking for it adds nothing to
    the scene's footprint), else a new one."""
    return side.unit if open_request_on(side.unit) is None else fresh_unit_of(side)


def return_request_of(side, *, fresh: bool = False) -> ReturnRequest:
    """A request awaiting the general manager."""
    return _kept(side, fresh, lambda: _request(side, ReturnRequest.Status.REQUESTED))


def approved_return_of(side, *, fresh: bool = False) -> ReturnRequest:
    """An approved request with nothing recorded yet."""
    return _kept(side, fresh, lambda: _request(side, ReturnRequest.Status.APPROVED))


def resolved_return_of(side, *, fresh: bool = False) -> ReturnRequest:
    """An approved request with a credit note of 150 yuan: ready to be completed."""

    def make() -> ReturnRequest:
        request = _request(side, ReturnRequest.Status.APPROVED)
        Resolution.objects.create(
            return_request=request,
            kind=Resolution.Kind.CREDIT_NOTE,
            amount=Decimal("150.00"),
            recorded_by=side.flow.agent,
            recorded_at=side.flow.now,
        )
        return request

    return _kept(side, fresh, make)
