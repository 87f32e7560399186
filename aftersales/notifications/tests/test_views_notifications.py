"""The inbox and the message log, through the test client, in Chinese by default."""

import datetime as dt

import pytest
from django.urls import reverse

from aftersales.accounts.models import Role
from aftersales.factories import UserFactory
from aftersales.notifications import services
from aftersales.notifications.models import Message

pytestmark = pytest.mark.django_db


def _tell(user, n, now, **kwargs):
    [message] = services.notify_staff(
        key=f"due:{n}",
        users=[user],
        subject=f"工单 WO-{n} 即将超时",
        body=f"工单 WO-{n} 将于今天 17:00 到达派工时限。",
        now=now + dt.timedelta(minutes=n),
        **kwargs,
    )
    return message


def test_the_inbox_shows_my_messages_unread_first_and_the_header_counts_them(
    client, supervisor_a, agent_a, now
):
    old = _tell(supervisor_a, 1, now)
    _tell(supervisor_a, 2, now)
    _tell(agent_a, 3, now)  # someone else's
    services.message_mark_read(message=old, by=supervisor_a, now=now)
    client.force_login(supervisor_a)

    page = client.get(reverse("notifications:inbox")).content.decode()

    assert page.index("工单 WO-2 即将超时") < page.index("工单 WO-1 即将超时")
    assert "WO-3" not in page
    assert "我的消息" in page and "1 条未读消息" in page
    assert 'id="inbox-badge" class="badge badge-danger" style="margin-left:4px">1</span>' in page


def test_the_header_badge_is_hidden_with_nothing_unread(client, agent_a):
    client.force_login(agent_a)
    page = client.get(reverse("workorders:list")).content.decode()
    assert 'id="inbox-badge"' in page and " hidden>" in page


def test_marking_a_message_read_with_htmx_answers_the_list_and_the_badge(client, supervisor_a, now):
    message = _tell(supervisor_a, 1, now)
    _tell(supervisor_a, 2, now)
    client.force_login(supervisor_a)

    response = client.post(
        reverse("notifications:read"), {"message": message.pk}, HTTP_HX_REQUEST="true"
    )

    assert response.status_code == 200
    body = response.content.decode()
    assert body.lstrip().startswith('<div id="results">') and "<html" not in body
    assert 'hx-swap-oob="true"' in body and ">1</span>" in body
    message.refresh_from_db()
    assert message.read_at is not None


def test_opening_a_message_marks_it_read_and_goes_to_its_page(client, supervisor_a, now):
    message = _tell(supervisor_a, 1, now, link="/work-orders/")
    client.force_login(supervisor_a)
    response = client.post(reverse("notifications:read"), {"message": message.pk, "open": "1"})
    assert response.status_code == 302 and response["Location"] == "/work-orders/"
    message.refresh_from_db()
    assert message.read_at is not None


def test_a_link_off_the_site_is_not_followed(client, supervisor_a, now):
    message = _tell(supervisor_a, 1, now, link="https://evil.example.com/")
    client.force_login(supervisor_a)
    response = client.post(reverse("notifications:read"), {"message": message.pk, "open": "1"})
    assert response["Location"] == reverse("notifications:inbox")


def test_no_one_else_can_mark_my_message_read(client, supervisor_a, agent_a, now):
    message = _tell(supervisor_a, 1, now)
    client.force_login(agent_a)  # same branch, but not his
    response = client.post(reverse("notifications:read"), {"message": message.pk})
    assert response.status_code == 404
    message.refresh_from_db()
    assert message.read_at is None


def test_a_read_without_a_message_is_refused(client, agent_a):
    client.force_login(agent_a)
    response = client.post(reverse("notifications:read"), {})
    assert response.status_code == 400
    assert "请选择要标为已读的消息" in response.content.decode()


