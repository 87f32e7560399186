"""`{{ number|phone }}`: a stored E.164 number as people read it (028 8331 8889)."""

from django import template

from aftersales.core.phones import display_phone

register = template.Library()


@register.filter
def phone(value: str) -> str:
    return display_phone(value or "")
