"""The demo files checklists, schedules for the demo's contracts and a few units, visits done
with their signed readings — one out of range, with its repair — and visits still planned."""

import random

import pytest
from django.utils import timezone

from aftersales.core.demo import seed_demo
from aftersales.core.models import AuditEntry
from aftersales.maintenance import demo
from aftersales.maintenance.models import ChecklistTemplate, MaintenanceSchedule, Visit

pytestmark = pytest.mark.django_db


def test_the_demo_files_schedules_and_visits_through_the_services():
    seed_demo(seed=7, small=True)  # runs this demo among the domains
    now = timezone.now()

    assert ChecklistTemplate.objects.filter(name="燃气设施月检").exists()
    pressure = ChecklistTemplate.objects.get(name="燃气设施月检").items.get(label="进口压力")
    assert pressure.range_text == "2.0–3.0 kPa"
    assert MaintenanceSchedule.objects.count() > 0
    assert MaintenanceSchedule.objects.filter(contract__isnull=False).exists()
    done = Visit.objects.filter(status=Visit.Status.DONE)
    assert done.count() > 0
    abnormal = done.filter(abnormal=True)
    assert abnormal.count() == 1
    assert abnormal.get().work_order is not None
    assert Visit.objects.filter(
        status=Visit.Status.PLANNED, planned_on__gt=timezone.localdate(now)
    ).exists()
    for visit in done[:5]:
        assert visit.technicians.count() >= visit.schedule.min_people
        assert visit.signature and visit.signer_name
        assert AuditEntry.objects.for_object(visit).filter(action="visit_record").exists()
    # Run again on the same data: nothing planned twice.
    again = demo.seed(random.Random(3), now)
    assert again["schedules"] == 0
