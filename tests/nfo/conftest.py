"""Shared fixtures: a scanned copy of the demo library, and the shared NFO corpus."""
from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from movievault_build.scan import pipeline
from movievault_build.settings import ScanSettings

REPO = Path(__file__).resolve().parents[2]
SHARED = Path(os.environ.get("MOVIEVAULT_SHARED") or REPO / ".." / "shared")
CORPUS = SHARED / "corpus" / "nfo"


def corpus_files() -> list[Path]:
    return sorted(CORPUS.glob("*.nfo")) if CORPUS.is_dir() else []


@pytest.fixture(scope="session")
def demo_template(tmp_path_factory) -> Path:
    """The demo library scanned once; tests get their own copy (a scan takes seconds)."""
    base = tmp_path_factory.mktemp("demo")
    shutil.copytree(REPO / "demo" / "library", base / "library")
    pipeline.scan(ScanSettings(roots=(base / "library",), content_dir=base / "content",
                               copy_artwork=False))
    return base


@pytest.fixture()
def demo(tmp_path: Path, demo_template: Path) -> ScanSettings:
    """A private copy of the scanned demo library and its content dir. The root keeps
    its name (`library`), so the content files' `library:` labels still match."""
    shutil.copytree(demo_template, tmp_path / "demo")
    return ScanSettings(roots=(tmp_path / "demo" / "library",), content_dir=tmp_path / "demo" / "content",
                        copy_artwork=False)
