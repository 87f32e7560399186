"""Reads of follow-ups, the phone and letter registers and the questions, scoped to the user's
branch (head office sees every branch)."""

import datetime as dt

from django.db.models import Case, Count, IntegerField, Q, QuerySet, Value, When
from django.utils import timezone

from aftersales.accounts.models import Branch, Role, User
from aftersales.accounts.policy import CAPABILITIES, Cap, can, scope_by_branch
from aftersales.core.phones import phone_search_key
from aftersales.customers.models import Customer
from aftersales.customers.selectors import visible_customers
from aftersales.workorders.models import WorkOrder

from .models import CallRecord, FollowUp, Letter, PhoneLog, Question

S = FollowUp.Status

# The worklist's tabs: what is due now (overdue first), overdue only, later, and closed.
DUE, OVERDUE, UPCOMING, CLOSED = "due", "overdue", "upcoming", "closed"
WHEN = (DUE, OVERDUE, UPCOMING, CLOSED)


def end_of_day(now: dt.datetime) -> dt.datetime:
    """Midnight after `now`, in the company's zone."""
    local = timezone.localtime(now)
    return dt.datetime.combine(local.date() + dt.timedelta(days=1), dt.time(), local.tzinfo)


def roles_holding(capability: str) -> list[str]:
    return [role for role, caps in CAPABILITIES.items() if capability in caps]


# Follow-ups -----------------------------------------------------------------------------------


def visible_follow_ups(user: User) -> QuerySet[FollowUp]:
    """The tasks of the user's branch (head office: all); pages and endpoints ask for
    Cap.FOLLOW_UP besides, so that another branch's task is not found whoever asks."""
    return scope_by_branch(
        FollowUp.objects.select_related(
            "customer", "work_order", "branch", "assigned_to", "done_by"
        ),
        user,
    )


def _when(qs: QuerySet[FollowUp], when: str, now: dt.datetime) -> QuerySet[FollowUp]:
    if when == OVERDUE:
        return qs.filter(status=S.OPEN, due_by__lt=now)
    if when == UPCOMING:
        return qs.filter(status=S.OPEN, due_from__gte=end_of_day(now))
    if when == CLOSED:
        return qs.exclude(status=S.OPEN).order_by("-done_at", "-id")
    # Due: the window has opened or opens today, overdue ones included (they come first).
    return qs.filter(status=S.OPEN, due_from__lt=end_of_day(now))


def follow_ups_filtered(
    user: User,
    *,
    now: dt.datetime,
    when: str = DUE,
    kind: str = "",
    mine: bool = False,
    q: str = "",
) -> QuerySet[FollowUp]:
    qs = _when(visible_follow_ups(user), when, now)
    if kind:
        qs = qs.filter(kind=kind)
    if mine:
        qs = qs.filter(Q(assigned_to=user) | Q(assigned_to__isnull=True))
    q = (q or "").strip()
    if q:
        digits = "".join(ch for ch in q if ch.isdigit())
        condition = Q(customer__name__icontains=q) | Q(work_order__number__icontains=q)
        if len(digits) >= 4:
            condition |= Q(customer__phone__endswith=digits)
        qs = qs.filter(condition)
    return qs


def worklist_counts(user: User, *, now: dt.datetime) -> dict[str, int]:
    """How many open tasks each tab holds (the closed tab is not counted)."""
    eod = end_of_day(now)
    return visible_follow_ups(user).aggregate(
        due=Count("id", filter=Q(status=S.OPEN, due_from__lt=eod)),
        overdue=Count("id", filter=Q(status=S.OPEN, due_by__lt=now)),
        upcoming=Count("id", filter=Q(status=S.OPEN, due_from__gte=eod)),
    )


def calls_of(follow_up: FollowUp) -> QuerySet[CallRecord]:
    return follow_up.calls.select_related("by").order_by("-at", "-id")


def follow_ups_of_order(order: WorkOrder) -> QuerySet[FollowUp]:
    return (
        FollowUp.objects.filter(work_order=order)
        .select_related("done_by", "assigned_to")
        .prefetch_related("calls")
        .order_by("due_by", "id")
    )


def follow_ups_of_customer(customer: Customer) -> QuerySet[FollowUp]:
    return FollowUp.objects.filter(customer=customer).select_related("work_order")


