"""Pure decisions about parts: who may touch a warehouse, and who pays for a part used."""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from django.conf import settings
from django.utils.translation import gettext as _

from aftersales.accounts.models import Role, User
from aftersales.workorders.models import ServiceCategory

from .models import Warehouse

# Parts are free to the customer on warranty (C) and contract (B) work; otherwise charged
# (002 第11条: in warranty, parts and labour are free).
FREE_CATEGORIES = frozenset({ServiceCategory.FREE, ServiceCategory.CONTRACT})


def is_free(service_category: str) -> bool:
    return service_category in FREE_CATEGORIES


def part_warranty_until(issued_on: date, warranty_days: int) -> date:
    """The last day of the repair's own guarantee for the part (000 篇4 六)."""
    return issued_on + timedelta(days=max(warranty_days, 1) - 1)


@dataclass(frozen=True)
class EarlierFitting:
    """The same part fitted to the same unit on an earlier job."""

    issued_on: date
    order_number: str


@dataclass(frozen=True)
class Coverage:
    is_free: bool
    reason: str


def part_coverage(
    *,
    service_category: str,
    issued_on: date,
    warranty_days: int,
    earlier: Iterable[EarlierFitting] = (),
) -> Coverage:
    """Who pays for one part used on a job, and why, in words.

    Free on warranty (C) and contract (B) work (002 第11条). On paid work the part is still free
    when the same part was fitted to the same unit on an earlier job whose own repair guarantee
    (the part's repair warranty days) still runs on the day of this issue: a unit that comes back
    within it is reworked free (000 篇4 六)."""
    if service_category == ServiceCategory.FREE:
        return Coverage(True, _("Free: warranty work (C)."))
    if service_category == ServiceCategory.CONTRACT:
        return Coverage(True, _("Free: maintenance contract work (B)."))
    covering = [
        fitting
        for fitting in earlier
        if fitting.issued_on <= issued_on
        and issued_on <= part_warranty_until(fitting.issued_on, warranty_days)
    ]
    if covering:
        latest = max(covering, key=lambda fitting: fitting.issued_on)
        until = part_warranty_until(latest.issued_on, warranty_days)
        return Coverage(
            True,
            _("Free: fitted %(date)s on %(order)s, guaranteed until %(until)s.")
            % {
                "date": latest.issued_on.isoformat(),
                "order": latest.order_number,
                "until": until.isoformat(),
            },
        )
    if service_category == ServiceCategory.INTERNAL:
        return Coverage(False, _("Charged: internal work (D)."))
    return Coverage(False, _("Charged: paid work (A)."))


def may_use_warehouse(user: User, warehouse: Warehouse) -> bool:
    """Head office may use any warehouse; a branch its own; a technician only his own van."""
    if user.is_superuser:
        return True
    if user.role == Role.TECHNICIAN:
        van_of = warehouse.technician.user_id if warehouse.technician_id else None
        return warehouse.kind == Warehouse.Kind.VAN and van_of == user.pk
    if user.sees_all_branches:
        return True
    return warehouse.branch_id == user.branch_id


def quotes_required() -> int:
    """How many supplier quotes a purchase needs before approval (三家比价; default three)."""
    return int(settings.AFTERSALES.get("PURCHASE_QUOTES_REQUIRED", 3))
