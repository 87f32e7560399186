"""Who may call which service, and which branch's records he sees (accounts.policy).

Each role is tried against each capability-guarded service; the expectations written out by hand
further down keep this from passing by merely mirroring the capability table.
"""

import datetime as dt
import importlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from django.utils import timezone

from aftersales.accounts.models import Role, User
from aftersales.accounts.policy import CAPABILITIES, Cap, get_in_scope
from aftersales.core.exceptions import DomainError, Forbidden, NotFound
from aftersales.core.models import AuditEntry
from aftersales.customers import services as customer_services
from aftersales.customers.models import Customer, ProductCategory, ProductModel
from aftersales.customers.selectors import visible_customers, visible_units
from aftersales.dispatch import services as dispatch_services
from aftersales.dispatch.models import Technician
from aftersales.factories import OutletFactory, TechnicianFactory, UserFactory
from aftersales.intake import services as intake_services
from aftersales.intake.models import ServiceCall
from aftersales.intake.selectors import visible_calls
from aftersales.parts.tests import permission_setups as parts_setups
from aftersales.workorders import services
from aftersales.workorders.models import State, WorkOrder
from aftersales.workorders.selectors import visible_work_orders

S = State


@dataclass
class Ctx:
    flow: Any
    branch_a: Any
    aircon: ProductCategory
    heater: ProductCategory
    aircon_model: ProductModel
    customer_a: Customer
    technician_a: Technician

    @property
    def now(self) -> dt.datetime:
        return self.flow.now

    def own_technician(self, user: User) -> Technician | None:
        """The role user's own technician record, so the own-jobs rule does not hide the
        capability under test."""
        return Technician.objects.filter(user=user).first()

    def order(self, state: str, user: User) -> WorkOrder:
        return self.flow.reach(state, technician=self.own_technician(user))


def _order_action(action: str, state: str) -> Callable[[Ctx, User], Callable[[], Any]]:
    def setup(ctx: Ctx, user: User) -> Callable[[], Any]:
        order = ctx.order(state, user)
        return lambda: ctx.flow.do(action, order, by=user)

    return setup


def _call_register(ctx: Ctx, user: User) -> Callable[[], Any]:
    return lambda: intake_services.call_register(
        by=user,
        now=ctx.now,
        channel="hotline",
        phone="13800138000",
        customer=ctx.customer_a,
        symptom="不制冷",
    )


def _call_solve(ctx: Ctx, user: User) -> Callable[[], Any]:
    call = _call_register(ctx, ctx.flow.agent)()
    return lambda: intake_services.call_solve_by_phone(
        call=call, by=user, now=ctx.now, guidance="已指导客户清洗滤网"
    )


def _call_open_work_order(ctx: Ctx, user: User) -> Callable[[], Any]:
    call = _call_register(ctx, ctx.flow.agent)()
    return lambda: intake_services.call_open_work_order(call=call, by=user, now=ctx.now)


def _work_order_create(ctx: Ctx, user: User) -> Callable[[], Any]:
    return lambda: services.work_order_create(
        by=user, customer=ctx.customer_a, symptom="漏水", now=ctx.now
    )


def _customer_create(ctx: Ctx, user: User) -> Callable[[], Any]:
    return lambda: customer_services.customer_create(
        by=user, name="王芳", phone="13700137000", address="北京市朝阳区", branch=ctx.branch_a
    )


def _customer_update(ctx: Ctx, user: User) -> Callable[[], Any]:
    return lambda: customer_services.customer_update(
        by=user, customer=ctx.customer_a, name="张伟伟"
    )


def _contact_add(ctx: Ctx, user: User) -> Callable[[], Any]:
    return lambda: customer_services.contact_add(
        by=user, customer=ctx.customer_a, name="张秘书", phone="13600136000"
    )


def _unit_register(ctx: Ctx, user: User) -> Callable[[], Any]:
    return lambda: customer_services.unit_register(
        by=user,
        customer=ctx.customer_a,
        model=ctx.aircon_model,
        serial="NEW-0001",
        purchase_date=dt.date(2025, 5, 1),
        today=timezone.localdate(ctx.now),
    )


def _product_model_create(ctx: Ctx, user: User) -> Callable[[], Any]:
    return lambda: customer_services.product_model_create(
        by=user, brand="美的", code="KFR-26GW", name="挂机", category=ctx.aircon, warranty_months=12
    )


