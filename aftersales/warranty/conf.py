"""The warranty app's settings, read from settings.AFTERSALES with these defaults."""

from django.conf import settings

# 保養契約期滿前一個月 … 應填具保養到期通知書寄與客戶，並派員前往爭取續約 (004 (二十)): the renewal
# notice is filed this many days before a maintenance contract ends.
RENEWAL_NOTICE_DAYS = 30

# Who is sent to win the renewal: the first active person of the contract's branch, by these
# roles in this order, who may edit contracts (the branch manager, then the service supervisor);
# head office's, when the branch has nobody.
RENEWAL_NOTICE_ROLES = ("manager", "supervisor")


def renewal_notice_days() -> int:
    return int(settings.AFTERSALES.get("RENEWAL_NOTICE_DAYS", RENEWAL_NOTICE_DAYS))


def renewal_notice_roles() -> tuple[str, ...]:
    return tuple(settings.AFTERSALES.get("RENEWAL_NOTICE_ROLES", RENEWAL_NOTICE_ROLES))
