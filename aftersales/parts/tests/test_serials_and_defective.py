"""Serialised parts record the serial of every new piece, and no piece is fitted twice; the unit's
service file lists the parts fitted with their serials. Defective stock leaves by going back to
the manufacturer (返厂) or by scrap; good stock is never sent back."""

from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import translation

from aftersales.core.tests.test_api_client import ApiClient
from aftersales.parts import services
from aftersales.parts.models import Condition, StockDocument
from aftersales.parts.services import LineIn
from aftersales.workorders.models import State

from .test_services_stock import qty, refused

G, D = Condition.GOOD, Condition.DEFECTIVE


@pytest.fixture(autouse=True)
def in_english():
    with translation.override("en"):
        yield


# Serial numbers --------------------------------------------------------------------------------


def test_several_pieces_are_issued_one_line_each_with_its_serial(
    flow, warehouse_a, stocked, board, now
):
    order = flow.reach(State.ON_SITE)
    document = services.stock_issue_to_order(
        by=warehouse_a,
        now=now,
        warehouse=stocked,
        order=order,
        lines=[LineIn(part=board, quantity=2, serial_number="PCB-001，PCB-002")],
    )
    assert list(document.lines.values_list("quantity", "serial_number")) == [
        (1, "PCB-001"),
        (1, "PCB-002"),
    ]
    assert qty(stocked, board) == 0


def test_the_same_serial_cannot_be_issued_twice(flow, warehouse_a, stocked, board, now):
    services.stock_issue_to_order(
        by=warehouse_a,
        now=now,
        warehouse=stocked,
        order=flow.reach(State.ON_SITE),
        lines=[LineIn(part=board, quantity=1, serial_number="PCB-001")],
    )
    other = flow.reach(State.ON_SITE)
    error = refused(
        lambda: services.stock_issue_to_order(
            by=warehouse_a,
            now=now,
            warehouse=stocked,
            order=other,
            lines=[LineIn(part=board, quantity=1, serial_number="PCB-001")],
        ),
        "Serial number PCB-001 of PCB-KFR35 室内机主板 has already been issued",
    )
    assert error.code == "serial_already_issued" and error.field == "serial_number"
    assert qty(stocked, board) == 1


def test_the_same_serial_twice_on_one_document_is_refused(flow, warehouse_a, stocked, board, now):
    order = flow.reach(State.ON_SITE)
    refused(
        lambda: services.stock_issue_to_order(
            by=warehouse_a,
            now=now,
            warehouse=stocked,
            order=order,
            lines=[LineIn(part=board, quantity=2, serial_number="PCB-7 PCB-7")],
        ),
        "already been issued",
    )


