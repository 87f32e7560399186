"""The deadlines on the work-order page, and the two moves staff make on them: put a job on hold
and let it go on. The page itself belongs to the work orders; `order_panel` is its part."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from aftersales.accounts.policy import Cap, can, get_in_scope, require
from aftersales.core.exceptions import DomainError, Forbidden, NotFound
from aftersales.core.views import handles_domain_errors
from aftersales.workorders.models import WorkOrder
from aftersales.workorders.selectors import visible_work_orders

from . import selectors, services
from .forms import HoldForm


def order_panel(request: HttpRequest, order: WorkOrder, *, now) -> dict[str, Any]:
    """Each target with its rule, due moment and time left or margin; the holds; the hold form
    for those who may use it."""
    holds = list(selectors.holds_of(order))
    open_hold = next((h for h in holds if h.ended_at is None), None)
    may_hold = can(request.user, Cap.HOLD_JOBS) and order.is_open
    return {
        "clocks": selectors.clocks_of_orders([order], now=now)[order.pk],
        "holds": holds,
        "open_hold": open_hold,
        "hold_form": HoldForm(auto_id="id_hold_%s") if may_hold and open_hold is None else None,
        "may_resume": may_hold and open_hold is not None,
    }


def _order(request: HttpRequest, pk: int) -> WorkOrder:
    return get_in_scope(visible_work_orders(request.user), pk=pk)


def _done(request: HttpRequest, order: WorkOrder, run) -> HttpResponse:
    try:
        run()
    except (NotFound, Forbidden):
        raise
    except DomainError as error:
        messages.error(request, error.message)
    return redirect("workorders:detail", pk=order.pk)


@login_required
@require_POST
@handles_domain_errors
def hold(request: HttpRequest, pk: int) -> HttpResponse:
    order = _order(request, pk)
    require(request.user, Cap.HOLD_JOBS)
    form = HoldForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Say what the job is waiting for."))
        return redirect("workorders:detail", pk=order.pk)

    def run() -> None:
        services.order_hold(order=order, by=request.user, now=timezone.now(), **form.cleaned_data)
        messages.success(request, _("%(number)s is on hold.") % {"number": order.number})

    return _done(request, order, run)


@login_required
@require_POST
@handles_domain_errors
def resume(request: HttpRequest, pk: int) -> HttpResponse:
    order = _order(request, pk)
    require(request.user, Cap.HOLD_JOBS)

    def run() -> None:
        services.order_resume(order=order, by=request.user, now=timezone.now())
        messages.success(request, _("%(number)s goes on.") % {"number": order.number})

    return _done(request, order, run)