def test_mark_all_read(client, supervisor_a, agent_a, now):
    for n in range(3):
        _tell(supervisor_a, n, now)
    theirs = _tell(agent_a, 9, now)
    client.force_login(supervisor_a)
    response = client.post(reverse("notifications:read_all"), follow=True)
    assert "3 条消息已标为已读" in response.content.decode()
    assert not Message.objects.filter(recipient=supervisor_a, read_at__isnull=True).exists()
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_the_inbox_is_paginated(client, supervisor_a, now, settings):
    settings.AFTERSALES = {**settings.AFTERSALES, "PAGE_SIZE": 2}
    for n in range(5):
        _tell(supervisor_a, n, now)
    client.force_login(supervisor_a)
    page = client.get(reverse("notifications:inbox"), {"page": 3}).content.decode()
    assert "工单 WO-0 即将超时" in page and "WO-4" not in page
    assert "第 3 页，共 3 页" in page


@pytest.fixture
def logged(flow, flow_b, supervisor_a, manager_hq, now):
    """A message of each branch, and one of no branch."""
    order_a = flow.new_order()
    order_b = flow_b.new_order()
    services.notify_customer(
        key="a", phone="13800138000", subject="甲方短信", body="b", now=now, related=order_a
    )
    services.notify_customer(
        key="b", phone="13900139000", subject="乙方短信", body="b", now=now, related=order_b
    )
    services.notify_customer(key="c", phone="13700137000", subject="无网点短信", body="b", now=now)
    services.notify_customer(
        key="d", phone="12345", subject="失败的短信", body="b", now=now, related=order_a
    )
    return order_a, order_b


@pytest.fixture
def flow_b(branch_b, technician_b, unit_b, no_cooling, now, signature_png):
    from aftersales.workorders.tests.conftest import Flow

    def user(name, role):
        return UserFactory(username=name, role=role, branch=branch_b)

    return Flow(
        now=now,
        agent=user("agent_b", Role.AGENT),
        dispatcher=user("dispatcher_b", Role.DISPATCHER),
        supervisor=user("supervisor_b", Role.SUPERVISOR),
        technician=technician_b,
        other_technician=technician_b,
        unit=unit_b,
        fault=no_cooling,
        signature_png=signature_png,
    )


def test_the_log_shows_a_supervisor_his_branchs_messages_only(client, logged, supervisor_a):
    client.force_login(supervisor_a)
    page = client.get(reverse("notifications:log")).content.decode()
    assert "消息记录" in page
    assert "甲方短信" in page and "失败的短信" in page
    assert "乙方短信" not in page and "无网点短信" not in page


def test_the_log_shows_head_office_everything(client, logged, manager_hq):
    client.force_login(manager_hq)
    page = client.get(reverse("notifications:log")).content.decode()
    for subject in ("甲方短信", "乙方短信", "无网点短信", "失败的短信"):
        assert subject in page


def test_the_log_filters_by_channel_and_status(client, logged, manager_hq, supervisor_a, now):
    _tell(supervisor_a, 1, now)
    client.force_login(manager_hq)
    failed = client.get(reverse("notifications:log"), {"status": "failed"}).content.decode()
    assert "失败的短信" in failed and "甲方短信" not in failed
    in_app = client.get(
        reverse("notifications:log"), {"channel": "in_app"}, HTTP_HX_REQUEST="true"
    ).content.decode()
    assert "工单 WO-1 即将超时" in in_app and "短信" not in in_app and "<html" not in in_app
    by_phone = client.get(reverse("notifications:log"), {"q": "13900139000"}).content.decode()
    assert "乙方短信" in by_phone and "甲方短信" not in by_phone


def test_the_log_is_for_those_who_check_the_service(client, agent_a):
    client.force_login(agent_a)
    assert client.get(reverse("notifications:log")).status_code == 403


def test_the_inbox_links_to_the_log_only_for_those_who_may_read_it(client, agent_a, supervisor_a):
    client.force_login(agent_a)
    assert (
        reverse("notifications:log")
        not in client.get(reverse("notifications:inbox")).content.decode()
    )
    client.force_login(supervisor_a)
    assert (
        reverse("notifications:log") in client.get(reverse("notifications:inbox")).content.decode()
    )
