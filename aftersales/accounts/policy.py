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


_STAFF_VIEW = {Cap.VIEW}
_INTAKE = {Cap.VIEW, Cap.EDIT_CUSTOMERS, Cap.TAKE_CALLS, Cap.SCHEDULE, Cap.CLOSE}

CAPABILITIES: dict[str, set[str]] = {
    Role.AGENT: _INTAKE,
    Role.DISPATCHER: _INTAKE | {Cap.DISPATCH, Cap.CANCEL},
    Role.TECHNICIAN: {Cap.VIEW, Cap.SCHEDULE, Cap.FIELD_WORK},
    Role.SUPERVISOR: _INTAKE
    | {Cap.DISPATCH, Cap.CANCEL, Cap.FIELD_WORK, Cap.CHECK, Cap.EDIT_STAFF},
    Role.MANAGER: _INTAKE
    | {Cap.DISPATCH, Cap.CANCEL, Cap.FIELD_WORK, Cap.CHECK, Cap.EDIT_STAFF, Cap.EDIT_CATALOG},
    Role.QUALITY: _STAFF_VIEW | {Cap.EDIT_CATALOG},
    Role.MANUFACTURING: _STAFF_VIEW,
    Role.RND: _STAFF_VIEW,
    Role.WAREHOUSE: _STAFF_VIEW,
    Role.FINANCE: _STAFF_VIEW,
    Role.GM_OFFICE: _STAFF_VIEW,
    Role.GM: _STAFF_VIEW | {Cap.CHECK},
}


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
