import os

import pytest

from tests.fakes.conftest_fixtures import *  # noqa: F401,F403


@pytest.fixture(autouse=True)
def restore_environment():
    """Commands here read `.env` files into the environment (as they do for users): put it
    back, or keys would leak into later tests on this worker."""
    saved = dict(os.environ)
    yield
    os.environ.clear()
    os.environ.update(saved)
