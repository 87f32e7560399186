"""The work-order screens: list, detail with its action forms, the dispatcher's board, the
technician's day, the supervisor's branch view and the printable voucher.

Views parse with a form, read through the scoped selectors and call one service per action; the
services decide what is allowed (states.ensure_allowed, policy.require). Another branch's order
is not found.
"""

from collections.abc import Callable
from datetime import date, datetime, time, timedelta
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from aftersales.accounts.models import User
from aftersales.accounts.policy import Cap, get_in_scope, require
from aftersales.core.exceptions import DomainError, Forbidden, NotFound
from aftersales.core.views import domain_errors_to_form, handles_domain_errors
from aftersales.customers.models import Outlet
from aftersales.deadlines import views as deadlines_views
from aftersales.deadlines.models import Deadline, Hold
from aftersales.deadlines.selectors import clocks_of_orders, next_clock
from aftersales.dispatch.selectors import suggest_technicians, suggest_technicians_for_orders
from aftersales.warranty import views as warranty_views

from . import forms, selectors, services
from .models import (
    GoodsReceipt,
    Kind,
    RepairCard,
    ServiceCategory,
    State,
    WorkOrder,
)
from .states import ACTIONS, allowed_actions

BOARD_ROWS = 100


def _local_day(now: datetime) -> tuple[datetime, datetime]:
    day = timezone.localtime(now).date()
    tz = timezone.get_current_timezone()
    start = datetime.combine(day, time.min, tzinfo=tz)
    return start, datetime.combine(day + timedelta(days=1), time.min, tzinfo=tz)


def _month_start(now: datetime) -> datetime:
    day = timezone.localtime(now).date()
    return datetime.combine(day.replace(day=1), time.min, tzinfo=timezone.get_current_timezone())


def _order(request: HttpRequest, pk: int) -> WorkOrder:
    return get_in_scope(selectors.visible_work_orders(request.user), pk=pk)


# ---------------------------------------------------------------------------------------------
# List


@login_required
@handles_domain_errors
def work_order_list(request: HttpRequest) -> HttpResponse:
    """Newest first, 50 a page. No COUNT: one extra row tells whether a next page exists, which
    stays fast with 100,000 orders."""
    form = forms.WorkOrderFilterForm(request.GET or None, user=request.user)
    qs = selectors.filter_work_orders(
        selectors.visible_work_orders(request.user), **form.filters()
    ).order_by("-created_at", "-id")
    size = settings.AFTERSALES["PAGE_SIZE"]
    try:
        page = max(1, int(request.GET.get("page", 1)))
    except ValueError:
        page = 1
    rows = selectors.page_of(qs, offset=(page - 1) * size, limit=size + 1)
    has_next = len(rows) > size
    params = request.GET.copy()
    params.pop("page", None)
    return render(
        request,
        "workorders/list.html",
        {
            "form": form,
            "orders": rows[:size],
            "page": page,
            "has_next": has_next,
            "has_previous": page > 1,
            "query_string": params.urlencode(),
        },
    )


# ---------------------------------------------------------------------------------------------
# Detail and actions


def _dispatch(order: WorkOrder, by: User, data: dict, now: datetime) -> Any:
    return services.work_order_dispatch(
        order=order, by=by, now=now, technician=data["technician"], outlet=data["outlet"]
    )


def _reassign(order: WorkOrder, by: User, data: dict, now: datetime) -> Any:
    return services.work_order_reassign(
        order=order,
        by=by,
        now=now,
        reason=data["reason"],
        technician=data["technician"],
        outlet=data["outlet"],
    )


def _schedule(order: WorkOrder, by: User, data: dict, now: datetime) -> Any:
    return services.work_order_schedule(
        order=order, by=by, now=now, start=data["start"], end=data["end"]
    )


def _rebook(order: WorkOrder, by: User, data: dict, now: datetime) -> Any:
    return services.work_order_rebook(
        order=order,
        by=by,
        now=now,
        start=data["start"],
        end=data["end"],
        reason=data["reason"],
        missed=data["missed"],
    )


def _hand_back(order: WorkOrder, by: User, data: dict, now: datetime) -> Any:
    return services.work_order_hand_back(
        order=order, by=by, customer_wishes=data["customer_wishes"]
    )


