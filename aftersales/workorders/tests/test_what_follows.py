"""What a move of a job sets going elsewhere: an agreed appointment is confirmed to the customer by
text message, and a finished job gets its follow-up calls."""

from aftersales.followups.models import FollowUp
from aftersales.notifications.models import Message
from aftersales.workorders.models import State


def test_an_agreed_appointment_is_confirmed_to_the_customer_once_per_window(
    flow, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        order = flow.reach(State.SCHEDULED)
    texts = Message.objects.filter(channel="sms", object_id=str(order.pk))
    assert texts.count() == 1
    assert order.number in texts.get().body
    with django_capture_on_commit_callbacks(execute=True):
        flow.do("rebook", order)
    assert texts.count() == 2  # the new window is confirmed too


def test_a_finished_job_gets_its_follow_up_calls(flow):
    order = flow.reach(State.COMPLETED)
    planned = FollowUp.objects.filter(work_order=order)
    assert planned.exists()
    assert all(f.due_from >= order.completed_at for f in planned)


def test_a_workshop_job_returned_to_the_customer_gets_them_too(flow):
    order = flow.reach(State.CHECKED)
    flow.do("return_unit", order)
    assert FollowUp.objects.filter(work_order=order).exists()
