"""The work-order flow as an explicit state machine (004 篇2 (八)–(十八), SPEC §4).

Each action names the states it may start from, the state it leads to, the capability it needs,
and whether a technician may take it only on his own jobs. Nothing else moves a work order.
"""

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from aftersales.accounts.models import User
from aftersales.accounts.policy import Cap, can
from aftersales.core.exceptions import DomainError, Forbidden

from .models import State, WorkOrder

S = State


@dataclass(frozen=True)
class Action:
    name: str
    label: Promise
    sources: tuple[str, ...]
    target: str | None  # None: the state does not change (re-booking, requests)
    capability: str
    own_jobs_only_for_technicians: bool = True


ACTIONS: dict[str, Action] = {
    a.name: a
    for a in [
        Action("dispatch", gettext_lazy("Dispatch"), (S.REGISTERED,), S.DISPATCHED, Cap.DISPATCH),
        # Transfer goes through the dispatcher: technicians never swap jobs themselves (000 篇8 第32条).
        Action(
            "reassign",
            gettext_lazy("Transfer"),
            (S.DISPATCHED, S.SCHEDULED),
            S.DISPATCHED,
            Cap.DISPATCH,
        ),
        Action(
            "schedule",
            gettext_lazy("Agree appointment"),
            (S.DISPATCHED,),
            S.SCHEDULED,
            Cap.SCHEDULE,
        ),
        # A missed appointment is apologised for and re-booked (000 篇5 第十八条2).
        Action("rebook", gettext_lazy("Re-book appointment"), (S.SCHEDULED,), None, Cap.SCHEDULE),
        # A postponed job goes back to the dispatcher with the customer's wishes (第29条).
        Action(
            "hand_back",
            gettext_lazy("Hand back to dispatcher"),
            (S.DISPATCHED, S.SCHEDULED),
            S.REGISTERED,
            Cap.FIELD_WORK,
        ),
        Action(
            "arrive",
            gettext_lazy("Arrived on site"),
            (S.DISPATCHED, S.SCHEDULED),
            S.ON_SITE,
            Cap.FIELD_WORK,
        ),
        Action(
            "complete",
            gettext_lazy("Complete with signature"),
            (S.ON_SITE,),
            S.COMPLETED,
            Cap.FIELD_WORK,
        ),
        Action(
            "carry_back",
            gettext_lazy("Carry back to workshop"),
            (S.ON_SITE,),
            S.CARRIED_BACK,
            Cap.FIELD_WORK,
        ),
        Action(
            "record_repair",
            gettext_lazy("Fill in repair card"),
            (S.CARRIED_BACK,),
            S.REPAIRED,
            Cap.FIELD_WORK,
        ),
        Action("check", gettext_lazy("Supervisor check"), (S.REPAIRED,), S.CHECKED, Cap.CHECK),
        Action(
            "reject_check",
            gettext_lazy("Send back for rework"),
            (S.REPAIRED,),
            S.CARRIED_BACK,
            Cap.CHECK,
        ),
        Action(
            "return_unit",
            gettext_lazy("Return unit with signature"),
            (S.CHECKED,),
            S.COMPLETED,
            Cap.FIELD_WORK,
        ),
        Action("close", gettext_lazy("Close"), (S.COMPLETED,), S.CLOSED, Cap.CLOSE),
        Action(
            "cancel",
            gettext_lazy("Cancel"),
            (S.REGISTERED, S.DISPATCHED, S.SCHEDULED, S.ON_SITE),
            S.CANCELLED,
            Cap.CANCEL,
        ),
        Action(
            "request",
            gettext_lazy("Ask for extension or help"),
            (S.DISPATCHED, S.SCHEDULED, S.ON_SITE, S.CARRIED_BACK, S.REPAIRED),
            None,
            Cap.FIELD_WORK,
        ),
        Action(
            "add_photo",
            gettext_lazy("Add photo"),
            (
                S.DISPATCHED,
                S.SCHEDULED,
                S.ON_SITE,
                S.CARRIED_BACK,
                S.REPAIRED,
                S.CHECKED,
                S.COMPLETED,
            ),
            None,
            Cap.FIELD_WORK,
        ),
    ]
}


def is_own_job(order: WorkOrder, user: User) -> bool:
    return order.technician_id is not None and order.technician.user_id == user.pk


def refusal(order: WorkOrder, action_name: str, user: User) -> DomainError | None:
    """Why `user` may not take this action on this order now, or None if he may."""
    action = ACTIONS[action_name]
    if not can(user, action.capability):
        return Forbidden()
    if (
        action.own_jobs_only_for_technicians
        and action.capability in {Cap.FIELD_WORK, Cap.SCHEDULE}
        and user.role == "technician"
        and not user.is_superuser
        and not is_own_job(order, user)
    ):
        return Forbidden(_("Only the technician the job is dispatched to may do this."))
    if order.state not in action.sources:
        return DomainError(
            _("A work order that is “%(state)s” cannot be moved by “%(action)s”.")
            % {"state": order.get_state_display(), "action": action.label},
            field="state",
            code="illegal_transition",
        )
    return None


def ensure_allowed(order: WorkOrder, action_name: str, user: User) -> Action:
    error = refusal(order, action_name, user)
    if error is not None:
        raise error
    return ACTIONS[action_name]


def allowed_actions(order: WorkOrder, user: User) -> list[Action]:
    return [a for name, a in ACTIONS.items() if refusal(order, name, user) is None]
