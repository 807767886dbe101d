"""Atomic writes: all or nothing, readable like any file, existing modes kept."""
from __future__ import annotations

import os
import stat

import pytest

from movievault_build.fsutil import atomic_write_bytes, write_if_changed


def test_new_files_get_umask_permissions_not_owner_only(tmp_path):
    old = os.umask(0o022)
    try:
        atomic_write_bytes(tmp_path / "a.md", b"x")
    finally:
        os.umask(old)
    assert stat.S_IMODE((tmp_path / "a.md").stat().st_mode) == 0o644


def test_existing_mode_is_kept(tmp_path):
    p = tmp_path / "b.md"
    p.write_bytes(b"old")
    p.chmod(0o640)
    atomic_write_bytes(p, b"new")
    assert p.read_bytes() == b"new" and stat.S_IMODE(p.stat().st_mode) == 0o640


def test_failed_write_leaves_the_old_file_and_no_temp(tmp_path, monkeypatch):
    p = tmp_path / "c.md"
    p.write_bytes(b"old")

    def crash(src, dst):   # the process dies between writing the temp file and the rename
        raise OSError("simulated crash")

    monkeypatch.setattr(os, "replace", crash)
    with pytest.raises(OSError, match="simulated crash"):
        atomic_write_bytes(p, b"new")
    assert p.read_bytes() == b"old"
    assert [x.name for x in tmp_path.iterdir()] == ["c.md"]


def test_write_if_changed_keeps_mtime_for_equal_bytes(tmp_path):
    p = tmp_path / "d.md"
    assert write_if_changed(p, b"same") is True
    os.utime(p, (1_000_000, 1_000_000))
    assert write_if_changed(p, b"same") is False and p.stat().st_mtime == 1_000_000
