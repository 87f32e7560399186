"""How long, as a dispatcher says it (3天23小时, 45分钟):

- `{{ since|age:now }}`: how long a job has waited;
- `{{ clock.left|span:around_the_clock }}`: a stretch of time without its sign (the page says
  "left" or "late by"); working time in hours only.
"""

from datetime import datetime, timedelta

from django import template
from django.utils.translation import gettext as _

register = template.Library()


def _spoken(minutes: int, *, days_too: bool = True) -> str:
    days, minutes = divmod(minutes, 24 * 60) if days_too else (0, minutes)
    hours, minutes = divmod(minutes, 60)
    if days:
        return _("%(days)dd %(hours)dh") % {"days": days, "hours": hours}
    if hours:
        return _("%(hours)dh %(minutes)dmin") % {"hours": hours, "minutes": minutes}
    return _("%(minutes)dmin") % {"minutes": minutes}


@register.filter
def age(since: datetime | None, now: datetime) -> str:
    if since is None:
        return ""
    return _spoken(max(int((now - since).total_seconds() // 60), 0))


@register.filter
def span(value: timedelta | None, around_the_clock: bool = True) -> str:
    """Working time is told in hours: a day of it is not 24 of them."""
    if value is None:
        return ""
    return _spoken(int(abs(value).total_seconds() // 60), days_too=around_the_clock)
