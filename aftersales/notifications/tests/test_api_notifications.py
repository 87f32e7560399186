"""My messages through the API: listed, marked read one by one or all at once."""

import datetime as dt

import pytest

from aftersales.core.tests.test_api_client import ApiClient
from aftersales.notifications import services
from aftersales.notifications.models import Message

pytestmark = pytest.mark.django_db


def _tell(user, n, now):
    [message] = services.notify_staff(
        key=f"due:{n}",
        users=[user],
        subject=f"工单 WO-{n} 即将超时",
        body="请尽快处理。",
        now=now + dt.timedelta(minutes=n),
        link=f"/work-orders/{n}/",
    )
    return message


def test_it_lists_my_messages_unread_first(supervisor_a, agent_a, now):
    first = _tell(supervisor_a, 1, now)
    second = _tell(supervisor_a, 2, now)
    _tell(agent_a, 3, now)
    services.message_mark_read(message=second, by=supervisor_a, now=now)
    api = ApiClient(supervisor_a)

    answer = api.get("/notifications").json()

    assert answer["count"] == 2
    assert [m["id"] for m in answer["items"]] == [first.pk, second.pk]
    item = answer["items"][0]
    assert item["subject"] == "工单 WO-1 即将超时" and item["link"] == "/work-orders/1/"
    assert item["is_read"] is False and item["read_at"] is None
    assert item["created_at"].endswith("+08:00")
    unread = api.get("/notifications", unread="true").json()
    assert [m["id"] for m in unread["items"]] == [first.pk]


def test_it_marks_one_of_my_messages_read(supervisor_a, now):
    message = _tell(supervisor_a, 1, now)
    response = ApiClient(supervisor_a).post(f"/notifications/{message.pk}/read")
    assert response.status_code == 200
    assert response.json()["is_read"] is True
    message.refresh_from_db()
    assert message.read_at is not None


def test_someone_elses_message_is_not_found(supervisor_a, agent_a, now):
    message = _tell(supervisor_a, 1, now)
    response = ApiClient(agent_a).post(f"/notifications/{message.pk}/read")
    assert response.status_code == 404
    message.refresh_from_db()
    assert message.read_at is None


def test_it_marks_all_my_messages_read(supervisor_a, agent_a, now):
    for n in range(3):
        _tell(supervisor_a, n, now)
    _tell(agent_a, 9, now)
    api = ApiClient(supervisor_a)
    assert api.post("/notifications/read-all").json() == {"marked": 3}
    assert api.post("/notifications/read-all").json() == {"marked": 0}
    assert Message.objects.filter(read_at__isnull=True).count() == 1


def test_it_needs_a_token():
    assert ApiClient().get("/notifications").status_code == 401
