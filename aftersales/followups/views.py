"""The follow-up screens: the worklist, a task with its call form, the phone and letter
registers, and the questions for the supervisor.

Views parse with a form, ask the policy, read through scoped selectors and call one service.
"""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from django.views.decorators.http import require_POST

from aftersales.accounts.policy import Cap, can, get_in_scope, require
from aftersales.core.exceptions import DomainError
from aftersales.core.views import domain_errors_to_form, handles_domain_errors, paginate
from aftersales.intake.scripts import SCRIPTS
from aftersales.workorders.selectors import visible_work_orders

from . import selectors, services
from .forms import (
    AnswerForm,
    AssignForm,
    CallForm,
    LetterFilterForm,
    LetterForm,
    PhoneLogFilterForm,
    PhoneLogForm,
    QuestionForm,
    RepliedForm,
    WorklistFilterForm,
)
from .models import FollowUp, Letter, Question


def _results(request: HttpRequest, template: str) -> str:
    """The list's rows alone when HTMX asks for them, the whole page otherwise."""
    if getattr(request, "htmx", False) and not request.htmx.boosted:
        return template + "#results"
    return template


# The worklist ---------------------------------------------------------------------------------


@login_required
@handles_domain_errors
def worklist(request: HttpRequest) -> HttpResponse:
    """What is due now (overdue first), what is overdue, what comes next, what was closed."""
    require(request.user, Cap.FOLLOW_UP)
    now = timezone.now()
    when = request.GET.get("when") or selectors.DUE
    if when not in selectors.WHEN:
        when = selectors.DUE
    filters = WorklistFilterForm(request.GET or None)
    filters.is_valid()
    values: dict[str, Any] = getattr(filters, "cleaned_data", {})
    qs = selectors.follow_ups_filtered(
        request.user,
        now=now,
        when=when,
        kind=values.get("kind") or "",
        mine=bool(values.get("mine")),
        q=values.get("q") or "",
    )
    tabs = [
        (selectors.DUE, _("Due now")),
        (selectors.OVERDUE, pgettext("follow-up worklist", "Overdue")),
        (selectors.UPCOMING, _("Upcoming")),
        (selectors.CLOSED, pgettext("follow-up worklist", "Finished")),
    ]
    return render(
        request,
        _results(request, "followups/worklist.html"),
        {
            "filters": filters,
            "when": when,
            "tabs": tabs,
            "counts": selectors.worklist_counts(request.user, now=now),
            "page": paginate(request, qs),
            "now": now,
            "end_of_day": selectors.end_of_day(now),
        },
    )


def _follow_up(request: HttpRequest, pk: int) -> FollowUp:
    return get_in_scope(selectors.visible_follow_ups(request.user), pk=pk)


def _detail(
    request: HttpRequest,
    follow_up: FollowUp,
    *,
    call_form: CallForm | None = None,
    question_form: QuestionForm | None = None,
    assign_form: AssignForm | None = None,
    refusal: str = "",
    status: int = 200,
) -> HttpResponse:
    return render(
        request,
        "followups/detail.html",
        {
            "follow_up": follow_up,
            "calls": selectors.calls_of(follow_up),
            "questions": follow_up.questions.select_related("assigned_to", "answered_by"),
            "earlier": selectors.follow_ups_of_customer(follow_up.customer)
            .exclude(pk=follow_up.pk)
            .order_by("-due_by")[:10],
            "call_form": call_form or CallForm(prefix="call"),
            "question_form": question_form or QuestionForm(prefix="question"),
            "assign_form": assign_form
            or AssignForm(
                prefix="assign",
                staff=selectors.assignable_staff(follow_up.branch),
                initial={"assigned_to": follow_up.assigned_to_id},
            ),
            "scripts": SCRIPTS,
            "refusal": refusal,
            "now": timezone.now(),
        },
        status=status,
    )


