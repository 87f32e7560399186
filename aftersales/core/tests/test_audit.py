"""The audit trail: what it records, and that nothing rewrites or removes it."""

import datetime as dt
from decimal import Decimal

import pytest
from django.db import transaction

from aftersales.core import audit
from aftersales.core.models import AuditEntry

pytestmark = pytest.mark.django_db


def test_it_records_only_the_fields_that_changed_as_before_and_after(customer_a, agent_a):
    before = audit.snapshot(customer_a)
    customer_a.name = "王建国"
    customer_a.address = "天津市和平区南京路 88 号"
    customer_a.save()

    entry = audit.record(customer_a, by=agent_a, action="update", before=before, note="客户来电")

    assert entry.changes == {
        "name": [before["name"], "王建国"],
        "address": [before["address"], "天津市和平区南京路 88 号"],
    }
    assert (entry.actor, entry.action, entry.note) == (agent_a, "update", "客户来电")
    assert list(AuditEntry.objects.for_object(customer_a)) == [entry]


def test_it_stores_dates_decimals_and_relations_as_plain_json():
    assert audit.diff(
        {"on": None, "hours": None, "branch": None},
        {"on": dt.date(2026, 3, 2).isoformat(), "hours": str(Decimal("1.5")), "branch": 7},
    ) == {"on": [None, "2026-03-02"], "hours": [None, "1.5"], "branch": [None, 7]}


@pytest.fixture
def entry(customer_a, agent_a):
    return audit.record(customer_a, by=agent_a, action="create", changes={"name": [None, "x"]})


def test_an_entry_cannot_be_edited_or_deleted(entry):
    entry.note = "改过"
    with pytest.raises(RuntimeError):
        entry.save()
    with pytest.raises(RuntimeError):
        entry.delete()
    assert AuditEntry.objects.get(pk=entry.pk).note == ""


def test_the_trail_cannot_be_rewritten_or_removed_in_bulk(entry):
    with pytest.raises(RuntimeError):
        AuditEntry.objects.filter(pk=entry.pk).update(note="改过")
    with pytest.raises(RuntimeError):
        AuditEntry.objects.all().delete()
    entry.note = "改过"
    with pytest.raises(RuntimeError), transaction.atomic():
        AuditEntry.objects.bulk_update([entry], ["note"])
    assert AuditEntry.objects.get(pk=entry.pk).note == ""
