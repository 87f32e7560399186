"""Who may do what, and which branch's records he sees: the one source of these rules.

Pages and API endpoints both ask `require(user, capability)` and read through the scoping
functions, so a rule holds on the server whatever the menus show. A record of another branch is
answered as not found, so its existence is not revealed.
"""

from django.db.models import Model, QuerySet
from django.utils.translation import gettext as _

from aftersales.core.exceptions import Forbidden, NotFound

from .models import Role, User


class Cap:
    VIEW = "view"  # read customers, units, calls and work orders in scope
    EDIT_CUSTOMERS = "edit_customers"  # customer files and their units
    EDIT_CATALOG = "edit_catalog"  # product models, categories, fault types, outlets
    EDIT_STAFF = "edit_staff"  # technicians and their certifications
    TAKE_CALLS = "take_calls"
    DISPATCH = "dispatch"  # dispatch, reassign, re-dispatch handed-back jobs
    SCHEDULE = "schedule"  # agree and re-book appointments
    FIELD_WORK = "field_work"  # arrive, complete, carry back, repair card, hand back, requests
    CHECK = "check"  # supervisor check of a workshop repair; decide requests
    CLOSE = "close"
    CANCEL = "cancel"
    OVERRIDE_CATEGORY = "override_category"  # change a work order's A/B/C/D, with a reason
    EDIT_CONTRACTS = "edit_contracts"  # maintenance contracts: create, renew, cancel
    MANAGE_STOCK = "manage_stock"  # receipts, transfers, scrap, charges, parts catalogue, reorder
    ISSUE_PARTS = "issue_parts"  # issue parts to a work order, take back the old part
    APPROVE_PURCHASE = "approve_purchase"  # approve a parts purchase once three quotes are in
    VIEW_PARTS_COST = "view_parts_cost"  # the monthly parts-cost report and its export
    MANAGE_TOOLS = "manage_tools"  # tool register, assignment, lending and return
    MANAGE_LOANERS = "manage_loaners"  # loaner units lent to customers during a repair
    EDIT_PRICES = "edit_prices"  # the price list of labour, parts and travel
    QUOTE = "quote"  # quote paid work and take the customer's signed consent
    COLLECT_PAYMENT = "collect_payment"  # invoice a paid job, take payment, ask for a discount
    FINANCE = "finance"  # receive technicians' cash, void invoices
    APPROVE_DISCOUNTS = "approve_discounts"  # decide discounts within the role's limit
    REQUEST_RETURNS = "request_returns"  # file return/exchange requests, record their resolutions
    APPROVE_RETURNS = "approve_returns"  # decide return/exchange requests: the general manager
    MANAGE_CLAIMS = "manage_claims"  # manufacturer's rates; warranty claims to the manufacturer
    CLAIM_ORDERS = "claim_orders"  # warranty-claim part orders: request, deposit, follow to fitting
    APPROVE_CLAIM_ORDERS = "approve_claim_orders"  # the workshop manager's signature (车间经理)
    CONFIRM_CLAIM_ORDERS = "confirm_claim_orders"  # the director's, above the threshold (售后总监)
    SETTLE_OUTLETS = "settle_outlets"  # outlet rates and monthly settlement statements
    # Fit a claim part order's part: issue it to the job from the branch warehouse and refund the
    # deposit (those who follow claim part orders and issue parts: not the advisor, not the van).
    FIT_CLAIM_PARTS = "fit_claim_parts"
    # Time rules (SPEC §6, §7, §9).
    HOLD_JOBS = "hold_jobs"  # put a job on hold (waiting for the customer or parts) and resume it
    FOLLOW_UP = "follow_up"  # follow-up calls and visits, the phone and letter registers
    ANSWER_QUESTIONS = "answer_questions"  # answer the questions follow-up calls could not
    PLAN_MAINTENANCE = "plan_maintenance"  # maintenance schedules, checklists, duty rosters


_STAFF_VIEW = {Cap.VIEW}
_INTAKE = {Cap.VIEW, Cap.EDIT_CUSTOMERS, Cap.TAKE_CALLS, Cap.SCHEDULE, Cap.CLOSE}

