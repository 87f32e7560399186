"""The warranty records of the permission tests' scene: an active contract per branch, covering
the side's unit, filed after the scene's jobs (so those keep their category C)."""

import datetime as dt

from django.utils import timezone

from aftersales.accounts.models import Role
from aftersales.warranty.services import contract_create


def add_contracts(scene, now: dt.datetime) -> None:
    today = timezone.localdate(now)
    for side, supervisor in (
        (scene.a, scene.users[Role.SUPERVISOR]),
        (scene.b, scene.b.flow.supervisor),
    ):
        side.extra["contract"] = contract_create(
            by=supervisor,
            customer=side.customer,
            units=[side.unit],
            start=today - dt.timedelta(days=30),
            end=today + dt.timedelta(days=335),
            annual_fee="1200",
            visits_per_year=2,
            now=now,
        )
