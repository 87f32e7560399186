"""The calendar pages: a branch's hours and its year, the company days, the holiday duty roster
and its printout, in Chinese."""

import datetime as dt
import re

import pytest
from django.urls import reverse

from aftersales.accounts.models import Role
from aftersales.calendars.models import CompanyHoliday, DutyAssignment, WorkingHours
from aftersales.customers.models import Customer
from aftersales.factories import CustomerFactory, UserFactory

pytestmark = pytest.mark.django_db

COMPANY = "蓉城家电售后服务有限公司"


def _day_class(page: str, day: str) -> str:
    match = re.search(rf'class="cal-day([^"]*)" data-date="{day}"', page)
    assert match, day
    return match[1]


def test_the_year_shows_which_days_are_worked(client, agent_a, branch_a):
    CompanyHoliday.objects.create(date=dt.date(2026, 3, 2), name="公司年会")
    client.force_login(agent_a)
    page = client.get(reverse("calendars:branch", args=[branch_a.pk]), {"year": 2026})
    body = page.content.decode()
    assert page.status_code == 200
    assert "cal-holiday" in _day_class(body, "2026-02-17")  # Spring Festival
    assert "cal-makeup" in _day_class(body, "2026-02-14")  # its make-up Saturday
    assert "cal-rest" in _day_class(body, "2026-03-07")
    assert "cal-work" in _day_class(body, "2026-03-09")
    assert "cal-company-off" in _day_class(body, "2026-03-02")
    assert "公司年会" in body and "春节" in body
    assert "08:30–12:00, 13:30–18:00" in body
    assert "247 个工作日" in body  # 248 official, less the company holiday
    assert "编辑工作时间" not in body  # an agent reads only


def test_2027_is_shown_unknown_with_the_way_out(client, supervisor_a, branch_a, settings):
    settings.AFTERSALES = {**settings.AFTERSALES, "UNKNOWN_YEAR_CALENDAR": "refuse"}
    client.force_login(supervisor_a)
    body = client.get(reverse("calendars:branch", args=[branch_a.pk]), {"year": 2027})
    body = body.content.decode()
    assert 'id="year-unknown"' in body
    assert "尚无 2027 年的法定节假日安排" in body
    assert "录入为公司假日" in body
    assert "cal-unknown" in _day_class(body, "2027-03-09")
    assert reverse("calendars:days") + "?year=2027" in body


def test_2027_counts_weekdays_by_default_and_says_so(client, supervisor_a, branch_a):
    client.force_login(supervisor_a)
    body = client.get(reverse("calendars:branch", args=[branch_a.pk]), {"year": 2027})
    body = body.content.decode()
    assert 'id="year-unknown"' in body
    assert "cal-work" in _day_class(body, "2027-03-09")
    assert "周一至周五" in body


def test_another_branchs_calendar_does_not_exist(client, outsider_b, branch_a):
    client.force_login(outsider_b)
    assert client.get(reverse("calendars:branch", args=[branch_a.pk])).status_code == 404
    assert client.get(reverse("calendars:hours_edit", args=[branch_a.pk])).status_code == 403


def test_a_supervisor_edits_his_branchs_hours(client, supervisor_a, branch_a):
    client.force_login(supervisor_a)
    url = reverse("calendars:hours_edit", args=[branch_a.pk])
    form = client.get(url).content.decode()
    assert 'value="08:30"' in form and 'value="13:30"' in form  # the default, to start from

    overlap = client.post(
        url, {"starts_1": "08:00", "ends_1": "12:00", "starts_2": "11:00", "ends_2": "18:00"}
    )
    assert overlap.status_code == 400 and "重叠" in overlap.content.decode()
    half = client.post(url, {"starts_1": "08:00"})
    assert half.status_code == 400
    assert not WorkingHours.objects.exists()

    done = client.post(
        url, {"starts_1": "09:00", "ends_1": "12:00", "starts_2": "13:00", "ends_2": "17:30"}
    )
    assert done.status_code == 302
    assert list(WorkingHours.objects.values_list("starts", "ends")) == [
        (dt.time(9), dt.time(12)),
        (dt.time(13), dt.time(17, 30)),
    ]
    assert client.post(url, {}).status_code == 302  # all rows empty: the default again
    assert not WorkingHours.objects.exists()


