"""Writes of follow-ups, the phone and letter registers and the questions (SPEC §7): each checks
the capability and the branch, runs in one transaction and leaves its audit entry.

`by=None` is the system (the completion hook and the periodic sweep); every other write is a
person's and needs Cap.FOLLOW_UP, or Cap.ANSWER_QUESTIONS for answering a question.
"""

import datetime as dt

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from aftersales.accounts.models import Branch, User
from aftersales.accounts.policy import Cap, require
from aftersales.core import audit
from aftersales.core.exceptions import Conflict, DomainError, NotFound
from aftersales.core.numbering import monthly_number
from aftersales.core.phones import normalize_phone
from aftersales.core.validation import required
from aftersales.customers.models import Customer
from aftersales.workorders.models import ServiceCategory, State, WorkOrder

from . import rules, selectors
from .conf import follow_up_policy, follow_up_settings
from .models import CallRecord, Channel, FollowUp, Letter, PhoneLog, Question, Satisfied

S = FollowUp.Status
MAX_TEXT = 4000


def _in_scope(by: User | None, branch_id: int) -> None:
    """Another branch's record does not exist for a branch's user."""
    if by is not None and not by.sees_all_branches and branch_id != by.branch_id:
        raise NotFound(_("No such record."))


def _text(value: str | None, field: str, *, limit: int = MAX_TEXT) -> str:
    text = (value or "").strip()
    if len(text) > limit:
        raise DomainError(
            _("Keep it to %(limit)d characters or fewer.") % {"limit": limit}, field=field
        )
    return text


def _not_in_future(at: dt.datetime, now: dt.datetime, field: str) -> dt.datetime:
    if timezone.is_naive(at):
        raise DomainError(_("Enter the time with its time zone."), field=field)
    if at > now:
        raise DomainError(_("The time cannot be in the future."), field=field)
    return at


def _closed(follow_up: FollowUp) -> Conflict:
    return Conflict(
        _("This follow-up is closed already: %(status)s.")
        % {"status": follow_up.get_status_display()},
        field="status",
        code="illegal_move",
    )


# Follow-up tasks ------------------------------------------------------------------------------


def _new_follow_up(*, by: User | None, now: dt.datetime, **fields) -> FollowUp | None:
    """Creates the task unless its unique key exists already (a retry, or two workers at once)."""
    try:
        with transaction.atomic():
            follow_up = FollowUp.objects.create(created_at=now, **fields)
    except IntegrityError:
        return None
    audit.record(follow_up, by=by, action="follow_up_plan", before={})
    return follow_up


@transaction.atomic
def follow_ups_plan_for_order(
    *, order: WorkOrder, by: User | None, now: dt.datetime
) -> list[FollowUp]:
    """The follow-up tasks of a completed job under the policy in force: the first of two calls
    (000 篇3 (三)4), or the call centre's call-back within 24 hours (002 B).

    Idempotent: a job that has any follow-up already gets nothing more, so the completion hook and
    the sweep may both see it. Internal work (category D) has no customer to call back.
    `by=None` is the system; a person needs Cap.FOLLOW_UP.
    """
    if by is not None:
        require(by, Cap.FOLLOW_UP)
    _in_scope(by, order.branch_id)
    order = WorkOrder.objects.get(pk=order.pk)
    if order.state not in (State.COMPLETED, State.CLOSED) or order.completed_at is None:
        raise Conflict(
            _("Work order %(order)s is not completed.") % {"order": order.number},
            field="order",
            code="illegal_move",
        )
    if order.category == ServiceCategory.INTERNAL:
        return []
    if FollowUp.objects.filter(work_order=order).exists():
        return []
    policy = follow_up_policy()
    created = []
    for kind, due_from, due_by in rules.plan_after_completion(
        policy, order.completed_at, follow_up_settings()
    ):
        follow_up = _new_follow_up(
            by=by,
            now=now,
            work_order=order,
            customer_id=order.customer_id,
            branch_id=order.branch_id,
            kind=kind,
            policy=policy,
            due_from=due_from,
            due_by=due_by,
        )
        if follow_up is not None:
            created.append(follow_up)
    return created


