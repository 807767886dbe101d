"""Fixtures: the demo library scanned once into a content dir, and copies to edit."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from movievault_build.scan import pipeline
from movievault_build.settings import ScanSettings
from movievault_build.store.library import load_movies

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="session")
def demo_content(tmp_path_factory) -> Path:
    """content/ made by scanning demo/library (read-only: copy before editing)."""
    content = tmp_path_factory.mktemp("demo") / "content"
    pipeline.scan(ScanSettings(roots=(REPO / "demo" / "library",), content_dir=content))
    return content


@pytest.fixture
def content(demo_content, tmp_path) -> Path:
    """A private, editable copy of the demo content."""
    target = tmp_path / "content"
    shutil.copytree(demo_content, target)
    return target


@pytest.fixture(scope="session")
def demo_movies(demo_content):
    movies, problems = load_movies(demo_content)
    assert not problems
    return movies