CAPABILITIES: dict[str, set[str]] = {
    Role.AGENT: _INTAKE,
    Role.DISPATCHER: _INTAKE | {Cap.DISPATCH, Cap.CANCEL},
    Role.TECHNICIAN: {Cap.VIEW, Cap.SCHEDULE, Cap.FIELD_WORK},
    Role.SUPERVISOR: _INTAKE
    | {Cap.DISPATCH, Cap.CANCEL, Cap.FIELD_WORK, Cap.CHECK, Cap.EDIT_STAFF}
    | {Cap.OVERRIDE_CATEGORY, Cap.EDIT_CONTRACTS},
    Role.MANAGER: _INTAKE
    | {Cap.DISPATCH, Cap.CANCEL, Cap.FIELD_WORK, Cap.CHECK, Cap.EDIT_STAFF, Cap.EDIT_CATALOG}
    | {Cap.OVERRIDE_CATEGORY, Cap.EDIT_CONTRACTS},
    Role.QUALITY: _STAFF_VIEW | {Cap.EDIT_CATALOG},
    Role.MANUFACTURING: _STAFF_VIEW,
    Role.RND: _STAFF_VIEW,
    Role.WAREHOUSE: _STAFF_VIEW,
    Role.FINANCE: _STAFF_VIEW,
    Role.GM_OFFICE: _STAFF_VIEW,
    Role.GM: _STAFF_VIEW | {Cap.CHECK},
}


# Tools are kept by the warehouse and the service heads (002 第16–18条); loaner units are lent by
# whoever arranges the repair with the customer (002 第15条).
for _role in (Role.WAREHOUSE, Role.SUPERVISOR, Role.MANAGER):
    CAPABILITIES[_role] = CAPABILITIES[_role] | {Cap.MANAGE_TOOLS}
for _role in (Role.SUPERVISOR, Role.MANAGER, Role.WAREHOUSE, Role.DISPATCHER):
    CAPABILITIES[_role] = CAPABILITIES[_role] | {Cap.MANAGE_LOANERS}
# Charges (SPEC §5): prices by finance and the manager; the technician quotes and collects on his
# own jobs; cash goes to finance the same day (002 第21条); discounts by approval authority (004 篇8).
for _role, _caps in {
    Role.FINANCE: {Cap.EDIT_PRICES, Cap.COLLECT_PAYMENT, Cap.FINANCE},
    Role.MANAGER: {Cap.EDIT_PRICES, Cap.QUOTE, Cap.APPROVE_DISCOUNTS},
    Role.SUPERVISOR: {Cap.QUOTE, Cap.APPROVE_DISCOUNTS},
    Role.TECHNICIAN: {Cap.QUOTE, Cap.COLLECT_PAYMENT},
    Role.AGENT: {Cap.COLLECT_PAYMENT},
    Role.GM: {Cap.APPROVE_DISCOUNTS},
}.items():
    CAPABILITIES[_role] = CAPABILITIES[_role] | _caps


# Spare parts (002 第3章): the warehouse and the manager keep the stock; parts are issued against
# a work order by the warehouse, the supervisor, the manager, and a technician from his own van.
for _role, _caps in {
    Role.WAREHOUSE: {Cap.MANAGE_STOCK, Cap.ISSUE_PARTS},
    Role.MANAGER: {Cap.MANAGE_STOCK, Cap.ISSUE_PARTS},
    Role.SUPERVISOR: {Cap.ISSUE_PARTS},
    Role.TECHNICIAN: {Cap.ISSUE_PARTS},
}.items():
    CAPABILITIES[_role] = CAPABILITIES[_role] | _caps
for _role, _caps in {
    Role.MANAGER: {Cap.APPROVE_PURCHASE},
    Role.GM: {Cap.APPROVE_PURCHASE},
}.items():
    CAPABILITIES[_role] = CAPABILITIES[_role] | _caps
# The parts cost goes to finance every month (001 篇2 十六); the warehouse and management read it.
for _role, _caps in {
    Role.FINANCE: {Cap.VIEW_PARTS_COST},
    Role.WAREHOUSE: {Cap.VIEW_PARTS_COST},
    Role.MANAGER: {Cap.VIEW_PARTS_COST},
    Role.GM_OFFICE: {Cap.VIEW_PARTS_COST},
    Role.GM: {Cap.VIEW_PARTS_COST},
}.items():
    CAPABILITIES[_role] = CAPABILITIES[_role] | _caps
