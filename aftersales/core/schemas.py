"""What every API router shares: the error body, local times, images in JSON, references by id.

These only parse input; the rules stay in the services.
"""

import base64
import binascii
from datetime import datetime
from typing import Annotated, Any

from django.db.models import Model, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Schema
from ninja.pagination import LimitOffsetPagination
from pydantic import AfterValidator, PlainSerializer

from .exceptions import DomainError
from .uploads import decode_data_url


class ErrorItem(Schema):
    field: str | None = None
    message: str


class ErrorOut(Schema):
    """Every error the API answers: a message in the user's language and the fields it names."""

    detail: str
    code: str = "invalid"
    errors: list[ErrorItem] = []


# The responses every endpoint may give besides its own; listed so that the OpenAPI document
# tells clients the shape of an error.
ERRORS: dict[int, type[Schema]] = {
    400: ErrorOut,
    401: ErrorOut,
    403: ErrorOut,
    404: ErrorOut,
    409: ErrorOut,
    422: ErrorOut,
}


def _aware(value: datetime) -> datetime:
    """A time without an offset is read in the company's zone: rules compare aware times only."""
    if timezone.is_naive(value):
        return timezone.make_aware(value, timezone.get_current_timezone())
    return value


LocalDatetime = Annotated[datetime, AfterValidator(_aware)]


def _local_iso(value: datetime) -> str:
    return timezone.localtime(value).isoformat(timespec="seconds")


# Times go out in the company's zone with their offset ('2026-11-23T20:04:12+08:00'), the same
# whether an answer is rendered directly or stored for an idempotent replay.
LocalTime = Annotated[datetime, PlainSerializer(_local_iso, return_type=str)]


class Page(LimitOffsetPagination):
    """`?limit=&offset=`; the answer is `{"items": [...], "count": n}`."""

    class Input(Schema):
        limit: int = Field(50, ge=1, le=200)
        offset: int = Field(0, ge=0)


def in_scope_ref(qs: QuerySet, pk: int | None, *, field: str) -> Any:
    """The record a request body points at by id, looked up in what the user may see.

    A missing or out-of-scope id is a bad value of that field, told the same way either way.
    """
    if pk is None:
        return None
    obj = qs.filter(pk=pk).first()
    if obj is None:
        raise DomainError(
            _("Select a valid choice. That choice is not one of the available choices."),
            field=field,
            code="invalid_choice",
        )
    return obj


def signature_bytes(value: str) -> bytes:
    """A signature sent as a data URL ('data:image/png;base64,…') or as bare base64."""
    value = (value or "").strip()
    if value and not value.startswith("data:"):
        value = f"data:image/png;base64,{value}"
    return decode_data_url(value, field="signature")


def image_bytes(value: str, *, field: str = "image") -> bytes:
    """A photo as base64 or a data URL; `checked_image` in the service decides if it is one."""
    value = (value or "").strip()
    if value.startswith("data:"):
        value = value.partition(",")[2]
    try:
        return base64.b64decode(value, validate=True)
    except (binascii.Error, ValueError) as exc:
        raise DomainError(_("The file is not a JPEG, PNG or WebP image."), field=field) from exc


def model_id(obj: Model | None) -> int | None:
    return obj.pk if obj is not None else None
