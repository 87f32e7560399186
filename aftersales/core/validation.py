"""Checks of free text that every service makes the same way: trimmed, and refused when empty
with a message in the user's language naming the field."""

from django.utils.translation import gettext as _

from .exceptions import DomainError


def required_text(value: str | None, field: str, message: str) -> str:
    """The trimmed text, or a DomainError on `field` saying `message`."""
    value = (value or "").strip()
    if not value:
        raise DomainError(message, field=field)
    return value


def required(value: str | None, field: str, label: str) -> str:
    """The trimmed text, or "<label> is required." on `field`."""
    return required_text(value, field, _("%(field)s is required.") % {"field": label})
