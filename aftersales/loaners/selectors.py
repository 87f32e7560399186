"""Reads of loaner units and their loans, scoped to the user's branch (head office sees all)."""

import datetime as dt

from django.db.models import QuerySet

from aftersales.accounts.models import User
from aftersales.accounts.policy import scope_by_branch
from aftersales.workorders.models import WorkOrder

from .models import LoanerLoan, LoanerUnit


def visible_loaners(user: User) -> QuerySet[LoanerUnit]:
    return scope_by_branch(
        LoanerUnit.objects.select_related("branch", "model", "model__category"), user
    )


def visible_loans(user: User) -> QuerySet[LoanerLoan]:
    return scope_by_branch(
        LoanerLoan.objects.select_related(
            "loaner__model", "loaner__branch", "customer", "work_order", "lent_by", "received_by"
        ),
        user,
        field="loaner__branch",
    )


def loans_out(user: User, *, now: dt.datetime, overdue_only: bool = False) -> QuerySet[LoanerLoan]:
    """Loaners with customers now, those due back earliest first."""
    qs = visible_loans(user).filter(returned_at__isnull=True)
    if overdue_only:
        qs = qs.filter(expected_return__lt=now)
    return qs.order_by("expected_return", "id")


def loans_of_loaner(loaner: LoanerUnit) -> QuerySet[LoanerLoan]:
    return loaner.loans.select_related("customer", "work_order", "lent_by", "received_by")


def loans_of_order(order: WorkOrder) -> QuerySet[LoanerLoan]:
    return order.loaner_loans.select_related(
        "loaner__model", "work_order", "lent_by", "received_by"
    )


def available_loaners_for(order: WorkOrder) -> QuerySet[LoanerUnit]:
    """Loaners the order's branch can lend now; those of the unit's own category first."""
    qs = LoanerUnit.objects.filter(branch=order.branch_id, is_available=True).select_related(
        "model", "model__category"
    )
    return qs.order_by("model__category", "asset_number")
