import logging

import pytest

from .scene import Scene, build_scene


@pytest.fixture
def scene(db, now) -> Scene:
    return build_scene(now)


@pytest.fixture
def quiet_request_log():
    """Tests that are refused hundreds of times on purpose need no warning logged for each."""
    logger = logging.getLogger("django.request")
    level = logger.level
    logger.setLevel(logging.ERROR)
    yield
    logger.setLevel(level)
