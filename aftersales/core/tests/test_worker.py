"""The background worker: one command runs the queue and the periodic sweep, on the database queue
by default and on Redis as the option; of several workers one queues the sweep per period."""

import datetime as dt
import io
import socket
import uuid

import pytest
from django.core.management import call_command
from django.test import modify_settings, override_settings
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from aftersales.core import periodic
from aftersales.core.models import AuditEntry
from aftersales.deadlines.models import Deadline
from aftersales.workorders.tests.conftest import flow  # noqa: F401  (a fixture)

DATABASE_QUEUE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}


def _missed_job(flow) -> Deadline:  # noqa: F811
    """A job whose arrival fell due an hour ago, not yet recorded as missed."""
    order = flow.new_order()
    arrival = order.deadlines.get(target=Deadline.Target.ARRIVAL)
    Deadline.objects.filter(pk=arrival.pk).update(due_at=timezone.now() - dt.timedelta(days=10))
    return arrival


def _missed(deadline: Deadline) -> int:
    return AuditEntry.objects.for_object(deadline.order).filter(action="deadline_missed").count()


@pytest.mark.django_db
def test_of_several_workers_one_starts_the_sweep_per_period():
    now = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)
    minute = dt.timedelta(seconds=60)
    assert periodic.claim_turn("sweep", now=now, every=minute)
    assert not periodic.claim_turn("sweep", now=now, every=minute)
    assert not periodic.claim_turn("sweep", now=now + dt.timedelta(seconds=59), every=minute)
    assert periodic.claim_turn("sweep", now=now + minute, every=minute)


@pytest.mark.django_db
def test_a_failing_sweep_does_not_stop_the_others(monkeypatch):
    ran = []
    monkeypatch.setattr(
        periodic,
        "SWEEPS",
        ["aftersales.no_such_app.sweeps.sweep", "aftersales.deadlines.sweeps.sweep"],
    )
    monkeypatch.setattr(
        "aftersales.deadlines.sweeps.sweep", lambda *, now: ran.append(now) or 3, raising=True
    )
    done = periodic.run_sweeps(now=timezone.now())
    assert done == {"no_such_app": None, "deadlines": 3}
    assert len(ran) == 1


@pytest.mark.django_db(transaction=True)
def test_the_worker_runs_the_sweep_from_the_database_queue(flow):  # noqa: F811
    deadline = _missed_job(flow)
    with override_settings(TASKS=DATABASE_QUEUE):
        call_command("run_worker", "--once", "--poll", "0", stdout=io.StringIO())
        call_command("run_worker", "--once", "--poll", "0", stdout=io.StringIO())
    results = DBTaskResult.objects.filter(task_path="aftersales.core.tasks.sweep")
    assert results.count() == 2
    assert set(results.values_list("status", flat=True)) == {"SUCCESSFUL"}
    deadline.refresh_from_db()
    assert deadline.breach_recorded_at is not None
    assert _missed(deadline) == 1  # two sweeps, one record


def _redis_up() -> bool:
    try:
        with socket.create_connection(("127.0.0.1", 6379), timeout=0.5):
            return True
    except OSError:
        return False


@pytest.mark.skipif(not _redis_up(), reason="needs the Redis server on 127.0.0.1:6379")
@pytest.mark.django_db(transaction=True)
def test_the_worker_runs_the_sweep_from_a_redis_queue(flow):  # noqa: F811
    pytest.importorskip("django_tasks_rq")
    deadline = _missed_job(flow)
    queue = f"aftersales-test-{uuid.uuid4().hex[:8]}"
    redis_queue = {
        "default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": ["default"]},
    }
    # A queue of its own on a database of its own, so that nothing else is run or disturbed.
    rq_queues = {"default": {"URL": "redis://127.0.0.1:6379/15", "DEFAULT_TIMEOUT": 60}}
    with (
        modify_settings(INSTALLED_APPS={"append": "django_rq"}),
        override_settings(TASKS=redis_queue, RQ_QUEUES=rq_queues, RQ={"NAME": queue}),
    ):
        import django_rq

        django_rq.get_queue("default").empty()
        call_command(
            "run_worker",
            "--once",
            "--rq-worker-class",
            "rq.worker.SimpleWorker",
            stdout=io.StringIO(),
        )
        assert django_rq.get_queue("default").count == 0
    deadline.refresh_from_db()
    assert deadline.breach_recorded_at is not None
    assert _missed(deadline) == 1
