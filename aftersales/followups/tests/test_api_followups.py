"""The follow-up API: the worklist, recording a call, the registers and the questions."""

import datetime as dt

from django.utils import timezone

from aftersales.core.tests.test_api_client import ApiClient, error_fields
from aftersales.followups import services
from aftersales.followups.models import CallRecord, FollowUp, PhoneLog, Question

DAY = dt.timedelta(days=1)


def _due_task(completed, agent) -> FollowUp:
    order = completed()
    done = timezone.now() - 4 * DAY
    order.__class__.objects.filter(pk=order.pk).update(completed_at=done)
    order.refresh_from_db()
    (first,) = services.follow_ups_plan_for_order(order=order, by=agent, now=done)
    return first


def test_it_lists_the_tasks_due_and_records_a_call_once(completed, agent_a, agent_b):
    task = _due_task(completed, agent_a)
    api = ApiClient(agent_a)

    listed = api.get("/follow-ups").json()
    assert [item["id"] for item in listed["items"]] == [task.pk]
    assert listed["items"][0]["kind"] == "first_call"
    assert api.get("/follow-ups", when="upcoming").json()["count"] == 0

    body = {"reached": True, "customer_said": "使用正常", "satisfied": "yes"}
    first = api.post(f"/follow-ups/{task.pk}/calls", body, key="call-1")
    again = api.post(f"/follow-ups/{task.pk}/calls", body, key="call-1")

    assert first.status_code == again.status_code == 201
    assert first.content == again.content
    assert first.json()["follow_up_status"] == "done"
    assert CallRecord.objects.count() == 1
    assert api.post(f"/follow-ups/{task.pk}/calls", body).status_code == 409
    second = FollowUp.objects.get(kind="second_call")
    assert api.get(f"/follow-ups/{second.pk}").json()["status"] == "open"

    # Another branch's agent does not see it.
    other = ApiClient(agent_b)
    assert other.get("/follow-ups").json()["count"] == 0
    assert other.get(f"/follow-ups/{second.pk}").status_code == 404


def test_a_reached_call_without_what_was_said_names_the_field(completed, agent_a):
    task = _due_task(completed, agent_a)
    response = ApiClient(agent_a).post(f"/follow-ups/{task.pk}/calls", {"reached": True})
    assert response.status_code == 400
    assert error_fields(response) == ["customer_said"]
    assert not CallRecord.objects.exists()


def test_the_registers_take_calls_and_letters(customer_a, agent_a, technician_a):
    api = ApiClient(agent_a)
    log = api.post("/phone-log", {"direction": "in", "phone": "13800138000", "subject": "咨询"})
    assert log.status_code == 201 and log.json()["customer"] == customer_a.pk
    assert api.get("/phone-log").json()["count"] == 1

    letter = api.post(
        "/letters",
        {
            "direction": "in",
            "kind": "enquiry",
            "customer": customer_a.pk,
            "subject": "来函咨询",
            "reply_due": str(timezone.localdate() + 3 * DAY),
        },
    )
    assert letter.status_code == 201, letter.json()
    letter_id = letter.json()["id"]
    assert api.get("/letters", awaiting_reply=True).json()["count"] == 1
    replied = api.post(f"/letters/{letter_id}/replied", {})
    assert replied.status_code == 200 and replied.json()["replied_on"] == str(timezone.localdate())
    assert api.get("/letters", awaiting_reply=True).json()["count"] == 0

    refused = ApiClient(technician_a.user).post(
        "/phone-log", {"direction": "in", "phone": "13800138000", "subject": "x"}
    )
    assert refused.status_code == 403 and PhoneLog.objects.count() == 1


def test_questions_are_raised_answered_and_told(customer_a, agent_a, supervisor_a):
    agent = ApiClient(agent_a)
    raised = agent.post("/questions", {"customer": customer_a.pk, "question": "能否延保？"})
    assert raised.status_code == 201
    question = raised.json()
    assert question["assigned_to"] == supervisor_a.pk
    assert agent.get("/questions").json()["count"] == 1

    path = f"/questions/{question['id']}"
    assert agent.post(f"{path}/answer", {"answer": "可以"}).status_code == 403
    answered = ApiClient(supervisor_a).post(f"{path}/answer", {"answer": "可购买延保"})
    assert answered.status_code == 200 and answered.json()["answer"] == "可购买延保"
    told = agent.post(f"{path}/customer-told")
    assert told.status_code == 200 and told.json()["told_late"] is False
    assert agent.post(f"{path}/customer-told").status_code == 409
    assert Question.objects.get().customer_told_by == agent_a