def _arrive(order: WorkOrder, by: User, data: dict, now: datetime) -> Any:
    return services.work_order_arrive(order=order, by=by, now=now)


def _complete(order: WorkOrder, by: User, data: dict, now: datetime) -> Any:
    return services.work_order_complete(
        order=order,
        by=by,
        now=now,
        service_report=data["service_report"],
        signer_name=data["signer_name"],
        signature_png=services.signature_from_data_url(data["signature"]),
    )


def _carry_back(order: WorkOrder, by: User, data: dict, now: datetime) -> Any:
    return services.work_order_carry_back(
        order=order, by=by, now=now, items=data["items"], condition=data["condition"]
    )


def _record_repair(order: WorkOrder, by: User, data: dict, now: datetime) -> Any:
    return services.work_order_record_repair(
        order=order,
        by=by,
        now=now,
        work_done=data["work_done"],
        hours=data["hours"],
        parts_replaced=data["parts_replaced"],
    )


def _check(order: WorkOrder, by: User, data: dict, now: datetime) -> Any:
    return services.work_order_check(
        order=order, by=by, now=now, passed=data["passed"], note=data["note"]
    )


def _return_unit(order: WorkOrder, by: User, data: dict, now: datetime) -> Any:
    return services.work_order_return_unit(
        order=order,
        by=by,
        now=now,
        signer_name=data["signer_name"],
        signature_png=services.signature_from_data_url(data["signature"]),
        service_report=data["service_report"],
    )


def _close(order: WorkOrder, by: User, data: dict, now: datetime) -> Any:
    return services.work_order_close(order=order, by=by, now=now, note=data["note"])


def _cancel(order: WorkOrder, by: User, data: dict, now: datetime) -> Any:
    return services.work_order_cancel(order=order, by=by, now=now, reason=data["reason"])


def _request(order: WorkOrder, by: User, data: dict, now: datetime) -> Any:
    return services.work_order_request(
        order=order, by=by, now=now, kind=data["kind"], reason=data["reason"], until=data["until"]
    )


def _add_photo(order: WorkOrder, by: User, data: dict, now: datetime) -> Any:
    upload = data["image"]
    return services.work_order_add_photo(
        order=order, by=by, kind=data["kind"], data=upload.read(), filename=upload.name
    )


Handler = Callable[[WorkOrder, User, dict, datetime], Any]

# Each action of states.ACTIONS: the form that parses it and the one service that does it.
# "check" takes both outcomes of the supervisor check (passed → check, failed → reject_check).
HANDLERS: dict[str, tuple[type[forms.forms.Form], Handler]] = {
    "dispatch": (forms.DispatchForm, _dispatch),
    "reassign": (forms.ReassignForm, _reassign),
    "schedule": (forms.ScheduleForm, _schedule),
    "rebook": (forms.RebookForm, _rebook),
    "hand_back": (forms.HandBackForm, _hand_back),
    "arrive": (forms.EmptyForm, _arrive),
    "complete": (forms.CompleteForm, _complete),
    "carry_back": (forms.CarryBackForm, _carry_back),
    "record_repair": (forms.RecordRepairForm, _record_repair),
    "check": (forms.CheckForm, _check),
    "return_unit": (forms.ReturnUnitForm, _return_unit),
    "close": (forms.CloseForm, _close),
    "cancel": (forms.CancelForm, _cancel),
    "request": (forms.RequestForm, _request),
    "add_photo": (forms.PhotoForm, _add_photo),
}

DONE_MESSAGES = {
    "add_photo": gettext_lazy("The photo was added."),
    "request": gettext_lazy("The request was sent to the supervisor."),
}


def _form(action: str, data: Any = None, files: Any = None) -> forms.forms.Form:
    form_class = HANDLERS[action][0]
    return form_class(data, files, auto_id=f"id_{action}_%s")


def _fk_names(entries: list) -> dict[tuple[str, str], str]:
    """Names of the records an audit entry refers to by id, looked up once per related model."""
    wanted: dict[str, set[str]] = {}
    for entry in entries:
        for name, values in (entry.changes or {}).items():
            try:
                field = WorkOrder._meta.get_field(name)
            except FieldDoesNotExist:
                continue
            if field.is_relation and (field.many_to_one or field.one_to_one):
                wanted.setdefault(name, set()).update(str(v) for v in values if v not in (None, ""))
    names = {}
    for name, ids in wanted.items():
        model = WorkOrder._meta.get_field(name).related_model
        for obj in model._default_manager.filter(pk__in=[i for i in ids if i.isdigit()]):
            names[(name, str(obj.pk))] = str(obj)
    return names