def _locked(follow_up: FollowUp, by: User) -> FollowUp:
    locked = (
        FollowUp.objects.select_for_update(of=("self",))
        .select_related("customer", "work_order")
        .get(pk=follow_up.pk)
    )
    _in_scope(by, locked.branch_id)
    return locked


@transaction.atomic
def follow_up_record_call(
    *,
    follow_up: FollowUp,
    by: User,
    now: dt.datetime,
    reached: bool,
    customer_said: str = "",
    satisfied: str = Satisfied.UNKNOWN,
    notes: str = "",
    channel: str = Channel.PHONE,
    at: dt.datetime | None = None,
    question: str = "",
) -> CallRecord:
    """One attempt at the follow-up, on the call record (跟踪服务电话记录表); a phone call also
    goes into the phone register (000 篇3 (三)7).

    Reached: the task is done, and with two calls the second is planned, due within 7 days of
    this one (000 篇3 (三)5). Not reached `MAX_ATTEMPTS` times: the task is closed as unreachable.
    A question the agent could not answer goes to the supervisor (`question_raise`).
    """
    require(by, Cap.FOLLOW_UP)
    follow_up = _locked(follow_up, by)
    if follow_up.status != S.OPEN:
        raise _closed(follow_up)
    at = _not_in_future(at or now, now, "at")
    order = follow_up.work_order
    if order is not None and order.completed_at and at < order.completed_at:
        raise DomainError(_("The call cannot be before the job was completed."), field="at")
    if channel not in Channel.values:
        raise DomainError(_("Choose how the customer was contacted."), field="channel")
    if satisfied not in Satisfied.values:
        raise DomainError(_("Choose whether the customer is satisfied."), field="satisfied")
    said = _text(customer_said, "customer_said")
    if reached and not said:
        # 對客户談話要點要作記錄 (000 篇3 (三)4): the points of the talk are written down.
        raise DomainError(_("Write down what the customer said."), field="customer_said")
    record = CallRecord.objects.create(
        follow_up=follow_up,
        at=at,
        by=by,
        channel=channel,
        reached=bool(reached),
        customer_said=said,
        satisfied=satisfied if reached else Satisfied.UNKNOWN,
        notes=_text(notes, "notes"),
    )
    audit.record(record, by=by, action="create", before={})

    before = audit.snapshot(follow_up)
    follow_up.attempts += 1
    config = follow_up_settings()
    if reached:
        follow_up.status, follow_up.outcome = S.DONE, said
    elif rules.gives_up(follow_up.attempts, config):
        follow_up.status = S.UNREACHABLE
    if follow_up.status != S.OPEN:
        follow_up.done_at, follow_up.done_by = at, by
    follow_up.save()
    audit.record(follow_up, by=by, action="follow_up_record_call", before=before)

    if channel == Channel.PHONE:
        log = PhoneLog.objects.create(
            branch_id=follow_up.branch_id,
            at=at,
            direction=PhoneLog.Direction.OUT,
            phone=follow_up.customer.phone,
            customer_id=follow_up.customer_id,
            subject="",  # shown as the follow-up's kind, in the reader's language
            result=said,
            handled_by=by,
            call_record=record,
        )
        audit.record(log, by=by, action="create", before={})

    if reached and follow_up.kind == FollowUp.Kind.FIRST_CALL and order is not None:
        due_from, due_by = rules.second_call_window(at, config)
        _new_follow_up(
            by=by,
            now=now,
            work_order=order,
            customer_id=follow_up.customer_id,
            branch_id=follow_up.branch_id,
            kind=FollowUp.Kind.SECOND_CALL,
            policy=follow_up.policy,
            due_from=due_from,
            due_by=due_by,
            assigned_to=follow_up.assigned_to,
        )
    if (question or "").strip():
        _raise(
            by=by,
            now=now,
            text=question,
            customer=follow_up.customer,
            follow_up=follow_up,
            call=record,
        )
    return record


