"""Whom to send: certified technicians ranked by branch, zone and today's load."""

from dataclasses import dataclass
from datetime import datetime

from django.db.models import Count, Q
from django.utils.translation import gettext as _

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
            _("%(count)d jobs today") % {"count": self.load_today},
        ]
        return " · ".join(parts)


def suggest_technicians(
    *, order: WorkOrder, day_start: datetime, day_end: datetime, all_branches: bool, limit: int = 10
) -> list[Suggestion]:
    """Only technicians certified for the unit's category are offered; nearer and less busy
    ones first. Today's load counts open jobs due today or not yet booked."""
    category_id = order.unit.model.category_id if order.unit_id else None
    qs = Technician.objects.filter(is_active=True).select_related("user", "branch")
    if category_id is not None:
        qs = qs.filter(certifications=category_id)
    if not all_branches:
        qs = qs.filter(branch_id=order.branch_id)
    qs = qs.annotate(
        load_today=Count(
            "work_orders",
            filter=Q(work_orders__state__in=ASSIGNED_STATES)
            & (
                Q(
                    work_orders__appointment_start__gte=day_start,
                    work_orders__appointment_start__lt=day_end,
                )
                | Q(work_orders__appointment_start__isnull=True)
            ),
        )
    )
    zone = order.customer.zone
    ranked = sorted(
        (
            Suggestion(
                technician=t,
                same_branch=t.branch_id == order.branch_id,
                same_zone=t.zone == zone,
                load_today=t.load_today,
            )
            for t in qs
        ),
        key=lambda s: (not s.same_branch, not s.same_zone, s.load_today, s.technician.user.username),
    )
    return ranked[:limit]
