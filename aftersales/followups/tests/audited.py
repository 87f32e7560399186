"""The followups services in the table of core/tests/test_audit_services: each leaves its entry,
with the field it changes before and after."""

from collections.abc import Callable
from typing import Any

from django.utils import timezone

from aftersales.accounts.models import Role
from aftersales.followups import services

from .scene_records import answered_question_of, completed_job, follow_up_of, letter_of, question_of


def CHANGES(Change: type) -> dict[str, Callable[[Any], Any]]:  # noqa: N802 — the table's name
    def result(value: Any) -> Any:
        return value

    def agent(scene: Any):
        return scene.users[Role.AGENT]

    def follow_ups_plan_for_order(scene: Any) -> Any:
        by = agent(scene)
        order = completed_job(scene.a)
        return Change(
            by=by,
            run=lambda: services.follow_ups_plan_for_order(order=order, by=by, now=timezone.now()),
            expect=[(lambda planned: planned[0], "kind", None, "first_call")],
        )

    def follow_up_record_call(scene: Any) -> Any:
        by = agent(scene)
        follow_up = follow_up_of(scene.a, fresh=True)
        return Change(
            by=by,
            run=lambda: services.follow_up_record_call(
                follow_up=follow_up,
                by=by,
                now=timezone.now(),
                reached=True,
                customer_said="制冷正常，满意",
                satisfied="yes",
            ),
            expect=[
                (lambda _r: follow_up, "status", "open", "done"),
                (result, "reached", None, True),
            ],
        )

    def follow_up_assign(scene: Any) -> Any:
        by = scene.users[Role.SUPERVISOR]
        follow_up = follow_up_of(scene.a, fresh=True)
        assignee = agent(scene)
        return Change(
            by=by,
            run=lambda: services.follow_up_assign(
                follow_up=follow_up, by=by, now=timezone.now(), assignee=assignee
            ),
            expect=[(result, "assigned_to", None, assignee.pk)],
        )

    def phone_log_add(scene: Any) -> Any:
        by = agent(scene)
        return Change(
            by=by,
            run=lambda: services.phone_log_add(
                by=by,
                now=timezone.now(),
                direction="in",
                phone=scene.a.customer.phone,
                subject="咨询保养",
            ),
            expect=[(result, "subject", None, "咨询保养")],
        )

    def letter_add(scene: Any) -> Any:
        by = agent(scene)
        return Change(
            by=by,
            run=lambda: services.letter_add(
                by=by,
                now=timezone.now(),
                direction="out",
                kind="invitation",
                customer=scene.a.customer,
                subject="客户联谊会邀请函",
            ),
            expect=[(result, "subject", None, "客户联谊会邀请函")],
        )

    def letter_mark_replied(scene: Any) -> Any:
        by = agent(scene)
        letter = letter_of(scene.a, fresh=True)
        today = timezone.localdate()
        return Change(
            by=by,
            run=lambda: services.letter_mark_replied(
                letter=letter, by=by, now=timezone.now(), replied_on=today
            ),
            expect=[(result, "replied_on", None, today.isoformat())],
        )

    def question_raise(scene: Any) -> Any:
        by = agent(scene)
        return Change(
            by=by,
            run=lambda: services.question_raise(
                by=by, now=timezone.now(), question="能否延长保修？", customer=scene.a.customer
            ),
            expect=[(result, "question", None, "能否延长保修？")],
        )

    def question_answer(scene: Any) -> Any:
        by = scene.users[Role.SUPERVISOR]
        question = question_of(scene.a, fresh=True)
        return Change(
            by=by,
            run=lambda: services.question_answer(
                question=question, by=by, now=timezone.now(), answer="可购买延保"
            ),
            expect=[(result, "answer", "", "可购买延保")],
        )

    def question_customer_told(scene: Any) -> Any:
        by = agent(scene)
        question = answered_question_of(scene.a, fresh=True)
        at = timezone.now()
        return Change(
            by=by,
            run=lambda: services.question_customer_told(question=question, by=by, now=at),
            expect=[(result, "customer_told_at", None, at.isoformat())],
        )

    return {
        "follow_ups_plan_for_order": follow_ups_plan_for_order,
        "follow_up_record_call": follow_up_record_call,
        "follow_up_assign": follow_up_assign,
        "phone_log_add": phone_log_add,
        "letter_add": letter_add,
        "letter_mark_replied": letter_mark_replied,
        "question_raise": question_raise,
        "question_answer": question_answer,
        "question_customer_told": question_customer_told,
    }