def _outlet_create(ctx: Ctx, user: User) -> Callable[[], Any]:
    return lambda: customer_services.outlet_create(
        by=user, name="海淀网点", place="海淀", branch=ctx.branch_a, categories=[ctx.aircon]
    )


def _fault_type_create(ctx: Ctx, user: User) -> Callable[[], Any]:
    return lambda: customer_services.fault_type_create(
        by=user, category=ctx.aircon, code="E9", name="通信故障"
    )


def _technician_create(ctx: Ctx, user: User) -> Callable[[], Any]:
    recruit = UserFactory(username="recruit", role=Role.TECHNICIAN, branch=ctx.branch_a)
    return lambda: dispatch_services.technician_create(
        by=user, user=recruit, phone="13500135000", certifications=[ctx.aircon]
    )


def _technician_certify(ctx: Ctx, user: User) -> Callable[[], Any]:
    return lambda: dispatch_services.technician_certify(
        by=user, technician=ctx.technician_a, categories=[ctx.aircon, ctx.heater]
    )


def _decide_request(ctx: Ctx, user: User) -> Callable[[], Any]:
    order = ctx.order(S.ON_SITE, user)
    request = ctx.flow.do("request", order)
    return lambda: services.work_order_decide_request(
        request=request, by=user, approve=True, now=ctx.now
    )


GUARDED: dict[str, tuple[str, Callable[[Ctx, User], Callable[[], Any]]]] = {
    "call_register": (Cap.TAKE_CALLS, _call_register),
    "call_solve_by_phone": (Cap.TAKE_CALLS, _call_solve),
    "call_open_work_order": (Cap.TAKE_CALLS, _call_open_work_order),
    "work_order_create": (Cap.TAKE_CALLS, _work_order_create),
    "customer_create": (Cap.EDIT_CUSTOMERS, _customer_create),
    "customer_update": (Cap.EDIT_CUSTOMERS, _customer_update),
    "contact_add": (Cap.EDIT_CUSTOMERS, _contact_add),
    "unit_register": (Cap.EDIT_CUSTOMERS, _unit_register),
    "product_model_create": (Cap.EDIT_CATALOG, _product_model_create),
    "outlet_create": (Cap.EDIT_CATALOG, _outlet_create),
    "fault_type_create": (Cap.EDIT_CATALOG, _fault_type_create),
    "technician_create": (Cap.EDIT_STAFF, _technician_create),
    "technician_certify": (Cap.EDIT_STAFF, _technician_certify),
    "work_order_dispatch": (Cap.DISPATCH, _order_action("dispatch", S.REGISTERED)),
    "work_order_reassign": (Cap.DISPATCH, _order_action("reassign", S.SCHEDULED)),
    "work_order_schedule": (Cap.SCHEDULE, _order_action("schedule", S.DISPATCHED)),
    "work_order_rebook": (Cap.SCHEDULE, _order_action("rebook", S.SCHEDULED)),
    "work_order_hand_back": (Cap.FIELD_WORK, _order_action("hand_back", S.DISPATCHED)),
    "work_order_arrive": (Cap.FIELD_WORK, _order_action("arrive", S.SCHEDULED)),
    "work_order_complete": (Cap.FIELD_WORK, _order_action("complete", S.ON_SITE)),
    "work_order_carry_back": (Cap.FIELD_WORK, _order_action("carry_back", S.ON_SITE)),
    "work_order_record_repair": (Cap.FIELD_WORK, _order_action("record_repair", S.CARRIED_BACK)),
    "work_order_check": (Cap.CHECK, _order_action("check", S.REPAIRED)),
    "work_order_reject_check": (Cap.CHECK, _order_action("reject_check", S.REPAIRED)),
    "work_order_return_unit": (Cap.FIELD_WORK, _order_action("return_unit", S.CHECKED)),
    "work_order_request": (Cap.FIELD_WORK, _order_action("request", S.ON_SITE)),
    "work_order_add_photo": (Cap.FIELD_WORK, _order_action("add_photo", S.ON_SITE)),
    "work_order_decide_request": (Cap.CHECK, _decide_request),
    "work_order_close": (Cap.CLOSE, _order_action("close", S.COMPLETED)),
    "work_order_cancel": (Cap.CANCEL, _order_action("cancel", S.DISPATCHED)),
    "stock_receive": (Cap.MANAGE_STOCK, parts_setups.stock_receive),
    "stock_issue_to_order": (Cap.ISSUE_PARTS, parts_setups.stock_issue_to_order),
    "purchase_request_decide": (Cap.APPROVE_PURCHASE, parts_setups.purchase_request_decide),
}

