"""The demo loads rates, claims and claim part orders through the services."""

import random

from aftersales.claims import demo
from aftersales.claims.models import ClaimPartOrder, ManufacturerRate, WarrantyClaim
from aftersales.core.models import AuditEntry
from aftersales.workorders.models import State


def test_the_demo_builds_claims_from_finished_warranty_jobs(
    manager_hq, finance_a, agent_a, supervisor_a, finished_job, flow, compressor, now
):
    for _ in range(3):
        finished_job(issued=1, returned=1)
    for _ in range(3):
        flow.reach(State.ON_SITE)

    counts = demo.seed(random.Random(4), now, part_orders=3)

    assert counts["rates"] == ManufacturerRate.objects.count() >= 1
    claim = WarrantyClaim.objects.get()
    assert claim.brand == "格力" and claim.claimed_amount > 0
    assert claim.lines.filter(kind="part", evidence__isnull=False).exists()
    assert ClaimPartOrder.objects.count() == counts["claim part orders"] == 3
    assert AuditEntry.objects.filter(action="claim_part_order_request").count() == 3
    assert AuditEntry.objects.filter(action="warranty_claim_build").count() == 1
