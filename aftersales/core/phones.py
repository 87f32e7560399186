"""Phone numbers: stored in E.164, shown in the national format, validated on the way in."""

import phonenumbers
from django.conf import settings
from django.utils.translation import gettext as _

from .exceptions import DomainError


def normalize_phone(raw: str, *, field: str = "phone") -> str:
    """'138 0013 8000', '+86 138-0013-8000', '010-62345678' → '+8613800138000' etc."""
    text = (raw or "").strip()
    if not text:
        raise DomainError(_("Enter a phone number."), field=field)
    try:
        number = phonenumbers.parse(text, settings.AFTERSALES["PHONE_REGION"])
    except phonenumbers.NumberParseException:
        number = None
    if number is None or not phonenumbers.is_valid_number(number):
        raise DomainError(
            _("“%(phone)s” is not a valid phone number.") % {"phone": text}, field=field
        )
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def normalize_optional_phone(raw: str, *, field: str) -> str:
    return normalize_phone(raw, field=field) if (raw or "").strip() else ""


def display_phone(e164: str) -> str:
    if not e164:
        return ""
    try:
        number = phonenumbers.parse(e164, None)
    except phonenumbers.NumberParseException:
        return e164
    region = settings.AFTERSALES["PHONE_REGION"]
    if phonenumbers.region_code_for_number(number) == region:
        return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.NATIONAL)
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL)


def phone_search_key(raw: str) -> str:
    """A typed fragment of a phone as it is stored, for lookups while the agent types."""
    try:
        return normalize_phone(raw)
    except DomainError:
        return "".join(ch for ch in raw if ch.isdigit())
