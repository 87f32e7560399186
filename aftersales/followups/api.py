"""API of follow-ups: the worklist, recording a call (idempotent), the phone and letter
registers, and the questions for the supervisor."""

from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils import timezone
from ninja import Header, Router
from ninja.pagination import paginate

from aftersales.accounts.models import User
from aftersales.accounts.policy import Cap, get_in_scope, require
from aftersales.core.idempotency import HEADER, idempotent_create
from aftersales.core.schemas import ERRORS, Page, in_scope_ref
from aftersales.customers.selectors import visible_customers

from . import selectors, services
from .models import CallRecord, FollowUp, Letter, PhoneLog, Question
from .schemas import (
    AnswerIn,
    CallIn,
    CallOut,
    FollowUpOut,
    LetterIn,
    LetterOut,
    PhoneLogIn,
    PhoneLogOut,
    QuestionIn,
    QuestionOut,
    RepliedIn,
)

router = Router(tags=["follow-ups"])


# Follow-ups -----------------------------------------------------------------------------------


@router.get("/follow-ups", response={200: list[FollowUpOut], **ERRORS})
@paginate(Page)
def list_follow_ups(
    request: HttpRequest, when: str = selectors.DUE, kind: str = "", mine: bool = False
) -> QuerySet[FollowUp]:
    """`when`: due (now, overdue first; the default), overdue, upcoming or closed."""
    require(request.auth, Cap.FOLLOW_UP)
    if when not in selectors.WHEN:
        when = selectors.DUE
    return selectors.follow_ups_filtered(
        request.auth, now=timezone.now(), when=when, kind=kind, mine=mine
    )


def _follow_up(request: HttpRequest, follow_up_id: int) -> FollowUp:
    # Another branch's task is not found, whatever the caller's role.
    follow_up = get_in_scope(selectors.visible_follow_ups(request.auth), pk=follow_up_id)
    require(request.auth, Cap.FOLLOW_UP)
    return follow_up


@router.get("/follow-ups/{int:follow_up_id}", response={200: FollowUpOut, **ERRORS})
def get_follow_up(request: HttpRequest, follow_up_id: int) -> FollowUp:
    return _follow_up(request, follow_up_id)


@router.post("/follow-ups/{int:follow_up_id}/calls", response={201: CallOut, **ERRORS})
def record_call(
    request: HttpRequest,
    follow_up_id: int,
    payload: CallIn,
    idempotency_key: str | None = Header(None, alias=HEADER),
):
    """One attempt at the follow-up (跟踪服务电话记录表); reached, the task is done."""
    by: User = request.auth
    follow_up = _follow_up(request, follow_up_id)

    def create() -> CallRecord:
        return services.follow_up_record_call(
            follow_up=follow_up,
            by=by,
            now=timezone.now(),
            reached=payload.reached,
            customer_said=payload.customer_said,
            satisfied=payload.satisfied,
            channel=payload.channel,
            notes=payload.notes,
            at=payload.at,
            question=payload.question,
        )

    return idempotent_create(
        user=by,
        key=idempotency_key,
        endpoint=f"POST /follow-ups/{follow_up.pk}/calls",
        body=payload.model_dump(mode="json"),
        create=create,
        render=lambda record: CallOut.from_orm(
            CallRecord.objects.select_related("follow_up").get(pk=record.pk)
        ).model_dump(mode="json"),
    )


# The phone register ---------------------------------------------------------------------------


@router.get("/phone-log", response={200: list[PhoneLogOut], **ERRORS})
@paginate(Page)
def list_phone_log(request: HttpRequest, direction: str = "", q: str = "") -> QuerySet[PhoneLog]:
    """The phone register (跟踪服务电话登记表), newest first."""
    require(request.auth, Cap.FOLLOW_UP)
    return selectors.phone_logs_filtered(request.auth, direction=direction, q=q)


@router.post("/phone-log", response={201: PhoneLogOut, **ERRORS})
def add_phone_log(
    request: HttpRequest,
    payload: PhoneLogIn,
    idempotency_key: str | None = Header(None, alias=HEADER),
):
    by: User = request.auth
    require(by, Cap.FOLLOW_UP)

    def create() -> PhoneLog:
        return services.phone_log_add(
            by=by,
            now=timezone.now(),
            direction=payload.direction,
            phone=payload.phone,
            subject=payload.subject,
            result=payload.result,
            customer=in_scope_ref(visible_customers(by), payload.customer, field="customer"),
            at=payload.at,
        )

    return idempotent_create(
        user=by,
        key=idempotency_key,
        endpoint="POST /phone-log",
        body=payload.model_dump(mode="json"),
        create=create,
        render=lambda log: PhoneLogOut.from_orm(log).model_dump(mode="json"),
    )


