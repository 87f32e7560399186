"""Demo follow-ups: the calls owed on the demo's recently finished jobs — most made, some not
reached, some still open or late — periodic visits of the key and long-term customers, the
phone and letter registers, and a few questions for the supervisors, all through the services.

Call after the core demo:

    from aftersales.followups import demo
    demo.seed(random.Random(1), timezone.now())
"""

import datetime as dt
import random

from django.db import transaction
from django.utils import timezone

from aftersales.accounts.models import Branch, Role, User
from aftersales.customers.models import Customer
from aftersales.workorders.models import ServiceCategory, State, WorkOrder

from . import selectors, services, sweeps
from .conf import follow_up_settings
from .models import CallRecord, FollowUp, Letter, PhoneLog, Question

SAID_HAPPY = [
    "空调制冷效果很好，师傅上门准时，态度很好。",
    "机器运行正常，对维修质量满意。",
    "热水器已经正常使用，师傅讲解了使用注意事项。",
    "设备运行稳定，感谢及时上门。",
    "维修后没有再出现异响，满意。",
    "师傅很专业，还帮忙清洗了滤网。",
]
SAID_UNHAPPY = [
    "上门比约定时间晚了一个多小时，希望改进。",
    "修好后用了两天又有点漏水，请再派人看看。",
    "收费说明不够清楚。",
]
QUESTIONS = [
    "保修期过后清洗滤网是否收费？",
    "能否为另一台同型号空调办理延保？",
    "室外机冬季噪音偏大是否正常？",
    "更换下来的旧配件能否退还给客户？",
]
PHONE_SUBJECTS = [
    ("in", "咨询空调清洗保养费用", "已报价，客户考虑后再联系"),
    ("in", "查询维修进度", "已告知预计完工时间"),
    ("in", "投诉上门迟到", "已致歉并转服务主管处理"),
    ("in", "咨询延保服务", "已介绍延保方案"),
    ("out", "通知免费检测周活动", "客户表示参加"),
    ("out", "预约保养上门时间", "已约定周六上午"),
    ("in", "询问发票开具", "已说明开票流程"),
]
LETTERS = [
    ("out", "notice", "免费检测周活动通知", None),
    ("out", "invitation", "客户联谊会邀请函", None),
    ("out", "reply", "关于延保咨询的答复函", None),
    ("in", "enquiry", "来函咨询中央空调年度保养方案", 5),
    ("in", "enquiry", "来函反映维修后仍有异响", 3),
]


def _staff(branch: Branch, roles: tuple[str, ...]) -> list[User]:
    return list(
        User.objects.filter(branch=branch, role__in=roles, is_active=True).order_by("pk")
    ) or list(
        User.objects.filter(branch__is_head_office=True, role__in=roles, is_active=True).order_by(
            "pk"
        )
    )


def _callers(branch: Branch) -> list[User]:
    return _staff(branch, (Role.AGENT, Role.SUPERVISOR)) or _staff(branch, (Role.MANAGER,))


def _working_moment(rng: random.Random, day: dt.datetime, now: dt.datetime) -> dt.datetime:
    """A moment of the office day of `day`, not after `now`."""
    local = timezone.localtime(day)
    at = local.replace(hour=rng.randint(9, 17), minute=rng.randint(0, 59), second=0, microsecond=0)
    return min(at, now - dt.timedelta(minutes=rng.randint(5, 90)))


def _call(rng, task: FollowUp, by: User, at: dt.datetime, *, reached: bool, happy: bool = True):
    return services.follow_up_record_call(
        follow_up=task,
        by=by,
        now=at,
        at=at,
        reached=reached,
        customer_said=rng.choice(SAID_HAPPY if happy else SAID_UNHAPPY) if reached else "",
        satisfied=("yes" if happy else "no") if reached else "unknown",
        notes="" if reached else rng.choice(["无人接听", "关机", "占线", "客户在开会，约稍后回电"]),
    )


