"""The billing services guarded by a capability, in the form of
workorders/tests/test_services_permissions.GUARDED: capability → setup(ctx, user) → call."""

from collections.abc import Callable
from typing import Any

from aftersales.accounts.models import User
from aftersales.accounts.policy import Cap
from aftersales.billing import services
from aftersales.billing.models import Invoice, PriceItem
from aftersales.workorders.models import State

from .conftest import make_done, make_paid


def _item() -> PriceItem:
    item, _created = PriceItem.objects.get_or_create(
        code="JF01", defaults={"name": "加氟", "kind": "labour", "price": 200, "source": "own"}
    )
    return item


def _invoice(ctx: Any, user: User) -> Invoice:
    order = make_paid(ctx.order(State.ON_SITE, user))
    flow = ctx.flow
    quote = services.quote_create(
        order=order,
        by=flow.supervisor,
        now=ctx.now,
        fault="缺氟",
        expected_hours=1,
        lines=[(_item(), 1)],
    )
    services.quote_consent_phone(quote=quote, by=flow.agent, now=ctx.now, signer_name="张伟")
    return services.invoice_issue(order=make_done(order), by=flow.agent, now=ctx.now)


def _price_item_create(ctx: Any, user: User) -> Callable[[], Any]:
    return lambda: services.price_item_create(
        by=user, code="SM01", name="上门费", kind="travel", price=50, source="own"
    )


def _quote_create(ctx: Any, user: User) -> Callable[[], Any]:
    order = make_paid(ctx.order(State.ON_SITE, user))
    item = _item()
    return lambda: services.quote_create(
        order=order, by=user, now=ctx.now, fault="缺氟", expected_hours=1, lines=[(item, 1)]
    )


def _payment_record(ctx: Any, user: User) -> Callable[[], Any]:
    invoice = _invoice(ctx, user)
    return lambda: services.payment_record(
        invoice=invoice, by=user, now=ctx.now, amount=100, method="cash"
    )


def _cash_handover_receive(ctx: Any, user: User) -> Callable[[], Any]:
    invoice = _invoice(ctx, user)
    agent = ctx.flow.agent
    cash = services.payment_record(
        invoice=invoice, by=agent, now=ctx.now, amount=100, method="cash"
    )
    return lambda: services.cash_handover_receive(
        technician=agent, by=user, now=ctx.now, payment_ids=[cash.pk]
    )


def _discount_decide(ctx: Any, user: User) -> Callable[[], Any]:
    invoice = _invoice(ctx, user)
    asked = services.discount_request(
        invoice=invoice, by=ctx.flow.agent, now=ctx.now, amount=10, reason="老客户"
    )
    return lambda: services.discount_decide(request=asked, by=user, now=ctx.now, approve=True)


GUARDED: dict[str, tuple[str, Callable[[Any, User], Callable[[], Any]]]] = {
    "price_item_create": (Cap.EDIT_PRICES, _price_item_create),
    "quote_create": (Cap.QUOTE, _quote_create),
    "payment_record": (Cap.COLLECT_PAYMENT, _payment_record),
    "cash_handover_receive": (Cap.FINANCE, _cash_handover_receive),
    "discount_decide": (Cap.APPROVE_DISCOUNTS, _discount_decide),
}
