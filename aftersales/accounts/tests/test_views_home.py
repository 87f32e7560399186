import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("who", "where"),
    [
        ("agent_a", "intake:new"),
        ("dispatcher_a", "workorders:board"),
        ("supervisor_a", "workorders:supervisor"),
        ("finance_a", "workorders:list"),
        ("manager_hq", "workorders:list"),
    ],
)
def test_each_role_starts_on_its_own_page(client, request, who, where):
    client.force_login(request.getfixturevalue(who))
    response = client.get(reverse("home"))
    assert response.status_code == 302
    assert response["Location"] == reverse(where)


def test_a_technician_starts_on_his_jobs_today(client, technician_a):
    client.force_login(technician_a.user)
    assert client.get(reverse("home"))["Location"] == reverse("workorders:my_jobs")


def test_the_login_page_renders_and_logs_in(client, agent_a):
    response = client.get(reverse("login"))
    assert response.status_code == 200
    assert 'name="username"' in response.text
    response = client.post(reverse("login"), {"username": "agent_a", "password": "pass12345"})
    assert response.status_code == 302
    assert response["Location"] == reverse("home")


def test_a_wrong_password_is_told(client, agent_a):
    response = client.post(reverse("login"), {"username": "agent_a", "password": "nope"})
    assert response.status_code == 200
    assert response.context["form"].errors


def test_the_navigation_follows_capabilities(client, agent_a, technician_a):
    client.force_login(agent_a)
    text = client.get(reverse("customers:list")).text
    assert reverse("intake:new") in text
    assert reverse("workorders:my_jobs") not in text
    client.force_login(technician_a.user)
    text = client.get(reverse("customers:list")).text
    assert reverse("intake:new") not in text
    assert reverse("workorders:my_jobs") in text
