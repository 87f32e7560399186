"""`{{ since|age:now }}`: how long a job has waited, as a dispatcher says it (3天23小时, 45分钟)."""

from datetime import datetime

from django import template
from django.utils.translation import gettext as _

register = template.Library()


@register.filter
def age(since: datetime | None, now: datetime) -> str:
    if since is None:
        return ""
    minutes = max(int((now - since).total_seconds() // 60), 0)
    days, minutes = divmod(minutes, 24 * 60)
    hours, minutes = divmod(minutes, 60)
    if days:
        return _("%(days)dd %(hours)dh") % {"days": days, "hours": hours}
    if hours:
        return _("%(hours)dh %(minutes)dmin") % {"hours": hours, "minutes": minutes}
    return _("%(minutes)dmin") % {"minutes": minutes}
