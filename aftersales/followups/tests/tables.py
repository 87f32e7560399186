"""The followups app's entries in the issue-wide tables of core/tests and workorders/tests:

- GUARDED: services in the capability table of workorders/tests/test_services_permissions;
- PAGES, PAGE_RECORDS: pages of core/tests/test_permissions_pages and the records they name;
- OPS, API_RECORDS: API operations of core/tests/test_permissions_api and their records;
- CREATIONS, OPERATIONS: the creating endpoints of core/tests/test_api_idempotency.
Each table's own record type is passed in, so that these entries are written in its terms.
"""

from collections.abc import Callable
from typing import Any

from aftersales.accounts.models import Role, User
from aftersales.accounts.policy import Cap
from aftersales.followups import services

from .scene_records import (
    CtxSide,
    answered_question_of,
    completed_job,
    follow_up_of,
    letter_of,
    question_of,
)

F, A = Cap.FOLLOW_UP, Cap.ANSWER_QUESTIONS

# Services ------------------------------------------------------------------------------------


def _plan(ctx: Any, user: User) -> Callable[[], Any]:
    order = completed_job(CtxSide(ctx))
    return lambda: services.follow_ups_plan_for_order(order=order, by=user, now=ctx.now)


def _record_call(ctx: Any, user: User) -> Callable[[], Any]:
    follow_up = follow_up_of(CtxSide(ctx), fresh=True)
    return lambda: services.follow_up_record_call(
        follow_up=follow_up,
        by=user,
        now=ctx.now,
        reached=True,
        customer_said="空调制冷正常，对服务满意",
        satisfied="yes",
    )


def _assign(ctx: Any, user: User) -> Callable[[], Any]:
    follow_up = follow_up_of(CtxSide(ctx), fresh=True)
    return lambda: services.follow_up_assign(
        follow_up=follow_up, by=user, now=ctx.now, assignee=ctx.flow.agent
    )


def _phone_log_add(ctx: Any, user: User) -> Callable[[], Any]:
    return lambda: services.phone_log_add(
        by=user,
        now=ctx.now,
        direction="in",
        phone=ctx.customer_a.phone,
        subject="咨询保养",
        customer=ctx.customer_a,
    )


def _letter_add(ctx: Any, user: User) -> Callable[[], Any]:
    return lambda: services.letter_add(
        by=user, now=ctx.now, direction="out", customer=ctx.customer_a, subject="免费检测周通知"
    )


def _letter_replied(ctx: Any, user: User) -> Callable[[], Any]:
    letter = letter_of(CtxSide(ctx), fresh=True)
    return lambda: services.letter_mark_replied(letter=letter, by=user, now=ctx.now)


def _question_raise(ctx: Any, user: User) -> Callable[[], Any]:
    return lambda: services.question_raise(
        by=user, now=ctx.now, question="保修期能否延长？", customer=ctx.customer_a
    )


def _question_answer(ctx: Any, user: User) -> Callable[[], Any]:
    question = question_of(CtxSide(ctx), fresh=True)
    return lambda: services.question_answer(
        question=question, by=user, now=ctx.now, answer="可购买延保服务"
    )


def _question_told(ctx: Any, user: User) -> Callable[[], Any]:
    question = answered_question_of(CtxSide(ctx), fresh=True)
    return lambda: services.question_customer_told(question=question, by=user, now=ctx.now)


GUARDED: dict[str, tuple[str, Callable[..., Callable[[], Any]]]] = {
    "follow_ups_plan_for_order": (F, _plan),
    "follow_up_record_call": (F, _record_call),
    "follow_up_assign": (F, _assign),
    "phone_log_add": (F, _phone_log_add),
    "letter_add": (F, _letter_add),
    "letter_mark_replied": (F, _letter_replied),
    "question_raise": (F, _question_raise),
    "question_answer": (A, _question_answer),
    "question_customer_told": (F, _question_told),
}

# Pages ---------------------------------------------------------------------------------------

# The records the paths name, made on first use without an audit entry.
PAGE_RECORDS: dict[str, Callable[..., Any]] = {
    "follow_up": follow_up_of,
    "followup_question": question_of,
    "followup_letter": letter_of,
}


