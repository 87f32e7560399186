"""The billing operations for core/tests/test_permissions_api.OPS, in its form: who may call
each, on which record of the scene (scene_records.RECORDS), with what body."""

from typing import Any

from aftersales.accounts.policy import Cap

from .scene_records import cash_payment_of, price_item


def OPS(Op: type) -> dict[tuple[str, str], Any]:  # noqa: N802, N803
    return {
        ("PATCH", "/prices/{item_id}"): Op(
            Cap.EDIT_PRICES, record="price_item", body=lambda scene, side: {"price": "160"}
        ),
        ("POST", "/quotes/{quote_id}/consent-signature"): Op(
            Cap.QUOTE,
            record="awaiting_quote",
            body=lambda scene, side: {"signer_name": "张伟", "signature": _signature()},
        ),
        ("POST", "/quotes/{quote_id}/consent-phone"): Op(
            Cap.TAKE_CALLS,
            record="awaiting_quote",
            body=lambda scene, side: {"signer_name": "张伟"},
        ),
        ("POST", "/quotes/{quote_id}/decline"): Op(
            Cap.QUOTE, record="awaiting_quote", body=lambda scene, side: {"note": "客户嫌贵"}
        ),
        ("POST", "/work-orders/{order_id}/invoices"): Op(
            Cap.COLLECT_PAYMENT, record="consented_order", ok=201, body=lambda scene, side: {}
        ),
        ("GET", "/invoices/{invoice_id}"): Op(Cap.VIEW, record="invoice"),
        ("POST", "/invoices/{invoice_id}/payments"): Op(
            Cap.COLLECT_PAYMENT,
            record="invoice",
            ok=201,
            body=lambda scene, side: {"amount": "50", "method": "cash"},
        ),
        ("POST", "/invoices/{invoice_id}/void"): Op(
            Cap.FINANCE, record="invoice", body=lambda scene, side: {"reason": "客户名称开错"}
        ),
        ("POST", "/invoices/{invoice_id}/discounts"): Op(
            Cap.COLLECT_PAYMENT,
            record="invoice",
            ok=201,
            body=lambda scene, side: {"amount": "5", "reason": "老客户"},
        ),
        ("GET", "/discounts"): Op(Cap.APPROVE_DISCOUNTS),
        ("POST", "/discounts/{discount_id}/decide"): Op(
            Cap.APPROVE_DISCOUNTS,
            record="pending_discount",
            body=lambda scene, side: {"approve": True},
        ),
        ("POST", "/cash-handovers"): Op(
            Cap.FINANCE,
            ok=201,
            body=lambda scene, side: _handover(side),
        ),
    }


def _signature() -> str:
    import base64

    from aftersales.factories import png_bytes

    return base64.b64encode(png_bytes()).decode()


def _handover(side) -> dict[str, Any]:
    cash = cash_payment_of(side)
    return {"technician": cash.collected_by_id, "payments": [cash.pk]}


__all__ = ["OPS", "price_item"]


# The creating endpoints for core/tests/test_api_idempotency.CREATIONS, and the operation each
# goes to; the contract renewal (warranty) is here too, its app having no table of its own.
OPERATIONS = {
    "invoice": "/work-orders/{order_id}/invoices",
    "payment": "/invoices/{invoice_id}/payments",
    "discount": "/invoices/{invoice_id}/discounts",
    "cash_handover": "/cash-handovers",
    "contract_renewal": "/contracts/{contract_id}/renew",
}


def CREATIONS(Creation: type) -> dict[str, Any]:  # noqa: N802, N803
    from aftersales.accounts.models import Role
    from aftersales.billing.models import CashHandover, DiscountRequest, Invoice, Payment
    from aftersales.warranty.models import MaintenanceContract
    from aftersales.warranty.tests.scene_records import active_contract_of, renewal_body

    from .scene_records import consented_order_of, invoice_of

    def consented(scene) -> str:
        order = consented_order_of(scene.a, fresh=True)
        scene.a.extra["_invoiced_quote"] = order.quotes.get(status="consented").pk
        return f"/work-orders/{order.pk}/invoices"

    return {
        "invoice": Creation(
            Role.TECHNICIAN,
            Invoice,
            consented,
            lambda scene: {"quote": scene.a.extra["_invoiced_quote"]},
            other={"quote": None},
            again=400,  # one live invoice per job
        ),
        "payment": Creation(
            Role.TECHNICIAN,
            Payment,
            lambda scene: f"/invoices/{invoice_of(scene.a, fresh=True).pk}/payments",
            lambda scene: {"amount": "50", "method": "cash"},
            other={"method": "wechat"},
            again=201,  # a second payment towards the rest
        ),
        "discount": Creation(
            Role.TECHNICIAN,
            DiscountRequest,
            lambda scene: f"/invoices/{invoice_of(scene.a, fresh=True).pk}/discounts",
            lambda scene: {"amount": "5", "reason": "老客户"},
            other={"reason": "凑整"},
            again=400,  # one discount waits at a time
        ),
        "cash_handover": Creation(
            Role.FINANCE,
            CashHandover,
            lambda scene: "/cash-handovers",
            lambda scene: _handover(scene.a),
            other={"payments": []},
            again=400,  # each payment is handed over once
        ),
        "contract_renewal": Creation(
            Role.SUPERVISOR,
            MaintenanceContract,
            lambda scene: f"/contracts/{active_contract_of(scene.a, fresh=True).pk}/renew",
            lambda scene: renewal_body(scene.a),
            other={"annual_fee": "1400"},
            again=400,  # renewed already
        ),
    }
