"""Shared by the hostile-input suite: small projects to attack, and checks that nothing
outside where it belongs was written."""
from __future__ import annotations

import os
from pathlib import Path

import pytest


def snapshot(folder: Path) -> dict[str, bytes | str]:
    """Every entry under `folder`: a file's bytes, or what else it is (links not followed)."""
    out: dict[str, bytes | str] = {}
    for dirpath, dirs, names in os.walk(folder):
        for name in dirs + names:
            path = Path(dirpath) / name
            rel = path.relative_to(folder).as_posix()
            if path.is_symlink():
                out[rel] = f"link -> {os.readlink(path)}"
            elif path.is_file():
                out[rel] = path.read_bytes()
            else:
                out[rel] = "folder" if path.is_dir() else "special"
    return out


def one_line(text: str) -> bool:
    """A message is one line and no traceback."""
    return "Traceback" not in text and len(text.strip().splitlines()) == 1


@pytest.fixture
def outside(tmp_path) -> Path:
    """A folder beside the project that nothing may write into."""
    folder = tmp_path / "outside"
    folder.mkdir()
    (folder / "secret.txt").write_text("keep me\n")
    return folder