# The charges (billing) services, set up in their own app.
from aftersales.billing.tests.guarded import GUARDED as BILLING_GUARDED  # noqa: E402

GUARDED.update(BILLING_GUARDED)

# The warranty services (category override, maintenance contracts), set up in their own app.
from aftersales.warranty.tests.guarded import GUARDED as WARRANTY_GUARDED  # noqa: E402

GUARDED.update(WARRANTY_GUARDED)

# The tool and loaner-unit services, set up in their own app.
from aftersales.tools.tests.guarded import GUARDED as TOOLS_GUARDED  # noqa: E402

GUARDED.update(TOOLS_GUARDED)

# The warranty-claim and claim-part-order services, set up in their own app.
from aftersales.claims.tests.guarded import GUARDED as CLAIMS_GUARDED  # noqa: E402

GUARDED.update(CLAIMS_GUARDED)

# The outlet settlement services, set up in their own app.
from aftersales.settlements.tests.guarded import GUARDED as SETTLEMENTS_GUARDED  # noqa: E402

GUARDED.update(SETTLEMENTS_GUARDED)

# The return and exchange services, set up in their own app.
from aftersales.returns.tests.guarded import GUARDED as RETURNS_GUARDED  # noqa: E402

GUARDED.update(RETURNS_GUARDED)

# The spare-parts services added since, set up in their own app; and the capabilities that only
# read (the monthly parts cost), checked by the page and API tables instead.
from aftersales.parts.tests.guarded import GUARDED as PARTS_GUARDED  # noqa: E402
from aftersales.parts.tests.guarded import READ_ONLY as PARTS_READ_ONLY  # noqa: E402

GUARDED.update(PARTS_GUARDED)
READ_ONLY = {Cap.VIEW} | PARTS_READ_ONLY

# The apps of the time rules (issue 4), each with its entries in <app>/tests/tables.py.
for _app in ("deadlines", "notifications", "followups", "maintenance", "warranty", "calendars"):
    _tables = importlib.import_module(f"aftersales.{_app}.tests.tables")
    GUARDED.update(_tables.GUARDED)


@pytest.fixture
def ctx(flow, branch_a, aircon, heater, aircon_model, customer_a, technician_a):
    return Ctx(
        flow=flow,
        branch_a=branch_a,
        aircon=aircon,
        heater=heater,
        aircon_model=aircon_model,
        customer_a=customer_a,
        technician_a=technician_a,
    )


def _role_user(role: str, branch, aircon) -> User:
    user = UserFactory(username=f"role_{role}", role=role, branch=branch)
    if role == Role.TECHNICIAN:
        TechnicianFactory(user=user, certifications=[aircon])
    return user


def test_it_guards_every_capability_that_a_role_holds():
    """Every capability of the table is exercised by at least one service below."""
    tried = {capability for capability, _setup in GUARDED.values()}
    held = set().union(*CAPABILITIES.values())
    assert held - READ_ONLY <= tried
    assert set(CAPABILITIES) == set(Role.values)


@pytest.mark.parametrize("role", Role.values)
@pytest.mark.parametrize("service", list(GUARDED))
def test_it_lets_each_role_call_only_the_services_of_its_capabilities(ctx, role, service):
    capability, setup = GUARDED[service]
    user = _role_user(role, ctx.branch_a, ctx.aircon)
    call = setup(ctx, user)
    entries = AuditEntry.objects.count()
    if capability in CAPABILITIES[role]:
        assert call() is not None
        assert AuditEntry.objects.count() > entries
    else:
        with pytest.raises(Forbidden) as error:
            call()
        assert error.value.status_code == 403
        assert AuditEntry.objects.count() == entries


# The same rules, written out by hand.


def test_it_does_not_let_an_agent_dispatch(flow, agent_a, world_of):
    order = flow.reach(S.REGISTERED)
    before = world_of(order)
    with pytest.raises(Forbidden):
        flow.do("dispatch", order, by=agent_a)
    assert world_of(order) == before


@pytest.mark.parametrize("state", [S.DISPATCHED, S.SCHEDULED, S.ON_SITE])
def test_it_does_not_let_a_technician_cancel_even_his_own_job(flow, world_of, state):
    order = flow.reach(state)
    before = world_of(order)
    with pytest.raises(Forbidden):
        flow.do("cancel", order, by=flow.technician.user)
    assert world_of(order) == before