def _when(value: str) -> str:
    try:
        return timezone.localtime(datetime.fromisoformat(value)).strftime("%Y-%m-%d %H:%M")
    except (TypeError, ValueError):
        return value


def _shown(name: str, value: Any, fk_names: dict[tuple[str, str], str]) -> str:
    if value in (None, ""):
        return "—"
    if name == "category_basis":  # the warranty rule's facts, told as its sentence
        return warranty_views.basis_text(value) if isinstance(value, dict) else str(value)
    try:
        field = WorkOrder._meta.get_field(name)
    except FieldDoesNotExist:
        if name in EXTRA_CHOICES:
            return str(dict(EXTRA_CHOICES[name].choices).get(value, value))
        return (
            _when(value) if name in {"until", "due_at"} and isinstance(value, str) else str(value)
        )
    if field.is_relation:
        return fk_names.get((name, str(value)), str(value))
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(field, models.DateTimeField) and isinstance(value, str):
        return _when(value)
    if isinstance(field, models.BooleanField):
        return _("yes") if value else _("no")
    return str(value)


# Changes recorded under names that are not fields of the work order, and their choices.
EXTRA_LABELS = {
    "photo": gettext_lazy("photo"),
    "until": gettext_lazy("new promised time"),
    "deadline": gettext_lazy("deadline"),
    "due_at": gettext_lazy("due"),
    "hold": gettext_lazy("hold"),
}
EXTRA_CHOICES = {"deadline": Deadline.Target, "hold": Hold.Reason}


def _field_label(name: str) -> str:
    try:
        return str(WorkOrder._meta.get_field(name).verbose_name)
    except FieldDoesNotExist:
        return str(EXTRA_LABELS.get(name, name))


def _audit_rows(order: WorkOrder) -> list[dict]:
    """The audit trail for people: labels instead of field names, names instead of ids."""
    entries = list(selectors.audit_trail(order))
    fk_names = _fk_names(entries)
    labels = {name: str(action.label) for name, action in ACTIONS.items()}
    labels.update(
        {
            "create": _("Registered"),
            "request_extension": _("Asked for an extension"),
            "extension_approved": _("Extension approved"),
            "extension_rejected": _("Extension refused"),
            "escalation_approved": _("Escalation answered"),
            "escalation_rejected": _("Escalation refused"),
            "override_category": _("Category changed"),
            "deadline_missed": _("Deadline missed"),
            "hold": _("Put on hold"),
            "resume": _("Resumed"),
        }
    )
    return [
        {
            "at": entry.at,
            "actor": entry.actor,
            "action": labels.get(entry.action, entry.action),
            "note": entry.note,
            "changes": [
                change
                for name, values in (entry.changes or {}).items()
                if isinstance(values, list | tuple) and len(values) == 2
                for change in [
                    {
                        "field": _field_label(name),
                        "before": _shown(name, values[0], fk_names),
                        "after": _shown(name, values[1], fk_names),
                    }
                ]
                if change["before"] != change["after"]
            ],
        }
        for entry in entries
    ]


