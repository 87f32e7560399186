"""The work order's charges, shown on its detail page: quote, consent and invoice at a glance."""

from django import template

from aftersales.workorders.models import ServiceCategory, WorkOrder

from .. import rules, selectors

register = template.Library()


@register.inclusion_tag("billing/_order_billing.html", takes_context=True)
def order_billing(context: dict, order: WorkOrder) -> dict:
    paid = order.category == ServiceCategory.PAID
    return {
        "order": order,
        "caps": context.get("caps", {}),
        "paid": paid,
        "current": selectors.current_quote(order) if paid else None,
        "invoice": selectors.live_invoice(order) if paid else None,
        "gate": rules.consent_missing(order) if paid and order.is_open else None,
    }
