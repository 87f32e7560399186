"""`create_api_token`: the secret it prints opens the API, and only a digest is stored."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from aftersales.accounts.models import ApiToken
from aftersales.core.tests.test_api_client import ApiClient


def test_it_prints_a_token_that_opens_the_api(agent_a, customer_a):
    out, err = StringIO(), StringIO()

    call_command("create_api_token", "agent_a", "--name", "微信机器人", stdout=out, stderr=err)

    raw = out.getvalue().strip()
    token = ApiToken.objects.get(user=agent_a)
    assert token.name == "微信机器人"
    assert raw.startswith(token.prefix)
    assert raw not in token.digest  # the secret itself is not stored
    assert "not shown again" in err.getvalue()
    response = ApiClient(token=raw).get(f"/customers/{customer_a.pk}")
    assert response.status_code == 200


def test_it_refuses_an_unknown_user(db):
    with pytest.raises(CommandError):
        call_command("create_api_token", "nobody", stdout=StringIO(), stderr=StringIO())
    assert not ApiToken.objects.exists()
