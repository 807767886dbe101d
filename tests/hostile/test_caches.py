"""Class: derived caches are disposable for real. Every cache file that is garbage,
truncated, empty, a folder, a FIFO, a symlink (out of the folder, or to /dev/zero) is moved
aside with one warning and made again — by the build, the scan and every command — and a
cache file edited in place through site/ is made again, never served to later builds."""
from __future__ import annotations

import logging
import os
import shutil
import sqlite3
import stat
from pathlib import Path

import pytest

from movievault_build.cli import main
from movievault_build.cache.memo import read_memo, write_memo
from movievault_build.vault.index import open_index
from movievault_build.probe.cache import ProbeCache
from movievault_build.providers import cache as http_cache
from movievault_build.cache.layout import cache_path
from movievault_build.providers.base import ProviderSettings
from movievault_build.store.movie_snapshot import MovieSnapshot
from movievault_build.store.parsed_cache import ParsedCache
from movievault_build.store.scan_state import ScanState
from tests.helpers import jpeg, make_site, mkdocs_build, write

MODES = ("garbage", "truncated", "empty", "folder", "fifo", "symlink", "dev-zero")


def damage(path: Path, mode: str, outside: Path) -> None:
    old = path.read_bytes() if path.is_file() else b"SQLite format 3\x00" + b"\x01" * 4000
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path)
    elif os.path.lexists(path):
        path.unlink()
    path.parent.mkdir(parents=True, exist_ok=True)
    if mode == "garbage":
        path.write_bytes(b"\x00not what it should be\xff" * 40)
    elif mode == "truncated":
        path.write_bytes(old[: max(len(old) // 2, 20)])
    elif mode == "empty":
        path.write_bytes(b"")
    elif mode == "folder":
        path.mkdir()
        (path / "inside").write_text("x")
    elif mode == "fifo":
        os.mkfifo(path)
    elif mode == "symlink":
        path.symlink_to(outside / "secret.txt")
    elif mode == "dev-zero":
        path.symlink_to("/dev/zero")


def _sqlite(path: Path) -> Path:
    db = sqlite3.connect(path)
    db.executescript("CREATE TABLE t (x); " + "INSERT INTO t VALUES (randomblob(500));" * 40)
    db.close()
    return path


USES = {
    "scan state": lambda p: ScanState.load(p.parent, "fp").save(),
    "parsed content": lambda p: (lambda c: (c.load([], lambda t, n: ({}, "")), c.close()))(ParsedCache(p)),
    "movie snapshot": lambda p: (lambda s: (s.read(), s.write({})))(MovieSnapshot(p)),
    "probe cache": lambda p: (lambda c: (c.get("x", 1, 1.0), c.put("x", 1, 1.0, {}, None), c.close()))(ProbeCache(p)),
    "memo": lambda p: (read_memo(p, dict), write_memo(p, {"a": 1})),
}
NAMES = {"scan state": "scan-state.sqlite", "parsed content": "parsed-content.sqlite", "movie snapshot": "movies.pickle",
         "probe cache": "probe.sqlite", "memo": "catalog.marshal"}


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("cache", sorted(USES))
def test_each_cache_sets_a_damaged_file_aside_once_and_starts_afresh(tmp_path, outside, caplog, cache, mode):
    path = tmp_path / "cache" / NAMES[cache]
    if cache in ("scan state", "parsed content", "probe cache"):
        path.parent.mkdir(parents=True)
        _sqlite(path)
    damage(path, mode, outside)
    with caplog.at_level(logging.WARNING):
        USES[cache](path)
        USES[cache](path)                                    # and again: now it is a good file
    warnings = [r.getMessage() for r in caplog.records if "damaged cache" in r.getMessage()]
    assert len(warnings) <= 1 and (warnings or mode in ("empty", "garbage", "truncated")), warnings
    if mode not in ("empty", "garbage", "truncated") or cache != "memo":
        assert path.is_file() and not path.is_symlink(), "made again"
    assert (outside / "secret.txt").read_text() == "keep me\n"
    assert os.path.realpath("/dev/zero") == "/dev/zero" and Path("/dev/zero").is_char_device()


@pytest.mark.parametrize("mode", ["truncated", "folder", "fifo", "symlink", "dev-zero", "empty"])
def test_the_index_is_made_again_and_a_foreign_file_is_refused(tmp_path, outside, mode):
    content = tmp_path / "content"
    write(content, "movies/heat-1995.md", "---\ntitle: Heat\nyear: 1995\n---\n")
    index = tmp_path / "index.sqlite"
    open_index(index, content)[0].close()
    damage(index, mode, outside)
    db, report = open_index(index, content)
    assert report.added == ["heat-1995"] and index.is_file() and not index.is_symlink()
    db.close()
    notes = tmp_path / "notes.txt"
    notes.write_text("my notes\n")
    for args in (["index", "update"], ["index", "rebuild"]):
        assert main([*args, "--content", str(content), "--index", str(notes)]) == 2
    assert notes.read_text() == "my notes\n"
    assert (outside / "secret.txt").read_text() == "keep me\n"


@pytest.mark.parametrize("mode", MODES)
def test_cache_stats_and_clear_work_on_a_damaged_http_cache(tmp_path, outside, mode, capsys):
    cache_dir = tmp_path / "cache"
    cache_dir.mkdir()
    _sqlite(cache_path(cache_dir, "http"))
    damage(cache_path(cache_dir, "http"), mode, outside)
    settings = ProviderSettings()
    http_cache.stats(cache_dir, settings)
    assert http_cache.clear(cache_dir, settings) == 0
    assert http_cache.stats(cache_dir, settings).entries == {}
    assert (outside / "secret.txt").read_text() == "keep me\n"


@pytest.fixture
def built(tmp_path):
    lib = tmp_path / "lib"
    write(lib, "Heat (1995)/movie.mkv")
    write(lib, "Heat (1995)/poster.jpg", jpeg(60, 90, (10, 200, 30)))
    write(lib, "Heat (1995)/movie.nfo", "<movie><title>Heat</title><year>1995</year></movie>")
    write(lib, "Alien (1979)/movie.mkv")
    cfg = make_site(tmp_path, [lib])
    result = mkdocs_build(cfg)
    assert result.returncode == 0, result.stderr[-2000:]
    return tmp_path, cfg


def _site(tmp_path: Path) -> dict[str, bytes]:
    site = tmp_path / "site"
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in site.rglob("*")
            if p.is_file() and p.name != "sitemap.xml.gz"}


@pytest.mark.parametrize("mode", ["garbage", "truncated", "folder", "fifo", "symlink"])
def test_a_build_over_a_cache_damaged_everywhere_warns_and_rebuilds(built, outside, mode):
    tmp_path, cfg = built
    before = _site(tmp_path)
    cache = tmp_path / ".cache" / "movievault"
    targets = [cache / n for n in ("scan-state.sqlite", "parsed-content.sqlite", "movies.pickle",
                                   "images/manifest.sqlite", "pages/catalog.marshal", "pages/scripts.json",
                                   "pages/template-refs.marshal", "files/movie-documents.marshal",
                                   "pages/site-folders.marshal")]
    targets += [sorted((cache / "pages").glob("configs/*.inputs"))[0]]
    # every compiled template: which of them a warm build loads depends on what it reuses
    compiled = sorted((cache / "templates").iterdir())
    for path in targets + compiled:
        damage(path, mode, outside)
    result = mkdocs_build(cfg)
    assert result.returncode == 0, result.stderr[-3000:]
    assert "Traceback" not in result.stderr
    warned = [line for line in result.stderr.splitlines() if "damaged cache" in line]
    for path in targets:
        assert sum(f"{path}:" in line for line in warned) == 1, (path, warned)
    assert any("/templates/" in line for line in warned)
    assert _site(tmp_path) == before
    assert (outside / "secret.txt").read_text() == "keep me\n"
    again = mkdocs_build(cfg)
    assert again.returncode == 0 and "damaged cache" not in again.stderr


def test_an_edit_in_place_through_site_never_poisons_a_later_build(built):
    tmp_path, cfg = built
    before = _site(tmp_path)
    site = tmp_path / "site"
    edited = [site / "movies" / "heat-1995" / "index.html", site / "api" / "movies" / "heat-1995.json",
              next(p for p in (site / "img").rglob("*") if p.is_file())]
    for path in edited:
        assert path.stat().st_nlink > 1                    # a hard link into the cache …
        with open(path, "ab") as fh:                       # … written through in place
            fh.write(b"<script>alert('poisoned')</script>")
    result = mkdocs_build(cfg)
    assert result.returncode == 0, result.stderr[-2000:]
    assert _site(tmp_path) == before
    for cached in (tmp_path / ".cache").rglob("*"):
        if cached.is_file():
            assert b"poisoned" not in cached.read_bytes(), cached


def test_image_variants_in_site_are_world_readable(built):
    tmp_path, _cfg = built
    variants = [p for p in (tmp_path / "site" / "img").rglob("*") if p.is_file()]
    assert variants and all(stat.S_IMODE(p.stat().st_mode) == 0o644 for p in variants)


def test_a_device_is_never_moved_aside(tmp_path):
    from movievault_build.errors import ReadError
    from movievault_build.cache.rules import set_aside
    for device in ("/dev/null", "/dev/zero"):
        with pytest.raises(ReadError, match="not touching it"):
            set_aside(device, "test")
        assert Path(device).is_char_device()
    link = tmp_path / "cache.sqlite"
    link.symlink_to("/dev/zero")
    set_aside(link, "a symlink")                   # the link moves, never what it points at
    assert not os.path.lexists(link) and Path("/dev/zero").is_char_device()
