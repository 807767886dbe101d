"""Atomic writes: all or nothing, readable like any file, existing modes kept."""
from __future__ import annotations

import os
import stat

import pytest

from movievault_build import fsutil
from movievault_build.fsutil import WriteBatch, atomic_write_bytes, write_if_changed


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


@pytest.mark.parametrize("syncfs", [True, False], ids=["syncfs", "fsync-each"])
def test_a_batch_puts_files_in_place_only_when_it_commits(tmp_path, monkeypatch, syncfs):
    if not syncfs or fsutil._SYNCFS is None:
        monkeypatch.setattr(fsutil, "_SYNCFS", None)
    old = tmp_path / "old.md"
    old.write_bytes(b"old")
    batch, seen = WriteBatch(), []
    atomic_write_bytes(old, b"new", batch=batch)
    assert write_if_changed(tmp_path / "sub" / "a.jpg", b"first", batch) is True
    assert write_if_changed(tmp_path / "sub" / "a.jpg", b"second", batch) is True   # the last one wins
    batch.after(lambda: seen.append((old.read_bytes(), (tmp_path / "sub" / "a.jpg").read_bytes())))
    # Until the commit the targets are as they were; each write waits in one temp file.
    assert old.read_bytes() == b"old" and not (tmp_path / "sub" / "a.jpg").exists()
    assert len(batch) == 2 and len(list(tmp_path.rglob(".*.tmp"))) == 2
    assert seen == []
    batch.commit()
    assert seen == [(b"new", b"second")]       # what waited on the files ran once they were there
    assert not list(tmp_path.rglob(".*.tmp")) and len(batch) == 0


def test_a_discarded_batch_leaves_the_targets_and_no_temp(tmp_path):
    target = tmp_path / "a.md"
    target.write_bytes(b"old")
    batch, seen = WriteBatch(), []
    atomic_write_bytes(target, b"new", batch=batch)
    batch.after(lambda: seen.append(1))
    batch.discard()
    batch.commit()
    assert target.read_bytes() == b"old" and seen == []
    assert [x.name for x in tmp_path.iterdir()] == ["a.md"]


def test_a_failed_rename_in_a_batch_leaves_no_temp_and_records_nothing(tmp_path, monkeypatch):
    batch, seen = WriteBatch(), []
    for name in ("a.md", "b.md"):
        atomic_write_bytes(tmp_path / name, b"x", batch=batch)
    batch.after(lambda: seen.append(1))
    real, calls = os.replace, []

    def second_fails(src, dst):
        calls.append(dst)
        if len(calls) == 2:
            raise OSError("simulated failure")
        real(src, dst)

    monkeypatch.setattr(os, "replace", second_fails)
    with pytest.raises(OSError, match="simulated failure"):
        batch.commit()
    assert [x.name for x in tmp_path.iterdir()] == ["a.md"] and seen == []


def test_a_file_is_fed_in_blocks_with_its_stamp_and_refused_as_read_regular_refuses(tmp_path):
    from movievault_build.errors import ReadError
    from movievault_build.fsutil import feed_regular, read_regular, read_stamped
    data = bytes(range(256)) * 40
    path = tmp_path / "master.jpg"
    path.write_bytes(data)
    st = os.stat(path)
    blocks: list[bytes] = []
    assert feed_regular(path, 1 << 20, blocks.append, block=1000) == (st.st_size, st.st_mtime_ns)
    assert len(blocks) == 11 and b"".join(blocks) == data == read_regular(path, 1 << 20)
    assert read_stamped(path, len(data)) == (data, (st.st_size, st.st_mtime_ns))
    with pytest.raises(ReadError, match="too large"):
        read_stamped(path, len(data) - 1)
    os.mkfifo(tmp_path / "fifo.jpg")
    with pytest.raises(ReadError, match="a FIFO"):
        feed_regular(tmp_path / "fifo.jpg", 1 << 20, blocks.append)

    def grows(block: bytes, by: bytes = b"more") -> None:     # another writer appends once, mid-read
        if len(blocks) == 11:
            blocks.append(block)
            with open(path, "ab") as fh:
                fh.write(by)
    assert feed_regular(path, 1 << 20, grows, block=1 << 16) is None
    del blocks[11:]
    with pytest.raises(ReadError, match="too large"):
        feed_regular(path, len(data) + 5, lambda b: grows(b, b"x" * 8), block=1000)
