"""The follow-up pages, through the test client, in Chinese by default."""

import datetime as dt

from django.urls import reverse
from django.utils import timezone

from aftersales.followups import services
from aftersales.followups.models import CallRecord, FollowUp, Letter, PhoneLog, Question

DAY = dt.timedelta(days=1)


def _task(completed, agent, *, days_ago: int = 4) -> FollowUp:
    """An open first call on a job completed `days_ago` days ago."""
    order = completed()
    done = timezone.now() - days_ago * DAY
    order.__class__.objects.filter(pk=order.pk).update(completed_at=done)
    order.refresh_from_db()
    (first,) = services.follow_ups_plan_for_order(order=order, by=agent, now=done)
    return first


def test_the_worklist_shows_what_is_due_overdue_and_upcoming(client, completed, agent_a):
    due = _task(completed, agent_a, days_ago=4)
    overdue = _task(completed, agent_a, days_ago=9)
    upcoming = _task(completed, agent_a, days_ago=1)
    client.force_login(agent_a)

    page = client.get(reverse("followups:worklist")).content.decode()
    assert "回访工作清单" in page and "第一次跟踪回访" in page
    assert due.work_order.number in page and overdue.work_order.number in page
    assert upcoming.work_order.number not in page
    assert page.index(overdue.work_order.number) < page.index(due.work_order.number)
    assert "已逾期" in page

    page = client.get(reverse("followups:worklist"), {"when": "overdue"}).content.decode()
    assert overdue.work_order.number in page and due.work_order.number not in page
    page = client.get(reverse("followups:worklist"), {"when": "upcoming"}).content.decode()
    assert upcoming.work_order.number in page and due.work_order.number not in page
    page = client.get(reverse("followups:worklist"), {"kind": "periodic_visit"}).content.decode()
    assert due.work_order.number not in page


def test_an_agent_of_another_branch_sees_none_of_branch_as_tasks(
    client, completed, agent_a, agent_b
):
    task = _task(completed, agent_a)
    client.force_login(agent_b)
    page = client.get(reverse("followups:worklist")).content.decode()
    assert task.work_order.number not in page and task.customer.name not in page
    assert client.get(reverse("followups:detail", args=[task.pk])).status_code == 404
    response = client.post(
        reverse("followups:record_call", args=[task.pk]),
        {"call-reached": "yes", "call-customer_said": "好", "call-satisfied": "yes"},
    )
    assert response.status_code == 404
    assert not CallRecord.objects.exists()


def test_a_technician_has_no_worklist(client, technician_a):
    client.force_login(technician_a.user)
    assert client.get(reverse("followups:worklist")).status_code == 403


def test_the_agent_records_the_call_and_raises_a_question(client, completed, agent_a):
    task = _task(completed, agent_a)
    client.force_login(agent_a)
    page = client.get(reverse("followups:detail", args=[task.pk])).content.decode()
    assert "记录本次回访" in page and "规范用语" in page and task.customer.name in page

    response = client.post(
        reverse("followups:record_call", args=[task.pk]),
        {
            "call-reached": "yes",
            "call-channel": "phone",
            "call-customer_said": "制冷正常，师傅很专业",
            "call-satisfied": "yes",
            "call-question": "明年保养是否收费？",
        },
    )

    assert response.status_code == 302
    task.refresh_from_db()
    assert task.status == "done"
    assert FollowUp.objects.filter(work_order=task.work_order, kind="second_call").exists()
    question = Question.objects.get()
    assert question.follow_up == task and question.call == CallRecord.objects.get()
    page = client.get(response["Location"]).content.decode()
    assert "回访已完成" in page


def test_a_call_form_left_empty_is_refused_with_its_fields_named(client, completed, agent_a):
    task = _task(completed, agent_a)
    client.force_login(agent_a)

    empty = client.post(reverse("followups:record_call", args=[task.pk]), {})
    unsaid = client.post(
        reverse("followups:record_call", args=[task.pk]),
        {"call-reached": "yes", "call-channel": "phone", "call-satisfied": "yes"},
    )

    assert empty.status_code == unsaid.status_code == 400
    assert "这个字段是必填项" in empty.content.decode()
    assert "请记录客户所说的内容" in unsaid.content.decode()
    assert not CallRecord.objects.exists()


