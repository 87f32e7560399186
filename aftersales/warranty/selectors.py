"""Reads of contracts and of the three-guarantee table; contracts are scoped to the branch."""

from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import Case, IntegerField, Prefetch, Q, QuerySet, Value, When

from aftersales.accounts.models import User
from aftersales.accounts.policy import CAPABILITIES, Cap, scope_by_branch
from aftersales.customers.models import Unit

from . import rules
from .conf import RENEWAL_NOTICE_DAYS, renewal_notice_days
from .models import MaintenanceContract, Remedy, RenewalNotice, ThreeGuaranteeRule

# Ending "soon": within the renewal notice's month (004 (二十)), settings RENEWAL_NOTICE_DAYS.
EXPIRING_DAYS = RENEWAL_NOTICE_DAYS


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
            end__lte=today + timedelta(days=renewal_notice_days()),
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


# Renewal notices (004 (二十)) --------------------------------------------------------------------


def visible_notices(user: User) -> QuerySet[RenewalNotice]:
    return scope_by_branch(
        RenewalNotice.objects.select_related(
            "contract__customer", "contract__branch", "assigned_to", "closed_by"
        ),
        user,
        field="contract__branch",
    )


def filter_notices(
    qs: QuerySet[RenewalNotice], *, status: str = "", assigned_to: User | None = None
) -> QuerySet[RenewalNotice]:
    """Open notices first, the soonest to end first."""
    if status:
        qs = qs.filter(status=status)
    if assigned_to is not None:
        qs = qs.filter(assigned_to=assigned_to)
    return qs.annotate(
        closed_rank=Case(
            When(status=RenewalNotice.Status.OPEN, then=Value(0)),
            default=Value(1),
            output_field=IntegerField(),
        )
    ).order_by("closed_rank", "due", "id")


def notice_of(contract: MaintenanceContract) -> RenewalNotice | None:
    return (
        RenewalNotice.objects.select_related("assigned_to", "closed_by")
        .filter(contract=contract)
        .first()
    )


def renewal_assignees(contract: MaintenanceContract) -> QuerySet[User]:
    """Who may be sent for the contract's renewal: active people of its branch or of head office
    whose role may edit contracts."""
    roles = [role for role, caps in CAPABILITIES.items() if Cap.EDIT_CONTRACTS in caps]
    return (
        User.objects.filter(is_active=True, role__in=roles)
        .filter(Q(branch_id=contract.branch_id) | Q(branch__is_head_office=True))
        .select_related("branch")
        .order_by("branch__is_head_office", "role", "username")
    )
