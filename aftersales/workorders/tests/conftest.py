"""`flow` drives a work order through the real services to any state, and takes any action on it
with valid arguments, so that state-machine and permission tests only say what they check."""

import datetime as dt
from dataclasses import dataclass
from typing import Any

import pytest

from aftersales.accounts.models import User
from aftersales.core import audit
from aftersales.core.models import AuditEntry, Counter
from aftersales.customers.models import Customer, FaultType, Outlet, Unit
from aftersales.dispatch.models import Technician
from aftersales.intake.models import ServiceCall
from aftersales.intake.services import call_open_work_order, call_register
from aftersales.workorders import services
from aftersales.workorders.models import (
    GoodsMovement,
    GoodsReceipt,
    Photo,
    RepairCard,
    Request,
    Signature,
    State,
    WorkOrder,
)

S = State

# How each state is reached from a new order, with the real services.
PATHS: dict[str, tuple[str, ...]] = {
    S.REGISTERED: (),
    S.DISPATCHED: ("dispatch",),
    S.SCHEDULED: ("dispatch", "schedule"),
    S.ON_SITE: ("dispatch", "schedule", "arrive"),
    S.CARRIED_BACK: ("dispatch", "schedule", "arrive", "carry_back"),
    S.REPAIRED: ("dispatch", "schedule", "arrive", "carry_back", "record_repair"),
    S.CHECKED: ("dispatch", "schedule", "arrive", "carry_back", "record_repair", "check"),
    S.COMPLETED: ("dispatch", "schedule", "arrive", "complete"),
    S.CLOSED: ("dispatch", "schedule", "arrive", "complete", "close"),
    S.CANCELLED: ("dispatch", "cancel"),
}


