"""The periodic look at every running deadline: a target whose moment has passed unmet is
recorded as missed, and staff are warned of one about to fall due. Run twice, or on two workers
at once, it records and tells each thing once: every step claims its row with a conditional
update first."""

import datetime as dt

from django.db import transaction

from .clocks import record_breach
from .conf import deadline_settings
from .models import Deadline
from .notices import tell_due_soon
from .selectors import BranchCalendars


def sweep(*, now: dt.datetime) -> int:
    done = 0
    overdue = Deadline.objects.filter(
        status=Deadline.Status.RUNNING, due_at__lt=now, breach_recorded_at__isnull=True
    ).values_list("pk", flat=True)
    # Targets due at 18:00 stay candidates through the night: read each branch's calendar once.
    calendars = BranchCalendars()
    for pk in list(overdue):
        done += record_breach(pk, now=now, calendars=calendars)
    soon = now + dt.timedelta(minutes=deadline_settings()["WARN_MINUTES"])
    due_soon = Deadline.objects.filter(
        status=Deadline.Status.RUNNING, due_at__gte=now, due_at__lte=soon, warned_at__isnull=True
    ).values_list("pk", flat=True)
    for pk in list(due_soon):
        done += _warn(pk, now=now)
    return done


@transaction.atomic
def _warn(pk: int, *, now: dt.datetime) -> bool:
    if Deadline.objects.filter(pk=pk, warned_at__isnull=True).update(warned_at=now) != 1:
        return False
    tell_due_soon(Deadline.objects.select_related("order").get(pk=pk), now=now)
    return True
