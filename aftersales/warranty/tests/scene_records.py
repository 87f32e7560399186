"""Contracts of each side of the permission tests' scene for the moves that change a contract
(renew, cancel): `fresh=True` makes a new one for a move that must succeed, far in the future so
that a side's unit can carry many without overlap; otherwise the side's own contract. The one made last is kept in
side.extra["_contract_last"], so that a renewal's body can name the end of the next period."""

import datetime as dt
import itertools

from aftersales.warranty.models import MaintenanceContract
from aftersales.warranty.services import contract_create

_years = itertools.count(2300, 2)  # a renewal takes the year after


def _contract(side) -> MaintenanceContract:
    year = next(_years)
    contract = contract_create(
        by=side.flow.supervisor,
        customer=side.customer,
        units=[side.unit],
        start=dt.date(year, 1, 1),
        end=dt.date(year, 12, 31),
        annual_fee="1200",
        visits_per_year=2,
        now=side.flow.now,
    )
    return contract


def active_contract_of(side, *, fresh: bool = False) -> MaintenanceContract:
    """Fresh: a new one; otherwise the side's own contract, only read or refused."""
    contract = _contract(side) if fresh else side.extra["contract"]
    side.extra["_contract_last"] = contract
    return contract


def renewal_body(side) -> dict[str, str]:
    """Renew for the year after the contract named last."""
    last = side.extra["_contract_last"]
    return {"end": str(last.end.replace(year=last.end.year + 1)), "annual_fee": "1300"}


RECORDS = {"active_contract": ("contract_id", active_contract_of)}


def OPS(Op: type) -> dict:  # noqa: N802, N803
    """The contract moves for core/tests/test_permissions_api.OPS."""
    from aftersales.accounts.policy import Cap

    return {
        ("POST", "/contracts/{contract_id}/renew"): Op(
            Cap.EDIT_CONTRACTS,
            record="active_contract",
            ok=201,
            body=lambda scene, side: renewal_body(side),
        ),
        ("POST", "/contracts/{contract_id}/cancel"): Op(
            Cap.EDIT_CONTRACTS,
            record="active_contract",
            body=lambda scene, side: {"reason": "客户不再续约"},
        ),
    }


# Renewal notices (004 (二十)) -------------------------------------------------------------------

_past_years = itertools.count(1950)  # each notice's contract in a year of its own, long past


def renewal_notice_of(side, *, fresh: bool = False):
    """An open renewal notice of a contract of the side's, assigned to its supervisor: the one
    kept in side.extra unless `fresh` or closed since. Its contract ran in a past year, so that
    a letter sent today is after it began."""
    from aftersales.warranty.models import RenewalNotice

    kept = side.extra.get("_renewal_notice")
    still_open = RenewalNotice.objects.filter(status=RenewalNotice.Status.OPEN)
    if not fresh and kept is not None and still_open.filter(pk=kept.pk).exists():
        return kept
    year = next(_past_years)
    contract = contract_create(
        by=side.flow.supervisor,
        customer=side.customer,
        units=[side.unit],
        start=dt.date(year, 1, 1),
        end=dt.date(year, 12, 31),
        annual_fee="1200",
        visits_per_year=2,
        now=side.flow.now,
    )
    notice = RenewalNotice.objects.create(
        contract=contract,
        created_at=side.flow.now,
        due=contract.end,
        assigned_to=side.flow.supervisor,
    )
    side.extra["_renewal_notice"] = notice
    return notice
