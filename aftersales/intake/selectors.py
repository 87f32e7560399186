from django.db.models import QuerySet

from aftersales.accounts.models import User
from aftersales.accounts.policy import scope_by_branch

from .models import ServiceCall


def visible_calls(user: User) -> QuerySet[ServiceCall]:
    return scope_by_branch(
        ServiceCall.objects.select_related(
            "customer", "unit", "model", "fault_type", "taken_by", "branch", "work_order"
        ),
        user,
    )
