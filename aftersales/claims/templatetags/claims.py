"""The work order's claim part orders (索赔订货), shown on its detail page."""

from django import template

from aftersales.workorders.models import ServiceCategory, WorkOrder

from .. import selectors

register = template.Library()


@register.inclusion_tag("claims/_order_part_orders.html", takes_context=True)
def order_claim_part_orders(context: dict, order: WorkOrder) -> dict:
    caps = context.get("caps", {})
    return {
        "order": order,
        "part_orders": list(selectors.part_orders_of(order)),
        "may_request": bool(caps.get("CLAIM_ORDERS"))
        and order.is_open
        and order.category == ServiceCategory.FREE,
    }
