"""The notifications app's settings: each read as `settings.AFTERSALES.get(KEY, default)`.

- EMAIL_STAFF (True): staff with an e-mail address get each in-app message by e-mail too.
- SMS_GATEWAY ("aftersales.notifications.sms.LoggingSmsGateway"): the dotted path of the class
  that sends text messages (see sms.py for how a real gateway plugs in); SMS_GATEWAY_OPTIONS
  ({}) are passed to its constructor (account, template codes, …; secrets from the environment).
- MESSAGE_MAX_ATTEMPTS (3): an e-mail or text message that fails is tried again by the sweep
  until it has been tried this many times.
- MESSAGE_QUEUED_MINUTES (5): a message still queued after this long (its task was lost, or the
  worker was down) is queued again by the sweep.
- MESSAGE_SENDING_MINUTES (15): a message still being sent after this long was interrupted; it
  may or may not have gone out, so it is marked failed and not tried again (never sent twice).
- SITE_URL (""): the address of the site, put before the in-app link in staff e-mails.

The customer hears that his appointment is agreed (002 第8条, 第五十四条: 提前与用户预约好时间);
staff hear what falls due and what breaches its time rule (SPEC §6).
"""

from typing import Any

from django.conf import settings

DEFAULTS: dict[str, Any] = {
    "EMAIL_STAFF": True,
    "SMS_GATEWAY": "aftersales.notifications.sms.LoggingSmsGateway",
    "SMS_GATEWAY_OPTIONS": {},
    "MESSAGE_MAX_ATTEMPTS": 3,
    "MESSAGE_QUEUED_MINUTES": 5,
    "MESSAGE_SENDING_MINUTES": 15,
    "SITE_URL": "",
}


def get(name: str) -> Any:
    return settings.AFTERSALES.get(name, DEFAULTS[name])
