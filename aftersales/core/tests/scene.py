"""A small world for the permission tests: one user of every role in branch A, head office's
manager, and the same records in branch A and branch B, each named so that a page shows whose
records it lists (甲 for A, 乙 for B).

Records are made through the real services (`Flow`), so that they are what users make.
"""

import datetime as dt
from dataclasses import dataclass, field

from aftersales.accounts.models import Branch, Role, User
from aftersales.core.models import AuditEntry, IdempotencyRecord
from aftersales.customers.models import Contact, Customer, Outlet, ProductModel, Unit
from aftersales.dispatch.models import Technician
from aftersales.factories import (
    BranchFactory,
    CategoryFactory,
    CustomerFactory,
    FaultTypeFactory,
    OutletFactory,
    ProductModelFactory,
    TechnicianFactory,
    UnitFactory,
    UserFactory,
    png_bytes,
)
from aftersales.intake.models import ServiceCall
from aftersales.intake.services import call_register
from aftersales.warranty.models import MaintenanceContract, ThreeGuaranteeRule
from aftersales.workorders.models import Photo, Request, State, WorkOrder
from aftersales.workorders.tests.conftest import Flow


@dataclass
class Side:
    """The records of one branch."""

    label: str
    branch: Branch
    customer: Customer
    unit: Unit
    outlet: Outlet
    technician: Technician  # the one every job of the branch is dispatched to
    other_technician: Technician
    call: ServiceCall  # an open call
    waiting: WorkOrder  # registered, waiting for dispatch
    order: WorkOrder  # dispatched to `technician`, escalated
    request: Request  # the escalation of `order`, pending
    flow: Flow
    extra: dict = field(default_factory=dict)  # records of later apps (parts: warehouse, …)

    def marker(self, kind: str) -> str:
        """What a list page shows of this side's record of `kind`."""
        return {
            "customer": self.customer.name,
            "unit": self.unit.serial,
            "outlet": self.outlet.name,
            "technician": str(self.technician),
            "call": self.call.number,
            "order": self.order.number,
            "waiting": self.waiting.number,
            "own_job": self.order.number,
            "escalated": self.order.number,
            "contract": self.extra["contract"].number if "contract" in self.extra else "",
        }[kind]


@dataclass
class Scene:
    head_office: Branch
    users: dict[str, User]  # role → its user in branch A
    manager_hq: User
    model: ProductModel
    a: Side
    b: Side

    def side(self, where: str) -> Side:
        return {"a": self.a, "b": self.b}[where]


def _technician(username: str, branch: Branch, category, name: str) -> Technician:
    user = UserFactory(
        username=username, role=Role.TECHNICIAN, branch=branch, last_name="赵", first_name=name
    )
    return TechnicianFactory(user=user, certifications=[category])


def _side(
    *,
    label: str,
    code: str,
    branch: Branch,
    agent: User,
    dispatcher: User,
    supervisor: User,
    technician: Technician,
    other_technician: Technician,
    model: ProductModel,
    fault,
    now: dt.datetime,
) -> Side:
    customer = CustomerFactory(name=f"{label}方客户", branch=branch)
    outlet = OutletFactory(name=f"{label}网点", branch=branch)
    outlet.categories.set([model.category])
    unit = UnitFactory(customer=customer, model=model, serial=f"SER{code}0001", sold_by=outlet)
    flow = Flow(
        now=now,
        agent=agent,
        dispatcher=dispatcher,
        supervisor=supervisor,
        technician=technician,
        other_technician=other_technician,
        unit=unit,
        fault=fault,
        signature_png=png_bytes(),
    )
    call = call_register(
        by=agent,
        now=now,
        channel="hotline",
        phone=customer.phone,
        customer=customer,
        unit=unit,
        symptom="遥控器失灵",
    )
    waiting = flow.new_order()
    order = flow.reach(State.DISPATCHED)
    request = flow.do("request", order, reason="需要主任支援")
    order.refresh_from_db()
    return Side(
        label=label,
        branch=branch,
        customer=customer,
        unit=unit,
        outlet=outlet,
        technician=technician,
        other_technician=other_technician,
        call=call,
        waiting=waiting,
        order=order,
        request=request,
        flow=flow,
    )


def build_scene(now: dt.datetime) -> Scene:
    head_office = BranchFactory(code="HQ", name="总部服务部", is_head_office=True)
    branch_a = BranchFactory(code="BJ", name="北京服务中心")
    branch_b = BranchFactory(code="SH", name="上海服务中心")
    aircon = CategoryFactory(code="aircon", name="空调")
    model = ProductModelFactory(category=aircon, brand="格力", code="KFR-35GW")
    fault = FaultTypeFactory(category=aircon, code="E1", name="不制冷")

    users = {
        role: UserFactory(username=f"{role}_a", role=role, branch=branch_a)
        for role in Role.values
        if role != Role.TECHNICIAN
    }
    technician_a = _technician("technician_a", branch_a, aircon, "甲技师")
    users[Role.TECHNICIAN] = technician_a.user
    side_a = _side(
        label="甲",
        code="A",
        branch=branch_a,
        agent=users[Role.AGENT],
        dispatcher=users[Role.DISPATCHER],
        supervisor=users[Role.SUPERVISOR],
        technician=technician_a,
        other_technician=_technician("technician_a2", branch_a, aircon, "甲二技师"),
        model=model,
        fault=fault,
        now=now,
    )
    side_b = _side(
        label="乙",
        code="B",
        branch=branch_b,
        agent=UserFactory(username="agent_b", role=Role.AGENT, branch=branch_b),
        dispatcher=UserFactory(username="dispatcher_b", role=Role.DISPATCHER, branch=branch_b),
        supervisor=UserFactory(username="supervisor_b", role=Role.SUPERVISOR, branch=branch_b),
        technician=_technician("technician_b", branch_b, aircon, "乙技师"),
        other_technician=_technician("technician_b2", branch_b, aircon, "乙二技师"),
        model=model,
        fault=fault,
        now=now,
    )
    scene = Scene(
        head_office=head_office,
        users=users,
        manager_hq=UserFactory(username="manager_hq", role=Role.MANAGER, branch=head_office),
        model=model,
        a=side_a,
        b=side_b,
    )
    from aftersales.parts.tests.scene import add_parts

    add_parts(scene, now)
    from aftersales.warranty.tests.scene import add_contracts

    add_contracts(scene, now)
    from aftersales.claims.tests.scene_records import add_claims

    add_claims(scene, now)
    import importlib

    for app in ("deadlines", "notifications", "followups", "maintenance", "warranty", "calendars"):
        importlib.import_module(f"aftersales.{app}.tests.tables").add_records(scene, now)
    return scene


def footprint() -> dict[str, int]:
    """How many of each record there are: a refused request must leave all of them as they were.

    Every change a service makes is audited, so the audit count catches changes to existing rows.
    """
    return {
        model.__name__: model.objects.count()
        for model in (
            AuditEntry,
            IdempotencyRecord,
            Customer,
            Contact,
            Unit,
            ProductModel,
            Outlet,
            ServiceCall,
            WorkOrder,
            Request,
            Photo,
            MaintenanceContract,
            ThreeGuaranteeRule,
        )
    }
