"""The maintenance app's settings and their defaults; each may be set in settings.AFTERSALES.

- SPRING_AUTUMN_MONTHS: the months of the spring and autumn overhaul. 所有調壓站（櫃、箱）、埋地閥井，
  每年春季、秋季進行兩次檢修維護 (000 篇5 第九条) names the seasons, not the months: April and
  October by default.
- MAINTENANCE_LOOKAHEAD_DAYS: how far ahead the sweep plans the visits of every active schedule,
  so that the work is on the list before it is due (技术部应按照维护合同要求…制定维护工作週期表,
  000 篇9 4.2.1).
- MAINTENANCE_DUE_NOTICE_DAYS: the branch supervisor hears of a visit this many days before it is
  due, and once more when it is overdue.
"""

from typing import Any

from django.conf import settings

DEFAULTS: dict[str, Any] = {
    "SPRING_AUTUMN_MONTHS": (4, 10),
    "MAINTENANCE_LOOKAHEAD_DAYS": 30,
    "MAINTENANCE_DUE_NOTICE_DAYS": 3,
}


def setting(key: str) -> Any:
    return settings.AFTERSALES.get(key, DEFAULTS[key])
