"""Pure decisions of preventive maintenance: the days a schedule falls due, whether a reading is
within its allowed range, and the bounds of a quarter in the company's time zone.

Frequencies come from the regulations: regulator stations every two weeks (每兩週巡檢一次,
000 篇5 第七条), spring and autumn overhauls (每年春季、秋季進行兩次檢修維護, 第九条), valves yearly
and every three years (每年檢修一次 … 三年普查一次, 第十二条), and the monthly check of security
systems (月檢：每月按期…進行一次檢測, 000 篇9 4.3.1).
"""

import calendar
import datetime as dt
from collections.abc import Iterable
from decimal import Decimal

from django.utils import timezone

from .conf import setting
from .models import Frequency

BIWEEKLY_DAYS = 14
# Months between visits of the frequencies counted in months.
MONTH_STEPS = {Frequency.MONTHLY: 1, Frequency.YEARLY: 12, Frequency.TRIENNIAL: 36}


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day `months` later, clamped to the end of a shorter month (31 Jan + 1 → 28/29 Feb)."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    month += 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def spring_autumn_months(months: Iterable[int] | None = None) -> tuple[int, ...]:
    """The months of the spring and autumn visits: configured, April and October by default."""
    chosen = tuple(sorted({int(m) for m in (months or setting("SPRING_AUTUMN_MONTHS"))}))
    if not chosen or any(not 1 <= m <= 12 for m in chosen):
        raise ValueError(f"SPRING_AUTUMN_MONTHS must be months 1–12, not {chosen!r}")
    return chosen


def visit_dates(
    frequency: str,
    start: dt.date,
    until: dt.date,
    *,
    months: Iterable[int] | None = None,
) -> list[dt.date]:
    """Every day from `start` to `until` (both included) on which a schedule of `frequency`
    starting on `start` falls due.

    Monthly, yearly and three-yearly visits keep the day of the month of the start, clamped to the
    end of a shorter month (a schedule from 31 January is due on 28 or 29 February, then on
    31 March again). Spring and autumn visits fall on that day of each configured month.
    """
    if until < start:
        return []
    if frequency == Frequency.BIWEEKLY:
        count = (until - start).days // BIWEEKLY_DAYS
        return [start + dt.timedelta(days=BIWEEKLY_DAYS * i) for i in range(count + 1)]
    if frequency in MONTH_STEPS:
        step = MONTH_STEPS[Frequency(frequency)]
        days: list[dt.date] = []
        day, i = start, 0
        while day <= until:
            days.append(day)
            i += 1
            day = add_months(start, step * i)
        return days
    if frequency == Frequency.SPRING_AUTUMN:
        chosen = spring_autumn_months(months)
        days = []
        for year in range(start.year, until.year + 1):
            for month in chosen:
                day = dt.date(year, month, min(start.day, calendar.monthrange(year, month)[1]))
                if start <= day <= until:
                    days.append(day)
        return days
    raise ValueError(f"unknown frequency {frequency!r}")


def reading_in_range(
    value: Decimal | None, minimum: Decimal | None, maximum: Decimal | None
) -> bool:
    """A reading within its allowed range, both bounds included; a missing bound does not limit.
    No reading at all is not within any range."""
    if value is None:
        return False
    if minimum is not None and value < minimum:
        return False
    return maximum is None or value <= maximum


def number_text(value: Decimal) -> str:
    """A stored reading as written on paper: no trailing zeros, but one decimal at least
    (2.000 → '2.0', 1.850 → '1.85', 210 → '210.0')."""
    shown = value.normalize()
    if shown.as_tuple().exponent > -1:
        shown = value.quantize(Decimal("0.1"))
    return f"{shown:f}"


def range_text(minimum: Decimal | None, maximum: Decimal | None, unit: str = "") -> str:
    """The allowed range as printed on the checklist: '2.0–3.0 kPa', '≥ 2.0 kPa', '≤ 3.0 kPa'."""
    suffix = f" {unit}" if unit else ""
    if minimum is not None and maximum is not None:
        return f"{number_text(minimum)}–{number_text(maximum)}{suffix}"
    if minimum is not None:
        return f"≥ {number_text(minimum)}{suffix}"
    if maximum is not None:
        return f"≤ {number_text(maximum)}{suffix}"
    return ""


# Quarters ----------------------------------------------------------------------------------------


def quarter_of(day: dt.date) -> tuple[int, int]:
    """The year and quarter (1–4) a day is in."""
    return day.year, (day.month - 1) // 3 + 1


def quarter_dates(year: int, quarter: int) -> tuple[dt.date, dt.date]:
    """The first and the last day of a quarter."""
    if not 1 <= quarter <= 4:
        raise ValueError(f"quarter must be 1–4, not {quarter!r}")
    first = dt.date(year, 3 * quarter - 2, 1)
    return first, add_months(first, 3) - dt.timedelta(days=1)


def quarter_bounds(year: int, quarter: int) -> tuple[dt.datetime, dt.datetime]:
    """The quarter as [start, end) in the company's time zone (Asia/Shanghai): a visit recorded at
    23:59 on 31 March is in the first quarter, one at 00:00 on 1 April in the second."""
    zone = timezone.get_default_timezone()
    first, last = quarter_dates(year, quarter)
    start = dt.datetime.combine(first, dt.time.min, tzinfo=zone)
    end = dt.datetime.combine(last + dt.timedelta(days=1), dt.time.min, tzinfo=zone)
    return start, end


def shift_quarter(year: int, quarter: int, by: int) -> tuple[int, int]:
    """The quarter `by` quarters later (earlier when negative)."""
    index = year * 4 + quarter - 1 + by
    return index // 4, index % 4 + 1
