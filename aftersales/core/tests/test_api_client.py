"""`ApiClient`: Django's test client speaking JSON with a bearer token, shared by the API tests.

Also checks itself: a client is tied to one user and one token.
"""

import json
from typing import Any

from django.test import Client

from aftersales.accounts.models import ApiToken, User

PREFIX = "/api/v1"


class ApiClient:
    """Calls /api/v1/… as `user`, with a freshly issued token."""

    def __init__(
        self, user: User | None = None, *, token: str | None = None, language: str | None = "en"
    ):
        """`language=None` sends no Accept-Language: the answer is in the default language."""
        self.client = Client()
        self.headers: dict[str, str] = {"HTTP_ACCEPT_LANGUAGE": language} if language else {}
        if user is not None and token is None:
            _token, token = ApiToken.objects.issue(user=user, name="tests")
        if token is not None:
            self.headers["HTTP_AUTHORIZATION"] = f"Bearer {token}"
        self.token = token

    def _extra(self, key: str | None) -> dict[str, str]:
        extra = dict(self.headers)
        if key is not None:
            extra["HTTP_IDEMPOTENCY_KEY"] = key
        return extra

    def get(self, path: str, **params: Any):
        return self.client.get(PREFIX + path, params, **self.headers)

    def post(self, path: str, body: dict[str, Any] | None = None, *, key: str | None = None):
        return self.client.post(
            PREFIX + path,
            json.dumps(body or {}, default=str),
            content_type="application/json",
            **self._extra(key),
        )

    def patch(self, path: str, body: dict[str, Any]):
        return self.client.patch(
            PREFIX + path,
            json.dumps(body, default=str),
            content_type="application/json",
            **self.headers,
        )


def error_fields(response) -> list[str | None]:
    return [error["field"] for error in response.json()["errors"]]


def test_it_sends_the_token_of_its_user(agent_a):
    api = ApiClient(agent_a)
    assert ApiToken.objects.authenticate(api.token) == agent_a
    assert api.headers["HTTP_AUTHORIZATION"] == f"Bearer {api.token}"