@dataclass
class Flow:
    now: dt.datetime
    agent: User
    dispatcher: User
    supervisor: User
    technician: Technician
    other_technician: Technician
    unit: Unit
    fault: FaultType
    signature_png: bytes

    def new_order(self) -> WorkOrder:
        call = call_register(
            by=self.agent,
            now=self.now,
            channel="hotline",
            phone=self.unit.customer.phone,
            customer=self.unit.customer,
            unit=self.unit,
            fault_type=self.fault,
            symptom="空调不制冷",
            customer_request="尽快上门",
        )
        return call_open_work_order(call=call, by=self.agent, now=self.now)

    def reach(
        self,
        state: str,
        *,
        technician: Technician | None = None,
        outlet: Outlet | None = None,
    ) -> WorkOrder:
        """A new order brought to `state`, dispatched to `technician` (default technician_a)
        or to `outlet`."""
        order = self.new_order()
        for action in PATHS[state]:
            if action == "dispatch":
                if outlet is not None:
                    self.do(action, order, outlet=outlet)
                else:
                    self.do(action, order, technician=technician or self.technician)
            else:
                self.do(action, order)
            order.refresh_from_db()
        assert order.state == state
        return order

    def actor_for(self, action: str, order: WorkOrder) -> User:
        """Someone allowed to take the action on this order: the assigned technician for his own
        field work, otherwise a role holding the capability."""
        if action in {"dispatch", "reassign", "cancel"}:
            return self.dispatcher
        if action in {"check", "reject_check"}:
            return self.supervisor
        if action == "close":
            return self.agent
        if order.technician_id is not None:
            return order.technician.user
        return self.agent if action in {"schedule", "rebook"} else self.supervisor

    def do(self, action: str, order: WorkOrder, *, by: User | None = None, **args: Any) -> Any:
        by = by or self.actor_for(action, order)
        now = self.now
        common = {"order": order, "by": by}
        if action == "dispatch":
            if "outlet" in args:
                return services.work_order_dispatch(**common, now=now, outlet=args["outlet"])
            return services.work_order_dispatch(
                **common, now=now, technician=args.get("technician", self.technician)
            )
        if action == "reassign":
            target = args.get("technician") or (
                self.other_technician
                if order.technician_id != self.other_technician.pk
                else self.technician
            )
            return services.work_order_reassign(
                **common, now=now, technician=target, reason=args.get("reason", "客户要求换人")
            )
        if action == "schedule":
            return services.work_order_schedule(
                **common,
                now=now,
                start=now + dt.timedelta(hours=2),
                end=now + dt.timedelta(hours=4),
            )
        if action == "rebook":
            return services.work_order_rebook(
                **common,
                now=now,
                start=now + dt.timedelta(days=1),
                end=now + dt.timedelta(days=1, hours=2),
                reason=args.get("reason", "客户不在家，已致歉"),
                missed=args.get("missed", True),
            )
        if action == "hand_back":
            return services.work_order_hand_back(
                **common, customer_wishes=args.get("customer_wishes", "客户要求下周六上午")
            )
        if action == "arrive":
            return services.work_order_arrive(**common, now=now)
        if action == "complete":
            return services.work_order_complete(
                **common,
                now=now,
                service_report=args.get("service_report", "补充制冷剂，试机正常"),
                signer_name="张伟",
                signature_png=self.signature_png,
            )
        if action == "carry_back":
            return services.work_order_carry_back(
                **common,
                now=now,
                items=args.get("items", "室内机一台，遥控器一个"),
                condition="外壳有划痕",
            )
        if action == "record_repair":
            return services.work_order_record_repair(
                **common,
                now=now,
                work_done=args.get("work_done", "更换压缩机电容"),
                hours=args.get("hours", "2.5"),
                parts_replaced="压缩机电容",
            )
        if action == "check":
            return services.work_order_check(**common, now=now, passed=True, note="验讫合格")
        if action == "reject_check":
            return services.work_order_check(
                **common, now=now, passed=False, note=args.get("note", "仍有异响，返工")
            )
        if action == "return_unit":
            return services.work_order_return_unit(
                **common, now=now, signer_name="张伟", signature_png=self.signature_png
            )
        if action == "close":
            return services.work_order_close(**common, now=now, note="回访满意")
        if action == "cancel":
            return services.work_order_cancel(
                **common, now=now, reason=args.get("reason", "客户已自行解决")
            )
        if action == "request":
            return services.work_order_request(
                **common,
                now=now,
                kind=args.get("kind", Request.Kind.ESCALATION),
                reason=args.get("reason", "现场无法解决，需要主任支援"),
                until=args.get("until"),
            )
        if action == "add_photo":
            return services.work_order_add_photo(
                **common, kind=Photo.Kind.FAULT, data=self.signature_png
            )
        raise AssertionError(f"no service call written for action {action!r}")


def _row(model: type, **lookup: Any) -> dict[str, Any] | None:
    obj = model.objects.filter(**lookup).first()
    return audit.snapshot(obj) if obj is not None else None


def world(order: WorkOrder) -> dict[str, Any]:
    """Everything an action could have touched, read fresh from the database."""
    return {
        "order": _row(WorkOrder, pk=order.pk),
        "call": _row(ServiceCall, pk=order.call_id) if order.call_id else None,
        "repair_card": _row(RepairCard, order=order),
        "goods_receipt": _row(GoodsReceipt, order=order),
        "requests": list(Request.objects.filter(order=order).order_by("pk").values()),
        "audit_entries": AuditEntry.objects.count(),
        "signatures": Signature.objects.count(),
        "goods_movements": GoodsMovement.objects.count(),
        "goods_receipts": GoodsReceipt.objects.count(),
        "photos": Photo.objects.count(),
        "work_orders": WorkOrder.objects.count(),
        "calls": ServiceCall.objects.count(),
        "customers": Customer.objects.count(),
        "counters": dict(Counter.objects.values_list("key", "value")),
    }


@pytest.fixture
def flow(
    agent_a,
    dispatcher_a,
    supervisor_a,
    technician_a,
    technician_a2,
    unit_a,
    no_cooling,
    now,
    signature_png,
):
    return Flow(
        now=now,
        agent=agent_a,
        dispatcher=dispatcher_a,
        supervisor=supervisor_a,
        technician=technician_a,
        other_technician=technician_a2,
        unit=unit_a,
        fault=no_cooling,
        signature_png=signature_png,
    )


@pytest.fixture
def world_of():
    return world
