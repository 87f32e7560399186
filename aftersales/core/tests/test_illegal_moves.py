"""An illegal move is refused with a clear message and changes nothing, through every API
endpoint and every action form (the moves from each state are tried on the services in
workorders/tests/test_states.py). A closed order can be moved by nothing.
"""

import base64
import datetime as dt
import io

import pytest
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from aftersales.workorders.models import State
from aftersales.workorders.states import ACTIONS
from aftersales.workorders.views import HANDLERS

from .scene import Scene, footprint
from .test_api_client import ApiClient, error_fields
from .test_permissions_api import OPS

pytestmark = pytest.mark.usefixtures("quiet_request_log")


@pytest.fixture
def closed(scene: Scene):
    return scene.a.flow.reach(State.CLOSED)


# The endpoints of the state machine's actions (states.ACTIONS).
API_MOVES = {action.replace("_", "-") for action in ACTIONS} | {"requests", "photos"}

MOVES = sorted(
    (method, path)
    for method, path in OPS
    if method == "POST" and path.removeprefix("/work-orders/{order_id}/") in API_MOVES
)


def test_every_move_of_the_api_is_refused_on_a_closed_order(scene, closed):
    # One endpoint per action; the failed check goes through "check" with passed: false.
    assert len(MOVES) == len(ACTIONS) - 1
    api = ApiClient(scene.manager_hq)  # who may do every move
    before = footprint()
    for method, path in MOVES:
        response = api.post(path.format(order_id=closed.pk), OPS[method, path].body(scene, scene.a))

        assert response.status_code == 400, (path, response.json())
        answer = response.json()
        assert answer["code"] == "illegal_transition", path
        assert error_fields(response) == ["state"]
        assert answer["detail"].startswith("A work order that is “Closed” cannot be moved by “")
    assert footprint() == before
    closed.refresh_from_db()
    assert closed.state == State.CLOSED


def _photo() -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (32, 24), "red").save(buffer, format="JPEG")
    return SimpleUploadedFile("fault.jpg", buffer.getvalue(), content_type="image/jpeg")


def _form_data(scene: Scene, action: str) -> dict:
    """What a user fills in: valid in itself, so that only the state refuses it."""
    start = timezone.localtime() + dt.timedelta(days=1)
    window = {
        "start": start.strftime("%Y-%m-%dT09:00"),
        "end": start.strftime("%Y-%m-%dT11:00"),
    }
    signature = "data:image/png;base64," + base64.b64encode(scene.a.flow.signature_png).decode()
    return {
        "dispatch": {"technician": scene.a.technician.pk},
        "reassign": {"technician": scene.a.other_technician.pk, "reason": "客户要求换人"},
        "schedule": window,
        "rebook": {**window, "reason": "客户不在家"},
        "hand_back": {"customer_wishes": "下周再约"},
        "arrive": {},
        "complete": {"service_report": "好了", "signer_name": "张伟", "signature": signature},
        "carry_back": {"items": "室内机"},
        "record_repair": {"work_done": "换电容", "hours": "1", "parts_replaced": ""},
        "check": {"passed": "1", "note": ""},
        "return_unit": {"signer_name": "张伟", "signature": signature, "service_report": ""},
        "close": {"note": ""},
        "cancel": {"reason": "客户取消"},
        "request": {"kind": "escalation", "reason": "需要支援"},
        "add_photo": {"kind": "fault", "image": _photo()},
    }[action]


def test_every_action_form_is_refused_on_a_closed_order_with_the_reason(scene, closed, client):
    client.force_login(scene.manager_hq)
    before = footprint()
    for action in sorted(HANDLERS):
        response = client.post(
            reverse("workorders:action", args=[closed.pk, action]),
            _form_data(scene, action),
            HTTP_ACCEPT_LANGUAGE="en",
        )

        assert response.status_code == 400, action
        told = [str(m) for m in get_messages(response.wsgi_request)]
        assert len(told) == 1 and "“Closed” cannot be moved by" in told[0], (action, told)
        assert told[0] in response.content.decode()
    assert footprint() == before
