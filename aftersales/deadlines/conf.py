"""The time each job is given, by default; every value can be set in settings.AFTERSALES["DEADLINES"]
(a dict with any of these keys), since companies and their contracts disagree."""

from typing import Any

from django.conf import settings

DEFAULTS: dict[str, Any] = {
    # 接到服務信息，應在24小時內答覆 (000 篇10 三4): the customer hears from us within 24 hours,
    # nights and holidays included.
    "REPLY_HOURS": 24,
    "REPLY_AROUND_THE_CLOCK": True,
    # 市區採用六小時，郊區採用七小時派工制，即叫修時間至抵達服務時間不得逾上班時間內六小時或七小時
    # (004 (十九)): working hours, from the call to arrival.
    "ARRIVAL_CITY_HOURS": 6,
    "ARRIVAL_SUBURB_HOURS": 7,
    # Faults under a maintenance contract, by zone (000 篇9 4.2.5), around the clock (4.2.3: 實行
    # 24小時全天侯服務). A zone not named here ("farther") takes the contract's own arrival time,
    # or the suburb rule when the contract names none.
    "CONTRACT_ARRIVAL_HOURS": {"ring1": 2, "ring2": 3, "ring3": 4, "nearby": 6},
    "CONTRACT_AROUND_THE_CLOCK": True,
    # Emergency repair: on site within 2 hours, any day (003 方案1–2: 發生緊急搶修事故的，我方會在
    # 2小時內到達事故現場).
    "EMERGENCY_ARRIVAL_HOURS": 2,
    # The job done: three working days; emergencies within 24 hours (003: 24小時內完成設備維護及事故
    # 搶修服務). A supervisor's approved extension moves it (004 (十四)).
    "COMPLETION_HOURS": 24,
    "EMERGENCY_COMPLETION_HOURS": 24,
    # Planned work (maintenance visits, training) keeps its own dates: no clock.
    "KINDS": ["repair", "installation", "emergency"],
    # Which targets a hold stops, by its reason: waiting for the customer stops arrival and
    # completion; waiting for parts only completion. The reply is owed whatever happens.
    "HOLD_PAUSES": {
        "customer": ["arrival", "completion"],
        "parts": ["completion"],
    },
    # Staff are told this many minutes before a target falls due.
    "WARN_MINUTES": 60,
}


def deadline_settings() -> dict[str, Any]:
    return {**DEFAULTS, **settings.AFTERSALES.get("DEADLINES", {})}
