"""The REST API under /api/v1/: who is calling, and how errors are told.

Clients send `Authorization: Bearer <token>` (tokens from `manage.py create_api_token`); a user
signed in to the pages may call it with his session, under Django's CSRF check. Endpoints are
thin: they read through the scoping selectors and write through the services, and a DomainError
from either becomes `{"detail", "code", "errors": [{"field", "message"}]}` in the user's language.
"""

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError
from ninja.security import HttpBearer, django_auth

from aftersales.accounts.models import ApiToken, User
from aftersales.billing.api import router as billing_router
from aftersales.calendars.api import router as calendars_router
from aftersales.claims.api import router as claims_router
from aftersales.customers.api import router as customers_router
from aftersales.deadlines.api import router as deadlines_router
from aftersales.dispatch.api import router as dispatch_router
from aftersales.followups.api import router as followups_router
from aftersales.intake.api import router as intake_router
from aftersales.loaners.api import router as loaners_router
from aftersales.maintenance.api import router as maintenance_router
from aftersales.notifications.api import router as notifications_router
from aftersales.parts.api import router as parts_router
from aftersales.returns.api import router as returns_router
from aftersales.settlements.api import router as settlements_router
from aftersales.tools.api import router as tools_router
from aftersales.warranty.api import router as warranty_router
from aftersales.workorders.api import router as workorders_router

from .exceptions import DomainError


class ApiTokenAuth(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> User | None:
        user = ApiToken.objects.authenticate(token) if token else None
        if user is not None:
            # Code that reads request.user (logging, language) sees the token's owner.
            request.user = user
        return user


api = NinjaAPI(
    title="Aftersales API",
    version="1",
    urls_namespace="api",
    auth=[ApiTokenAuth(), django_auth],
    description="售后服务管理系统 REST API. Authenticate with `Authorization: Bearer <token>`.",
)


def _error(
    request: HttpRequest, *, status: int, detail: str, code: str, errors: list[dict[str, Any]]
) -> HttpResponse:
    return api.create_response(
        request, {"detail": detail, "code": code, "errors": errors}, status=status
    )


@api.exception_handler(DomainError)
def domain_error(request: HttpRequest, exc: DomainError) -> HttpResponse:
    return _error(
        request,
        status=exc.status_code,
        detail=exc.message,
        code=exc.code,
        errors=[{"field": exc.field, "message": exc.message}],
    )


# Pydantic's error types, told with Django's own messages, which are translated already.
_VALIDATION_MESSAGES = {
    "missing": "This field is required.",
    "int_parsing": "Enter a whole number.",
    "int_type": "Enter a whole number.",
    "int_from_float": "Enter a whole number.",
    "float_parsing": "Enter a number.",
    "float_type": "Enter a number.",
    "decimal_parsing": "Enter a number.",
    "date_parsing": "Enter a valid date.",
    "date_from_datetime_parsing": "Enter a valid date.",
    "date_type": "Enter a valid date.",
    "datetime_parsing": "Enter a valid date/time.",
    "datetime_from_date_parsing": "Enter a valid date/time.",
    "datetime_type": "Enter a valid date/time.",
    # A value of the wrong JSON type: a number for a text, a word for a yes/no, text for an object.
    "string_type": "Enter a valid value.",
    "bool_parsing": "Enter a valid value.",
    "bool_type": "Enter a valid value.",
    "decimal_type": "Enter a number.",
    "dict_type": "Enter a valid value.",
    "model_type": "Enter a valid value.",
    "model_attributes_type": "Enter a valid value.",
}

# The parts of a pydantic location that are not the client's field name.
_LOCATION_PARTS = {
    "body",
    "query",
    "path",
    "header",
    "cookie",
    "form",
    "file",
    "payload",
    "filters",
}


def _field_name(loc: list[Any] | tuple[Any, ...]) -> str | None:
    names = [str(part) for part in loc if not isinstance(part, int)]
    while names and names[0] in _LOCATION_PARTS:
        names = names[1:]
    return ".".join(names) or None


def _validation_message(error: dict[str, Any]) -> str:
    message = _VALIDATION_MESSAGES.get(error.get("type", ""))
    if message is not None:
        return _(message)
    if error.get("type") == "json_invalid":
        return _("The request body is not valid JSON.")
    # Pydantic's own wording (English) is still more helpful than a generic message.
    return str(error.get("msg") or _("Enter a valid value."))


@api.exception_handler(ValidationError)
def validation_error(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    errors = [
        {"field": _field_name(error.get("loc", ())), "message": _validation_message(error)}
        for error in exc.errors
    ]
    detail = errors[0]["message"] if len(errors) == 1 else _("Please correct the errors below.")
    return _error(request, status=422, detail=detail, code="invalid", errors=errors)


@api.exception_handler(AuthenticationError)
def authentication_error(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    return _error(
        request,
        status=401,
        detail=_("Send a valid API token: Authorization: Bearer <token>."),
        code="not_authenticated",
        errors=[],
    )


@api.exception_handler(HttpError)
def http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    return _error(request, status=exc.status_code, detail=str(exc), code="error", errors=[])


api.add_router("/", customers_router)
api.add_router("/", intake_router)
api.add_router("/", workorders_router)
api.add_router("/", billing_router)
api.add_router("/", warranty_router)
api.add_router("/", dispatch_router)
api.add_router("/", tools_router)
api.add_router("/", loaners_router)
api.add_router("/", parts_router)
api.add_router("/", claims_router)
api.add_router("/", returns_router)
api.add_router("/", settlements_router)
api.add_router("/", deadlines_router)
api.add_router("/", calendars_router)
api.add_router("/", notifications_router)
api.add_router("/", followups_router)
api.add_router("/", maintenance_router)
