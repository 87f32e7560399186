"""Purchase requests: approved only after three supplier quotes (configurable), by the manager or
the general manager; every refusal changes nothing."""

from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import translation

from aftersales.accounts.models import Role
from aftersales.core.exceptions import DomainError, Forbidden
from aftersales.core.models import AuditEntry
from aftersales.factories import UserFactory
from aftersales.parts import services
from aftersales.parts.models import PurchaseRequest, SupplierQuote


@pytest.fixture(autouse=True)
def in_english():
    with translation.override("en"):
        yield


@pytest.fixture
def manager_a(branch_a):
    return UserFactory(username="manager_a", role=Role.MANAGER, branch=branch_a)


@pytest.fixture
def purchase(warehouse_a, store_a, capacitor, now):
    return services.purchase_request_create(
        by=warehouse_a, now=now, warehouse=store_a, part=capacitor, quantity=50, reason="旺季备货"
    )


def quote(purchase, by, now, supplier, price):
    return services.purchase_quote_add(
        by=by, now=now, request=purchase, supplier=supplier, unit_price=Decimal(price)
    )


def unchanged(call, match):
    before = (AuditEntry.objects.count(), list(PurchaseRequest.objects.values()))
    with pytest.raises(DomainError, match=match) as error:
        call()
    assert (AuditEntry.objects.count(), list(PurchaseRequest.objects.values())) == before
    return error.value


def test_it_is_not_approved_with_two_quotes(purchase, warehouse_a, manager_a, now):
    quote(purchase, warehouse_a, now, "格力电器配件部", "17.50")
    quote(purchase, warehouse_a, now, "成都恒通机电", "16.80")
    error = unchanged(
        lambda: services.purchase_request_decide(
            by=manager_a, now=now, request=purchase, approve=True
        ),
        "after 3 supplier quotes",
    )
    assert error.code == "quotes_missing"


def test_with_three_quotes_the_cheapest_is_chosen(purchase, warehouse_a, manager_a, now):
    quote(purchase, warehouse_a, now, "格力电器配件部", "17.50")
    cheapest = quote(purchase, warehouse_a, now, "成都恒通机电", "16.80")
    quote(purchase, warehouse_a, now, "美的售后备件中心", "18.00")
    decided = services.purchase_request_decide(
        by=manager_a, now=now, request=purchase, approve=True
    )
    assert decided.status == PurchaseRequest.Status.APPROVED
    assert decided.chosen_quote == cheapest and decided.decided_by == manager_a
    entry = AuditEntry.objects.filter(action="purchase_request_decide").get()
    assert entry.changes["status"] == ["open", "approved"]


def test_the_number_of_quotes_is_configurable(settings, purchase, warehouse_a, manager_a, now):
    settings.AFTERSALES = {**settings.AFTERSALES, "PURCHASE_QUOTES_REQUIRED": 1}
    quote(purchase, warehouse_a, now, "成都恒通机电", "16.80")
    assert (
        services.purchase_request_decide(
            by=manager_a, now=now, request=purchase, approve=True
        ).status
        == "approved"
    )


def test_a_dearer_quote_needs_a_reason(purchase, warehouse_a, manager_a, now):
    dear = quote(purchase, warehouse_a, now, "格力电器配件部", "17.50")
    quote(purchase, warehouse_a, now, "成都恒通机电", "16.80")
    quote(purchase, warehouse_a, now, "美的售后备件中心", "18.00")
    unchanged(
        lambda: services.purchase_request_decide(
            by=manager_a, now=now, request=purchase, approve=True, quote=dear
        ),
        "dearer",
    )
    decided = services.purchase_request_decide(
        by=manager_a, now=now, request=purchase, approve=True, quote=dear, note="原厂件，质保更长"
    )
    assert decided.chosen_quote == dear


def test_a_refusal_needs_a_reason_and_ends_the_request(purchase, warehouse_a, manager_a, now):
    unchanged(
        lambda: services.purchase_request_decide(
            by=manager_a, now=now, request=purchase, approve=False
        ),
        "reason",
    )
    services.purchase_request_decide(
        by=manager_a, now=now, request=purchase, approve=False, note="库存足够"
    )
    unchanged(lambda: quote(purchase, warehouse_a, now, "新供应商", "10"), "already decided")


def test_one_quote_per_supplier(purchase, warehouse_a, now):
    quote(purchase, warehouse_a, now, "成都恒通机电", "16.80")
    with pytest.raises(DomainError, match="already quoted"):
        quote(purchase, warehouse_a, now, "成都恒通机电", "15.00")
    assert SupplierQuote.objects.count() == 1


def test_only_the_manager_and_general_manager_approve(purchase, warehouse_a, supervisor_a, now):
    with pytest.raises(Forbidden):
        services.purchase_request_decide(
            by=warehouse_a, now=now, request=purchase, approve=False, note="x"
        )
    with pytest.raises(Forbidden):
        services.purchase_request_decide(
            by=supervisor_a, now=now, request=purchase, approve=False, note="x"
        )


def test_the_pages_show_the_own_branchs_requests_and_take_the_decision(
    client, purchase, warehouse_a, manager_a, outsider_b, now
):
    for supplier, price in [("甲", "1"), ("乙", "2"), ("丙", "3")]:
        quote(purchase, warehouse_a, now, supplier, price)
    client.force_login(outsider_b)
    assert purchase.number not in client.get(reverse("parts:purchases")).content.decode()
    assert client.get(reverse("parts:purchase_detail", args=[purchase.pk])).status_code == 404
    client.force_login(warehouse_a)
    assert purchase.number in client.get(reverse("parts:purchases")).content.decode()
    assert (
        client.post(
            reverse("parts:purchase_decide", args=[purchase.pk]), {"approve": "1"}
        ).status_code
        == 403
    )
    client.force_login(manager_a)
    response = client.post(reverse("parts:purchase_decide", args=[purchase.pk]), {"approve": "1"})
    assert response.status_code == 302
    purchase.refresh_from_db()
    assert purchase.status == "approved" and purchase.chosen_quote.supplier == "甲"


def test_the_quote_form_tells_what_is_wrong(client, purchase, warehouse_a):
    client.force_login(warehouse_a)
    response = client.post(
        reverse("parts:purchase_quote", args=[purchase.pk]),
        {"supplier": "", "unit_price": "1", "lead_days": "1"},
    )
    assert response.status_code == 400 and not SupplierQuote.objects.exists()
