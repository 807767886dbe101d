"""A scan of many movies stores them on every core (scan/store.py store_all): forked workers
make the front matter, read and hash the artwork and write each file beside its target, and
the scan process adopts those files into its batches. content/, the report and the scan
state it leaves are byte for byte those of a scan in one process — posters, fanart, actors'
photos, flat download folders, an image the NFO names by URL (done by the scan process, not
a worker), a re-scan over existing files with a user's edit, and a broken content file."""
from __future__ import annotations

import json
import os
import re
import sqlite3
from contextlib import closing
from pathlib import Path

import pytest

from benchmarks.make_library import make_library
from movievault_build.process import forked
from movievault_build.scan import candidates, pipeline
from movievault_build.scan import store as scan_store
from movievault_build.cache.layout import cache_path
from movievault_build.settings import ScanSettings
from tests.helpers import write

MOVIES = 120
KEYS = ("TMDB_API_KEY", "TMDB_READ_ACCESS_TOKEN", "OMDB_API_KEY")


def files(content: Path) -> dict[str, bytes]:
    return {str(p.relative_to(content)): p.read_bytes() for p in sorted(content.rglob("*")) if p.is_file()}


def settings_for(tmp_path: Path, name: str, lib: Path) -> ScanSettings:
    return ScanSettings(roots=(lib,), content_dir=tmp_path / name / "content",
                        cache_dir=tmp_path / name / "cache", probe="off")


def state_of(settings: ScanSettings) -> tuple:
    """The saved scan state's records, stats aside (the library's NFOs are touched between
    scans, and each scan wrote its own content files)."""
    with closing(sqlite3.connect(cache_path(settings.cache_dir, "scan_state"))) as db:
        return (sorted(db.execute("SELECT slug, front_hash, summary FROM movies")),
                sorted(db.execute("SELECT key, kind, slug, notes FROM candidates")))


def report_of(report: pipeline.ScanReport, home: Path) -> str:
    return json.dumps(report.to_json() | {"unprobed": report.unprobed}).replace(str(home), "HOME")


def touch_every_nfo(lib: Path) -> None:
    """Every NFO looks changed, so the next scan redoes every movie over its content file."""
    for nfo in lib.rglob("*.nfo"):
        st = nfo.stat()
        os.utime(nfo, ns=(st.st_atime_ns, st.st_mtime_ns + 1_000_000_000))


@pytest.fixture
def lib(tmp_path: Path) -> Path:
    lib = tmp_path / "lib"
    make_library(MOVIES, lib, seed=5)
    nfos = sorted((lib / "Movies").glob("*/*.nfo"))
    poster = next(lib.rglob("*poster*.jpg")).read_bytes()
    for nfo in nfos[1:12]:   # actors' photos: people's masters, gathered across movies
        for name in re.findall(r"<actor><name>([^<]+)</name>", nfo.read_text("utf-8"))[:2]:
            write(nfo.parent, f".actors/{name.replace(' ', '_')}.jpg", poster)
    nfo = nfos[0]
    # a fanart by URL: a worker hands this movie back, and the scan process refuses the
    # private address itself (no connection is made)
    for local in nfo.parent.glob("*fanart*"):
        local.unlink()
    text = nfo.read_text("utf-8")
    nfo.write_text(text.replace("</movie>", "<fanart><thumb>http://127.0.0.1:9/f.jpg</thumb></fanart></movie>"),
                   "utf-8")
    return lib


def scan_twice(tmp_path: Path, name: str, lib: Path, monkeypatch, fork: bool):
    monkeypatch.setattr(forked, "can_fork", lambda: fork)
    settings = settings_for(tmp_path, name, lib)
    first = report_of(pipeline.scan(settings), tmp_path / name)
    after_first = files(settings.content_dir), state_of(settings)
    movies = sorted((settings.content_dir / "movies").glob("*.md"))
    movies[3].write_text(movies[3].read_text().replace("  notes: ''", "  notes: mine", 1))
    movies[5].write_text("---\ntitle: [unclosed\n---\n")     # broken: reported, left alone
    touch_every_nfo(lib)
    second = report_of(pipeline.scan(settings), tmp_path / name)
    touch_every_nfo(lib)    # the next scan of this library redoes every movie too
    return first, after_first, second, files(settings.content_dir), state_of(settings)


@pytest.mark.parametrize("rounds", [False, True], ids=["one round", "fresh workers each round"])
def test_a_forked_store_writes_what_one_process_writes(tmp_path, lib, monkeypatch, rounds):
    for key in KEYS:
        monkeypatch.delenv(key, raising=False)
    monkeypatch.setattr(candidates, "FORK_FROM", 2)
    monkeypatch.setattr(scan_store, "FORK_FROM", 2)
    # Other tests of this worker may have left idle threads (fake servers): fork anyway.
    monkeypatch.setattr(forked, "can_fork", lambda: True)
    if forked.workers_for(MOVIES, scan_store.FORK_FROM) < 2:
        pytest.skip("one core: nothing forks here")
    stored_apart = []
    real = scan_store.fork_map

    def watched(func, items, **kw):
        stored_apart.append(len(items))
        if rounds:    # as at 100,000 movies: workers replaced by fresh forks between rounds
            kw.update(chunk=7, rounds=5)
        return real(func, items, **kw)

    monkeypatch.setattr(scan_store, "fork_map", watched)
    parallel = scan_twice(tmp_path, "forked", lib, monkeypatch, fork=True)
    assert stored_apart, "the store stage did not fork"
    alone = scan_twice(tmp_path, "alone", lib, monkeypatch, fork=False)
    first, (written, state), second, rewritten, restate = alone
    assert parallel == alone
    assert any(k.startswith("images/") for k in written) and len(written) > MOVIES
    assert "images/shared.json" in written
    assert state[0] and restate[0]
    assert "127.0.0.1" in first                                     # the URL poster, refused
    assert "invalid YAML front matter" in second                    # the broken file
    assert json.loads(second)["unchanged"] > MOVIES - 5             # every movie redone, over its file
    assert any(b'notes: mine' in data for data in rewritten.values())