def _detail_context(
    request: HttpRequest,
    order: WorkOrder,
    *,
    bound: tuple[str, Any] | None = None,
    category_form: Any = None,
) -> dict:
    user = request.user
    now = timezone.now()
    names = [a.name for a in allowed_actions(order, user) if a.name in HANDLERS]
    action_forms = {name: _form(name) for name in names}
    if bound is not None and bound[0] in action_forms:
        action_forms[bound[0]] = bound[1]
    suggestions, outlets = [], []
    if "dispatch" in names or "reassign" in names:
        day_start, day_end = _local_day(now)
        suggestions = suggest_technicians(
            order=order,
            day_start=day_start,
            day_end=day_end,
            all_branches=user.sees_all_branches,
            limit=6,
        )
        outlets = Outlet.objects.filter(is_active=True, branch_id=order.branch_id)
        if order.unit_id:
            outlets = outlets.filter(categories=order.unit.model.category_id)
    return {
        "order": order,
        "actions": [(ACTIONS[name], action_forms[name]) for name in names],
        # The form that failed stays open; otherwise the first step is ready to fill in.
        "open_action": bound[0]
        if bound
        else next((n for n in names if n not in ("arrive", "cancel")), ""),
        "suggestions": suggestions,
        "outlets": outlets,
        "photos": order.photos.all(),
        "signatures": order.signatures.all(),
        "requests": order.requests.select_related("requested_by", "decided_by"),
        "receipt": GoodsReceipt.objects.filter(order=order).first(),
        "movements": order.goods_movements.select_related("by"),
        "repair_card": RepairCard.objects.filter(order=order)
        .select_related("repaired_by", "checked_by")
        .first(),
        "audit_rows": _audit_rows(order),
        "decide_form": forms.DecideRequestForm(),
        # Where to go after an action (my jobs, the board); checked again when followed.
        "next": request.POST.get("next") or request.GET.get("next", ""),
        "now": now,
        # The category's reason, today's three-guarantee remedies, the override form.
        "warranty": warranty_views.order_panel(request, order, category_form),
        # Each target with the time left or its margin, the holds, the hold form.
        "deadlines": deadlines_views.order_panel(request, order, now=now),
    }


@login_required
@handles_domain_errors
def work_order_detail(request: HttpRequest, pk: int) -> HttpResponse:
    order = _order(request, pk)
    return render(request, "workorders/detail.html", _detail_context(request, order))


def _next_url(request: HttpRequest, default: str) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return default


def _first_error(form: forms.forms.Form) -> str:
    for errors in form.errors.values():
        if errors:
            return str(errors[0])
    return _("The form has errors.")


@login_required
@require_POST
@handles_domain_errors
def work_order_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    """One POST per action: parse, call the action's service, redirect; a refusal is shown on
    the form and changes nothing."""
    if action not in HANDLERS:
        raise Http404(_("Unknown action."))
    order = _order(request, pk)
    # A role that may never take this action is refused before its form is read, so that it
    # gets 403 whatever it sends (the service checks again, with the state and the own-job rule).
    require(request.user, ACTIONS[action].capability)
    form = _form(action, request.POST, request.FILES)
    if form.is_valid():
        try:
            HANDLERS[action][1](order, request.user, form.cleaned_data, timezone.now())
        except (NotFound, Forbidden):
            raise
        except DomainError as error:
            domain_errors_to_form(form, error)
        else:
            label = ACTIONS["check"].label if action == "check" else ACTIONS[action].label
            messages.success(
                request,
                DONE_MESSAGES.get(action)
                or _("%(number)s: %(action)s — done.") % {"number": order.number, "action": label},
            )
            return redirect(_next_url(request, reverse("workorders:detail", args=[order.pk])))
    messages.error(request, _first_error(form))
    return render(
        request,
        "workorders/detail.html",
        _detail_context(request, order, bound=(action, form)),
        status=400,
    )


@login_required
@require_POST
@handles_domain_errors
def request_decide(request: HttpRequest, pk: int, request_pk: int) -> HttpResponse:
    order = _order(request, pk)
    require(request.user, Cap.CHECK)
    pending = get_in_scope(order.requests.all(), pk=request_pk)
    form = forms.DecideRequestForm(request.POST)
    if form.is_valid():
        try:
            services.work_order_decide_request(
                request=pending,
                by=request.user,
                approve=form.cleaned_data["approve"],
                note=form.cleaned_data["note"],
                now=timezone.now(),
            )
        except (NotFound, Forbidden):
            raise
        except DomainError as error:
            domain_errors_to_form(form, error)
        else:
            messages.success(request, _("The request was decided."))
            return redirect(_next_url(request, reverse("workorders:detail", args=[order.pk])))
    messages.error(request, _first_error(form))
    return redirect("workorders:detail", pk=order.pk)


@login_required
@require_POST
@handles_domain_errors
def override_category(request: HttpRequest, pk: int) -> HttpResponse:
    """The service category set by hand, with the reason (SPEC §5, issue 3 point 1)."""
    order = _order(request, pk)
    require(request.user, Cap.OVERRIDE_CATEGORY)
    form = warranty_views.OverrideCategoryForm(request.POST, auto_id="id_category_%s")
    if form.is_valid():
        try:
            services.work_order_override_category(
                order=order,
                by=request.user,
                category=form.cleaned_data["category"],
                reason=form.cleaned_data["reason"],
                now=timezone.now(),
            )
        except (NotFound, Forbidden):
            raise
        except DomainError as error:
            domain_errors_to_form(form, error)
        else:
            messages.success(request, _("The service category was changed."))
            return redirect("workorders:detail", pk=order.pk)
    messages.error(request, _first_error(form))
    return render(
        request,
        "workorders/detail.html",
        _detail_context(request, order, category_form=form),
        status=400,
    )


