"""Background tasks of the system as a whole (the apps' own tasks are in their tasks.py)."""

from django.utils import timezone
from django_tasks import task

from . import periodic


@task()
def sweep() -> dict[str, int | None]:
    """All the periodic work, once: see aftersales.core.periodic."""
    return periodic.run_sweeps(now=timezone.now())
