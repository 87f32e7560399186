"""Template helpers for other apps' pages: a unit's contracts on its service file."""

from django import template

from aftersales.customers.models import Unit
from aftersales.warranty.models import MaintenanceContract
from aftersales.warranty.selectors import unit_contracts as _unit_contracts

register = template.Library()


@register.simple_tag
def unit_contracts(unit: Unit) -> list[MaintenanceContract]:
    return _unit_contracts(unit)
