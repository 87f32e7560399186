"""The periodic work of follow-ups, run by the worker: `sweep(now=…)`.

1. Periodic visits: a key customer is visited every 6 months, a long-term customer every year
   (000 篇2 4(6)); each visit is put on the worklist `VISIT_LOOKAHEAD_DAYS` before it falls due.
2. Catching up: a job completed in the last `CATCH_UP_DAYS` days without any follow-up task (its
   completion did not plan them) gets them now.
3. Questions past their 2 days (000 篇3 (三)4): the branch's supervisor is told, once each.

Idempotent: run twice, or by two workers at once, it creates and sends nothing twice — the
visits by their unique due date, the jobs' tasks by theirs, the notices by a conditional update.
Everything it writes is audited as the system's (by=None).
"""

import datetime as dt

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Exists, Max, OuterRef, Q
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from aftersales.core import audit
from aftersales.customers.models import Customer
from aftersales.workorders.models import ServiceCategory, State, WorkOrder

from . import rules, selectors, services
from .conf import follow_up_settings
from .models import FollowUp, Question

K = FollowUp.Kind


def sweep(*, now: dt.datetime) -> int:
    """How many things it did: visits planned, jobs' tasks planned, supervisors told."""
    config = follow_up_settings()
    return (
        plan_periodic_visits(now=now, config=config)
        + plan_missed_jobs(now=now, config=config)
        + notify_overdue_questions(now=now)
    )


def plan_periodic_visits(*, now: dt.datetime, config: dict | None = None) -> int:
    """A visit for each key and long-term customer whose next one falls due within the
    look-ahead and who has none open: counted from his last visit closed, or, before the first,
    from the day he became a customer (`rules.visit_due`)."""
    config = config or follow_up_settings()
    tiers = [tier for tier, months in config["VISIT_MONTHS"].items() if months]
    tz = timezone.get_current_timezone()
    today = timezone.localtime(now).date()
    visits = FollowUp.objects.filter(customer=OuterRef("pk"), kind=K.PERIODIC_VISIT)
    customers = (
        Customer.objects.filter(tier__in=tiers)
        .annotate(
            has_open=Exists(visits.filter(status=FollowUp.Status.OPEN)),
            last_visit=Max(
                "follow_ups__done_at",
                filter=Q(follow_ups__kind=K.PERIODIC_VISIT, follow_ups__done_at__isnull=False),
            ),
        )
        .filter(has_open=False)
        .only("pk", "tier", "branch_id", "created_at")
    )
    created = 0
    for customer in customers.iterator():
        last = customer.last_visit
        due = rules.visit_due(
            customer.tier,
            last_visit=timezone.localtime(last, tz).date() if last else None,
            since=timezone.localtime(customer.created_at, tz).date(),
            today=today,
            config=config,
        )
        if due is None or not rules.visit_falls_in_lookahead(due, today, config):
            continue
        due_from, due_by = rules.visit_window(due, tz, config)
        try:
            with transaction.atomic():
                visit = FollowUp.objects.create(
                    customer_id=customer.pk,
                    branch_id=customer.branch_id,
                    kind=K.PERIODIC_VISIT,
                    due_from=due_from,
                    due_by=due_by,
                    created_at=now,
                )
                audit.record(visit, by=None, action="follow_up_plan", before={})
        except IntegrityError:  # planned already, by an earlier run or another worker
            continue
        created += 1
    return created


def plan_missed_jobs(*, now: dt.datetime, config: dict | None = None) -> int:
    """The follow-ups of recently completed jobs that have none."""
    config = config or follow_up_settings()
    since = now - dt.timedelta(days=config["CATCH_UP_DAYS"])
    orders = (
        WorkOrder.objects.filter(
            state__in=(State.COMPLETED, State.CLOSED),
            completed_at__gte=since,
            completed_at__lte=now,
        )
        .exclude(category=ServiceCategory.INTERNAL)
        .exclude(Exists(FollowUp.objects.filter(work_order=OuterRef("pk"))))
        .order_by("completed_at", "pk")
    )
    created = 0
    for order in orders.iterator():
        created += len(services.follow_ups_plan_for_order(order=order, by=None, now=now))
    return created


def notify_overdue_questions(*, now: dt.datetime) -> int:
    """Tells the supervisor of each question past its 2 days, once (000 篇3 (三)4)."""
    from aftersales.notifications.services import notify_staff

    overdue = (
        Question.objects.filter(
            answered_at__isnull=True, due_at__lt=now, overdue_notified_at__isnull=True
        )
        .select_related("customer", "branch", "assigned_to")
        .order_by("due_at", "pk")
    )
    sent = 0
    for question in overdue:
        with transaction.atomic():
            # Whoever marks it first tells; another worker's update finds it marked.
            if not Question.objects.filter(
                pk=question.pk, overdue_notified_at__isnull=True, answered_at__isnull=True
            ).update(overdue_notified_at=now):
                continue
            users = [question.assigned_to] if _still_answers(question) else []
            users = users or selectors.supervisors_of(question.branch)
            with translation.override(settings.LANGUAGE_CODE):
                notify_staff(
                    key=f"followups.question_overdue.{question.pk}",
                    users=users,
                    subject=_("A customer's question is past its 2 days: %(customer)s")
                    % {"customer": question.customer},
                    body=_(
                        "%(customer)s asked on a follow-up call on %(raised)s: “%(question)s”. "
                        "The answer was due by %(due)s. Answer it and have the customer told "
                        "the same day."
                    )
                    % {
                        "customer": question.customer,
                        "raised": f"{timezone.localtime(question.raised_at):%Y-%m-%d %H:%M}",
                        "question": question.question,
                        "due": f"{timezone.localtime(question.due_at):%Y-%m-%d %H:%M}",
                    },
                    now=now,
                    related=question,
                    link=reverse("followups:question_detail", args=[question.pk]),
                )
        sent += 1
    return sent


def _still_answers(question: Question) -> bool:
    from aftersales.accounts.policy import Cap, can

    user = question.assigned_to
    return (
        user is not None
        and user.is_active
        and can(user, Cap.ANSWER_QUESTIONS)
        and (user.branch_id == question.branch_id or user.sees_all_branches)
    )
