"""Notifications fixtures: staff with e-mail addresses, a gateway that records what it sends and
one that always fails, and the work-order flow for the appointment confirmations."""

import pytest

from aftersales.accounts.models import Role
from aftersales.factories import UserFactory
from aftersales.workorders.tests.conftest import flow  # noqa: F401  (a fixture)

from .gateways import FailingGateway, RecordingGateway


@pytest.fixture
def supervisor_with_mail(branch_a):
    return UserFactory(
        username="zhou_supervisor",
        role=Role.SUPERVISOR,
        branch=branch_a,
        last_name="周",
        first_name="建国",
        email="zhou@aftersales.example.cn",
    )


@pytest.fixture
def recording_gateway(settings):
    RecordingGateway.sent = []
    settings.AFTERSALES = {
        **settings.AFTERSALES,
        "SMS_GATEWAY": "aftersales.notifications.tests.gateways.RecordingGateway",
    }
    return RecordingGateway


@pytest.fixture
def failing_gateway(settings):
    FailingGateway.calls = 0
    settings.AFTERSALES = {
        **settings.AFTERSALES,
        "SMS_GATEWAY": "aftersales.notifications.tests.gateways.FailingGateway",
    }
    return FailingGateway
