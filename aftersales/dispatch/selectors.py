"""Whom to send: certified technicians ranked by branch, zone and today's load."""

from dataclasses import dataclass
from datetime import datetime

from django.db.models import Count, Q, QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from aftersales.accounts.models import User
from aftersales.accounts.policy import scope_by_branch
from aftersales.workorders.models import ASSIGNED_STATES, WorkOrder

from .models import Technician


@dataclass(frozen=True)
class Suggestion:
    technician: Technician
    same_branch: bool
    same_zone: bool
    load_today: int

    @property
    def reason(self) -> str:
        parts = [
            _("same branch") if self.same_branch else _("other branch"),
            _("same zone") if self.same_zone else _("other zone"),
            ngettext("%(count)d job today", "%(count)d jobs today", self.load_today)
            % {"count": self.load_today},
        ]
        return " · ".join(parts)


def suggest_technicians(
    *, order: WorkOrder, day_start: datetime, day_end: datetime, all_branches: bool, limit: int = 10
) -> list[Suggestion]:
    """Whom to send on one order: the board's ranking, with a longer list."""
    return suggest_technicians_for_orders(
        orders=[order], day_start=day_start, day_end=day_end, all_branches=all_branches, limit=limit
    )[order.pk]


def _rank(suggestion: Suggestion) -> tuple:
    return (
        not suggestion.same_branch,
        not suggestion.same_zone,
        suggestion.load_today,
        suggestion.technician.user.username,
    )


def suggest_technicians_for_orders(
    *,
    orders: list[WorkOrder],
    day_start: datetime,
    day_end: datetime,
    all_branches: bool,
    limit: int = 3,
) -> dict[int, list[Suggestion]]:
    """Whom to send on each order of a board, in three queries however many orders there are.

    Only active technicians certified for the unit's category are offered (all of them when
    the order has no unit yet); same branch first, then same zone, then the least busy today.
    Today's load counts open jobs booked for today or not yet booked."""
    if not orders:
        return {}
    qs = Technician.objects.filter(is_active=True).select_related("user", "branch")
    if not all_branches:
        qs = qs.filter(branch_id__in={o.branch_id for o in orders})
    qs = list(qs.prefetch_related("certifications"))
    # Today's load in its own grouped query on the work-order table: cheaper than grouping the
    # joined technician rows.
    loads = dict(
        WorkOrder.objects.filter(technician__in=[t.pk for t in qs], state__in=ASSIGNED_STATES)
        .filter(
            Q(appointment_start__gte=day_start, appointment_start__lt=day_end)
            | Q(appointment_start__isnull=True)
        )
        .order_by()
        .values_list("technician")
        .annotate(n=Count("id"))
        .values_list("technician", "n")
    )
    for t in qs:
        t.load_today = loads.get(t.pk, 0)
    technicians = [(t, {c.pk for c in t.certifications.all()}) for t in qs]
    result: dict[int, list[Suggestion]] = {}
    for order in orders:
        category_id = order.unit.model.category_id if order.unit_id else None
        zone = order.customer.zone
        ranked = sorted(
            (
                Suggestion(
                    technician=t,
                    same_branch=t.branch_id == order.branch_id,
                    same_zone=t.zone == zone,
                    load_today=t.load_today,
                )
                for t, certified in technicians
                if (all_branches or t.branch_id == order.branch_id)
                and (category_id is None or category_id in certified)
            ),
            key=_rank,
        )
        result[order.pk] = ranked[:limit]
    return result


def visible_technicians(user: User) -> QuerySet[Technician]:
    """The technicians of the user's branch (head office: all), with what they are certified for."""
    return scope_by_branch(
        Technician.objects.select_related("user", "branch").prefetch_related("certifications"),
        user,
    )
