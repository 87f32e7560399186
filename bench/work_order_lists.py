"""How the main lists scale: the work-order list, a filtered list and the dispatcher's board,
timed with 1,000 orders and again with 100,000, in one run, on a throw-away database.

    .venv/bin/python bench/work_order_lists.py [--orders 100000]
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/aftersales_bench .venv/bin/python bench/...

Prints the median time of each page at both sizes and their ratio; a list that scales well stays
near 1×. Timings on a shared 2-core machine are noisy, so only the ratio is meant to be compared.
"""

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
workdir = tempfile.mkdtemp(prefix="aftersales-bench-")
os.environ.setdefault("DATABASE_URL", f"sqlite:///{workdir}/bench.sqlite3")
os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings.test"

import django  # noqa: E402

django.setup()

from datetime import timedelta  # noqa: E402
from random import Random  # noqa: E402

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import setup_databases, teardown_databases  # noqa: E402
from django.urls import reverse  # noqa: E402
from django.utils import timezone  # noqa: E402

from aftersales.accounts.models import Branch, Role, User  # noqa: E402
from aftersales.customers.models import Customer, ProductCategory, ProductModel, Unit  # noqa: E402
from aftersales.dispatch.models import Technician  # noqa: E402
from aftersales.workorders.models import State, WorkOrder  # noqa: E402


def fill(total: int, *, start: int, rng: Random, world: dict) -> None:
    now = timezone.now()
    states = list(State.values)
    batch = []
    for n in range(start, total):
        unit = world["units"][n % len(world["units"])]
        state = states[n % len(states)]
        assigned = state not in (State.REGISTERED,)
        batch.append(
            WorkOrder(
                number=f"WO-B{n:07d}",
                state=state,
                branch_id=world["branch"].pk,
                customer_id=unit.customer_id,
                unit_id=unit.pk,
                symptom="不制冷，外机有异响",
                address="北京市朝阳区建国路88号",
                contact_phone="+8613800138000",
                technician_id=world["technicians"][n % len(world["technicians"])].pk
                if assigned
                else None,
                created_by_id=world["user"].pk,
                promised_by=now + timedelta(hours=rng.randint(-48, 48)),
            )
        )
        if len(batch) == 5000:
            WorkOrder.objects.bulk_create(batch)
            batch = []
    WorkOrder.objects.bulk_create(batch)


def world() -> dict:
    branch = Branch.objects.create(code="BJ", name="北京服务中心")
    user = User.objects.create_user("dispatcher", password="x", role=Role.DISPATCHER, branch=branch)
    category = ProductCategory.objects.create(code="aircon", name="空调")
    model = ProductModel.objects.create(brand="格力", code="KFR-35", name="空调", category=category)
    customers = Customer.objects.bulk_create(
        Customer(name=f"客户{i}", phone=f"+86138{i:08d}", address="北京", branch=branch)
        for i in range(2000)
    )
    units = Unit.objects.bulk_create(
        Unit(model=model, serial=f"SN{i:07d}", customer=c, purchase_date=timezone.localdate())
        for i, c in enumerate(customers)
    )
    technicians = []
    for i in range(20):
        tech_user = User.objects.create_user(f"tech{i}", role=Role.TECHNICIAN, branch=branch)
        technicians.append(
            Technician.objects.create(user=tech_user, branch=branch, phone="+8613900139000")
        )
    return {"branch": branch, "user": user, "units": units, "technicians": technicians}


def timed(client: Client, url: str, repeats: int = 15) -> float:
    client.get(url)  # warm caches
    samples = []
    for _ in range(repeats):
        started = time.perf_counter()
        response = client.get(url)
        samples.append(time.perf_counter() - started)
        assert response.status_code == 200, (url, response.status_code)
    return statistics.median(samples)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--orders", type=int, default=100_000)
    parser.add_argument("--small", type=int, default=1_000)
    args = parser.parse_args()

    old = setup_databases(verbosity=0, interactive=False)
    try:
        call_command("migrate", verbosity=0)
        rng = Random(7)
        w = world()
        client = Client()
        client.force_login(w["user"])
        pages = {
            "work-order list": reverse("workorders:list"),
            "filtered list (open, text)": reverse("workorders:list") + "?state=open&q=客户1",
            "list, page 20": reverse("workorders:list") + "?page=20",
            "dispatcher's board": reverse("workorders:board"),
        }
        fill(args.small, start=0, rng=rng, world=w)
        small = {name: timed(client, url) for name, url in pages.items()}
        started = time.perf_counter()
        fill(args.orders, start=args.small, rng=rng, world=w)
        load_seconds = time.perf_counter() - started
        large = {name: timed(client, url) for name, url in pages.items()}
    finally:
        teardown_databases(old, verbosity=0)

    print(f"database: {connection.vendor}; loaded {args.orders:,} orders in {load_seconds:.1f} s")
    print(f"{'page':30} {args.small:>10,} {args.orders:>10,}   ratio")
    for name in pages:
        print(
            f"{name:30} {small[name] * 1000:>8.1f}ms {large[name] * 1000:>8.1f}ms   {large[name] / small[name]:.2f}×"
        )


if __name__ == "__main__":
    main()
