"""Business rules of work orders that are decided from their inputs alone."""

from datetime import date, datetime, timedelta

from aftersales.customers.models import Unit

from .models import Kind, ServiceCategory, State, WorkOrder


def default_category(*, unit: Unit | None, kind: str, on: date) -> str:
    """In warranty, parts and labour are free (C); out of it the customer pays (A) (002 第11条).

    Training of the company's own staff is internal work (D). Contracts (B) and overrides come
    with the warranty rules.
    """
    if unit is None:
        return ServiceCategory.INTERNAL if kind == Kind.TRAINING else ServiceCategory.PAID
    return ServiceCategory.FREE if unit.in_warranty_on(on) else ServiceCategory.PAID


def find_repeat(
    *, unit: Unit | None, fault_type_id: int | None, at: datetime, days: int
) -> WorkOrder | None:
    """The earlier job that fixed the same fault on the same unit within `days` before `at`.

    The same problem must not be repaired twice (不允许同一问题重复修理, 001 篇1 三6).
    """
    if unit is None or fault_type_id is None:
        return None
    return (
        WorkOrder.objects.filter(
            unit=unit,
            fault_type_id=fault_type_id,
            state__in=(State.COMPLETED, State.CLOSED),
            completed_at__gte=at - timedelta(days=days),
            completed_at__lte=at,
        )
        .order_by("-completed_at")
        .first()
    )
