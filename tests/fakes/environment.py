"""A fixture for test folders whose commands read `.env` files into the environment (as
they do for users): the environment is put back after each test, or keys would leak into
later tests on the worker."""
from __future__ import annotations

import os

import pytest


@pytest.fixture(autouse=True)
def restore_environment():
    saved = dict(os.environ)
    yield
    os.environ.clear()
    os.environ.update(saved)