# Partner outlets (售后服务网点, 002 §3.4) are paid monthly for the jobs sent to them: finance
# draws up and confirms the statement, the service manager keeps the rates with it.
for _role, _caps in {
    Role.FINANCE: {Cap.SETTLE_OUTLETS},
    Role.MANAGER: {Cap.SETTLE_OUTLETS},
}.items():
    CAPABILITIES[_role] = CAPABILITIES[_role] | _caps

# Warranty claims (三包索赔) are money owed by the manufacturer: the service manager and finance
# keep its rates and follow each claim to payment. A claim part order (索赔订货) is arranged with
# the customer by the service advisor, who takes the deposit, and followed by the warehouse; the
# workshop manager signs it, and the after-sales director too above the threshold (004 篇8).
for _role, _caps in {
    Role.MANAGER: {Cap.MANAGE_CLAIMS, Cap.CLAIM_ORDERS, Cap.APPROVE_CLAIM_ORDERS}
    | {Cap.CONFIRM_CLAIM_ORDERS},
    Role.FINANCE: {Cap.MANAGE_CLAIMS},
    Role.SUPERVISOR: {Cap.CLAIM_ORDERS, Cap.APPROVE_CLAIM_ORDERS},
    Role.AGENT: {Cap.CLAIM_ORDERS},
    Role.WAREHOUSE: {Cap.CLAIM_ORDERS},
}.items():
    CAPABILITIES[_role] = CAPABILITIES[_role] | _caps

# A claim part order's part is issued only against the work order (见单发料, 002 第3章), from
# the branch warehouse it was received into; whoever fits it refunds the deposit (004 篇8).
for _role, _caps in {
    Role.MANAGER: {Cap.FIT_CLAIM_PARTS},
    Role.SUPERVISOR: {Cap.FIT_CLAIM_PARTS},
    Role.WAREHOUSE: {Cap.FIT_CLAIM_PARTS},
}.items():
    CAPABILITIES[_role] = CAPABILITIES[_role] | _caps

# Returns and exchanges need the general manager's approval, or the customer bears the costs
# (001 篇2 十五); the service desk files them and records what was done (004 (十三)).
for _role, _caps in {
    Role.AGENT: {Cap.REQUEST_RETURNS},
    Role.DISPATCHER: {Cap.REQUEST_RETURNS},
    Role.SUPERVISOR: {Cap.REQUEST_RETURNS},
    Role.MANAGER: {Cap.REQUEST_RETURNS},
    Role.GM: {Cap.APPROVE_RETURNS},
}.items():
    CAPABILITIES[_role] = CAPABILITIES[_role] | _caps


def can(user: User, capability: str) -> bool:
    if not user.is_authenticated or not user.is_active:
        return False
    if user.is_superuser:
        return True
    return capability in CAPABILITIES.get(user.role, set())


def require(user: User, capability: str) -> None:
    if not can(user, capability):
        raise Forbidden()


def scope_by_branch(qs: QuerySet, user: User, field: str = "branch") -> QuerySet:
    if not can(user, Cap.VIEW):
        return qs.none()
    if user.sees_all_branches:
        return qs
    return qs.filter(**{field: user.branch_id})


def get_in_scope(qs: QuerySet, **lookup) -> Model:
    """Fetch one record from an already scoped queryset; outside it, the record does not exist."""
    obj = qs.filter(**lookup).first()
    if obj is None:
        raise NotFound(_("No such record."))
    return obj


# Time rules. Holds stop a job's clocks: those who talk to the customer and plan the work may put a
# job on hold. Follow-up calls are the call centre's and the service heads' (000 篇3); a question
# they cannot answer goes to the supervisor (000 篇3 4). Maintenance schedules and duty rosters are
# planned by the service heads (000 篇9); technicians record the visits with their field work.
for _role, _caps in {
    Role.AGENT: {Cap.HOLD_JOBS, Cap.FOLLOW_UP},
    Role.DISPATCHER: {Cap.HOLD_JOBS},
    Role.SUPERVISOR: {Cap.HOLD_JOBS, Cap.FOLLOW_UP, Cap.ANSWER_QUESTIONS, Cap.PLAN_MAINTENANCE},
    Role.MANAGER: {Cap.HOLD_JOBS, Cap.FOLLOW_UP, Cap.ANSWER_QUESTIONS, Cap.PLAN_MAINTENANCE},
    Role.QUALITY: {Cap.FOLLOW_UP},
}.items():
    CAPABILITIES[_role] = CAPABILITIES[_role] | _caps
