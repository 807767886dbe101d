"""The worked examples in the docstrings of the curation and operations modules hold."""
from __future__ import annotations

import doctest
import importlib

import pytest


@pytest.mark.parametrize("name", [
    "movievault_build.enrich.identity", "movievault_build.store.changes", "movievault_build.profiles",
    "movievault_build.scan.estimate", "movievault_build.update_check", "movievault_build.providers.http",
])
def test_docstring_examples(name):
    result = doctest.testmod(importlib.import_module(name))
    assert result.failed == 0 and result.attempted > 0