def PAGES(Rule: type) -> dict[str, Any]:  # noqa: N802 — the table's name
    """Follow-ups are the call centre's and the service heads' (Cap.FOLLOW_UP); answering the
    questions is the supervisor's (Cap.ANSWER_QUESTIONS); the job's panel is for every reader."""
    return {
        "followups:worklist": Rule(F),
        "followups:detail": Rule(F, record="follow_up"),
        "followups:record_call": Rule(F, record="follow_up", post_only=True),
        "followups:raise_question": Rule(F, record="follow_up", post_only=True),
        "followups:assign": Rule(F, record="follow_up", post_only=True),
        "followups:order_panel": Rule(Cap.VIEW, record="order"),
        "followups:phone_log": Rule(F),
        "followups:phone_log_add": Rule(F, form=True),
        "followups:letters": Rule(F),
        "followups:letter_add": Rule(F, form=True),
        "followups:letter_replied": Rule(F, record="followup_letter", post_only=True),
        "followups:questions": Rule(F),
        "followups:question_detail": Rule(F, record="followup_question"),
        "followups:question_answer": Rule(A, record="followup_question", post_only=True),
        "followups:question_told": Rule(F, record="followup_question", post_only=True),
    }


# API -----------------------------------------------------------------------------------------

API_RECORDS: dict[str, tuple[str, Callable[..., Any]]] = {
    "follow_up": ("follow_up_id", follow_up_of),  # open, due now
    "followup_letter": ("letter_id", letter_of),  # awaiting a reply
    "followup_question": ("question_id", question_of),  # to be answered
    "followup_answered_question": ("question_id", answered_question_of),  # to tell
}


def _call_body(scene: Any, side: Any) -> dict[str, Any]:
    return {"reached": True, "customer_said": "使用正常，服务满意", "satisfied": "yes"}


def _phone_body(scene: Any, side: Any) -> dict[str, Any]:
    return {"direction": "in", "phone": side.customer.phone, "subject": "咨询空调清洗"}


def _letter_body(scene: Any, side: Any) -> dict[str, Any]:
    return {
        "direction": "out",
        "kind": "notice",
        "customer": side.customer.pk,
        "subject": "免费检测周通知",
    }


def _question_body(scene: Any, side: Any) -> dict[str, Any]:
    return {"customer": side.customer.pk, "question": "室外机噪音大是否正常？"}


def OPS(Op: type) -> dict[tuple[str, str], Any]:  # noqa: N802 — the table's name
    return {
        ("GET", "/follow-ups"): Op(F),
        ("GET", "/follow-ups/{follow_up_id}"): Op(F, record="follow_up"),
        ("POST", "/follow-ups/{follow_up_id}/calls"): Op(
            F, record="follow_up", ok=201, body=_call_body
        ),
        ("GET", "/phone-log"): Op(F),
        ("POST", "/phone-log"): Op(F, ok=201, body=_phone_body),
        ("GET", "/letters"): Op(F),
        ("POST", "/letters"): Op(F, ok=201, body=_letter_body),
        ("POST", "/letters/{letter_id}/replied"): Op(
            F, record="followup_letter", body=lambda scene, side: {}
        ),
        ("GET", "/questions"): Op(F),
        ("POST", "/questions"): Op(F, ok=201, body=_question_body),
        ("POST", "/questions/{question_id}/answer"): Op(
            A, record="followup_question", body=lambda scene, side: {"answer": "属正常运行声音"}
        ),
        ("POST", "/questions/{question_id}/customer-told"): Op(
            F, record="followup_answered_question"
        ),
    }


# Idempotent creation -------------------------------------------------------------------------


def CREATIONS(Creation: type) -> dict[str, Any]:  # noqa: N802 — the table's name
    from aftersales.followups.models import CallRecord, Letter, PhoneLog, Question

    return {
        "followup_call": Creation(
            Role.AGENT,
            CallRecord,
            lambda scene: f"/follow-ups/{follow_up_of(scene.a, fresh=True).pk}/calls",
            lambda scene: _call_body(scene, scene.a),
            other={"customer_said": "制冷效果一般"},
            again=409,  # reached: the follow-up is done
        ),
        "followup_phone_log": Creation(
            Role.AGENT,
            PhoneLog,
            lambda scene: "/phone-log",
            lambda scene: _phone_body(scene, scene.a),
            other={"subject": "投诉上门迟到"},
            again=201,  # every call is registered
        ),
        "followup_letter": Creation(
            Role.AGENT,
            Letter,
            lambda scene: "/letters",
            lambda scene: _letter_body(scene, scene.a),
            other={"subject": "优惠服务月邀请函"},
            again=201,  # every letter is registered
        ),
        "followup_question": Creation(
            Role.AGENT,
            Question,
            lambda scene: "/questions",
            lambda scene: _question_body(scene, scene.a),
            other={"question": "能否加装除湿功能？"},
            again=201,
        ),
    }


# The operation of the OpenAPI document each creation above goes to.
OPERATIONS: dict[str, str] = {
    "followup_call": "/follow-ups/{follow_up_id}/calls",
    "followup_phone_log": "/phone-log",
    "followup_letter": "/letters",
    "followup_question": "/questions",
}


def add_records(scene: Any, now: Any) -> None:
    """Records of this app that every scene starts with: none, they are made on first use."""
