"""Creation requests a client may safely retry: the `Idempotency-Key` header.

The first request with a key creates the record and stores its answer; a retry with the same key
and the same body gets that answer again and creates nothing. The key's row is inserted in the
same transaction as the creation and before it, so of two requests racing with one key the
database's unique constraint lets one through and makes the other wait, then replay.
"""

import hashlib
import json
from collections.abc import Callable
from typing import Any, TypeVar

from django.core.serializers.json import DjangoJSONEncoder
from django.db import IntegrityError, transaction
from django.http import JsonResponse
from django.utils.translation import gettext as _

from aftersales.accounts.models import User

from .exceptions import DomainError
from .models import IdempotencyRecord

T = TypeVar("T")

HEADER = "Idempotency-Key"
MAX_KEY_LENGTH = 128


class IdempotencyKeyReused(DomainError):
    """The key was used before for another request: retrying must send the same one."""

    status_code = 422

    def __init__(self) -> None:
        super().__init__(
            _(
                "This Idempotency-Key was already used for a different request; "
                "use a new key for a new request."
            ),
            field=HEADER,
            code="idempotency_key_reused",
        )


def _json(data: Any) -> Any:
    """Plain JSON values, as they would be read back: dates as ISO strings, decimals as text."""
    return json.loads(json.dumps(data, cls=DjangoJSONEncoder))


def request_hash(endpoint: str, body: Any) -> str:
    """The same body in any key order hashes the same."""
    text = json.dumps(body, sort_keys=True, cls=DjangoJSONEncoder, ensure_ascii=False)
    return hashlib.sha256(f"{endpoint}\n{text}".encode()).hexdigest()


def stored(user: User, key: str) -> IdempotencyRecord | None:
    return IdempotencyRecord.objects.filter(user=user, key=key).first()


def _answer(status: int, data: Any) -> JsonResponse:
    # The rendered body goes out as it is stored, so that a replay is byte for byte the same.
    # Keys are sorted: PostgreSQL's jsonb does not keep the order in which they were stored.
    return JsonResponse(
        data,
        status=status,
        safe=False,
        json_dumps_params={"ensure_ascii": False, "sort_keys": True},
    )


def _replay(record: IdempotencyRecord, *, endpoint: str, digest: str) -> JsonResponse:
    if record.endpoint != endpoint or record.request_hash != digest:
        raise IdempotencyKeyReused()
    return _answer(record.status_code, record.response)


def idempotent_create(
    *,
    user: User,
    key: str | None,
    endpoint: str,
    body: Any,
    create: Callable[[], T],
    render: Callable[[T], Any],
    status: int = 201,
) -> JsonResponse:
    """Run `create` once per (user, key) and answer its rendered JSON with `status`.

    Without a key this is just `create` and `render`. A failed creation (a DomainError) stores
    nothing, so the client may correct the request and retry with the same key.
    """
    if not key:
        return _answer(status, _json(render(create())))
    key = key.strip()
    if len(key) > MAX_KEY_LENGTH:
        raise DomainError(
            _("The Idempotency-Key is longer than %(max)d characters.") % {"max": MAX_KEY_LENGTH},
            field=HEADER,
        )
    digest = request_hash(endpoint, body)
    existing = stored(user, key)
    if existing is not None:
        return _replay(existing, endpoint=endpoint, digest=digest)
    try:
        with transaction.atomic():
            # The key first: a concurrent request with it blocks here until this one ends.
            record = IdempotencyRecord.objects.create(
                user=user,
                key=key,
                endpoint=endpoint,
                request_hash=digest,
                status_code=status,
                response={},
            )
            data = render(create())
            record.response = _json(data)
            record.save(update_fields=["response"])
    except IntegrityError:
        existing = stored(user, key)
        if existing is None:  # the conflict was the creation's own, not the key's
            raise
        return _replay(existing, endpoint=endpoint, digest=digest)
    return _answer(status, record.response)
