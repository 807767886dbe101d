"""content/skipped.yml read by libyaml and left alone when a scan finds what the last one did."""
from __future__ import annotations

import os

from movievault_build.store import skipped

FOUND = [("films", "Show/Show.S01E01.mkv", "episode"), ("films", "Heat/Heat-sample.mkv", "sample")]
EVERYWHERE = lambda lib, path: True   # noqa: E731


def test_an_unchanged_list_is_neither_dumped_nor_written(tmp_path, monkeypatch):
    assert skipped.save(tmp_path, FOUND, EVERYWHERE) is True
    path = tmp_path / skipped.FILENAME
    os.utime(path, (1_000_000, 1_000_000))

    def no_dump():
        raise AssertionError("dumped again")

    monkeypatch.setattr(skipped, "_yaml", no_dump)
    assert skipped.save(tmp_path, list(reversed(FOUND)), EVERYWHERE) is False
    assert path.stat().st_mtime == 1_000_000
    assert skipped.for_health(tmp_path) == [("Heat/Heat-sample.mkv", "sample"), ("Show/Show.S01E01.mkv", "episode")]


def test_a_list_with_a_stray_entry_is_rewritten_without_it(tmp_path):
    skipped.save(tmp_path, FOUND, EVERYWHERE)
    path = tmp_path / skipped.FILENAME
    path.write_text(path.read_text() + "  - {library: films, path: 3}\n  - just a line\n")
    assert skipped.save(tmp_path, FOUND, EVERYWHERE) is True
    assert "just a line" not in path.read_text() and len(skipped.load(tmp_path)) == 2


def test_a_nesting_bomb_reads_as_empty(tmp_path):
    (tmp_path / skipped.FILENAME).write_text("skipped: " + "[" * 5000 + "]" * 5000 + "\n")
    assert skipped.load(tmp_path) == []
    assert skipped.save(tmp_path, FOUND, EVERYWHERE) is True
    assert len(skipped.load(tmp_path)) == 2
