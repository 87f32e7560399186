"""Renewing and cancelling a maintenance contract through the API (004 (二十)): the answer, the
refusals in Chinese, who may, and another branch's contract that does not exist for him."""

import datetime as dt

import pytest

from aftersales.accounts.models import Role
from aftersales.core.models import AuditEntry
from aftersales.core.tests.test_api_client import ApiClient, error_fields
from aftersales.factories import UserFactory
from aftersales.warranty.models import MaintenanceContract

pytestmark = pytest.mark.django_db


def renew(user, contract, body, *, key=None, language="en"):
    return ApiClient(user, language=language).post(f"/contracts/{contract.pk}/renew", body, key=key)


def cancel(user, contract, body, *, language="en"):
    return ApiClient(user, language=language).post(f"/contracts/{contract.pk}/cancel", body)


def messages(response) -> list[str]:
    return [error["message"] for error in response.json()["errors"]]


@pytest.fixture
def supervisor_b(branch_b):
    return UserFactory(username="supervisor_b", role=Role.SUPERVISOR, branch=branch_b)


def test_it_renews_a_contract_for_the_next_period_once_per_key(supervisor_a, contract_a):
    end = contract_a.end + dt.timedelta(days=365)
    first = renew(supervisor_a, contract_a, {"end": end.isoformat()}, key="renew-1")
    again = renew(supervisor_a, contract_a, {"end": end.isoformat()}, key="renew-1")

    assert first.status_code == again.status_code == 201
    assert first.content == again.content
    data = first.json()
    renewed = MaintenanceContract.objects.get(renewal_of=contract_a)
    assert data["id"] == renewed.pk and data["number"] == renewed.number
    assert (data["start"], data["end"]) == (
        (contract_a.end + dt.timedelta(days=1)).isoformat(),
        end.isoformat(),
    )
    # Terms left out stay as they were; the units go with the contract.
    assert (renewed.annual_fee, renewed.visits_per_year) == (
        contract_a.annual_fee,
        contract_a.visits_per_year,
    )
    assert list(renewed.units.all()) == list(contract_a.units.all())
    assert MaintenanceContract.objects.count() == 2


def test_it_renews_with_new_terms(supervisor_a, contract_a):
    end = contract_a.end + dt.timedelta(days=365)
    response = renew(
        supervisor_a,
        contract_a,
        {"end": end.isoformat(), "annual_fee": "1500.00", "visits_per_year": 4},
    )
    assert response.status_code == 201
    assert (response.json()["annual_fee"], response.json()["visits_per_year"]) == ("1500.00", 4)


def test_it_cancels_a_contract_with_the_reason(supervisor_a, contract_a):
    response = cancel(supervisor_a, contract_a, {"reason": "客户搬迁，设备已拆除"})

    assert response.status_code == 200
    assert response.json()["status"] == "cancelled"
    contract_a.refresh_from_db()
    assert (contract_a.status, contract_a.cancel_reason) == ("cancelled", "客户搬迁，设备已拆除")
    assert contract_a.cancelled_at is not None
    assert AuditEntry.objects.filter(
        action="contract_cancel", object_id=str(contract_a.pk)
    ).exists()


def test_it_refuses_a_second_renewal_in_chinese(supervisor_a, contract_a):
    end = (contract_a.end + dt.timedelta(days=365)).isoformat()
    assert renew(supervisor_a, contract_a, {"end": end}).status_code == 201

    response = renew(supervisor_a, contract_a, {"end": end}, language="zh-hans")

    assert response.status_code == 400
    assert error_fields(response) == ["status"]
    assert messages(response) == ["该契约已续签。"]
    assert MaintenanceContract.objects.count() == 2


def test_it_refuses_to_renew_a_cancelled_contract_in_chinese(supervisor_a, contract_a):
    assert cancel(supervisor_a, contract_a, {"reason": "客户不再续费"}).status_code == 200
    end = (contract_a.end + dt.timedelta(days=365)).isoformat()

    response = renew(supervisor_a, contract_a, {"end": end}, language="zh-hans")

    assert response.status_code == 400 and error_fields(response) == ["status"]
    assert messages(response) == ["已解除的契约不能续签。"]
    assert not MaintenanceContract.objects.filter(renewal_of=contract_a).exists()


def test_it_refuses_a_renewal_ending_before_it_starts(supervisor_a, contract_a):
    response = renew(supervisor_a, contract_a, {"end": contract_a.end.isoformat()})
    assert response.status_code == 400 and error_fields(response) == ["end"]
    assert MaintenanceContract.objects.count() == 1


def test_it_refuses_a_renewal_without_a_readable_end(supervisor_a, contract_a):
    # The schema refuses it before any rule runs, as every API body that cannot be read.
    response = renew(supervisor_a, contract_a, {"end": "明年"}, language="zh-hans")
    assert response.status_code == 422 and error_fields(response) == ["end"]
    assert all(any("\u4e00" <= c <= "\u9fff" for c in m) for m in messages(response))
    assert MaintenanceContract.objects.count() == 1


def test_it_asks_for_the_reason_of_a_cancellation_in_chinese(supervisor_a, contract_a):
    response = cancel(supervisor_a, contract_a, {"reason": "  "}, language="zh-hans")

    assert response.status_code == 400
    assert error_fields(response) == ["reason"] and messages(response) == ["请填写取消原因。"]
    contract_a.refresh_from_db()
    assert contract_a.status == "active"


def test_it_refuses_to_cancel_twice_in_chinese(supervisor_a, contract_a):
    assert cancel(supervisor_a, contract_a, {"reason": "客户要求解除"}).status_code == 200

    response = cancel(supervisor_a, contract_a, {"reason": "再次解除"}, language="zh-hans")

    assert response.status_code == 400
    assert error_fields(response) == ["status"] and messages(response) == ["该契约已解除。"]
    contract_a.refresh_from_db()
    assert contract_a.cancel_reason == "客户要求解除"


def test_an_agent_may_neither_renew_nor_cancel(agent_a, contract_a):
    end = (contract_a.end + dt.timedelta(days=365)).isoformat()
    assert renew(agent_a, contract_a, {"end": end}).status_code == 403
    assert cancel(agent_a, contract_a, {"reason": "客户要求解除"}).status_code == 403
    contract_a.refresh_from_db()
    assert contract_a.status == "active"
    assert MaintenanceContract.objects.count() == 1


def test_another_branchs_contract_is_not_found(supervisor_b, contract_a):
    end = (contract_a.end + dt.timedelta(days=365)).isoformat()
    assert renew(supervisor_b, contract_a, {"end": end}, key="b-1").status_code == 404
    assert cancel(supervisor_b, contract_a, {"reason": "客户要求解除"}).status_code == 404
    contract_a.refresh_from_db()
    assert contract_a.status == "active"
    assert MaintenanceContract.objects.count() == 1
