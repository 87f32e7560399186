"""Demo tools for the demo database: a tool register per branch, assigned, lent (some overdue),
under repair and retired, every move made through the services at its own time in the past.

Call after the core demo has made branches, users and technicians:

    from aftersales.tools import demo
    demo.seed(random.Random(1), timezone.now())
"""

import datetime as dt
import random
from decimal import Decimal

from django.db import transaction

from aftersales.accounts.models import Branch, Role, User
from aftersales.dispatch.models import Technician

from . import services
from .models import Tool

# name, specification, price range in yuan, how many per technician (0: kept in store only)
CATALOGUE: list[tuple[str, list[str], tuple[int, int], int]] = [
    ("数字万用表", ["FLUKE 17B+", "优利德 UT61E+", "胜利 VC890D"], (180, 980), 1),
    ("钳形电流表", ["FLUKE 317", "优利德 UT204+"], (260, 1350), 0),
    ("压力表组", ["双表阀 R410A/R32", "双表阀 R22/R134a"], (220, 680), 1),
    ("真空泵", ["飞越 FY-1C-N 1L", "飞越 2FY-2C-N 2L", "维克 VP2200"], (650, 1880), 0),
    ("冷媒回收机", ["维克 VRR12L", "罗宾耐尔 RG6"], (3200, 6800), 0),
    ("电子检漏仪", ["英福康 D-TEK Select", "CPS LS790B"], (980, 2680), 0),
    ("焊枪", ["便携式氧气丁烷焊枪", "液化气焊炬 H01-6"], (80, 260), 1),
    ("充电式电钻", ["博世 GSB 18V-50", "牧田 DHP482"], (420, 1250), 1),
    ("冲击钻", ["博世 GBH 2-26", "东成 Z1C-FF-26"], (380, 980), 0),
    ("扩口器", ["偏心式扩口器 CT-808AM"], (150, 420), 1),
    ("弯管器", ["三合一弯管器 CT-369"], (90, 220), 0),
    ("电子秤（冷媒）", ["CPS CC220"], (1200, 1800), 0),
    ("绝缘电阻表", ["优利德 UT501A", "FLUKE 1503"], (450, 3200), 0),
    ("红外测温仪", ["FLUKE 62 MAX+", "希玛 AS530"], (120, 980), 0),
]


def _manager_for(branch: Branch) -> User:
    """Who keeps the branch's tools in the demo: its warehouse, or head office's manager."""
    user = User.objects.filter(role=Role.WAREHOUSE, branch=branch, is_active=True).first()
    if user is None:
        user = (
            User.objects.filter(role=Role.MANAGER, branch__is_head_office=True).first()
            or User.objects.filter(is_superuser=True).first()
        )
    return user


def _price(rng: random.Random, low: int, high: int) -> Decimal:
    return Decimal(rng.randrange(low, high + 1, 10)).quantize(Decimal("0.01"))


@transaction.atomic
def seed(rng: random.Random, now: dt.datetime, *, count: int = 120) -> list[Tool]:
    """About `count` tools over the branches that have technicians."""
    technicians = list(
        Technician.objects.filter(is_active=True).select_related("branch").order_by("pk")
    )
    branches = sorted({t.branch for t in technicians}, key=lambda b: b.code) or list(
        Branch.objects.filter(is_head_office=False)
    )
    if not branches:
        return []
    per_branch = max(1, count // len(branches))
    tools: list[Tool] = []
    number = Tool.objects.count()
    for branch in branches:
        by = _manager_for(branch)
        crew = [t for t in technicians if t.branch_id == branch.pk]
        wanted = []
        # Each technician keeps part of the everyday kit (up to half the branch's tools); the
        # rest, the expensive instruments above all, stays in store to be lent.
        kit = [entry for entry in CATALOGUE if entry[3]]
        for technician in crew:
            for name, specs, prices, _kit in rng.sample(kit, 2):
                wanted.append((name, specs, prices, technician))
        wanted = wanted[: per_branch // 2]
        while len(wanted) < per_branch:
            name, specs, prices, _kit = rng.choice(CATALOGUE)
            wanted.append((name, specs, prices, None))
        for name, specs, (low, high), keeper in wanted:
            number += 1
            bought = now - dt.timedelta(days=rng.randint(200, 1500))
            tool = services.tool_register(
                by=by,
                now=bought,
                asset_number=f"GJ-{branch.code}-{number:04d}",
                name=name,
                spec=rng.choice(specs),
                purchase_price=_price(rng, low, high),
                purchase_date=bought.date(),
                branch=branch,
            )
            tools.append(tool)
            if keeper is not None:
                services.tool_assign(
                    by=by, now=bought + dt.timedelta(days=2), tool=tool, technician=keeper
                )
                continue
            if not crew:
                continue
            roll = rng.random()
            if roll < 0.45:
                _loan_history(rng, now, tool, by, crew)
            elif roll < 0.60:
                when = now - dt.timedelta(days=rng.randint(3, 20))
                services.tool_lend(
                    by=by,
                    now=when,
                    tool=tool,
                    technician=rng.choice(crew),
                    due_back=when + dt.timedelta(days=rng.randint(1, 2)),
                    note="上门安装借用",
                )  # overdue: not back yet
            elif roll < 0.70:
                when = now - dt.timedelta(days=rng.randint(5, 30))
                services.tool_lend(
                    by=by,
                    now=when,
                    tool=tool,
                    technician=rng.choice(crew),
                    due_back=when + dt.timedelta(days=2),
                )
                services.tool_return(
                    by=by,
                    now=when + dt.timedelta(days=1),
                    tool=tool,
                    condition=rng.choice(["表头损坏", "电源线破损", "接头漏气"]),
                    damaged=True,
                )
            elif roll < 0.76:
                services.tool_retire(
                    by=by,
                    now=now - dt.timedelta(days=rng.randint(1, 60)),
                    tool=tool,
                    reason=rng.choice(["老化无法修复", "精度超差，检定不合格"]),
                )
    return tools


def _loan_history(
    rng: random.Random, now: dt.datetime, tool: Tool, by: User, crew: list[Technician]
) -> None:
    """A few loans returned in good order; the last one may still be out, on time."""
    when = now - dt.timedelta(days=rng.randint(80, 120))
    for _ in range(rng.randint(1, 3)):
        days = rng.randint(1, 4)
        services.tool_lend(
            by=by,
            now=when,
            tool=tool,
            technician=rng.choice(crew),
            due_back=when + dt.timedelta(days=days),
        )
        services.tool_return(
            by=by, now=when + dt.timedelta(days=days, hours=-2), tool=tool, condition="完好"
        )
        when += dt.timedelta(days=rng.randint(8, 25))
    if rng.random() < 0.4:
        services.tool_lend(
            by=by,
            now=now - dt.timedelta(hours=rng.randint(2, 30)),
            tool=tool,
            technician=rng.choice(crew),
            due_back=now + dt.timedelta(days=rng.randint(1, 5)),
        )
