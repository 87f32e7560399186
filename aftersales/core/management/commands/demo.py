"""`aftersales demo`: migrate, load the demo data into an empty database, and serve it, with the
background worker (reminders, deadline sweeps, messages) running beside the server."""

import subprocess
import sys

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand

from aftersales.accounts.models import User
from aftersales.core.demo import DEMO_PASSWORD, seed_demo

from .seed_demo import print_logins


class Command(BaseCommand):
    help = "Set up the database, load demo data if it is empty, print the logins and serve."
    requires_system_checks = []  # runserver checks the project itself

    def add_arguments(self, parser) -> None:
        parser.add_argument("--addr", default="127.0.0.1", help="address to serve on")
        parser.add_argument("--port", type=int, default=8000, help="port to serve on (8000)")
        parser.add_argument("--seed", type=int, default=1, help="random seed of the demo data")
        parser.add_argument("--no-serve", action="store_true", help="prepare the database and stop")
        parser.add_argument(
            "--no-worker", action="store_true", help="serve without the background worker"
        )

    def handle(
        self, *args, addr: str, port: int, seed: int, no_serve: bool, no_worker: bool, **options
    ) -> None:
        self.stdout.write("Preparing the database…")
        call_command("migrate", interactive=False, verbosity=0)
        if User.objects.exists():
            self.stdout.write(
                "The database already has data: demo data not loaded again. "
                f"The demo logins use the password {DEMO_PASSWORD}."
            )
        else:
            self.stdout.write("Loading demo data (about a minute)…")
            result = seed_demo(seed=seed)
            summary = ", ".join(f"{count} {name}" for name, count in result.counts.items())
            self.stdout.write(self.style.SUCCESS(f"Demo data loaded: {summary}."))
            print_logins(self.stdout, self.style, result)
        host = "127.0.0.1" if addr in {"0.0.0.0", "::"} else addr
        url = f"http://{host}:{port}/"
        self.stdout.write(
            self.style.SUCCESS(f"\nOpen {url} and sign in, e.g. as agent / {DEMO_PASSWORD}.")
        )
        if no_serve:
            return
        if not settings.DEBUG:
            self.stdout.write(
                self.style.WARNING("DEBUG is off: static files are not served by runserver.")
            )
        self.stdout.flush()
        worker = None
        if not no_worker:
            # The same command line in a process of its own: `aftersales run_worker`.
            worker = subprocess.Popen(
                [sys.executable, "-c", "from config.manage import main; main()", "run_worker"]
            )
        try:
            call_command("runserver", f"{addr}:{port}", use_reloader=False)
        finally:
            if worker is not None:
                worker.terminate()
                worker.wait(timeout=10)
