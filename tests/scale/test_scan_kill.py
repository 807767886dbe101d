"""A scan killed at any moment leaves content/ that the next scan completes: every movie
once, no temp files, the same content as one clean scan, and user edits kept. Each kill
lands at a chosen point of the scan (movievault_build/checkpoints.py), never after a
delay guessed from how long a scan took: the test is the same on a busy machine."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from benchmarks.make_library import make_library
from movievault_build.store import library
from tests.helpers import REPO

pytestmark = pytest.mark.slow
KEYS = ("TMDB_API_KEY", "TMDB_READ_ACCESS_TOKEN", "OMDB_API_KEY")


def start_scan(lib: Path, content: Path, kill_at: str = "") -> subprocess.Popen:
    env = {k: v for k, v in os.environ.items() if k not in KEYS and k != "MOVIEVAULT_KILL_AT"}
    env["PYTHONPATH"] = str(REPO)
    if kill_at:
        env["MOVIEVAULT_KILL_AT"] = kill_at
    return subprocess.Popen([sys.executable, "-m", "movievault_build", "scan", "-q", "--library", str(lib),
                             "--content", str(content)], cwd=content.parent, env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


def scan(lib: Path, content: Path) -> None:
    proc = start_scan(lib, content)
    _, err = proc.communicate(timeout=600)
    assert proc.returncode == 0, err.decode()


def comparable(content: Path) -> dict[str, dict]:
    stored, problems = library.read_stored(content)
    assert problems == []
    return {slug: {k: v for k, v in s.data.items() if k not in ("added", "user")} for slug, s in stored.items()}


def edit_one(content: Path, n: int, edits: dict[str, str]) -> None:
    files = sorted((content / "movies").glob("*.md"))
    if not files:
        return
    path = files[(7 * n) % len(files)]
    note = f"edit {n}"
    path.write_text(path.read_text().replace('  notes: ""', f'  notes: "{note}"', 1))
    if note in path.read_text():
        edits[path.stem] = note


# Where each of the scans is killed: after the n-th movie (its files waiting in a batch to
# be put in place), the n-th stored image, the n-th file a batch puts in place (mid-batch:
# 16 movies in the first, 32 in the next, pipeline.FIRST_BATCH), or just before the scan
# state is saved (everything written, nothing recorded).
KILLS = ("movie:3", "image:5", "renamed:10", "movie:41", "renamed:60", "state:1", "movie:79")


def test_killed_scans_converge_to_a_clean_scan(tmp_path):
    lib = tmp_path / "lib"
    make_library(80, lib, seed=11)
    (tmp_path / "clean").mkdir()
    scan(lib, tmp_path / "clean" / "content")
    expected = comparable(tmp_path / "clean" / "content")

    work = tmp_path / "work"
    work.mkdir()
    content = work / "content"
    edits: dict[str, str] = {}
    for n, kill_at in enumerate(KILLS):
        # Every NFO looks changed again, so each scan redoes every movie rather than only
        # what the last kill left, and reaches each chosen point (the content stays the same).
        for nfo in lib.rglob("*.nfo"):
            st = nfo.stat()
            os.utime(nfo, ns=(st.st_atime_ns, st.st_mtime_ns + 1_000_000_000))
        proc = start_scan(lib, content, kill_at)
        _, err = proc.communicate(timeout=600)
        assert proc.returncode == -signal.SIGKILL, (kill_at, proc.returncode, err.decode()[-500:])
        assert library.read_stored(content)[1] == []      # each file whole or not there, never half
        edit_one(content, n, edits)
    scan(lib, content)

    got = comparable(content)
    assert got == expected
    assert not [p for p in content.rglob(".*.tmp")]
    owners: dict[str, list[str]] = {}
    for slug, data in got.items():
        for f in data.get("files") or []:
            owners.setdefault(f["path"], []).append(slug)
    assert all(len(slugs) == 1 for slugs in owners.values())
    stored, _ = library.read_stored(content)
    for slug, note in edits.items():
        assert stored[slug].data["user"]["notes"] == note
