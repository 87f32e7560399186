"""`aftersales seed_demo`: fill an empty database with believable demo data."""

import time

from django.core.management.base import BaseCommand, CommandError

from aftersales.core.demo import NotEmpty, SeedResult, seed_demo


def print_logins(stdout, style, result: SeedResult) -> None:
    stdout.write(style.MIGRATE_HEADING(f"Demo logins (password for all: {result.password})"))
    width = max(len(username) for username, _role, _branch in result.logins)
    for username, role, branch in result.logins:
        stdout.write(f"  {username.ljust(width)}  {role} · {branch}")


class Command(BaseCommand):
    help = (
        "Fill an EMPTY database with demo data: head office and service centres, logins for "
        "every role, technicians, customers, units and three months of calls and work orders."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
        parser.add_argument(
            "--small", action="store_true", help="a small data set (one service centre), for tests"
        )

    def handle(self, *args, seed: int, small: bool, **options) -> None:
        started = time.monotonic()
        try:
            result = seed_demo(seed=seed, small=small)
        except NotEmpty as exc:
            raise CommandError(str(exc)) from exc
        elapsed = time.monotonic() - started
        summary = ", ".join(f"{count} {name}" for name, count in result.counts.items())
        self.stdout.write(self.style.SUCCESS(f"Demo data loaded in {elapsed:.1f} s: {summary}."))
        print_logins(self.stdout, self.style, result)
