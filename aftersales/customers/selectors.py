"""Reads of customers and units, scoped to what the user may see."""

from django.db.models import Q, QuerySet

from aftersales.accounts.models import User
from aftersales.accounts.policy import scope_by_branch
from aftersales.core.phones import phone_search_key

from .models import Customer, Outlet, Unit


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
