"""The working calendar's settings, read from settings.AFTERSALES with these defaults."""

from django.conf import settings

from .rules import UNKNOWN_YEAR_POLICIES

# What a day of a year the installed chinesecalendar does not know is (it is released each year
# once the State Council announces the next year's holidays, 国务院办公厅关于节假日安排的通知):
# "weekdays" — Monday to Friday work meanwhile, company days on top; "refuse" — deadlines of that
# year stop with an error naming the year until the package is updated or the company enters the
# year's official days as company days. The default is "weekdays": a call taken on 30 December
# must still be registered and given its deadlines, and the calendar pages warn about the year
# until its days are known (SPEC §6 follows the official schedule; enter it as company days).
UNKNOWN_YEAR_CALENDAR = "weekdays"


def unknown_year_policy() -> str:
    value = settings.AFTERSALES.get("UNKNOWN_YEAR_CALENDAR", UNKNOWN_YEAR_CALENDAR)
    if value not in UNKNOWN_YEAR_POLICIES:
        raise ValueError(
            f'settings.AFTERSALES["UNKNOWN_YEAR_CALENDAR"] must be one of {UNKNOWN_YEAR_POLICIES}'
        )
    return value
