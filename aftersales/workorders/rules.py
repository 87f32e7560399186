"""Business rules of work orders that are decided from their inputs alone."""

from datetime import datetime, timedelta

from aftersales.customers.models import Unit

from .models import State, WorkOrder


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
