"""`aftersales run_worker`: the background worker and the periodic sweep, in one command.

The worker runs the queued tasks (messages to send, sweeps) from the configured queue: the
database by default (django-tasks-db), or Redis (RQ) when TASKS_BACKEND=redis. Beside it a
timer queues the sweep every `--every` seconds; with several workers running, one of them queues
it per period (core.periodic.claim_turn), and the sweep itself does nothing twice anyway.

`--once` queues a sweep, runs everything queued and exits: for cron, or for a check by hand.
"""

import datetime as dt
import logging
import os
import socket
import threading

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser
from django.db import close_old_connections, connections
from django.utils import timezone
from django_tasks import task_backends

from aftersales.core import periodic
from aftersales.core.tasks import sweep

logger = logging.getLogger("aftersales.worker")


def queue_sweep_if_due(*, now: dt.datetime, every: dt.timedelta) -> bool:
    if not periodic.claim_turn("sweep", now=now, every=every):
        return False
    sweep.enqueue()
    return True


class Timer(threading.Thread):
    """Queues the sweep when its period comes round, until told to stop."""

    def __init__(self, every: dt.timedelta) -> None:
        super().__init__(name="aftersales-sweep-timer", daemon=True)
        self.every = every
        self.stopped = threading.Event()

    def run(self) -> None:
        try:
            while not self.stopped.is_set():
                close_old_connections()
                try:
                    queue_sweep_if_due(now=timezone.now(), every=self.every)
                except Exception:
                    logger.exception("could not queue the sweep")
                self.stopped.wait(min(self.every.total_seconds(), 5.0))
        finally:
            connections.close_all()


class Command(BaseCommand):
    help = "Run the background worker and the periodic sweep."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--every",
            type=float,
            default=settings.AFTERSALES.get("SWEEP_SECONDS", 60),
            help="Seconds between sweeps (default: %(default)s).",
        )
        parser.add_argument(
            "--poll", type=float, default=1.0, help="Seconds between looks at an empty queue."
        )
        parser.add_argument(
            "--rq-worker-class",
            default="",
            help="With Redis: the RQ worker class (rq.worker.SimpleWorker runs jobs without forking).",
        )
        parser.add_argument(
            "--once",
            action="store_true",
            help="Queue a sweep, run everything queued, and exit.",
        )

    def handle(
        self, *args, every: float, poll: float, once: bool, rq_worker_class: str, **options
    ) -> None:
        self.rq_worker_class = rq_worker_class
        period = dt.timedelta(seconds=every)
        backend = task_backends["default"]
        kind = type(backend).__name__
        worker_id = f"{socket.gethostname()}-{os.getpid()}"
        self.stdout.write(f"Worker {worker_id}: {kind}, sweep every {every:g} s.")
        if once:
            # A run by hand sweeps now, whatever the timer of the other workers says.
            periodic.claim_turn("sweep", now=timezone.now(), every=dt.timedelta(0))
            sweep.enqueue()
            self._work(backend, kind, worker_id=worker_id, poll=poll, once=True)
            return
        timer = Timer(period)
        timer.start()
        try:
            self._work(backend, kind, worker_id=worker_id, poll=poll, once=False)
        finally:
            timer.stopped.set()

    def _work(self, backend, kind: str, *, worker_id: str, poll: float, once: bool) -> None:
        if kind == "DatabaseBackend":
            from django_tasks_db.management.commands.db_worker import Worker

            worker = Worker(
                queue_names=list(backend.queues) or ["default"],
                excluded_queue_names=[],
                interval=poll,
                batch=once,
                backend_name=backend.alias,
                startup_delay=not once,
                max_tasks=None,
                worker_id=worker_id[:64],
            )
            if not once:
                worker.configure_signals()
            worker.run()
        elif kind == "RQBackend":
            extra = {"worker_class": self.rq_worker_class} if self.rq_worker_class else {}
            call_command(
                "rqworker",
                *sorted(backend.queues),
                # The tasks' own job class, which runs a task and records its result.
                job_class="django_tasks_rq.backend.Job",
                burst=once,
                with_scheduler=not once,
                **extra,
            )
        else:
            # Tasks run where they are queued (ImmediateBackend): nothing is left to work on.
            self.stdout.write("Tasks run as they are queued: no queue to work on.")
