"""`{% company_name %}`: the company's name at the head of every printout (service voucher,
invoice, outlet statement), from one setting, so that all of them change together."""

from django import template
from django.conf import settings

register = template.Library()

# A neutral name for an installation that has not set its own.
DEFAULT_COMPANY_NAME = "售后服务中心"


@register.simple_tag
def company_name() -> str:
    return settings.AFTERSALES.get("COMPANY_NAME") or DEFAULT_COMPANY_NAME