def test_the_database_refuses_a_serial_issued_twice_whatever_the_code_does(
    flow, warehouse_a, stocked, board, now
):
    from django.db import IntegrityError, transaction

    from aftersales.parts.models import StockDocumentLine

    document = services.stock_issue_to_order(
        by=warehouse_a,
        now=now,
        warehouse=stocked,
        order=flow.reach(State.ON_SITE),
        lines=[LineIn(part=board, quantity=1, serial_number="PCB-001")],
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        StockDocumentLine.objects.create(
            document=document,
            part=board,
            quantity=1,
            serial_number="PCB-001",
            unit_cost=Decimal("210"),
            is_issue=True,
        )


def test_an_old_part_may_come_back_with_the_serial_it_went_out_with(
    flow, warehouse_a, stocked, board, now
):
    """The serial rule is about fitting: receipts and returns may repeat a serial."""
    order = flow.reach(State.ON_SITE)
    services.stock_issue_to_order(
        by=warehouse_a,
        now=now,
        warehouse=stocked,
        order=order,
        lines=[LineIn(part=board, quantity=1, serial_number="PCB-001")],
    )
    services.stock_return_old_part(
        by=warehouse_a,
        now=now,
        warehouse=stocked,
        order=order,
        lines=[LineIn(part=board, quantity=1, serial_number="PCB-001")],
    )
    assert qty(stocked, board, D) == 1


def test_the_units_service_file_shows_the_parts_fitted_with_their_serials(
    client, flow, warehouse_a, stocked, board, capacitor, now, outsider_b
):
    order = flow.reach(State.ON_SITE)
    services.stock_issue_to_order(
        by=warehouse_a,
        now=now,
        warehouse=stocked,
        order=order,
        lines=[
            LineIn(part=board, quantity=1, serial_number="PCB-NEW-9"),
            LineIn(part=capacitor, quantity=1),
        ],
    )
    client.force_login(warehouse_a)
    page = client.get(reverse("customers:unit_detail", args=[flow.unit.pk])).content.decode()
    assert reverse("parts:unit_parts", args=[flow.unit.pk]) in page  # loaded into the file
    body = client.get(reverse("parts:unit_parts", args=[flow.unit.pk])).content.decode()
    assert "PCB-NEW-9" in body and "PCB-KFR35" in body and order.number in body
    assert "CAP-35UF" in body
    client.force_login(outsider_b)
    assert client.get(reverse("parts:unit_parts", args=[flow.unit.pk])).status_code == 404


def test_the_issue_form_tells_a_missing_serial(client, flow, warehouse_a, stocked, board):
    order = flow.reach(State.ON_SITE)
    client.force_login(warehouse_a)
    data = {
        "from_warehouse": stocked.pk,
        "work_order": order.number,
        "lines-TOTAL_FORMS": "1",
        "lines-INITIAL_FORMS": "0",
        "lines-0-part": board.pk,
        "lines-0-quantity": "2",
        "lines-0-serial_number": "PCB-1",
    }
    response = client.post(reverse("parts:issue"), data, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    assert "one serial number per piece" in response.content.decode()
    assert not StockDocument.objects.filter(kind=StockDocument.Kind.ISSUE).exists()
    data["lines-0-serial_number"] = "PCB-1, PCB-2"
    response = client.post(reverse("parts:issue"), data)
    assert response.status_code == 302
    assert StockDocument.objects.get(kind=StockDocument.Kind.ISSUE).lines.count() == 2


# Defective stock leaves ------------------------------------------------------------------------


@pytest.fixture
def old_parts(flow, warehouse_a, stocked, capacitor, now):
    """Three old capacitors in branch A's defective stock, taken back for three new ones."""
    order = flow.reach(State.ON_SITE)
    services.stock_issue_to_order(
        by=warehouse_a,
        now=now,
        warehouse=stocked,
        order=order,
        lines=[LineIn(part=capacitor, quantity=3)],
    )
    services.stock_return_old_part(
        by=warehouse_a,
        now=now,
        warehouse=stocked,
        order=order,
        lines=[LineIn(part=capacitor, quantity=3)],
    )
    return stocked


def test_defective_parts_go_back_to_the_manufacturer_with_a_reference(
    warehouse_a, old_parts, capacitor, now
):
    document = services.stock_return_to_manufacturer(
        by=warehouse_a,
        now=now,
        warehouse=old_parts,
        manufacturer="格力",
        reference="RMA-2611-0042",
        lines=[LineIn(part=capacitor, quantity=2)],
    )
    assert document.kind == StockDocument.Kind.MANUFACTURER_RETURN
    assert (document.manufacturer, document.reference) == ("格力", "RMA-2611-0042")
    assert document.from_warehouse == old_parts and document.lines.get().condition == D
    assert (qty(old_parts, capacitor, D), qty(old_parts, capacitor, G)) == (1, 7)


def test_good_stock_is_never_sent_back_to_the_manufacturer(warehouse_a, old_parts, capacitor, now):
    error = refused(
        lambda: services.stock_return_to_manufacturer(
            by=warehouse_a,
            now=now,
            warehouse=old_parts,
            manufacturer="格力",
            reference="RMA-1",
            lines=[LineIn(part=capacitor, quantity=1, condition=G)],
        ),
        "Only defective parts",
    )
    assert error.code == "good_stock_to_manufacturer"


def test_more_than_the_defective_stock_is_not_sent_back(warehouse_a, old_parts, capacitor, now):
    error = refused(
        lambda: services.stock_return_to_manufacturer(
            by=warehouse_a,
            now=now,
            warehouse=old_parts,
            manufacturer="格力",
            reference="RMA-1",
            lines=[LineIn(part=capacitor, quantity=4)],
        ),
        r"has only 3 of CAP-35UF 压缩机启动电容 35μF \(Defective\)",
    )
    assert error.code == "out_of_stock"


@pytest.mark.parametrize(
    ("field", "values"), [("manufacturer", ("", "R1")), ("reference", ("格力", ""))]
)
def test_the_manufacturer_and_the_reference_are_required(
    warehouse_a, old_parts, capacitor, now, field, values
):
    error = refused(
        lambda: services.stock_return_to_manufacturer(
            by=warehouse_a,
            now=now,
            warehouse=old_parts,
            manufacturer=values[0],
            reference=values[1],
            lines=[LineIn(part=capacitor, quantity=1)],
        ),
        "is required",
    )
    assert error.field == field


def test_a_technician_cannot_send_parts_back(technician_a, van_a, capacitor, now):
    from aftersales.core.exceptions import Forbidden

    with pytest.raises(Forbidden):
        services.stock_return_to_manufacturer(
            by=technician_a.user,
            now=now,
            warehouse=van_a,
            manufacturer="格力",
            reference="R1",
            lines=[LineIn(part=capacitor, quantity=1)],
        )


def test_defective_stock_is_scrapped_by_default(warehouse_a, old_parts, capacitor, now):
    document = services.stock_scrap(
        by=warehouse_a,
        now=now,
        warehouse=old_parts,
        note="厂家不予回收",
        lines=[LineIn(part=capacitor, quantity=3)],
    )
    assert document.lines.get().condition == D
    assert (qty(old_parts, capacitor, D), qty(old_parts, capacitor, G)) == (0, 7)


def test_the_page_sends_defective_parts_back(client, warehouse_a, old_parts, capacitor):
    client.force_login(warehouse_a)
    page = client.get(reverse("parts:manufacturer_return"))
    assert page.status_code == 200 and 'name="reference"' in page.content.decode()
    response = client.post(
        reverse("parts:manufacturer_return"),
        {
            "from_warehouse": old_parts.pk,
            "manufacturer": "格力",
            "reference": "RMA-9",
            "lines-TOTAL_FORMS": "1",
            "lines-INITIAL_FORMS": "0",
            "lines-0-part": capacitor.pk,
            "lines-0-quantity": "3",
        },
    )
    document = StockDocument.objects.get(kind=StockDocument.Kind.MANUFACTURER_RETURN)
    assert response.status_code == 302
    assert response["Location"] == reverse("parts:document_detail", args=[document.pk])
    detail = client.get(response["Location"]).content.decode()
    assert "RMA-9" in detail and "格力" in detail
    assert qty(old_parts, capacitor, D) == 0


def test_the_api_sends_defective_parts_back_and_refuses_good_stock(
    warehouse_a, old_parts, capacitor
):
    api = ApiClient(warehouse_a)
    body = {
        "kind": "manufacturer_return",
        "from_warehouse": old_parts.pk,
        "manufacturer": "格力",
        "reference": "RMA-10",
        "lines": [{"part": capacitor.pk, "quantity": 1}],
    }
    created = api.post("/stock-documents", body)
    assert created.status_code == 201
    assert (created.json()["manufacturer"], created.json()["reference"]) == ("格力", "RMA-10")
    refused_good = api.post(
        "/stock-documents",
        {**body, "lines": [{"part": capacitor.pk, "quantity": 1, "condition": "good"}]},
    )
    assert refused_good.status_code == 400
    assert refused_good.json()["code"] == "good_stock_to_manufacturer"