def test_it_does_not_let_finance_register_calls(finance_a, customer_a, now):
    with pytest.raises(Forbidden):
        intake_services.call_register(
            by=finance_a,
            now=now,
            channel="hotline",
            phone="13800138000",
            customer=customer_a,
            symptom="不制冷",
        )
    assert not ServiceCall.objects.exists()


def test_it_does_not_let_finance_file_customers(finance_a, branch_a):
    with pytest.raises(Forbidden):
        customer_services.customer_create(
            by=finance_a, name="王芳", phone="13700137000", address="北京", branch=branch_a
        )
    assert not Customer.objects.filter(name="王芳").exists()


@pytest.mark.parametrize(
    ("action", "state"),
    [
        ("arrive", S.SCHEDULED),
        ("complete", S.ON_SITE),
        ("carry_back", S.ON_SITE),
        ("schedule", S.DISPATCHED),
        ("hand_back", S.DISPATCHED),
        ("add_photo", S.ON_SITE),
    ],
)
def test_it_lets_only_the_assigned_technician_do_the_field_work(
    flow, world_of, technician_a2, action, state
):
    order = flow.reach(state)
    assert order.technician == flow.technician
    before = world_of(order)
    with pytest.raises(Forbidden):
        flow.do(action, order, by=technician_a2.user)
    assert world_of(order) == before
    flow.do(action, order, by=flow.technician.user)
    assert AuditEntry.objects.for_object(order).first().actor == flow.technician.user


def test_it_lets_a_supervisor_do_the_field_work_of_an_outlet_job(
    flow, supervisor_a, branch_a, aircon, now
):
    outlet = OutletFactory(branch=branch_a)
    outlet.categories.set([aircon])
    order = flow.reach(S.DISPATCHED, outlet=outlet)
    assert (order.outlet, order.technician) == (outlet, None)
    # No technician owns an outlet job.
    with pytest.raises(Forbidden):
        flow.do("arrive", order, by=flow.technician.user)
    order = flow.do("arrive", order, by=supervisor_a)
    order = flow.do("complete", order, by=supervisor_a)
    assert order.state == S.COMPLETED
    assert order.signatures.get().collected_by == supervisor_a


def test_it_does_not_let_a_branch_dispatcher_send_another_branchs_technician(
    flow, dispatcher_a, technician_b, world_of
):
    order = flow.reach(S.REGISTERED)
    before = world_of(order)
    with pytest.raises(DomainError) as error:
        flow.do("dispatch", order, by=dispatcher_a, technician=technician_b)
    assert error.value.field == "technician"
    assert world_of(order) == before


def test_it_does_not_let_a_branch_dispatcher_send_another_branchs_outlet(
    flow, dispatcher_a, branch_b, aircon, world_of
):
    outlet = OutletFactory(branch=branch_b)
    outlet.categories.set([aircon])
    order = flow.reach(S.REGISTERED)
    before = world_of(order)
    with pytest.raises(DomainError) as error:
        flow.do("dispatch", order, by=dispatcher_a, outlet=outlet)
    assert error.value.field == "outlet"
    assert world_of(order) == before


def test_it_lets_head_office_send_a_technician_of_any_branch(flow, manager_hq, technician_b):
    order = flow.reach(S.REGISTERED)
    order = flow.do("dispatch", order, by=manager_hq, technician=technician_b)
    assert (order.state, order.technician) == (S.DISPATCHED, technician_b)
    # And technician_b now sees and works the job.
    assert order in visible_work_orders(technician_b.user)
    flow.do("arrive", order, by=technician_b.user)


def test_it_lets_the_general_manager_check_a_repair_but_not_do_field_work(flow):
    gm = UserFactory(username="gm", role=Role.GM, branch=None)
    order = flow.reach(S.REPAIRED)
    order = flow.do("check", order, by=gm)
    assert order.state == S.CHECKED
    with pytest.raises(Forbidden):
        flow.do("return_unit", order, by=gm)


def test_it_refuses_everything_to_an_inactive_user(flow, dispatcher_a, world_of):
    order = flow.reach(S.REGISTERED)
    dispatcher_a.is_active = False
    dispatcher_a.save()
    before = world_of(order)
    with pytest.raises(Forbidden):
        flow.do("dispatch", order, by=dispatcher_a)
    assert world_of(order) == before
    assert not visible_work_orders(dispatcher_a).exists()


def test_it_lets_a_superuser_do_field_work_on_any_job(flow):
    root = UserFactory(username="root", role=Role.TECHNICIAN, is_superuser=True)
    order = flow.reach(S.SCHEDULED)
    assert flow.do("arrive", order, by=root).state == S.ON_SITE