# The letter register --------------------------------------------------------------------------


@router.get("/letters", response={200: list[LetterOut], **ERRORS})
@paginate(Page)
def list_letters(
    request: HttpRequest, direction: str = "", awaiting_reply: bool = False, q: str = ""
) -> QuerySet[Letter]:
    """The letter register (跟踪服务信函登记表), newest first."""
    require(request.auth, Cap.FOLLOW_UP)
    return selectors.letters_filtered(
        request.auth, direction=direction, awaiting_reply=awaiting_reply, q=q
    )


@router.post("/letters", response={201: LetterOut, **ERRORS})
def add_letter(
    request: HttpRequest,
    payload: LetterIn,
    idempotency_key: str | None = Header(None, alias=HEADER),
):
    by: User = request.auth
    require(by, Cap.FOLLOW_UP)

    def create() -> Letter:
        return services.letter_add(
            by=by,
            now=timezone.now(),
            direction=payload.direction,
            customer=in_scope_ref(visible_customers(by), payload.customer, field="customer"),
            subject=payload.subject,
            kind=payload.kind,
            date=payload.date,
            reference=payload.reference,
            reply_due=payload.reply_due,
        )

    return idempotent_create(
        user=by,
        key=idempotency_key,
        endpoint="POST /letters",
        body=payload.model_dump(mode="json"),
        create=create,
        render=lambda letter: LetterOut.from_orm(letter).model_dump(mode="json"),
    )


@router.post("/letters/{int:letter_id}/replied", response={200: LetterOut, **ERRORS})
def mark_letter_replied(request: HttpRequest, letter_id: int, payload: RepliedIn) -> Letter:
    letter = get_in_scope(selectors.visible_letters(request.auth), pk=letter_id)
    require(request.auth, Cap.FOLLOW_UP)
    return services.letter_mark_replied(
        letter=letter, by=request.auth, now=timezone.now(), replied_on=payload.replied_on
    )


# Questions ------------------------------------------------------------------------------------


@router.get("/questions", response={200: list[QuestionOut], **ERRORS})
@paginate(Page)
def list_questions(request: HttpRequest, state: str = selectors.TO_ANSWER) -> QuerySet[Question]:
    """`state`: to_answer (the default), to_tell (answered, the customer not told yet) or all."""
    require(request.auth, Cap.FOLLOW_UP)
    if state not in selectors.QUESTION_STATES:
        state = selectors.TO_ANSWER
    return selectors.questions_filtered(request.auth, state=state)


@router.post("/questions", response={201: QuestionOut, **ERRORS})
def raise_question(
    request: HttpRequest,
    payload: QuestionIn,
    idempotency_key: str | None = Header(None, alias=HEADER),
):
    """A question the agent could not answer: to the supervisor, due within 2 days."""
    by: User = request.auth
    require(by, Cap.FOLLOW_UP)

    def create() -> Question:
        return services.question_raise(
            by=by,
            now=timezone.now(),
            question=payload.question,
            follow_up=in_scope_ref(
                selectors.visible_follow_ups(by), payload.follow_up, field="follow_up"
            ),
            customer=in_scope_ref(visible_customers(by), payload.customer, field="customer"),
        )

    return idempotent_create(
        user=by,
        key=idempotency_key,
        endpoint="POST /questions",
        body=payload.model_dump(mode="json"),
        create=create,
        render=lambda question: QuestionOut.from_orm(question).model_dump(mode="json"),
    )


def _question(request: HttpRequest, question_id: int) -> Question:
    return get_in_scope(selectors.visible_questions(request.auth), pk=question_id)


@router.post("/questions/{int:question_id}/answer", response={200: QuestionOut, **ERRORS})
def answer_question(request: HttpRequest, question_id: int, payload: AnswerIn) -> Question:
    question = _question(request, question_id)
    require(request.auth, Cap.ANSWER_QUESTIONS)
    return services.question_answer(
        question=question, by=request.auth, now=timezone.now(), answer=payload.answer
    )


@router.post("/questions/{int:question_id}/customer-told", response={200: QuestionOut, **ERRORS})
def question_customer_told(request: HttpRequest, question_id: int) -> Question:
    """The customer heard the answer; told on a later day than it was found shows as late."""
    question = _question(request, question_id)
    require(request.auth, Cap.FOLLOW_UP)
    return services.question_customer_told(question=question, by=request.auth, now=timezone.now())
