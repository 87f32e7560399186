"""The periodic work of the system, declared in one place: each app's sweep, run in turn.

A sweep is `sweep(*, now) -> int` in the app's `sweeps.py`: it looks at what has come due
(deadlines about to fall due or missed, follow-up calls and visits, maintenance visits, contract
renewals, messages to resend) and acts on each thing once — run twice, or by two workers at once,
it does nothing twice (each claims its rows with a conditional update or a unique key first).
"""

import datetime as dt
import logging

from django.db import IntegrityError, transaction
from django.utils.module_loading import import_string

from .models import PeriodicRun

logger = logging.getLogger("aftersales.periodic")

SWEEPS = [
    "aftersales.deadlines.sweeps.sweep",
    "aftersales.notifications.sweeps.sweep",
    "aftersales.followups.sweeps.sweep",
    "aftersales.maintenance.sweeps.sweep",
    "aftersales.warranty.sweeps.sweep",
]


def run_sweeps(*, now: dt.datetime) -> dict[str, int | None]:
    """Every sweep, each on its own: one that fails is logged (None) and the others still run."""
    done: dict[str, int | None] = {}
    for path in SWEEPS:
        name = path.split(".")[1]
        try:
            done[name] = import_string(path)(now=now)
        except Exception:
            logger.exception("sweep %s failed", path)
            done[name] = None
    return done


def claim_turn(name: str, *, now: dt.datetime, every: dt.timedelta) -> bool:
    """Whether this caller starts `name` now: at most once per `every`, whichever of several
    workers asks first (a conditional update; the loser gets False)."""
    try:
        with transaction.atomic():
            PeriodicRun.objects.get_or_create(name=name, defaults={"last_at": now - every})
    except IntegrityError:
        pass  # another worker made the row in the same instant
    return PeriodicRun.objects.filter(name=name, last_at__lte=now - every).update(last_at=now) == 1