@transaction.atomic
def follow_up_assign(
    *, follow_up: FollowUp, by: User, now: dt.datetime, assignee: User | None
) -> FollowUp:
    """Give an open task to one of the branch's follow-up staff, or back to all of them (the
    supervisor names who follows up, and a stand-in when he is away: 000 篇3 (三)1, (四))."""
    require(by, Cap.FOLLOW_UP)
    follow_up = _locked(follow_up, by)
    if follow_up.status != S.OPEN:
        raise _closed(follow_up)
    if (
        assignee is not None
        and not selectors.assignable_staff(follow_up.branch).filter(pk=assignee.pk).exists()
    ):
        raise DomainError(
            _("%(user)s does not make follow-up calls for this branch.") % {"user": assignee},
            field="assigned_to",
        )
    if follow_up.assigned_to_id == (assignee.pk if assignee is not None else None):
        return follow_up  # no change, nothing to record
    before = audit.snapshot(follow_up)
    follow_up.assigned_to = assignee
    follow_up.save(update_fields=["assigned_to"])
    audit.record(follow_up, by=by, action="follow_up_assign", before=before)
    return follow_up


# The phone and letter registers ---------------------------------------------------------------


def _customer_in_scope(by: User, customer: Customer | None) -> Customer | None:
    if customer is not None:
        _in_scope(by, customer.branch_id)
    return customer


def _branch_for(by: User, customer: Customer | None, branch: Branch | None) -> Branch:
    if customer is not None:
        return customer.branch
    if branch is not None:
        _in_scope(by, branch.pk)
        return branch
    if by.branch_id is None:
        raise DomainError(_("Choose the customer."), field="customer")
    return by.branch


@transaction.atomic
def phone_log_add(
    *,
    by: User,
    now: dt.datetime,
    direction: str,
    phone: str,
    subject: str,
    result: str = "",
    customer: Customer | None = None,
    at: dt.datetime | None = None,
    branch: Branch | None = None,
) -> PhoneLog:
    """A line of the phone register: every call in or out, enquiries and complaints included
    (000 篇3 (三)7). The caller's customer file is found by the phone when none is named."""
    require(by, Cap.FOLLOW_UP)
    if direction not in PhoneLog.Direction.values:
        raise DomainError(_("Choose whether the call came in or went out."), field="direction")
    customer = _customer_in_scope(by, customer)
    if not (phone or "").strip() and customer is not None:
        phone = customer.phone
    number = normalize_phone(phone)
    if customer is None:
        customer = selectors.customer_by_phone(by, number)
    log = PhoneLog.objects.create(
        branch=_branch_for(by, customer, branch),
        at=_not_in_future(at or now, now, "at"),
        direction=direction,
        phone=number,
        customer=customer,
        subject=_text(required(subject, "subject", _("Subject")), "subject", limit=200),
        result=_text(result, "result"),
        handled_by=by,
    )
    audit.record(log, by=by, action="phone_log_add", before={})
    return log


@transaction.atomic
def letter_add(
    *,
    by: User,
    now: dt.datetime,
    direction: str,
    customer: Customer | None,
    subject: str,
    date: dt.date | None = None,
    kind: str = Letter.Kind.OTHER,
    reference: str = "",
    reply_due: dt.date | None = None,
) -> Letter:
    """A line of the letter register: every letter sent or received — notices, invitations,
    replies (000 篇3 (三)8) — numbered in the register, with the day a reply is due."""
    require(by, Cap.FOLLOW_UP)
    if direction not in Letter.Direction.values:
        raise DomainError(_("Choose whether the letter was sent or received."), field="direction")
    if kind not in Letter.Kind.values:
        raise DomainError(_("Choose the kind of letter."), field="kind")
    if customer is None:
        raise DomainError(_("Choose the customer."), field="customer")
    _customer_in_scope(by, customer)
    today = timezone.localtime(now).date()
    date = date or today
    if date > today:
        raise DomainError(_("The date cannot be in the future."), field="date")
    if reply_due is not None and reply_due < date:
        raise DomainError(_("The reply cannot be due before the letter's date."), field="reply_due")
    letter = Letter.objects.create(
        number=monthly_number("XH", at=now),
        branch=customer.branch,
        date=date,
        direction=direction,
        kind=kind,
        customer=customer,
        subject=_text(required(subject, "subject", _("Subject")), "subject", limit=200),
        reference=_text(reference, "reference", limit=60),
        by=by,
        reply_due=reply_due,
        created_at=now,
    )
    audit.record(letter, by=by, action="letter_add", before={})
    return letter


