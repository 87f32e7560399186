"""Technicians, their certifications, and whom to send."""

from django.db import transaction
from django.utils.translation import gettext as _

from aftersales.accounts.models import Role, User
from aftersales.accounts.policy import Cap, require
from aftersales.core import audit
from aftersales.core.exceptions import DomainError
from aftersales.core.phones import normalize_phone
from aftersales.customers.models import ProductCategory, Zone

from .models import Technician


def ensure_certified(technician: Technician, category: ProductCategory | None) -> None:
    """Only a technician trained and certified for the category may be sent (培训合格方可上岗)."""
    if not technician.is_active:
        raise DomainError(
            _("%(name)s is not an active technician.") % {"name": technician}, field="technician"
        )
    if category is not None and not technician.certifications.filter(pk=category.pk).exists():
        raise DomainError(
            _("%(name)s is not certified for %(category)s.")
            % {"name": technician, "category": category},
            field="technician",
            code="not_certified",
        )


def technician_create(
    *,
    by: User,
    user: User,
    phone: str,
    zone: str = Zone.RING2,
    certifications: list[ProductCategory] = (),
) -> Technician:
    require(by, Cap.EDIT_STAFF)
    if user.role != Role.TECHNICIAN:
        raise DomainError(_("The user's role is not technician."), field="user")
    if user.branch_id is None:
        raise DomainError(_("A technician belongs to a branch."), field="user")
    if zone not in Zone.values:
        raise DomainError(_("Unknown zone."), field="zone")
    with transaction.atomic():
        technician = Technician.objects.create(
            user=user, branch=user.branch, zone=zone, phone=normalize_phone(phone)
        )
        technician.certifications.set(certifications)
        audit.record(
            technician,
            by=by,
            action="technician_create",
            changes={"certifications": [None, [c.name for c in certifications]]},
        )
    return technician


def technician_certify(
    *, by: User, technician: Technician, categories: list[ProductCategory]
) -> Technician:
    require(by, Cap.EDIT_STAFF)
    with transaction.atomic():
        before = sorted(technician.certifications.values_list("name", flat=True))
        technician.certifications.set(categories)
        after = sorted(c.name for c in categories)
        audit.record(
            technician,
            by=by,
            action="technician_certify",
            changes={"certifications": [before, after]},
        )
    return technician
