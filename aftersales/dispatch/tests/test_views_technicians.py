import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_it_lists_the_branch_technicians_with_certifications(
    client, agent_a, technician_a, technician_b
):
    client.force_login(agent_a)
    response = client.get(reverse("dispatch:technicians"))
    assert response.status_code == 200
    assert str(technician_a) in response.text
    assert "空调" in response.text
    assert str(technician_b) not in response.text


def test_a_supervisor_certifies_a_technician(client, supervisor_a, technician_a, aircon, heater):
    client.force_login(supervisor_a)
    url = reverse("dispatch:technician_certify", args=[technician_a.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, {"categories": [aircon.pk, heater.pk]})
    assert response.status_code == 302
    assert set(technician_a.certifications.all()) == {aircon, heater}


def test_an_agent_cannot_certify(client, agent_a, technician_a, heater):
    client.force_login(agent_a)
    url = reverse("dispatch:technician_certify", args=[technician_a.pk])
    assert client.post(url, {"categories": [heater.pk]}).status_code == 403
    assert heater not in technician_a.certifications.all()


def test_another_branch_technician_does_not_exist(client, supervisor_a, technician_b):
    client.force_login(supervisor_a)
    url = reverse("dispatch:technician_certify", args=[technician_b.pk])
    assert client.get(url).status_code == 404
