"""The quarterly maintenance report per customer (每季提交书面维护工作报告, 000 篇9 4.1.5): the
visits done in the quarter in Shanghai time, their readings, the findings and the repairs opened;
as a printable page and as JSON."""

import datetime as dt
from pathlib import Path

import pytest
from django.contrib.staticfiles import finders
from django.urls import reverse

from aftersales.core.tests.test_api_client import ApiClient
from aftersales.maintenance import services
from aftersales.maintenance.selectors import quarterly_report
from aftersales.workorders.models import WorkOrder

from .conftest import at, normal

D = dt.date


@pytest.fixture
def second_quarter(schedule_a, supervisor_a, record, readings):
    """March's visit recorded at 23:59 on 31 March (the first quarter), April's at 00:00 on
    1 April, May's with the inlet pressure out of range; June's still planned."""
    visits = {
        v.planned_on.month: v
        for v in services.visit_plan(
            by=supervisor_a,
            now=at(2026, 5, 12, 10),
            schedule=schedule_a,
            start=D(2026, 3, 1),
            until=D(2026, 5, 31),
        )
    }
    record(visits[3], now=at(2026, 3, 31, 23, 59), readings=normal(readings))
    record(visits[4], now=at(2026, 4, 1, 0, 0), readings=normal(readings))
    record(
        visits[5],
        now=at(2026, 5, 6, 15),
        readings=readings(
            进口压力={"value": "3.4"}, 出口压力={"value": "2.0"}, 泄漏检测={"ok": True}
        ),
    )
    return visits


def test_the_report_holds_the_quarters_visits_findings_and_repairs(second_quarter, customer_a):
    report = quarterly_report(customer_a, year=2026, quarter=2)

    assert [v.planned_on for v in report.done] == [D(2026, 4, 5), D(2026, 5, 5)]
    assert [v.planned_on for v in report.not_done] == [D(2026, 6, 5)]
    assert report.cancelled == []
    assert report.planned_count == 3 and report.abnormal_count == 1
    assert [(r.item.label, r.shown) for r in report.findings] == [("进口压力", "3.4 kPa")]
    assert report.work_orders == [WorkOrder.objects.get()]
    assert len(report.done[0].readings.all()) == 3

    first = quarterly_report(customer_a, year=2026, quarter=1)
    assert [v.planned_on for v in first.done] == [D(2026, 3, 5)]  # recorded at 23:59 on 31 March
    assert [v.planned_on for v in first.not_done] == []


def test_the_printable_report_shows_readings_findings_and_signature_boxes(
    second_quarter, customer_a, client, supervisor_a
):
    client.force_login(supervisor_a)
    response = client.get(reverse("maintenance:report", args=[customer_a.pk, 2026, 2]))

    assert response.status_code == 200
    body = response.content.decode()
    order = WorkOrder.objects.get()
    assert customer_a.name in body
    assert "2026-04-01 – 2026-06-30" in body
    assert "3.4 kPa" in body and "2.0–3.0 kPa" in body
    assert order.number in body
    assert "maintenance/report.css" in body  # the print stylesheet
    css = finders.find("maintenance/report.css")
    assert "@media print" in Path(css).read_text(encoding="utf-8")
    assert body.count('class="s-sign"') == 2
    # The current quarter without naming it; another quarter through the links.
    assert client.get(reverse("maintenance:report", args=[customer_a.pk])).status_code == 200
    assert (
        client.get(reverse("maintenance:report", args=[customer_a.pk, 2026, 5])).status_code == 404
    )


def test_another_branch_does_not_find_the_customers_report(
    second_quarter, customer_a, client, supervisor_b
):
    client.force_login(supervisor_b)
    assert (
        client.get(reverse("maintenance:report", args=[customer_a.pk, 2026, 2])).status_code == 404
    )
    api = ApiClient(supervisor_b)
    assert api.get(f"/maintenance/reports/{customer_a.pk}", year=2026, quarter=2).status_code == 404


def test_the_report_as_json(second_quarter, customer_a, supervisor_a):
    api = ApiClient(supervisor_a)
    response = api.get(f"/maintenance/reports/{customer_a.pk}", year=2026, quarter=2)

    assert response.status_code == 200, response.json()
    data = response.json()
    assert (data["year"], data["quarter"], data["first"], data["last"]) == (
        2026,
        2,
        "2026-04-01",
        "2026-06-30",
    )
    assert [v["planned_on"] for v in data["done"]] == ["2026-04-05", "2026-05-05"]
    assert [v["planned_on"] for v in data["not_done"]] == ["2026-06-05"]
    assert data["planned"] == 3 and data["findings"] == 1
    abnormal = data["done"][1]
    assert abnormal["abnormal"] is True
    out = [r for r in abnormal["readings"] if not r["in_range"]]
    assert [(r["label"], r["value"], r["unit"]) for r in out] == [("进口压力", "3.400", "kPa")]
    assert data["work_orders"][0]["number"] == WorkOrder.objects.get().number
    assert api.get(f"/maintenance/reports/{customer_a.pk}", quarter=7).status_code == 422
