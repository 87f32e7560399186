"""Follow-up records of each side of the permission tests' scene (aftersales.core.tests.scene),
and of the services' capability test's context.

Written straight to the tables, with no audit entry, so that making them does not count as a
change in the scene's footprint. One record of each kind per side is kept; `fresh=True` makes a
new one, for a move that must succeed.
"""

import datetime as dt
import itertools
from typing import Any

from django.utils import timezone

from aftersales.followups import rules
from aftersales.followups.models import FollowUp, Letter, Question
from aftersales.workorders.models import State, WorkOrder

_numbers = itertools.count(1)


class CtxSide:
    """Just enough of a scene side, from the services capability test's context."""

    def __init__(self, ctx: Any) -> None:
        self.flow = ctx.flow
        self.branch = ctx.branch_a
        self.customer = ctx.customer_a
        self.extra: dict = {}


def completed_job(side: Any, *, days_ago: int = 4) -> WorkOrder:
    """A job of the side's customer, completed `days_ago` days before the side's now."""
    at = side.flow.now - dt.timedelta(days=days_ago)
    return WorkOrder.objects.create(
        number=f"WO-FU{next(_numbers):05d}",
        branch=side.branch,
        customer=side.customer,
        symptom="不制冷",
        address=side.customer.address,
        contact_phone=side.customer.phone,
        created_by=side.flow.agent,
        category="C",
        state=State.COMPLETED,
        dispatched_at=at - dt.timedelta(hours=3),
        completed_at=at,
        service_report="补充制冷剂，试机正常",
    )


def _cached(side: Any, key: str, fresh: bool, make):
    if fresh:
        return make()
    if key not in side.extra:
        side.extra[key] = make()
    return side.extra[key]


def follow_up_of(side: Any, *, fresh: bool = False) -> FollowUp:
    """An open first call on a job of the side completed four days ago: due now."""

    def make() -> FollowUp:
        order = completed_job(side)
        ((kind, due_from, due_by),) = rules.plan_after_completion("two_calls", order.completed_at)
        return FollowUp.objects.create(
            work_order=order,
            customer=side.customer,
            branch=side.branch,
            kind=kind,
            policy="two_calls",
            due_from=due_from,
            due_by=due_by,
            created_at=order.completed_at,
        )

    return _cached(side, "_follow_up", fresh, make)


def question_of(side: Any, *, fresh: bool = False) -> Question:
    """A question of the side's customer waiting for the supervisor's answer."""

    def make() -> Question:
        at = side.flow.now - dt.timedelta(hours=1)
        return Question.objects.create(
            branch=side.branch,
            customer=side.customer,
            question="遥控器的定时功能怎么设置？",
            raised_by=side.flow.agent,
            raised_at=at,
            assigned_to=side.flow.supervisor,
            due_at=rules.question_due(at),
        )

    return _cached(side, "_question", fresh, make)


def answered_question_of(side: Any, *, fresh: bool = False) -> Question:
    """A question answered by the supervisor; the customer not told yet."""

    def make() -> Question:
        question = question_of(side, fresh=True)
        question.answer = "按住“定时”键三秒，再用上下键选择小时数。"
        question.answered_by = side.flow.supervisor
        question.answered_at = side.flow.now - dt.timedelta(minutes=30)
        question.save()
        return question

    return _cached(side, "_answered_question", fresh, make)


def letter_of(side: Any, *, fresh: bool = False) -> Letter:
    """A letter received from the side's customer, waiting for our reply."""

    def make() -> Letter:
        today = timezone.localtime(side.flow.now).date()
        return Letter.objects.create(
            number=f"XH-S{next(_numbers):05d}",
            branch=side.branch,
            date=today - dt.timedelta(days=2),
            direction=Letter.Direction.IN,
            kind=Letter.Kind.ENQUIRY,
            customer=side.customer,
            subject="咨询空调清洗保养",
            by=side.flow.agent,
            reply_due=today + dt.timedelta(days=5),
            created_at=side.flow.now,
        )

    return _cached(side, "_letter", fresh, make)
