"""A warm scan fingerprints folders on every core; the fingerprints are the ones one
process computes, and a changed sidecar still changes its movie's."""
from __future__ import annotations

from pathlib import Path

import pytest

from movievault_build import forked, scan_plan
from movievault_build.discover.walk import walk
from tests.helpers import write


def candidates(lib: Path):
    return [c for c in walk([lib]) if hasattr(c, "files")]


def test_forked_fingerprints_equal_one_process(tmp_path, monkeypatch):
    lib = tmp_path / "films"
    for i in range(520):
        write(lib, f"Film Number {i} (1990)/Film Number {i} (1990).mkv")
        write(lib, f"Film Number {i} (1990)/movie.nfo", f"<movie><title>Film Number {i}</title></movie>")
    found = candidates(lib)
    labels = {lib: "films"}
    # Other tests of this worker may have left idle threads (fake servers): fork anyway.
    monkeypatch.setattr(forked, "can_fork", lambda: True)
    if forked.workers_for(len(found), 500, per_worker=250) < 2:
        pytest.skip("one core: nothing forks here")
    parallel = scan_plan._fingerprints(found, labels)
    monkeypatch.setattr(forked, "can_fork", lambda: False)
    assert scan_plan._fingerprints(found, labels) == parallel and all(parallel)
    nfo = lib / "Film Number 7 (1990)" / "movie.nfo"
    nfo.write_text(nfo.read_text() + "\n<!-- edited -->\n")
    monkeypatch.undo()
    again = scan_plan._fingerprints(candidates(lib), labels)
    changed = [i for i, (a, b) in enumerate(zip(parallel, again)) if a != b]
    assert [found[i].folder.name for i in changed] == ["Film Number 7 (1990)"]
