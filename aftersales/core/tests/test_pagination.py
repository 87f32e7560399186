"""Every paginated list, page after page, shows each of the user's rows exactly once: no row lost
or repeated between pages, none of another branch. Pages are made small so that a few rows fill
several of them.
"""

from collections.abc import Callable

import pytest
from django.conf import settings
from django.db.models import QuerySet
from django.test import override_settings
from django.urls import reverse

from aftersales.accounts.models import Role
from aftersales.customers.models import Customer, Outlet, ProductModel, Unit
from aftersales.dispatch.models import Technician
from aftersales.intake.models import ServiceCall
from aftersales.workorders.models import WorkOrder

from .scene import Scene
from .test_api_client import ApiClient
from .test_query_counts import grow

SIZE = 3

# Each list, and the rows a supervisor of branch A must find in it.
Expected = Callable[[Scene], QuerySet]
PAGES: dict[str, Expected] = {
    "customers:list": lambda scene: Customer.objects.filter(branch=scene.a.branch),
    "customers:units": lambda scene: Unit.objects.filter(customer__branch=scene.a.branch),
    "customers:models": lambda scene: ProductModel.objects.all(),
    "customers:outlets": lambda scene: Outlet.objects.filter(branch=scene.a.branch),
    "dispatch:technicians": lambda scene: Technician.objects.filter(branch=scene.a.branch),
    "intake:list": lambda scene: ServiceCall.objects.filter(branch=scene.a.branch),
    "workorders:list": lambda scene: WorkOrder.objects.filter(branch=scene.a.branch),
}
ENDPOINTS: dict[str, Expected] = {
    "/customers": PAGES["customers:list"],
    "/units": PAGES["customers:units"],
    "/product-models": PAGES["customers:models"],
    "/outlets": PAGES["customers:outlets"],
    "/technicians": PAGES["dispatch:technicians"],
    "/calls": PAGES["intake:list"],
    "/work-orders": PAGES["workorders:list"],
}


@pytest.fixture
def rows(scene: Scene) -> Scene:
    grow(scene, SIZE)
    return scene


def _ids(qs: QuerySet) -> list[int]:
    return sorted(qs.values_list("pk", flat=True))


def _page_rows(response) -> tuple[list[int], bool]:
    context = response.context
    if "orders" in context:  # the work-order list pages without counting
        return [order.pk for order in context["orders"]], context["has_next"]
    page = context["page"]
    return [row.pk for row in page.object_list], page.has_next()


@pytest.mark.parametrize("name", list(PAGES))
def test_each_page_list_shows_every_row_once(rows, client, name):
    scene = rows
    expected = _ids(PAGES[name](scene))
    assert len(expected) > SIZE  # several pages
    client.force_login(scene.users[Role.SUPERVISOR])
    seen: list[int] = []
    with override_settings(AFTERSALES={**settings.AFTERSALES, "PAGE_SIZE": SIZE}):
        for number in range(1, len(expected) + 2):
            response = client.get(reverse(name), {"page": number})
            assert response.status_code == 200
            page_rows, has_next = _page_rows(response)
            assert 0 < len(page_rows) <= SIZE
            seen += page_rows
            if not has_next:
                break
        assert client.get(reverse(name), {"page": "x"}).status_code == 200
    assert sorted(seen) == expected


@pytest.mark.parametrize("path", list(ENDPOINTS))
def test_each_api_list_pages_by_limit_and_offset(rows, path):
    scene = rows
    expected = _ids(ENDPOINTS[path](scene))
    api = ApiClient(scene.users[Role.SUPERVISOR])
    seen: list[int] = []
    for offset in range(0, len(expected) + SIZE, SIZE):
        answer = api.get(path, limit=SIZE, offset=offset).json()
        assert answer["count"] == len(expected)
        seen += [item["id"] for item in answer["items"]]
    assert sorted(seen) == expected
    assert api.get(path, limit=0).status_code == 422
    assert api.get(path, limit=201).status_code == 422
    assert api.get(path, offset=-1).status_code == 422
