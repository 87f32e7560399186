"""The follow-up rules' values, by default; each can be set in settings.AFTERSALES.

`settings.AFTERSALES["FOLLOW_UP_POLICY"]` chooses how finished jobs are followed up, and
`settings.AFTERSALES["FOLLOW_UPS"]` (a dict with any of the keys of DEFAULTS) the times, since
the regulations disagree and companies keep their own.
"""

from typing import Any

from django.conf import settings

# 跟蹤服務顧問在客户接車出廠…後三天至一週內，應主動電話聯繫客户，作售後第一次跟蹤服務 (000 篇3
# (三)4); 在第一次跟蹤服務的一週後的7天以內…第二次跟蹤服務的電話聯繫 (000 篇3 (三)5).
TWO_CALLS = "two_calls"
# 服務完成後…由呼叫中心在24小時內進行100%回訪 (002 B): every job, one call within 24 hours.
CALL_BACK_24H = "call_back_24h"
POLICIES = (TWO_CALLS, CALL_BACK_24H)
DEFAULT_POLICY = TWO_CALLS

DEFAULTS: dict[str, Any] = {
    # The first call: from 3 days to one week after the job was completed (000 篇3 (三)4).
    "FIRST_CALL_FROM_DAYS": 3,
    "FIRST_CALL_BY_DAYS": 7,
    # The second call: due within 7 days of the moment the first call was made (SPEC §6, reading
    # 000 篇3 (三)5). Who reads it as "a week later, within the next 7 days" sets FROM 7, BY 14.
    "SECOND_CALL_FROM_DAYS": 0,
    "SECOND_CALL_BY_DAYS": 7,
    # The call centre's call-back: within 24 hours of completion (002 B).
    "CALL_BACK_HOURS": 24,
    # Periodic visits by customer tier: key customers at least every half year, long-term
    # customers at least once a year (000 篇2 4(6): 長期客户，至少每一年回訪一次，重要客户，至少
    # 每半年回訪一次). A tier not named here has no periodic visits.
    "VISIT_MONTHS": {"key": 6, "long_term": 12},
    # A periodic visit is put on the worklist this many days before it falls due.
    "VISIT_LOOKAHEAD_DAYS": 14,
    # A question the agent cannot answer goes to the supervisor and is answered within 2 days
    # (000 篇3 (三)4: 仍不能解決的，要在兩日內報告業務主管，請示解決辦法).
    "QUESTION_ANSWER_DAYS": 2,
    # After this many calls without reaching the customer the task is closed as unreachable.
    "MAX_ATTEMPTS": 3,
    # The sweep plans tasks for jobs completed this many days back that have none (a completion
    # that did not plan them); older jobs are left alone.
    "CATCH_UP_DAYS": 30,
}


def follow_up_policy() -> str:
    """The policy in force; an unknown name falls back to the default rather than to nothing."""
    policy = settings.AFTERSALES.get("FOLLOW_UP_POLICY", DEFAULT_POLICY)
    return policy if policy in POLICIES else DEFAULT_POLICY


def follow_up_settings() -> dict[str, Any]:
    return {**DEFAULTS, **settings.AFTERSALES.get("FOLLOW_UPS", {})}
