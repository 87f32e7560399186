from decimal import Decimal

import pytest

from aftersales.billing import services
from aftersales.billing.models import Consent, PriceItem, Quote
from aftersales.core.exceptions import DomainError, Forbidden
from aftersales.core.models import AuditEntry
from aftersales.workorders.models import State

from .conftest import make_paid


def test_it_copies_the_list_price_and_totals_the_lines(quoted, prices):
    assert quoted.version == 1
    assert quoted.status == Quote.Status.AWAITING
    assert quoted.total == Decimal("350.00")
    assert [(line.name, line.price, line.amount) for line in quoted.lines.all()] == [
        ("上门费", Decimal("50.00"), Decimal("50.00")),
        ("加氟", Decimal("150.00"), Decimal("300.00")),
    ]
    # A later price change leaves the quote as the customer saw it.
    services.price_item_update(by=_finance(quoted), item=prices["gas"], price="180")
    assert quoted.lines.get(name="加氟").price == Decimal("150.00")


def _finance(quote):
    from aftersales.factories import UserFactory

    return UserFactory(username="fin", role="finance", branch=quote.order.branch)


def test_it_refuses_work_before_consent_and_changes_nothing(quoted, flow, world_of):
    order = quoted.order
    before = world_of(order)
    with pytest.raises(DomainError) as error:
        flow.do("complete", order)
    assert error.value.code == "consent_missing"
    assert "v1" in error.value.message
    with pytest.raises(DomainError):
        flow.do("carry_back", order)
    assert world_of(order) == before


def test_it_refuses_paid_work_without_any_quote(paid_order, flow):
    with pytest.raises(DomainError, match="quote"):
        flow.do("complete", paid_order)


def test_it_lets_the_work_start_after_a_signed_consent(consented, flow):
    assert consented.status == Quote.Status.CONSENTED
    assert consented.consent.method == Consent.Method.SIGNATURE
    assert consented.consent.image.name.endswith(".png")
    flow.do("complete", consented.order)
    consented.order.refresh_from_db()
    assert consented.order.state == State.COMPLETED


def test_it_lets_the_workshop_repair_only_after_consent(flow, prices, now, signature_png):
    order = make_paid(flow.reach(State.ON_SITE))
    quote = services.quote_create(
        order=order,
        by=order.technician.user,
        now=now,
        fault="压缩机不启动",
        expected_hours=3,
        lines=[(prices["cap"], 1)],
    )
    services.quote_consent_phone(quote=quote, by=flow.agent, now=now, signer_name="张伟")
    flow.do("carry_back", order)
    # The scope grows in the workshop: a new version, and no repair card until it is agreed.
    services.quote_create(
        order=order,
        by=order.technician.user,
        now=now,
        fault="压缩机损坏，需更换",
        expected_hours=4,
        lines=[(prices["cap"], 2)],
    )
    order.refresh_from_db()
    with pytest.raises(DomainError, match="v2"):
        flow.do("record_repair", order)
    quote.refresh_from_db()
    assert quote.status == Quote.Status.SUPERSEDED


def test_it_needs_a_new_consent_when_the_scope_changes(consented, prices, now, flow):
    order = consented.order
    v2 = services.quote_create(
        order=order,
        by=order.technician.user,
        now=now,
        fault="另需更换电容",
        expected_hours=2,
        lines=[(prices["cap"], 1)],
    )
    consented.refresh_from_db()
    assert consented.status == Quote.Status.SUPERSEDED
    assert v2.version == 2
    with pytest.raises(DomainError):
        flow.do("complete", order)
    # The old quote's consent cannot be given again, and the new one is asked for.
    with pytest.raises(DomainError, match="newer version"):
        services.quote_consent_phone(quote=consented, by=flow.agent, now=now, signer_name="张伟")


def test_it_completes_a_declined_job_without_repair_but_no_workshop(quoted, flow, now):
    services.quote_decline(
        quote=quoted, by=quoted.order.technician.user, now=now, note="客户嫌贵，不修"
    )
    order = quoted.order
    with pytest.raises(DomainError, match="declined"):
        flow.do("carry_back", order)
    flow.do("complete", order, service_report="客户拒绝报价，未维修")
    order.refresh_from_db()
    assert order.state == State.COMPLETED


def test_free_work_needs_no_quote_and_cannot_be_quoted(flow, prices, now):
    order = flow.reach(State.ON_SITE)
    with pytest.raises(DomainError, match="paid work"):
        services.quote_create(
            order=order,
            by=order.technician.user,
            now=now,
            fault="x",
            expected_hours=1,
            lines=[(prices["visit"], 1)],
        )
    flow.do("complete", order)


def test_only_the_jobs_technician_quotes(paid_order, technician_a2, prices, now):
    entries = AuditEntry.objects.count()
    with pytest.raises(Forbidden):
        services.quote_create(
            order=paid_order,
            by=technician_a2.user,
            now=now,
            fault="x",
            expected_hours=1,
            lines=[(prices["visit"], 1)],
        )
    assert AuditEntry.objects.count() == entries


def test_an_agent_records_phone_consent_but_a_technician_cannot(quoted, agent_a, now):
    with pytest.raises(Forbidden):
        services.quote_consent_phone(
            quote=quoted, by=quoted.order.technician.user, now=now, signer_name="张伟"
        )
    consent = services.quote_consent_phone(quote=quoted, by=agent_a, now=now, signer_name="张伟")
    assert (consent.method, consent.recorded_by, consent.at) == ("phone", agent_a, now)


@pytest.mark.parametrize(
    ("lines", "hours", "field"),
    [([], 1, "lines"), ([("visit", 0)], 1, "lines"), ([("visit", 1)], 0, "expected_hours")],
)
def test_it_refuses_a_bad_quote(paid_order, prices, now, lines, hours, field):
    with pytest.raises(DomainError) as error:
        services.quote_create(
            order=paid_order,
            by=paid_order.technician.user,
            now=now,
            fault="缺氟",
            expected_hours=hours,
            lines=[(prices[k], q) for k, q in lines],
        )
    assert error.value.field == field
    assert not Quote.objects.exists()


def test_it_refuses_an_inactive_price_item(paid_order, prices, now, manager_hq):
    services.price_item_update(by=manager_hq, item=prices["visit"], is_active=False)
    with pytest.raises(DomainError, match="no longer"):
        services.quote_create(
            order=paid_order,
            by=paid_order.technician.user,
            now=now,
            fault="x",
            expected_hours=1,
            lines=[(prices["visit"], 1)],
        )


def test_price_codes_are_unique_and_only_finance_or_manager_edit(prices, manager_hq, agent_a):
    with pytest.raises(DomainError) as error:
        services.price_item_create(
            by=manager_hq, code="sm01", name="上门费", kind="travel", price=50, source="own"
        )
    assert error.value.field == "code"
    with pytest.raises(Forbidden):
        services.price_item_create(
            by=agent_a, code="X1", name="x", kind="other", price=1, source="own"
        )
    assert PriceItem.objects.count() == 3
