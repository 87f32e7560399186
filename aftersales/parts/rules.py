"""Pure decisions about parts: who may touch a warehouse, and who pays for a part used."""

from datetime import date, timedelta

from django.conf import settings

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