@login_required
@handles_domain_errors
def follow_up_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A task: the customer, the job, the calls made so far, and the form for this call."""
    require(request.user, Cap.FOLLOW_UP)
    return _detail(request, _follow_up(request, pk))


@login_required
@require_POST
@handles_domain_errors
def follow_up_record_call(request: HttpRequest, pk: int) -> HttpResponse:
    require(request.user, Cap.FOLLOW_UP)
    follow_up = _follow_up(request, pk)
    form = CallForm(request.POST, prefix="call")
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.follow_up_record_call(
                follow_up=follow_up,
                by=request.user,
                now=timezone.now(),
                reached=data["reached"],
                channel=data["channel"],
                customer_said=data["customer_said"],
                satisfied=data["satisfied"],
                notes=data["notes"],
                at=data["at"],
                question=data["question"],
            )
        except DomainError as error:
            follow_up.refresh_from_db()
            if error.field in form.fields:
                domain_errors_to_form(form, error)
                return _detail(request, follow_up, call_form=form, status=400)
            return _detail(request, follow_up, call_form=form, refusal=error.message, status=400)
        follow_up.refresh_from_db()
        messages.success(request, _call_message(follow_up, bool(data["question"].strip())))
        return redirect("followups:worklist")
    return _detail(request, follow_up, call_form=form, status=400)


def _call_message(follow_up: FollowUp, asked: bool) -> str:
    if follow_up.status == FollowUp.Status.DONE:
        text = _("The follow-up with %(customer)s is done.")
    elif follow_up.status == FollowUp.Status.UNREACHABLE:
        text = _("%(customer)s could not be reached; the follow-up is closed as unreachable.")
    else:
        text = _("The attempt to reach %(customer)s is recorded; the follow-up stays open.")
    text %= {"customer": follow_up.customer}
    if asked:
        text += " " + _("The question went to the supervisor.")
    return text


@login_required
@require_POST
@handles_domain_errors
def follow_up_raise_question(request: HttpRequest, pk: int) -> HttpResponse:
    require(request.user, Cap.FOLLOW_UP)
    follow_up = _follow_up(request, pk)
    form = QuestionForm(request.POST, prefix="question")
    if form.is_valid():
        try:
            services.question_raise(
                by=request.user,
                now=timezone.now(),
                question=form.cleaned_data["question"],
                follow_up=follow_up,
            )
        except DomainError as error:
            domain_errors_to_form(form, error)
        else:
            messages.success(request, _("The question went to the supervisor."))
            return redirect("followups:detail", pk=follow_up.pk)
    return _detail(request, follow_up, question_form=form, status=400)


@login_required
@require_POST
@handles_domain_errors
def follow_up_assign(request: HttpRequest, pk: int) -> HttpResponse:
    require(request.user, Cap.FOLLOW_UP)
    follow_up = _follow_up(request, pk)
    form = AssignForm(
        request.POST, prefix="assign", staff=selectors.assignable_staff(follow_up.branch)
    )
    if form.is_valid():
        try:
            services.follow_up_assign(
                follow_up=follow_up,
                by=request.user,
                now=timezone.now(),
                assignee=form.cleaned_data["assigned_to"],
            )
        except DomainError as error:
            follow_up.refresh_from_db()
            if error.field in form.fields:
                domain_errors_to_form(form, error)
                return _detail(request, follow_up, assign_form=form, status=400)
            return _detail(request, follow_up, refusal=error.message, status=400)
        messages.success(request, _("The follow-up is assigned."))
        return redirect("followups:detail", pk=follow_up.pk)
    return _detail(request, follow_up, assign_form=form, status=400)


@login_required
@handles_domain_errors
def order_panel(request: HttpRequest, pk: int) -> HttpResponse:
    """The follow-ups of a work order, loaded into its page with HTMX."""
    require(request.user, Cap.VIEW)
    order = get_in_scope(visible_work_orders(request.user), pk=pk)
    return render(
        request,
        "followups/_order_panel.html",
        {
            "order": order,
            "follow_ups": list(selectors.follow_ups_of_order(order)),
            "may_follow_up": can(request.user, Cap.FOLLOW_UP),
            "now": timezone.now(),
        },
    )


# The phone register ---------------------------------------------------------------------------


@login_required
@handles_domain_errors
def phone_log(request: HttpRequest) -> HttpResponse:
    """The phone register (跟踪服务电话登记表): every call in and out."""
    require(request.user, Cap.FOLLOW_UP)
    filters = PhoneLogFilterForm(request.GET or None)
    filters.is_valid()
    values: dict[str, Any] = getattr(filters, "cleaned_data", {})
    qs = selectors.phone_logs_filtered(
        request.user,
        direction=values.get("direction") or "",
        day=values.get("day"),
        q=values.get("q") or "",
    )
    return render(
        request,
        _results(request, "followups/phone_log.html"),
        {"filters": filters, "page": paginate(request, qs)},
    )


@login_required
@handles_domain_errors
def phone_log_add(request: HttpRequest) -> HttpResponse:
    require(request.user, Cap.FOLLOW_UP)
    form = PhoneLogForm(request.POST or None, initial={"direction": "in"})
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                services.phone_log_add(by=request.user, now=timezone.now(), **form.cleaned_data)
            except DomainError as error:
                domain_errors_to_form(form, error)
            else:
                messages.success(request, _("The call is in the phone register."))
                return redirect("followups:phone_log")
    return render(request, "followups/phone_log_form.html", {"form": form}, status=status)


# The letter register --------------------------------------------------------------------------


@login_required
@handles_domain_errors
def letters(request: HttpRequest) -> HttpResponse:
    """The letter register (跟踪服务信函登记表): every letter sent and received."""
    require(request.user, Cap.FOLLOW_UP)
    filters = LetterFilterForm(request.GET or None)
    filters.is_valid()
    values: dict[str, Any] = getattr(filters, "cleaned_data", {})
    qs = selectors.letters_filtered(
        request.user,
        direction=values.get("direction") or "",
        awaiting_reply=bool(values.get("awaiting")),
        q=values.get("q") or "",
    )
    return render(
        request,
        _results(request, "followups/letters.html"),
        {
            "filters": filters,
            "page": paginate(request, qs),
            "replied_form": RepliedForm(initial={"replied_on": timezone.localdate()}),
            "today": timezone.localdate(),
        },
    )


@login_required
@handles_domain_errors
def letter_add(request: HttpRequest) -> HttpResponse:
    require(request.user, Cap.FOLLOW_UP)
    initial: dict[str, Any] = {"direction": Letter.Direction.OUT, "date": timezone.localdate()}
    customer_id = request.GET.get("customer", "")
    if customer_id.isdigit():
        customer = selectors.visible_customers(request.user).filter(pk=int(customer_id)).first()
        if customer is not None:
            initial["customer_phone"] = customer.phone_display
    form = LetterForm(request.POST or None, initial=initial)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            data = dict(form.cleaned_data)
            phone = data.pop("customer_phone")
            customer = selectors.customer_by_phone(request.user, phone)
            if customer is None:
                form.add_error(
                    "customer_phone", _("No customer in your branch has this phone number.")
                )
            else:
                try:
                    letter = services.letter_add(
                        by=request.user, now=timezone.now(), customer=customer, **data
                    )
                except DomainError as error:
                    domain_errors_to_form(form, error)
                else:
                    messages.success(
                        request,
                        _("Letter %(number)s is in the letter register.")
                        % {"number": letter.number},
                    )
                    return redirect("followups:letters")
    return render(request, "followups/letter_form.html", {"form": form}, status=status)


@login_required
@require_POST
@handles_domain_errors
def letter_replied(request: HttpRequest, pk: int) -> HttpResponse:
    require(request.user, Cap.FOLLOW_UP)
    letter = get_in_scope(selectors.visible_letters(request.user), pk=pk)
    form = RepliedForm(request.POST)
    refusal = ""
    if form.is_valid():
        try:
            services.letter_mark_replied(
                letter=letter,
                by=request.user,
                now=timezone.now(),
                replied_on=form.cleaned_data["replied_on"],
            )
        except DomainError as error:
            refusal = error.message
        else:
            messages.success(
                request, _("Letter %(number)s is marked replied.") % {"number": letter.number}
            )
            return redirect("followups:letters")
    else:
        refusal = " ".join(str(e) for errors in form.errors.values() for e in errors)
    messages.error(request, refusal)
    return render(
        request,
        "followups/letters.html",
        {
            "filters": LetterFilterForm(),
            "page": paginate(request, selectors.letters_filtered(request.user)),
            "replied_form": RepliedForm(initial={"replied_on": timezone.localdate()}),
            "today": timezone.localdate(),
        },
        status=400,
    )


# Questions ------------------------------------------------------------------------------------


@login_required
@handles_domain_errors
def questions(request: HttpRequest) -> HttpResponse:
    """The questions follow-up calls could not answer: to answer (the supervisor), answered but
    the customer not told yet (the agents), all."""
    require(request.user, Cap.FOLLOW_UP)
    now = timezone.now()
    state = request.GET.get("state") or selectors.TO_ANSWER
    if state not in selectors.QUESTION_STATES:
        state = selectors.TO_ANSWER
    tabs = [
        (selectors.TO_ANSWER, _("To answer")),
        (selectors.TO_TELL, _("Customer to be told")),
        (selectors.ALL, _("All questions")),
    ]
    return render(
        request,
        "followups/questions.html",
        {
            "state": state,
            "tabs": tabs,
            "counts": selectors.question_counts(request.user, now=now),
            "page": paginate(request, selectors.questions_filtered(request.user, state=state)),
            "now": now,
        },
    )


def _question(request: HttpRequest, pk: int) -> Question:
    return get_in_scope(selectors.visible_questions(request.user), pk=pk)


def _question_page(
    request: HttpRequest,
    question: Question,
    *,
    answer_form: AnswerForm | None = None,
    refusal: str = "",
    status: int = 200,
) -> HttpResponse:
    return render(
        request,
        "followups/question_detail.html",
        {
            "question": question,
            "answer_form": answer_form or AnswerForm(),
            "may_answer": can(request.user, Cap.ANSWER_QUESTIONS),
            "refusal": refusal,
            "now": timezone.now(),
        },
        status=status,
    )


@login_required
@handles_domain_errors
def question_detail(request: HttpRequest, pk: int) -> HttpResponse:
    require(request.user, Cap.FOLLOW_UP)
    return _question_page(request, _question(request, pk))


@login_required
@require_POST
@handles_domain_errors
def question_answer(request: HttpRequest, pk: int) -> HttpResponse:
    require(request.user, Cap.ANSWER_QUESTIONS)
    question = _question(request, pk)
    form = AnswerForm(request.POST)
    if form.is_valid():
        try:
            services.question_answer(
                question=question,
                by=request.user,
                now=timezone.now(),
                answer=form.cleaned_data["answer"],
            )
        except DomainError as error:
            question.refresh_from_db()
            if error.field in form.fields and error.code != "illegal_move":
                domain_errors_to_form(form, error)
                return _question_page(request, question, answer_form=form, status=400)
            return _question_page(request, question, refusal=error.message, status=400)
        messages.success(request, _("The answer is recorded. The customer is to hear it today."))
        return redirect("followups:question_detail", pk=question.pk)
    return _question_page(request, question, answer_form=form, status=400)


@login_required
@require_POST
@handles_domain_errors
def question_told(request: HttpRequest, pk: int) -> HttpResponse:
    require(request.user, Cap.FOLLOW_UP)
    question = _question(request, pk)
    try:
        services.question_customer_told(question=question, by=request.user, now=timezone.now())
    except DomainError as error:
        question.refresh_from_db()
        return _question_page(request, question, refusal=error.message, status=400)
    messages.success(request, _("Recorded: the customer has the answer."))
    return redirect(reverse("followups:questions") + "?state=to_tell")
