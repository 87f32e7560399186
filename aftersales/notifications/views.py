"""Pages of messages: my inbox (every member of staff), and the message log (those who check the
service: supervisors, managers, the general manager).

Views parse with a form, ask the policy, read through the selectors and call one service. With
HTMX the inbox answers with its list only, and the header's unread badge swapped out of band.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from aftersales.accounts.policy import Cap, require
from aftersales.core.views import handles_domain_errors, paginate

from . import selectors, services
from .forms import LogFilterForm, ReadForm
from .models import Message


def _inbox_url(page: str | None) -> str:
    url = reverse("notifications:inbox")
    return f"{url}?page={page}" if page and page.isdigit() and page != "1" else url


def _render_inbox(
    request: HttpRequest, *, status: int = 200, partial: bool = False
) -> HttpResponse:
    page = paginate(request, selectors.inbox(request.user))
    template = "notifications/inbox.html" + ("#results" if partial else "")
    return render(
        request,
        template,
        {"page": page, "unread": selectors.unread_count(request.user), "oob": partial},
        status=status,
    )


@login_required
@handles_domain_errors
def inbox(request: HttpRequest) -> HttpResponse:
    """My messages, unread first."""
    require(request.user, Cap.VIEW)
    return _render_inbox(request, partial=bool(request.htmx and not request.htmx.boosted))


@login_required
@require_POST
@handles_domain_errors
def read(request: HttpRequest) -> HttpResponse:
    """Marks one of my messages read; "open" goes on to the page it points at."""
    require(request.user, Cap.VIEW)
    form = ReadForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a message to mark read."))
        return _render_inbox(request, status=400)
    message = selectors.my_message(request.user, form.cleaned_data["message"])
    services.message_mark_read(message=message, by=request.user, now=timezone.now())
    link = message.link
    if (
        form.cleaned_data["open"]
        and link
        and url_has_allowed_host_and_scheme(link, allowed_hosts={request.get_host()})
    ):
        return redirect(link)
    if request.htmx:
        return _render_inbox(request, partial=True)
    return redirect(_inbox_url(request.POST.get("page")))


@login_required
@require_POST
@handles_domain_errors
def read_all(request: HttpRequest) -> HttpResponse:
    require(request.user, Cap.VIEW)
    count = services.messages_mark_all_read(by=request.user, now=timezone.now())
    if request.htmx:
        return _render_inbox(request, partial=True)
    if count:
        messages.success(
            request,
            ngettext("%(count)s message marked read.", "%(count)s messages marked read.", count)
            % {"count": count},
        )
    return redirect("notifications:inbox")


@login_required
@handles_domain_errors
def log(request: HttpRequest) -> HttpResponse:
    """Every message recorded, sent or not, of the user's branch (head office: all)."""
    require(request.user, Cap.CHECK)
    filters = LogFilterForm(request.GET or None)
    filters.is_valid()
    values = getattr(filters, "cleaned_data", {})
    qs = selectors.message_log(
        request.user,
        channel=values.get("channel") or "",
        status=values.get("status") or "",
        q=values.get("q") or "",
    )
    template = "notifications/log.html"
    if request.htmx and not request.htmx.boosted:
        template += "#results"
    return render(
        request,
        template,
        {"filters": filters, "page": paginate(request, qs), "Channel": Message.Channel},
    )
