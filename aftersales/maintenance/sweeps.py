"""The periodic maintenance sweep: plan the coming weeks of every active schedule, and tell the
branch supervisors of the visits falling due and of those overdue.

Run as often as wanted, by several workers at once: a day is planned once (one visit per schedule
and day, a unique constraint), and each notice is claimed by a conditional UPDATE before it is
sent — only the worker whose UPDATE changed the row sends it — and sent under a key the
notifications app never sends twice. What it writes is audited as the system's (by=None).
"""

import datetime as dt
import logging

from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from aftersales.core import audit
from aftersales.warranty.models import MaintenanceContract

from .conf import setting
from .models import MaintenanceSchedule, Visit
from .notices import tell_supervisors
from .services import _plan

log = logging.getLogger(__name__)


def _plan_all(*, today: dt.date, now: dt.datetime) -> int:
    until = today + dt.timedelta(days=int(setting("MAINTENANCE_LOOKAHEAD_DAYS")))
    schedules = (
        MaintenanceSchedule.objects.filter(active=True, starts_on__lte=until)
        .filter(Q(ends_on__isnull=True) | Q(ends_on__gte=today))
        .filter(Q(contract__isnull=True) | Q(contract__status=MaintenanceContract.Status.ACTIVE))
        .select_related("contract")
        .order_by("pk")
    )
    planned = 0
    for schedule in schedules.iterator():
        with transaction.atomic():
            planned += len(_plan(schedule, start=today, until=until, by=None, now=now))
    return planned


def _notice(visit: Visit, *, kind: str, now: dt.datetime) -> int:
    """Claim the visit's notice of `kind` ('due' or 'overdue') and send it; 0 when another run
    claimed it first."""
    field = f"{kind}_notice_at"
    with transaction.atomic():
        claimed = Visit.objects.filter(
            pk=visit.pk, status=Visit.Status.PLANNED, **{f"{field}__isnull": True}
        ).update(**{field: now})
        if claimed != 1:
            return 0
        audit.record(
            visit, by=None, action=f"visit_{kind}_notice", changes={field: [None, now.isoformat()]}
        )
        schedule = visit.schedule
        values = {
            "customer": schedule.customer,
            "day": visit.planned_on.isoformat(),
            "frequency": schedule.get_frequency_display(),
            "checklist": schedule.checklist,
            "people": schedule.min_people,
        }
        if kind == "due":
            subject = _("Maintenance visit due on %(day)s: %(customer)s") % values
        else:
            subject = _("Maintenance visit overdue since %(day)s: %(customer)s") % values
        body = (
            _("%(frequency)s visit with the checklist %(checklist)s, at least %(people)d people.")
            % values
        )
        tell_supervisors(
            branch=schedule.branch,
            key=f"maintenance-visit-{visit.pk}-{kind}",
            subject=subject,
            body=body,
            now=now,
            related=visit,
            link=reverse("maintenance:visit_detail", args=[visit.pk]),
        )
    return 1


def sweep(*, now: dt.datetime) -> int:
    """Plan the look-ahead of every active schedule, then send each due and overdue notice once;
    how many visits were planned and notices sent."""
    today = timezone.localdate(now)
    done = _plan_all(today=today, now=now)
    due_until = today + dt.timedelta(days=int(setting("MAINTENANCE_DUE_NOTICE_DAYS")))
    open_visits = Visit.objects.filter(
        status=Visit.Status.PLANNED, schedule__active=True
    ).select_related("schedule__customer", "schedule__branch", "schedule__checklist")
    for visit in open_visits.filter(
        planned_on__gte=today, planned_on__lte=due_until, due_notice_at__isnull=True
    ).order_by("planned_on", "pk"):
        done += _notice(visit, kind="due", now=now)
    for visit in open_visits.filter(planned_on__lt=today, overdue_notice_at__isnull=True).order_by(
        "planned_on", "pk"
    ):
        done += _notice(visit, kind="overdue", now=now)
    if done:
        log.info("maintenance sweep: %d visits planned or notices sent", done)
    return done