@transaction.atomic
def letter_mark_replied(
    *, letter: Letter, by: User, now: dt.datetime, replied_on: dt.date | None = None
) -> Letter:
    require(by, Cap.FOLLOW_UP)
    letter = Letter.objects.select_for_update().get(pk=letter.pk)
    _in_scope(by, letter.branch_id)
    if letter.replied_on is not None:
        raise Conflict(
            _("This letter was replied to on %(date)s already.")
            % {"date": letter.replied_on.isoformat()},
            field="replied_on",
            code="illegal_move",
        )
    today = timezone.localtime(now).date()
    replied_on = replied_on or today
    if replied_on > today:
        raise DomainError(_("The date cannot be in the future."), field="replied_on")
    if replied_on < letter.date:
        raise DomainError(_("The reply cannot be before the letter's date."), field="replied_on")
    before = audit.snapshot(letter)
    letter.replied_on = replied_on
    letter.save(update_fields=["replied_on"])
    audit.record(letter, by=by, action="letter_mark_replied", before=before)
    return letter


# Questions ------------------------------------------------------------------------------------


def _raise(
    *,
    by: User,
    now: dt.datetime,
    text: str,
    customer: Customer,
    follow_up: FollowUp | None = None,
    call: CallRecord | None = None,
) -> Question:
    text = _text(required(text, "question", _("Question")), "question")
    branch = follow_up.branch if follow_up is not None else customer.branch
    supervisors = selectors.supervisors_of(branch)
    question = Question.objects.create(
        branch=branch,
        customer=customer,
        follow_up=follow_up,
        call=call,
        question=text,
        raised_by=by,
        raised_at=now,
        assigned_to=supervisors[0] if supervisors else None,
        due_at=rules.question_due(now, follow_up_settings()),
    )
    audit.record(question, by=by, action="question_raise", before={})
    return question


@transaction.atomic
def question_raise(
    *,
    by: User,
    now: dt.datetime,
    question: str,
    customer: Customer | None = None,
    follow_up: FollowUp | None = None,
) -> Question:
    """A question the agent could not answer on the call goes to the branch's supervisor, to be
    answered within 2 days (000 篇3 (三)4)."""
    require(by, Cap.FOLLOW_UP)
    if follow_up is not None:
        follow_up = FollowUp.objects.select_related("customer", "branch").get(pk=follow_up.pk)
        _in_scope(by, follow_up.branch_id)
        customer = follow_up.customer
    if customer is None:
        raise DomainError(_("Choose the customer."), field="customer")
    _in_scope(by, customer.branch_id)
    return _raise(by=by, now=now, text=question, customer=customer, follow_up=follow_up)


def _locked_question(question: Question, by: User) -> Question:
    locked = Question.objects.select_for_update().get(pk=question.pk)
    _in_scope(by, locked.branch_id)
    return locked


@transaction.atomic
def question_answer(*, question: Question, by: User, now: dt.datetime, answer: str) -> Question:
    """The supervisor's answer; the customer is to hear it the same day (000 篇3 (三)4)."""
    require(by, Cap.ANSWER_QUESTIONS)
    question = _locked_question(question, by)
    if question.answered_at is not None:
        raise Conflict(
            _("This question was answered already."), field="answer", code="illegal_move"
        )
    before = audit.snapshot(question)
    question.answer = _text(required(answer, "answer", _("Answer")), "answer")
    question.answered_by, question.answered_at = by, now
    question.save(update_fields=["answer", "answered_by", "answered_at"])
    audit.record(question, by=by, action="question_answer", before=before)
    return question


@transaction.atomic
def question_customer_told(*, question: Question, by: User, now: dt.datetime) -> Question:
    """The customer heard the answer; a later day than it was found shows as late."""
    require(by, Cap.FOLLOW_UP)
    question = _locked_question(question, by)
    if question.answered_at is None:
        raise Conflict(
            _("The question has no answer yet to tell the customer."),
            field="customer_told_at",
            code="illegal_move",
        )
    if question.customer_told_at is not None:
        raise Conflict(
            _("The customer was told already."), field="customer_told_at", code="illegal_move"
        )
    before = audit.snapshot(question)
    question.customer_told_at, question.customer_told_by = now, by
    question.save(update_fields=["customer_told_at", "customer_told_by"])
    audit.record(question, by=by, action="question_customer_told", before=before)
    return question
