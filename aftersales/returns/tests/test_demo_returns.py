"""The demo helper files believable returns in every status through the services."""

import random

from aftersales.core.models import AuditEntry
from aftersales.returns import demo
from aftersales.returns.models import Resolution, ReturnRequest


def test_the_demo_fills_every_status_through_the_services(agent_a, gm, bought, now):
    for days in range(3, 60, 2):
        bought(days)
    made = demo.seed(random.Random(5), now)
    assert len(made) == len(demo.PLAN)
    statuses = set(ReturnRequest.objects.values_list("status", flat=True))
    assert statuses == {"requested", "approved", "rejected", "completed"}
    assert ReturnRequest.objects.filter(within_entitlement=True).exists()
    assert ReturnRequest.objects.filter(within_entitlement=False).exists()
    kinds = set(Resolution.objects.values_list("kind", flat=True))
    assert kinds == {"credit_note", "compensation", "refund", "exchange", "rework"}
    assert AuditEntry.objects.filter(action="return_request_file").count() == len(made)
    for request in ReturnRequest.objects.filter(status="completed"):
        assert request.total_amount == sum(r.amount for r in request.resolutions.all())
