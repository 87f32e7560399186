import datetime as dt

from aftersales.intake.services import call_open_work_order, call_register
from aftersales.workorders import services
from aftersales.workorders.models import State


def test_it_carries_a_call_to_a_signed_completion(
    agent_a, dispatcher_a, technician_a, unit_a, no_cooling, now, signature_png
):
    call = call_register(
        by=agent_a,
        now=now,
        channel="hotline",
        phone="13800138000",
        symptom="不制冷",
        unit=unit_a,
        fault_type=no_cooling,
    )
    order = call_open_work_order(call=call, by=agent_a, now=now)
    order = services.work_order_dispatch(
        order=order, by=dispatcher_a, now=now, technician=technician_a
    )
    order = services.work_order_schedule(
        order=order,
        by=technician_a.user,
        now=now,
        start=now + dt.timedelta(hours=1),
        end=now + dt.timedelta(hours=3),
    )
    order = services.work_order_arrive(order=order, by=technician_a.user, now=now)
    order = services.work_order_complete(
        order=order,
        by=technician_a.user,
        now=now,
        service_report="加氟",
        signer_name="张伟",
        signature_png=signature_png,
    )
    assert order.state == State.COMPLETED
    assert order.signatures.count() == 1
