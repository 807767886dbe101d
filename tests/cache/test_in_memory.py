"""Values kept in memory between builds of one process: given back only while every file
they came from is as it was (same inode, size, mtime), and taken, not shared."""
from __future__ import annotations

import os

import pytest

from movievault_build.cache import in_memory
from movievault_build.fsutil import atomic_write_bytes


@pytest.fixture(autouse=True)
def serving():
    in_memory.between_builds(True)
    yield
    in_memory.between_builds(False)


def test_a_value_is_given_back_while_its_files_are_unchanged_and_only_once(tmp_path):
    path, beside = tmp_path / "state", tmp_path / "state-wal"
    path.write_bytes(b"one")
    in_memory.keep(path, ["value"], beside)             # `beside` not there yet: still an identity
    assert in_memory.take(path, beside) == ["value"]
    assert in_memory.take(path, beside) is None         # taken: a changed value is never given twice


def test_any_change_to_any_of_its_files_drops_it(tmp_path):
    path, beside = tmp_path / "state", tmp_path / "state-wal"
    path.write_bytes(b"one")
    changes = [
        lambda: atomic_write_bytes(path, b"one", durable=False),           # same bytes, a new inode
        lambda: os.utime(path, ns=(0, path.stat().st_mtime_ns + 1)),       # touched
        lambda: beside.write_bytes(b"wal"),                                # a file beside it came
        lambda: path.unlink(),                                             # gone
    ]
    for change in changes:
        in_memory.keep(path, "value", beside)
        change()
        assert in_memory.take(path, beside) is None
    in_memory.keep(path, "value")                       # no file: nothing is kept
    assert in_memory.take(path) is None


def test_an_empty_file_beside_counts_as_none(tmp_path):
    # SQLite leaves an empty write-ahead log behind a read-only reader: nothing changed
    path, beside = tmp_path / "state", tmp_path / "state-wal"
    path.write_bytes(b"one")
    in_memory.keep(path, "value", beside)
    beside.write_bytes(b"")
    assert in_memory.take(path, beside) == "value"
    in_memory.keep(path, "value", beside)                # kept beside the empty file
    beside.unlink()
    assert in_memory.take(path, beside) == "value"
    in_memory.keep(path, "value", beside)
    beside.write_bytes(b"frames")                        # a log with something in it: changed
    assert in_memory.take(path, beside) is None


def test_forget_and_clear(tmp_path):
    a, b = tmp_path / "a", tmp_path / "b"
    a.write_bytes(b"a")
    b.write_bytes(b"b")
    in_memory.keep(a, 1)
    in_memory.keep(b, 2)
    in_memory.forget(a)
    assert in_memory.take(a) is None and in_memory.take(b) == 2
    in_memory.keep(b, 2)
    in_memory.clear()
    assert in_memory.take(b) is None


def test_nothing_is_kept_by_a_process_that_does_not_build_again(tmp_path):
    path = tmp_path / "state"
    path.write_bytes(b"one")
    in_memory.keep(path, "value")
    in_memory.between_builds(False)     # forgets what was kept, and keeps nothing more
    assert in_memory.take(path) is None
    in_memory.keep(path, "value")
    assert in_memory.take(path) is None
