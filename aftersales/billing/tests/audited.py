"""The billing services for core/tests/test_audit_services.CHANGES: each leaves one audit entry
on the record it changes, with the field before and after."""

from collections.abc import Callable
from typing import Any

from django.utils import timezone

from aftersales.accounts.models import Role
from aftersales.billing import services
from aftersales.billing.models import PriceItem
from aftersales.factories import png_bytes
from aftersales.workorders.models import State

from .conftest import make_done, make_paid


def CHANGES(Change: type) -> dict[str, Callable[[Any], Any]]:  # noqa: N802, N803
    def people(scene):
        return (
            scene.a.technician.user,
            scene.users[Role.AGENT],
            scene.users[Role.SUPERVISOR],
            scene.users[Role.FINANCE],
        )

    def item() -> PriceItem:
        return PriceItem.objects.get_or_create(
            code="JF01", defaults={"name": "加氟", "kind": "labour", "price": 200, "source": "own"}
        )[0]

    def quote(scene):
        tech = scene.a.technician.user
        order = make_paid(scene.a.flow.reach(State.ON_SITE))
        return services.quote_create(
            order=order,
            by=tech,
            now=timezone.now(),
            fault="缺氟",
            expected_hours=1,
            lines=[(item(), 1)],
        )

    def invoice(scene):
        q = quote(scene)
        services.quote_consent_phone(
            quote=q, by=scene.users[Role.AGENT], now=timezone.now(), signer_name="张伟"
        )
        return services.invoice_issue(
            order=make_done(q.order), by=scene.users[Role.AGENT], now=timezone.now()
        )

    def price_item_create(scene):
        by = people(scene)[3]
        return Change(
            by=by,
            run=lambda: services.price_item_create(
                by=by, code="SM01", name="上门费", kind="travel", price=50, source="own"
            ),
            expect=[(lambda r: r, "name", None, "上门费")],
        )

    def price_item_update(scene):
        by = people(scene)[3]
        obj = item()
        return Change(
            by=by,
            run=lambda: services.price_item_update(by=by, item=obj, price="220"),
            expect=[(lambda r: obj, "price", "200.00", "220.00")],
        )

    def quote_create(scene):
        tech = people(scene)[0]
        order = make_paid(scene.a.flow.reach(State.ON_SITE))
        obj = item()
        return Change(
            by=tech,
            run=lambda: services.quote_create(
                order=order,
                by=tech,
                now=timezone.now(),
                fault="缺氟",
                expected_hours=1,
                lines=[(obj, 1)],
            ),
            expect=[(lambda r: r, "fault", None, "缺氟")],
        )

    def consent_signature(scene):
        tech = people(scene)[0]
        q = quote(scene)
        return Change(
            by=tech,
            run=lambda: services.quote_consent_signature(
                quote=q, by=tech, now=timezone.now(), signer_name="张伟", signature_png=png_bytes()
            ),
            expect=[(lambda r: q, "status", "awaiting", "consented")],
        )

    def consent_phone(scene):
        agent = people(scene)[1]
        q = quote(scene)
        return Change(
            by=agent,
            run=lambda: services.quote_consent_phone(
                quote=q, by=agent, now=timezone.now(), signer_name="张伟"
            ),
            expect=[(lambda r: q, "status", "awaiting", "consented")],
        )

    def decline(scene):
        tech = people(scene)[0]
        q = quote(scene)
        return Change(
            by=tech,
            run=lambda: services.quote_decline(
                quote=q, by=tech, now=timezone.now(), note="客户嫌贵"
            ),
            expect=[(lambda r: q, "status", "awaiting", "declined")],
        )

    def invoice_issue(scene):
        agent = people(scene)[1]
        q = quote(scene)
        services.quote_consent_phone(quote=q, by=agent, now=timezone.now(), signer_name="张伟")
        done = make_done(q.order)
        return Change(
            by=agent,
            run=lambda: services.invoice_issue(order=done, by=agent, now=timezone.now()),
            expect=[(lambda r: r, "total", None, "200.00")],
        )

    def payment_record(scene):
        agent = people(scene)[1]
        inv = invoice(scene)
        return Change(
            by=agent,
            run=lambda: services.payment_record(
                invoice=inv, by=agent, now=timezone.now(), amount="200", method="cash"
            ),
            expect=[(lambda r: inv, "paid", "0.00", "200.00")],
        )

    def invoice_void(scene):
        finance = people(scene)[3]
        inv = invoice(scene)
        return Change(
            by=finance,
            run=lambda: services.invoice_void(
                invoice=inv, by=finance, now=timezone.now(), reason="开错"
            ),
            expect=[(lambda r: r, "status", "open", "void")],
        )

    def cash_handover(scene):
        _tech, agent, _sup, finance = people(scene)
        inv = invoice(scene)
        cash = services.payment_record(
            invoice=inv, by=agent, now=timezone.now(), amount="200", method="cash"
        )
        return Change(
            by=finance,
            run=lambda: services.cash_handover_receive(
                technician=agent, by=finance, now=timezone.now(), payment_ids=[cash.pk]
            ),
            expect=[(lambda r: r, "total", None, "200.00")],
        )

    def discount_request(scene):
        agent = people(scene)[1]
        inv = invoice(scene)
        return Change(
            by=agent,
            run=lambda: services.discount_request(
                invoice=inv, by=agent, now=timezone.now(), amount="10", reason="老客户"
            ),
            expect=[(lambda r: r, "amount", None, "10.00")],
        )

    def discount_decide(scene):
        _tech, agent, supervisor, _fin = people(scene)
        inv = invoice(scene)
        asked = services.discount_request(
            invoice=inv, by=agent, now=timezone.now(), amount="10", reason="老客户"
        )
        return Change(
            by=supervisor,
            run=lambda: services.discount_decide(
                request=asked, by=supervisor, now=timezone.now(), approve=True
            ),
            expect=[(lambda r: asked, "status", "pending", "approved")],
        )

    return {
        "price_item_create": price_item_create,
        "price_item_update": price_item_update,
        "quote_create": quote_create,
        "quote_consent_signature": consent_signature,
        "quote_consent_phone": consent_phone,
        "quote_decline": decline,
        "invoice_issue": invoice_issue,
        "payment_record": payment_record,
        "invoice_void": invoice_void,
        "cash_handover_receive": cash_handover,
        "discount_request": discount_request,
        "discount_decide": discount_decide,
    }
