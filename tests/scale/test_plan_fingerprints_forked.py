"""When many folders changed (a first scan), their candidates are fingerprinted on every
core; the fingerprints are the ones one process computes, and a changed sidecar still
changes its movie's."""
from __future__ import annotations

from pathlib import Path

import pytest

from movievault_build.process import forked
from movievault_build.scan import plan as scan_plan
from movievault_build.discover.walk import Listing, list_folders
from tests.helpers import write


def folders(lib: Path) -> list[tuple[Listing, list, str]]:
    listings = [x for x in list_folders([lib]) if isinstance(x, Listing)]
    return [(x, x.candidates(), "films") for x in listings]


def test_forked_fingerprints_equal_one_process(tmp_path, monkeypatch):
    lib = tmp_path / "films"
    for i in range(520):
        write(lib, f"Film Number {i} (1990)/Film Number {i} (1990).mkv")
        write(lib, f"Film Number {i} (1990)/movie.nfo", f"<movie><title>Film Number {i}</title></movie>")
    found = folders(lib)
    # Other tests of this worker may have left idle threads (fake servers): fork anyway.
    monkeypatch.setattr(forked, "can_fork", lambda: True)
    if forked.workers_for(len(found), 500, per_worker=250) < 2:
        pytest.skip("one core: nothing forks here")
    parallel = scan_plan._fingerprints(found)
    monkeypatch.setattr(forked, "can_fork", lambda: False)
    assert scan_plan._fingerprints(found) == parallel
    assert sum(len(f) for f in parallel) == 520 and all(all(f) for f in parallel if f)
    nfo = lib / "Film Number 7 (1990)" / "movie.nfo"
    nfo.write_text(nfo.read_text() + "\n<!-- edited -->\n")
    monkeypatch.undo()
    again_found = folders(lib)
    again = scan_plan._fingerprints(again_found)
    changed = [listing.path for (listing, _, _), a, b in zip(found, parallel, again) if a != b]
    assert [Path(p).name for p in changed] == ["Film Number 7 (1990)"]
