import datetime as dt

import pytest
from django.utils import timezone

from aftersales.accounts.models import Role
from aftersales.factories import UnitFactory, UserFactory
from aftersales.returns import services


@pytest.fixture
def gm(head_office):
    return UserFactory(username="gm", role=Role.GM, branch=head_office)


@pytest.fixture
def bought(customer_a, aircon_model, now):
    """A unit of customer A bought `days` days before today (local date)."""

    def make(days: int, serial: str | None = None):
        return UnitFactory(
            customer=customer_a,
            model=aircon_model,
            purchase_date=timezone.localdate(now) - dt.timedelta(days=days),
            **({"serial": serial} if serial else {}),
        )

    return make


@pytest.fixture
def filed(agent_a, bought, now):
    """A request filed by agent A through the service: by default an exchange 10 days after sale."""

    def make(kind: str = "exchange", days: int = 10, **values):
        return services.return_request_file(
            by=values.pop("by", agent_a),
            now=now,
            kind=kind,
            reason=values.pop("reason", "开机即漏水"),
            unit=values.pop("unit", None) or bought(days),
            **values,
        )

    return make


@pytest.fixture
def approved(filed, gm, now):
    def make(kind: str = "exchange", days: int = 10):
        return services.return_request_decide(
            by=gm, now=now, request=filed(kind, days), approve=True, note="同意"
        )

    return make
