"""What every page view shares: turning domain errors into what the user sees.

A service raises a DomainError; a view shows it on the form (next to the field it names) and
changes nothing. NotFound — also another branch's record — becomes a 404; Forbidden a 403.
"""

from collections.abc import Callable
from functools import wraps
from typing import Any

from django import forms
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.paginator import Page, Paginator
from django.http import Http404, HttpRequest, HttpResponse

from .exceptions import DomainError, Forbidden, NotFound


def domain_errors_to_form(form: forms.BaseForm, error: DomainError) -> None:
    """Attach a service's error to the field it names, or to the form as a whole."""
    field = error.field if error.field in form.fields else None
    form.add_error(field, error.message)


def handles_domain_errors(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """NotFound → 404, Forbidden → 403; other domain errors are the view's to show on a form."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        try:
            return view(request, *args, **kwargs)
        except NotFound as error:
            raise Http404(error.message) from error
        except Forbidden as error:
            raise PermissionDenied(error.message) from error

    return wrapper


def paginate(request: HttpRequest, qs: Any, per_page: int | None = None) -> Page:
    """One page of a list (settings.AFTERSALES["PAGE_SIZE"] rows): a count and one slice."""
    size = per_page or settings.AFTERSALES["PAGE_SIZE"]
    return Paginator(qs, size).get_page(request.GET.get("page"))
