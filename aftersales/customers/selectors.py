"""Reads of customers and units, scoped to what the user may see."""

from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from django.db.models import Q, QuerySet

from aftersales.accounts.models import User
from aftersales.accounts.policy import scope_by_branch
from aftersales.core.phones import phone_search_key

from .models import Customer, Outlet, Unit

if TYPE_CHECKING:
    from aftersales.intake.models import ServiceCall
    from aftersales.workorders.models import WorkOrder


def visible_customers(user: User) -> QuerySet[Customer]:
    return scope_by_branch(Customer.objects.select_related("branch"), user)


def visible_units(user: User) -> QuerySet[Unit]:
    return scope_by_branch(
        Unit.objects.select_related("model", "model__category", "customer", "sold_by"),
        user,
        field="customer__branch",
    )


def visible_outlets(user: User) -> QuerySet[Outlet]:
    return scope_by_branch(Outlet.objects.select_related("branch"), user)


def customers_matching(user: User, query: str) -> QuerySet[Customer]:
    """What the agent typed: a phone (any format, or its last digits) or part of a name."""
    query = (query or "").strip()
    qs = visible_customers(user)
    if not query:
        return qs
    digits = "".join(ch for ch in query if ch.isdigit())
    condition = Q(name__icontains=query) | Q(address__icontains=query)
    if len(digits) >= 4:
        key = phone_search_key(query)
        condition |= Q(phone=key) | Q(phone__endswith=digits) | Q(alt_phone__endswith=digits)
    return qs.filter(condition)


@dataclass(frozen=True)
class HistoryEntry:
    """One line of a unit's service file (售后服务档案): a call, or a job done on it."""

    at: datetime
    call: "ServiceCall | None" = None
    order: "WorkOrder | None" = None

    @property
    def is_repeat(self) -> bool:
        record = self.order or self.call
        return bool(record and record.is_repeat)


def unit_service_file(unit: Unit) -> list[HistoryEntry]:
    """Every call and work order on the unit, oldest first (000 篇2, 002 (四)).

    A call that became a work order is shown once, as the call with its job, so the file reads as
    the story of the unit. Two queries, whatever the length of the history.
    """
    from aftersales.intake.models import ServiceCall
    from aftersales.workorders.models import WorkOrder

    orders = list(
        WorkOrder.objects.filter(unit=unit).select_related(
            "technician__user", "outlet", "fault_type", "call"
        )
    )
    by_call = {order.call_id: order for order in orders if order.call_id}
    calls = ServiceCall.objects.filter(unit=unit).select_related("fault_type", "taken_by")
    entries = [
        HistoryEntry(at=call.received_at, call=call, order=by_call.get(call.pk)) for call in calls
    ]
    entries += [
        HistoryEntry(at=order.created_at, order=order)
        for order in orders
        if not order.call_id or order.call.unit_id != unit.pk
    ]
    return sorted(entries, key=lambda entry: entry.at)


def customer_recent_history(customer: Customer, *, limit: int = 10) -> dict[str, list]:
    from aftersales.intake.models import ServiceCall
    from aftersales.workorders.models import WorkOrder

    return {
        "calls": list(
            ServiceCall.objects.filter(customer=customer).select_related(
                "unit__model", "fault_type"
            )[:limit]
        ),
        "orders": list(
            WorkOrder.objects.filter(customer=customer).select_related(
                "unit__model", "technician__user", "outlet", "fault_type"
            )[:limit]
        ),
    }
