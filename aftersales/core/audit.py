"""The audit trail: every change to a work order, customer, unit or call, who made it and when.

Services call `snapshot` before changing an object and `record` after; the entry holds each
changed field as [before, after].
"""

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models.fields.files import FieldFile

from .models import AuditEntry


def _plain(value: Any) -> Any:
    if isinstance(value, models.Model):
        return str(value)
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, FieldFile):  # an empty one has no url: asking raises
        return value.name or ""
    return value


def snapshot(obj: models.Model) -> dict[str, Any]:
    values = {}
    for field in obj._meta.concrete_fields:
        if field.primary_key:
            continue
        if field.is_relation:
            values[field.name] = _plain(getattr(obj, field.attname))
        else:
            values[field.name] = _plain(getattr(obj, field.name))
    return values


def diff(before: dict[str, Any], after: dict[str, Any]) -> dict[str, list[Any]]:
    return {
        name: [before.get(name), value]
        for name, value in after.items()
        if before.get(name) != value and name not in {"updated_at"}
    }


def record(
    obj: models.Model,
    *,
    by: Any,
    action: str,
    before: dict[str, Any] | None = None,
    changes: dict[str, list[Any]] | None = None,
    note: str = "",
) -> AuditEntry:
    if changes is None:
        changes = diff(before or {}, snapshot(obj))
    return AuditEntry.objects.create(
        content_type=ContentType.objects.get_for_model(type(obj)),
        object_id=str(obj.pk),
        object_repr=str(obj)[:200],
        action=action,
        actor=by if getattr(by, "pk", None) else None,
        changes=changes,
        note=note,
    )