def assignable_staff(branch: Branch) -> QuerySet[User]:
    """Who may be given a task of the branch: its staff who make follow-up calls."""
    return User.objects.filter(
        branch=branch, is_active=True, role__in=roles_holding(Cap.FOLLOW_UP)
    ).order_by("role", "last_name", "first_name", "username")


# Questions ------------------------------------------------------------------------------------


def supervisors_of(branch: Branch) -> list[User]:
    """Who answers the branch's questions: its staff holding Cap.ANSWER_QUESTIONS, service
    supervisors first (000 篇3 (三)4: 報告業務主管); with none, head office's."""
    roles = roles_holding(Cap.ANSWER_QUESTIONS)
    first = Case(
        When(role=Role.SUPERVISOR, then=Value(0)), default=Value(1), output_field=IntegerField()
    )
    base = User.objects.filter(is_active=True, role__in=roles).order_by(first, "pk")
    found = list(base.filter(branch=branch))
    if not found:
        found = list(base.filter(branch__is_head_office=True))
    return found


def visible_questions(user: User) -> QuerySet[Question]:
    return scope_by_branch(
        Question.objects.select_related(
            "customer", "branch", "raised_by", "assigned_to", "answered_by", "follow_up"
        ),
        user,
    )


# The questions list's tabs: to be answered, answered but the customer not yet told, all.
TO_ANSWER, TO_TELL, ALL = "to_answer", "to_tell", "all"
QUESTION_STATES = (TO_ANSWER, TO_TELL, ALL)


def questions_filtered(user: User, *, state: str = TO_ANSWER) -> QuerySet[Question]:
    qs = visible_questions(user)
    if state == TO_ANSWER:
        return qs.filter(answered_at__isnull=True).order_by("due_at", "id")
    if state == TO_TELL:
        return qs.filter(answered_at__isnull=False, customer_told_at__isnull=True).order_by(
            "answered_at", "id"
        )
    return qs.order_by("-raised_at", "-id")


def question_counts(user: User, *, now: dt.datetime) -> dict[str, int]:
    return visible_questions(user).aggregate(
        to_answer=Count("id", filter=Q(answered_at__isnull=True)),
        overdue=Count("id", filter=Q(answered_at__isnull=True, due_at__lt=now)),
        to_tell=Count("id", filter=Q(answered_at__isnull=False, customer_told_at__isnull=True)),
    )


# Registers ------------------------------------------------------------------------------------


def visible_phone_logs(user: User) -> QuerySet[PhoneLog]:
    return scope_by_branch(
        PhoneLog.objects.select_related(
            "customer", "handled_by", "branch", "call_record__follow_up"
        ),
        user,
    )


def phone_logs_filtered(
    user: User, *, direction: str = "", day: dt.date | None = None, q: str = ""
) -> QuerySet[PhoneLog]:
    qs = visible_phone_logs(user)
    if direction:
        qs = qs.filter(direction=direction)
    if day is not None:
        start = dt.datetime.combine(day, dt.time(), timezone.get_current_timezone())
        qs = qs.filter(at__gte=start, at__lt=start + dt.timedelta(days=1))
    q = (q or "").strip()
    if q:
        digits = "".join(ch for ch in q if ch.isdigit())
        condition = Q(customer__name__icontains=q) | Q(subject__icontains=q)
        if len(digits) >= 4:
            condition |= Q(phone__endswith=digits)
        qs = qs.filter(condition)
    return qs


def visible_letters(user: User) -> QuerySet[Letter]:
    return scope_by_branch(Letter.objects.select_related("customer", "by", "branch"), user)


def letters_filtered(
    user: User, *, direction: str = "", awaiting_reply: bool = False, q: str = ""
) -> QuerySet[Letter]:
    qs = visible_letters(user)
    if direction:
        qs = qs.filter(direction=direction)
    if awaiting_reply:
        qs = qs.filter(reply_due__isnull=False, replied_on__isnull=True).order_by("reply_due")
    q = (q or "").strip()
    if q:
        qs = qs.filter(
            Q(customer__name__icontains=q)
            | Q(subject__icontains=q)
            | Q(number__icontains=q)
            | Q(reference__icontains=q)
        )
    return qs


def customer_by_phone(user: User, phone: str) -> Customer | None:
    """The customer in the user's scope whose phone (or other phone) this is."""
    key = phone_search_key(phone)
    if not key:
        return None
    return visible_customers(user).filter(Q(phone=key) | Q(alt_phone=key)).first()


def may_follow_up(user: User) -> bool:
    return can(user, Cap.FOLLOW_UP)