# ---------------------------------------------------------------------------------------------
# Boards


@login_required
@handles_domain_errors
def dispatch_board(request: HttpRequest) -> HttpResponse:
    """Jobs waiting for dispatch and jobs running late, what breaches first at the top, each with
    the time its first target has left and the best technicians to send."""
    require(request.user, Cap.DISPATCH)
    now = timezone.now()
    board = selectors.board(request.user, now=now)
    waiting = selectors.page_of(board["waiting"], offset=0, limit=BOARD_ROWS)
    overdue = selectors.page_of(board["overdue"], offset=0, limit=BOARD_ROWS)
    day_start, day_end = _local_day(now)
    suggestions = suggest_technicians_for_orders(
        orders=waiting + [o for o in overdue if o.state == State.REGISTERED],
        day_start=day_start,
        day_end=day_end,
        all_branches=request.user.sees_all_branches,
        limit=3,
    )
    clocks = clocks_of_orders(waiting + overdue, now=now)
    for order in waiting + overdue:
        order.next_clock = next_clock(clocks[order.pk])
    context = {
        "waiting": [(o, suggestions.get(o.pk, [])) for o in waiting],
        "overdue": [(o, suggestions.get(o.pk, [])) for o in overdue],
        "waiting_count": board["waiting"].count() if len(waiting) == BOARD_ROWS else len(waiting),
        "overdue_count": board["overdue"].count() if len(overdue) == BOARD_ROWS else len(overdue),
        "board_rows": BOARD_ROWS,
        "now": now,
    }
    template = "workorders/board.html"
    if request.htmx:
        template += "#board-tables"
    return render(request, template, context)


@login_required
@handles_domain_errors
def my_jobs(request: HttpRequest) -> HttpResponse:
    """The technician's day on his phone: open jobs due today, unbooked or carried over."""
    now = timezone.now()
    day_start, day_end = _local_day(now)
    jobs = selectors.jobs_for_technician_today(request.user, day_start=day_start, day_end=day_end)
    cards = []
    for order in jobs:
        actions = [a for a in allowed_actions(order, request.user) if a.name in HANDLERS]
        cards.append({"order": order, "actions": actions})
    return render(
        request,
        "workorders/my_jobs.html",
        {"cards": cards, "today": timezone.localtime(now).date(), "now": now},
    )


@login_required
@handles_domain_errors
def supervisor_view(request: HttpRequest) -> HttpResponse:
    require(request.user, Cap.CHECK)
    now = timezone.now()
    day_start, day_end = _local_day(now)
    branch_form = forms.WorkOrderFilterForm(request.GET or None, user=request.user)
    branch = branch_form.filters().get("branch") if "branch" in branch_form.fields else None
    overview = selectors.supervisor_overview(
        request.user,
        day_start=day_start,
        day_end=day_end,
        month_start=_month_start(now),
        branch=branch,
    )
    counts = overview["state_counts"]
    return render(
        request,
        "workorders/supervisor.html",
        {
            **overview,
            "state_rows": [(value, label, counts.get(value, 0)) for value, label in State.choices],
            "branch_field": branch_form["branch"] if "branch" in branch_form.fields else None,
            "now": now,
        },
    )


# ---------------------------------------------------------------------------------------------
# Voucher


@login_required
@handles_domain_errors
def voucher(request: HttpRequest, pk: int) -> HttpResponse:
    """The service voucher (服务凭证) as the paper form, for printing."""
    order = _order(request, pk)
    on: date = timezone.localtime(order.created_at).date()
    return render(
        request,
        "workorders/voucher.html",
        {
            "order": order,
            "in_warranty": order.unit.in_warranty_on(on) if order.unit_id else None,
            "repair_card": RepairCard.objects.filter(order=order).first(),
            "signatures": order.signatures.all(),
            "categories": ServiceCategory.choices,
            "kinds": Kind.choices,
        },
    )
