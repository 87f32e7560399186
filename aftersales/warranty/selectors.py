"""Reads of contracts and of the three-guarantee table; contracts are scoped to the branch."""

from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import Prefetch, Q, QuerySet

from aftersales.accounts.models import User
from aftersales.accounts.policy import scope_by_branch
from aftersales.customers.models import Unit

from . import rules
from .models import MaintenanceContract, Remedy, ThreeGuaranteeRule

EXPIRING_DAYS = 30  # renewal notice one month before the end (004 (二十))


def visible_contracts(user: User) -> QuerySet[MaintenanceContract]:
    return scope_by_branch(
        MaintenanceContract.objects.select_related("customer", "branch"), user
    ).prefetch_related(Prefetch("units", queryset=Unit.objects.select_related("model")))


def filter_contracts(
    qs: QuerySet[MaintenanceContract],
    *,
    today: date,
    customer: int | None = None,
    status: str = "",
    expiring: bool = False,
    query: str = "",
) -> QuerySet[MaintenanceContract]:
    if customer:
        qs = qs.filter(customer_id=customer)
    if status:
        qs = qs.filter(status=status)
    if expiring:
        qs = qs.filter(
            status=MaintenanceContract.Status.ACTIVE,
            end__gte=today,
            end__lte=today + timedelta(days=EXPIRING_DAYS),
        ).order_by("end", "id")
    query = (query or "").strip()
    if query:
        qs = qs.filter(
            Q(number__icontains=query)
            | Q(customer__name__icontains=query)
            | Q(customer__phone__endswith=query)
        )
    return qs


def contract_covering(unit: Unit | None, on: date) -> MaintenanceContract | None:
    """The active contract that covers the unit on the day, if any (the latest to start)."""
    if unit is None or unit.pk is None:
        return None
    return (
        MaintenanceContract.objects.filter(
            units=unit, status=MaintenanceContract.Status.ACTIVE, start__lte=on, end__gte=on
        )
        .order_by("-start", "-id")
        .first()
    )


def unit_contracts(unit: Unit) -> list[MaintenanceContract]:
    return list(unit.contracts.order_by("-start", "-id"))


def three_guarantee_rules() -> list[ThreeGuaranteeRule]:
    return list(ThreeGuaranteeRule.objects.select_related("category"))


@dataclass(frozen=True)
class Entitlement:
    """The three-guarantee remedies a unit is entitled to on a day, and since when it was bought."""

    days: int | None  # None while the purchase date is unknown
    remedies: list[str]

    @property
    def labels(self) -> list[str]:
        names = dict(Remedy.choices)
        return [str(names[remedy]) for remedy in self.remedies]


def entitlement(unit: Unit | None, on: date) -> Entitlement | None:
    if unit is None:
        return None
    rows = ThreeGuaranteeRule.objects.filter(
        Q(category_id=unit.model.category_id) | Q(category__isnull=True)
    )
    return Entitlement(
        days=rules.days_since_purchase(unit, on),
        remedies=rules.remedies_on(unit=unit, on=on, rules=rows),
    )