@transaction.atomic
def seed(rng: random.Random, now: dt.datetime, *, limit: int = 1000) -> dict[str, int]:
    counts = {"follow-ups": 0, "call records": 0, "phone log": 0, "letters": 0, "questions": 0}
    if not User.objects.filter(role=Role.AGENT).exists():
        return counts
    jobs = list(
        WorkOrder.objects.filter(
            state__in=(State.COMPLETED, State.CLOSED),
            completed_at__gte=now - dt.timedelta(days=follow_up_settings()["CATCH_UP_DAYS"]),
            completed_at__lte=now,
        )
        .exclude(category=ServiceCategory.INTERNAL)
        .select_related("branch", "customer")
        .order_by("completed_at", "pk")[:limit]
    )
    asked = 0
    for order in jobs:
        planned = services.follow_ups_plan_for_order(order=order, by=None, now=order.completed_at)
        callers = _callers(order.branch)
        if not planned or not callers:
            continue
        task = planned[0]
        age = (now - order.completed_at).days
        by = rng.choice(callers)
        if task.kind == FollowUp.Kind.CALL_BACK or age < 3 or rng.random() < 0.12:
            continue  # still to do: upcoming, due now or left late
        first_day = order.completed_at + dt.timedelta(days=rng.randint(3, min(age, 6)))
        at = _working_moment(rng, first_day, now)
        if rng.random() < 0.1:  # three tries, never reached
            for hours in (0, 4, 26):
                _call(rng, task, by, min(at + dt.timedelta(hours=hours), now), reached=False)
            continue
        if rng.random() < 0.25:  # not reached the first time
            _call(rng, task, by, at, reached=False)
            at = min(at + dt.timedelta(hours=rng.randint(2, 28)), now)
        happy = rng.random() < 0.88
        record = _call(rng, task, by, at, reached=True, happy=happy)
        if asked < 2 and rng.random() < 0.1:
            services.question_raise(by=by, now=at, question=QUESTIONS[asked], follow_up=task)
            asked += 1
        second = FollowUp.objects.filter(work_order=order, kind=FollowUp.Kind.SECOND_CALL).first()
        second_at = record.at + dt.timedelta(days=rng.randint(3, 7))
        if second is not None and second_at < now and rng.random() < 0.8:
            _call(rng, second, by, _working_moment(rng, second_at, now), reached=True)

    # Periodic visits: planned for every key and long-term customer who is owed one; some of
    # those planned first were made in the last days.
    sweeps.plan_periodic_visits(now=now)
    visits = list(
        FollowUp.objects.filter(kind=FollowUp.Kind.PERIODIC_VISIT, status=FollowUp.Status.OPEN)
        .select_related("branch")
        .order_by("due_by", "pk")
    )
    for visit in visits[: len(visits) // 2]:
        callers = _callers(visit.branch)
        if callers:
            at = _working_moment(rng, now - dt.timedelta(days=rng.randint(1, 10)), now)
            services.follow_up_record_call(
                follow_up=visit,
                by=rng.choice(callers),
                now=at,
                at=at,
                reached=True,
                channel=rng.choice(["visit", "visit", "phone"]),
                customer_said="设备运行良好；客户希望下次回访前先电话预约。",
                satisfied="yes",
            )

    for branch in Branch.objects.filter(is_head_office=False).order_by("code"):
        callers = _callers(branch)
        customers = list(Customer.objects.filter(branch=branch).order_by("?")[:12])
        if not callers or not customers:
            continue
        for i, (direction, subject, result) in enumerate(PHONE_SUBJECTS):
            customer = customers[i % len(customers)]
            at = _working_moment(rng, now - dt.timedelta(days=rng.randint(0, 9)), now)
            services.phone_log_add(
                by=rng.choice(callers),
                now=at,
                at=at,
                direction=direction,
                phone=customer.phone,
                subject=subject,
                result=result,
                customer=customer,
            )
        today = timezone.localtime(now).date()
        for i, (direction, kind, subject, reply_days) in enumerate(LETTERS):
            day = today - dt.timedelta(days=rng.randint(1, 12))
            letter = services.letter_add(
                by=rng.choice(callers),
                now=now,
                direction=direction,
                kind=kind,
                customer=customers[-1 - i % len(customers)],
                subject=subject,
                date=day,
                reference=f"HF-{day:%Y%m%d}-{i + 1:02d}" if direction == "in" else "",
                reply_due=day + dt.timedelta(days=reply_days) if reply_days else None,
            )
            if reply_days and i % 2:
                services.letter_mark_replied(
                    letter=letter,
                    by=rng.choice(callers),
                    now=now,
                    replied_on=min(today, day + dt.timedelta(days=2)),
                )

        # One question answered and told the same day, one past its two days.
        supervisors = selectors.supervisors_of(branch)
        if supervisors:
            raised = _working_moment(rng, now - dt.timedelta(days=3), now)
            answered = services.question_raise(
                by=callers[0], now=raised, question=QUESTIONS[2], customer=customers[0]
            )
            reply_at = raised + dt.timedelta(hours=20)
            services.question_answer(
                question=answered,
                by=supervisors[0],
                now=reply_at,
                answer="属正常现象：低温时压缩机启动声音稍大，不影响使用。",
            )
            services.question_customer_told(
                question=answered, by=callers[0], now=reply_at + dt.timedelta(hours=1)
            )
            services.question_raise(
                by=callers[-1],
                now=_working_moment(rng, now - dt.timedelta(days=4), now),
                question=QUESTIONS[3],
                customer=customers[1 % len(customers)],
            )

    return {
        "follow-ups": FollowUp.objects.count(),
        "call records": CallRecord.objects.count(),
        "phone log": PhoneLog.objects.count(),
        "letters": Letter.objects.count(),
        "questions": Question.objects.count(),
    }