def test_head_office_enters_2027s_days_and_a_branch_its_own(
    client, manager_hq, supervisor_a, branch_a
):
    client.force_login(manager_hq)
    add = reverse("calendars:day_add")
    response = client.post(add, {"date": "2027-01-01", "kind": "holiday", "name": "元旦"})
    assert response.status_code == 302
    assert response["Location"] == reverse("calendars:days") + "?year=2027"
    page = client.get(response["Location"]).content.decode()
    assert "元旦" in page and "全部服务中心" in page
    again = client.post(add, {"date": "2027-01-01", "kind": "holiday", "name": "元旦"})
    assert again.status_code == 400 and "已录入" in again.content.decode()

    client.force_login(supervisor_a)
    page = client.get(reverse("calendars:days"), {"year": 2027}).content.decode()
    assert "元旦" in page and 'id="year-unknown"' in page
    entry = CompanyHoliday.objects.get(name="元旦")
    assert reverse("calendars:day_remove", args=[entry.pk]) not in page  # head office's
    own = client.post(
        add, {"date": "2026-12-31", "kind": "holiday", "name": "盘点", "branch": branch_a.pk}
    )
    assert own.status_code == 302
    mine = CompanyHoliday.objects.get(name="盘点")
    assert mine.branch == branch_a
    assert client.post(reverse("calendars:day_remove", args=[mine.pk])).status_code == 302
    assert not CompanyHoliday.objects.filter(pk=mine.pk).exists()


@pytest.fixture
def roster(supervisor_a, technician_a, branch_a):
    site = CustomerFactory(name="国贸大厦", tier=Customer.Tier.KEY, branch=branch_a)
    duty = DutyAssignment.objects.create(
        branch=branch_a,
        site=site,
        date=dt.date(2026, 2, 17),
        technician=technician_a,
        starts=dt.time(20),
        ends=dt.time(8),
        phone=technician_a.phone,
        note="现场值守",
        created_by=supervisor_a,
        created_at=dt.datetime(2026, 2, 1, tzinfo=dt.UTC),
    )
    return site, duty


def test_the_roster_lists_the_spring_festival_day_by_day(client, supervisor_a, roster):
    site, duty = roster
    client.force_login(supervisor_a)
    page = client.get(reverse("calendars:roster"), {"year": 2026, "period": "2026-02-15"})
    body = page.content.decode()
    assert page.status_code == 200
    assert "春节" in body and "国庆节" in body  # the year's breaks to choose from
    assert "2026-02-15 – 2026-02-23" in body
    for day in ("2026-02-15", "2026-02-17", "2026-02-23"):
        assert day in body
    assert "国贸大厦" in body and "现场值守" in body and "（次日）" in body
    assert body.count("无人值班") == 8  # the other eight days of the break
    assert 'id="assign"' in body


def test_the_roster_prints_with_the_company_name(client, agent_a, roster, settings):
    settings.AFTERSALES = {**settings.AFTERSALES, "COMPANY_NAME": COMPANY}
    client.force_login(agent_a)
    page = client.get(reverse("calendars:roster_print"), {"year": 2026, "period": "2026-02-17"})
    body = page.content.decode()
    assert COMPANY in body and "节假日值班表" in body and "国贸大厦" in body
    assert "2026-02-15 – 2026-02-23" in body


def test_a_supervisor_puts_someone_on_duty_from_the_roster(
    client, supervisor_a, technician_a, branch_a
):
    site = CustomerFactory(name="国贸大厦", tier=Customer.Tier.KEY, branch=branch_a)
    client.force_login(supervisor_a)
    url = reverse("calendars:duty_assign") + "?year=2026&period=2026-10-01"
    body = {
        "date": "2026-10-01",
        "technician": technician_a.pk,
        "site": site.pk,
        "starts": "08:30",
        "ends": "17:30",
    }
    response = client.post(url, body)
    assert response.status_code == 302
    duty = DutyAssignment.objects.get()
    assert (duty.site, duty.date, duty.phone) == (site, dt.date(2026, 10, 1), technician_a.phone)
    again = client.post(url, body)
    assert again.status_code == 400 and "已安排" in again.content.decode()
    page = client.get(response["Location"]).content.decode()
    assert "国庆节" in page and "国贸大厦" in page
    remove = client.post(reverse("calendars:duty_remove", args=[duty.pk]))
    assert remove.status_code == 302 and not DutyAssignment.objects.exists()


def test_2027s_roster_says_the_holidays_are_not_known(client, supervisor_a):
    client.force_login(supervisor_a)
    body = client.get(reverse("calendars:roster"), {"year": 2027}).content.decode()
    assert 'id="year-unknown"' in body


def test_an_agent_reads_the_roster_but_may_not_plan_it(client, agent_a, roster, branch_b):
    _site, duty = roster
    client.force_login(agent_a)
    body = client.get(reverse("calendars:roster"), {"period": "2026-02-17"}).content.decode()
    assert "国贸大厦" in body and 'id="assign"' not in body
    assert client.post(reverse("calendars:duty_remove", args=[duty.pk])).status_code == 403
    outsider = UserFactory(username="sup_b", role=Role.SUPERVISOR, branch=branch_b)
    client.force_login(outsider)
    body = client.get(reverse("calendars:roster"), {"period": "2026-02-17"}).content.decode()
    assert "国贸大厦" not in body
    assert client.post(reverse("calendars:duty_remove", args=[duty.pk])).status_code == 404