def test_the_supervisor_answers_and_the_agent_tells_the_customer(
    client, customer_a, agent_a, supervisor_a
):
    question = services.question_raise(
        by=agent_a, now=timezone.now(), question="室外机噪音大正常吗？", customer=customer_a
    )
    client.force_login(agent_a)
    page = client.get(reverse("followups:question_detail", args=[question.pk])).content.decode()
    assert "等待主管答复" in page
    assert client.post(reverse("followups:question_answer", args=[question.pk])).status_code == 403

    client.force_login(supervisor_a)
    page = client.get(reverse("followups:questions")).content.decode()
    assert "室外机噪音大正常吗？" in page
    response = client.post(
        reverse("followups:question_answer", args=[question.pk]), {"answer": "属正常运行声音"}
    )
    assert response.status_code == 302

    client.force_login(agent_a)
    page = client.get(reverse("followups:questions"), {"state": "to_tell"}).content.decode()
    assert "室外机噪音大正常吗？" in page
    response = client.post(reverse("followups:question_told", args=[question.pk]))
    assert response.status_code == 302
    question.refresh_from_db()
    assert question.customer_told_by == agent_a and not question.told_late
    again = client.post(reverse("followups:question_told", args=[question.pk]))
    assert again.status_code == 400 and "已告知客户" in again.content.decode()


def test_the_phone_register_takes_a_call(client, customer_a, agent_a):
    client.force_login(agent_a)
    assert client.get(reverse("followups:phone_log_add")).status_code == 200
    response = client.post(
        reverse("followups:phone_log_add"),
        {
            "direction": "in",
            "phone": "13800138000",
            "subject": "投诉上门迟到",
            "result": "已转主管",
        },
    )
    assert response.status_code == 302
    log = PhoneLog.objects.get()
    assert log.customer == customer_a and log.handled_by == agent_a
    page = client.get(reverse("followups:phone_log")).content.decode()
    assert "电话登记表" in page and "投诉上门迟到" in page and customer_a.name in page

    bad = client.post(
        reverse("followups:phone_log_add"), {"direction": "in", "phone": "123", "subject": "x"}
    )
    assert bad.status_code == 400 and "不是有效的电话号码" in bad.content.decode()


def test_the_letter_register_takes_a_letter_and_its_reply(client, customer_a, agent_a):
    client.force_login(agent_a)
    form = client.get(reverse("followups:letter_add"), {"customer": customer_a.pk})
    assert form.status_code == 200 and "138 0013 8000" in form.content.decode()
    today = timezone.localdate()
    response = client.post(
        reverse("followups:letter_add"),
        {
            "direction": "in",
            "kind": "enquiry",
            "customer_phone": "138 0013 8000",
            "subject": "来函询问延保",
            "date": str(today),
            "reply_due": str(today + 3 * DAY),
        },
    )
    assert response.status_code == 302
    letter = Letter.objects.get()
    page = client.get(reverse("followups:letters"), {"awaiting": "on"}).content.decode()
    assert "信函登记表" in page and letter.number in page

    response = client.post(
        reverse("followups:letter_replied", args=[letter.pk]), {"replied_on": str(today)}
    )
    assert response.status_code == 302
    letter.refresh_from_db()
    assert letter.replied_on == today

    unknown = client.post(
        reverse("followups:letter_add"),
        {
            "direction": "out",
            "kind": "notice",
            "customer_phone": "139 9999 0000",
            "subject": "x",
            "date": str(today),
        },
    )
    assert unknown.status_code == 400 and Letter.objects.count() == 1


def test_the_work_order_panel_lists_its_follow_ups(client, completed, agent_a, technician_a):
    task = _task(completed, agent_a)
    client.force_login(agent_a)
    page = client.get(reverse("followups:order_panel", args=[task.work_order_id])).content.decode()
    assert "第一次跟踪回访" in page and reverse("followups:detail", args=[task.pk]) in page
    client.force_login(technician_a.user)  # reads it, without a link to the task
    page = client.get(reverse("followups:order_panel", args=[task.work_order_id])).content.decode()
    assert "第一次跟踪回访" in page and reverse("followups:detail", args=[task.pk]) not in page
