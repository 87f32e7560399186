"""Named people and records of the follow-up tests, on top of aftersales/conftest.py and the
work-order `flow` (aftersales/workorders/tests/conftest.py)."""

import pytest

from aftersales.accounts.models import Role
from aftersales.factories import UserFactory
from aftersales.followups.models import FollowUp
from aftersales.workorders.models import State, WorkOrder
from aftersales.workorders.tests.conftest import flow  # noqa: F401 — the fixture

POLICY = "FOLLOW_UP_POLICY"


@pytest.fixture
def agent_b(branch_b):
    return UserFactory(username="agent_b", role=Role.AGENT, branch=branch_b)


@pytest.fixture
def quality_a(branch_a):
    return UserFactory(username="quality_a", role=Role.QUALITY, branch=branch_a)


@pytest.fixture
def policy(settings):
    """Sets the follow-up policy (and any follow-up times) for the test."""

    def set_policy(name: str, **times) -> None:
        settings.AFTERSALES = {
            **settings.AFTERSALES,
            POLICY: name,
            "FOLLOW_UPS": {**settings.AFTERSALES.get("FOLLOW_UPS", {}), **times},
        }

    return set_policy


@pytest.fixture
def completed(flow):  # noqa: F811
    """A job brought to COMPLETED through the real services, with no follow-up yet: the
    completion hook may or may not plan them, these tests plan them themselves."""

    def make() -> WorkOrder:
        order = flow.reach(State.COMPLETED)
        FollowUp.objects.filter(work_order=order).delete()
        return order

    return make
