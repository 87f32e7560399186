"""Demo working calendars and holiday duty rosters, over the demo's branches, people and customers.

Call after `seed_demo` and the warranty demo (maintenance contracts make key sites too):

    import random
    from django.utils import timezone
    from aftersales.calendars.demo import seed
    seed(random.Random(7), timezone.now())

One branch keeps hours of its own; the company closes for its annual meeting on the last working
day of the year and has entered next year's New Year's Day ahead of the official schedule; each
branch has its duty roster for the Spring Festival and National Day breaks (000 篇9 4.2.4): a
technician on call for the branch by day and another by night every day of the break, and on-site
duty at its key sites on the first days. Everything goes through the services, so it is audited like a user's work.
"""

import datetime as dt
import random

from django.utils import timezone

from aftersales.accounts.models import Branch, Role, User
from aftersales.core.exceptions import DomainError
from aftersales.customers.models import Customer
from aftersales.dispatch.models import Technician

from . import rules, selectors, services
from .models import CompanyHoliday

DUTY_NOTES = ["", "", "保持电话畅通，随叫随到", "配合客户节日活动保障", "重点巡查机房与主机"]
SHIFTS = [(dt.time(8, 30), dt.time(17, 30)), (dt.time(17, 30), dt.time(8, 30))]
# (name of the break in chinesecalendar, how many of its first days have on-site duty)
BREAKS = [("Spring Festival", 3), ("National Day", 2)]


def _at(day: dt.date, hour: int) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))


def _roster_year(today: dt.date) -> int:
    """The latest year, up to this one, whose official holidays are known."""
    year = today.year
    while not rules.year_is_known(year) and year > 2004:
        year -= 1
    return year


def seed(rng: random.Random, now: dt.datetime) -> int:
    """About a hundred duties and a few calendar entries; returns how many records it filed.
    Safe to call twice: what exists already is skipped."""
    today = timezone.localdate(now)
    head = User.objects.filter(role=Role.MANAGER, branch__is_head_office=True, is_active=True)
    manager_hq = head.order_by("pk").first()
    if manager_hq is None:
        return 0
    filed = 0
    branches = list(Branch.objects.filter(is_head_office=False).order_by("code"))

    # One branch works a shorter lunch (a branch's own hours, SPEC §6).
    if branches and not branches[-1].working_hours.exists():
        services.working_hours_set(
            by=manager_hq,
            branch=branches[-1],
            periods=[(dt.time(8, 30), dt.time(12)), (dt.time(13), dt.time(17, 30))],
        )
        filed += 1

    # Company days: the annual meeting, and next year's New Year's Day entered ahead.
    meeting = dt.date(today.year, 12, 31)
    while meeting.weekday() >= 5:
        meeting -= dt.timedelta(days=1)
    for day, name in [
        (meeting, "公司年会（全员休息）"),
        (dt.date(today.year + 1, 1, 1), "元旦（法定安排公布前先行录入）"),
    ]:
        if not CompanyHoliday.objects.filter(date=day, branch__isnull=True).exists():
            services.company_day_add(by=manager_hq, date=day, name=name, kind="holiday", now=now)
            filed += 1

    year = _roster_year(today)
    periods = {p.name: p for p in rules.holiday_periods(year, {}) if p.official}
    for branch in branches:
        planner = (
            User.objects.filter(
                branch=branch, role__in=[Role.SUPERVISOR, Role.MANAGER], is_active=True
            )
            .order_by("-role", "pk")
            .first()
            or manager_hq
        )
        technicians = list(Technician.objects.filter(branch=branch, is_active=True).order_by("pk"))
        if not technicians:
            continue
        sites = list(selectors.key_sites(planner, branch=branch)[:2])
        for name, on_site_days in BREAKS:
            period = periods.get(name)
            if period is None:
                continue
            planned_at = min(now, _at(period.start - dt.timedelta(days=10), 10))
            rng.shuffle(technicians)
            for n, day in enumerate(period.days):
                # On call for the branch: a day shift and a night shift into the next morning.
                for shift, (starts, ends) in enumerate(SHIFTS):
                    on_call = technicians[(2 * n + shift) % len(technicians)]
                    filed += _assign(planner, on_call, day, starts, ends, planned_at, rng)
                if n < on_site_days:
                    for k, site in enumerate(sites):
                        tech = technicians[(n + k + 1) % len(technicians)]
                        filed += _assign(
                            planner,
                            tech,
                            day,
                            dt.time(9),
                            dt.time(18),
                            planned_at,
                            rng,
                            site=site,
                        )
    return filed


def _assign(
    by: User,
    technician: Technician,
    day: dt.date,
    starts: dt.time,
    ends: dt.time,
    now: dt.datetime,
    rng: random.Random,
    *,
    site: Customer | None = None,
) -> int:
    try:
        services.duty_assign(
            by=by,
            technician=technician,
            site=site,
            date=day,
            starts=starts,
            ends=ends,
            note=rng.choice(DUTY_NOTES),
            now=now,
        )
    except DomainError:  # planned already, or the site's contract ended: as a planner would skip
        return 0
    return 1