# Scoping: a branch sees its own records, head office all, a technician his own jobs.


@pytest.fixture
def records(flow, technician_a2, customer_b, unit_b, branch_b, now):
    agent_b = UserFactory(username="agent_b", role=Role.AGENT, branch=branch_b)
    mine = flow.reach(S.DISPATCHED)
    colleagues = flow.reach(S.DISPATCHED, technician=technician_a2)
    waiting = flow.reach(S.REGISTERED)
    call_b = intake_services.call_register(
        by=agent_b, now=now, channel="web", phone=customer_b.phone, unit=unit_b, symptom="噪音大"
    )
    other_branch = intake_services.call_open_work_order(call=call_b, by=agent_b, now=now)
    return {
        "mine": mine,
        "colleagues": colleagues,
        "waiting": waiting,
        "other_branch": other_branch,
    }


def test_it_hides_branch_a_from_branch_b(
    records, outsider_b, customer_a, customer_b, unit_a, unit_b
):
    order_b = records["other_branch"]
    assert list(visible_work_orders(outsider_b)) == [order_b]
    assert list(visible_customers(outsider_b)) == [customer_b]
    assert list(visible_calls(outsider_b)) == [order_b.call]
    assert list(visible_units(outsider_b)) == [unit_b]


def test_it_answers_another_branchs_record_as_not_found(records, outsider_b, customer_a, unit_a):
    order_a = records["mine"]
    with pytest.raises(NotFound):
        get_in_scope(visible_work_orders(outsider_b), pk=order_a.pk)
    with pytest.raises(NotFound):
        get_in_scope(visible_customers(outsider_b), pk=customer_a.pk)
    with pytest.raises(NotFound):
        get_in_scope(visible_calls(outsider_b), pk=order_a.call_id)
    with pytest.raises(NotFound):
        get_in_scope(visible_units(outsider_b), pk=unit_a.pk)
    own = records["other_branch"]
    assert get_in_scope(visible_work_orders(outsider_b), pk=own.pk) == own


def test_it_shows_a_branch_all_of_its_own_records(records, dispatcher_a, finance_a):
    branch_a_orders = {records["mine"], records["colleagues"], records["waiting"]}
    assert set(visible_work_orders(dispatcher_a)) == branch_a_orders
    assert set(visible_work_orders(finance_a)) == branch_a_orders
    assert set(visible_calls(dispatcher_a)) == {o.call for o in branch_a_orders}


def test_it_shows_head_office_every_branch(
    records, manager_hq, customer_a, customer_b, unit_a, unit_b
):
    assert set(visible_work_orders(manager_hq)) == set(records.values())
    assert set(visible_customers(manager_hq)) == {customer_a, customer_b}
    assert set(visible_units(manager_hq)) == {unit_a, unit_b}
    assert set(visible_calls(manager_hq)) == {o.call for o in records.values()}


def test_it_shows_a_technician_only_the_jobs_sent_to_him(records, technician_a, technician_a2):
    assert list(visible_work_orders(technician_a.user)) == [records["mine"]]
    assert list(visible_work_orders(technician_a2.user)) == [records["colleagues"]]
    with pytest.raises(NotFound):
        get_in_scope(visible_work_orders(technician_a.user), pk=records["colleagues"].pk)


def test_it_takes_a_handed_back_job_out_of_the_technicians_view(records, flow, technician_a):
    flow.do("hand_back", records["mine"])
    assert not visible_work_orders(technician_a.user).exists()


def test_it_shows_nothing_of_the_register_to_an_unknown_role(records, branch_a):
    stranger = UserFactory(username="stranger", role="customer", branch=branch_a)
    assert not visible_work_orders(stranger).exists()
    assert not visible_customers(stranger).exists()
    assert not visible_units(stranger).exists()
    assert not visible_calls(stranger).exists()


def test_it_offers_the_menu_of_the_role(flow, dispatcher_a, technician_a2):
    """The actions offered on a dispatched job differ by who looks at it."""
    from aftersales.workorders.states import allowed_actions

    order = flow.reach(S.DISPATCHED)
    names = lambda user: {a.name for a in allowed_actions(order, user)}  # noqa: E731
    assert names(dispatcher_a) == {"reassign", "schedule", "cancel"}
    assert names(flow.technician.user) == {
        "schedule",
        "hand_back",
        "arrive",
        "request",
        "add_photo",
    }
    assert names(technician_a2.user) == set()
