"""The scan state: what is put is loaded back, a damaged or foreign state is an empty one."""
from __future__ import annotations

import sqlite3

import pytest

from movievault_build.cache import in_memory
from movievault_build.cache.layout import cache_path
from movievault_build.store.scan_state import (CandidateRecord, FolderRecord, MovieRecord,
                                               ScanState)


def filled(tmp_path) -> ScanState:
    state = ScanState.load(tmp_path, "settings-1")
    state.put_candidate("lib:A/a.mkv", CandidateRecord("fp-a", 1, 10, 100, "movie", "a", {"problems": ["x"]}))
    state.put_candidate("lib:A/a-sample.mkv", CandidateRecord("fp-s", 1, 11, 5, "sample"))
    state.put_movie("a", MovieRecord(321, 123456789, "hash", {"files": [], "ids": {}, "missing": False}))
    state.put_folder("lib:A", FolderRecord("sig-a", [("lib:A/a-sample.mkv", "fp-s"), ("lib:A/a.mkv", "fp-a")]))
    state.put_folder("lib:B", FolderRecord("sig-b", []))
    state.save()
    return state



@pytest.fixture
def serving():
    """As under `mkdocs serve`, which builds again in this process."""
    in_memory.between_builds(True)
    yield
    in_memory.between_builds(False)

def test_saved_state_loads_back(tmp_path):
    saved = filled(tmp_path)
    in_memory.clear()                    # read from the file, as another process would
    loaded = ScanState.load(tmp_path, "settings-1")
    assert loaded is not saved
    assert (loaded.candidates, loaded.movies, loaded.folders) == (saved.candidates, saved.movies, saved.folders)


def test_a_state_this_process_saved_is_not_read_again_while_its_file_is_as_saved(tmp_path, serving):
    saved = filled(tmp_path)
    assert ScanState.load(tmp_path, "settings-1") is saved       # `mkdocs serve`: no read per rebuild
    saved.save()
    assert ScanState.load(tmp_path, "settings-1", fresh=True) is not saved
    saved.save()
    assert ScanState.load(tmp_path, "settings-2").candidates == {}          # other settings: as before


def test_a_kept_state_outlives_a_read_only_reader(tmp_path, serving):
    # the health report reads the findings (read-only) after every save under `mkdocs serve`
    saved = filled(tmp_path)
    assert ScanState.findings(tmp_path) is not None
    assert ScanState.load(tmp_path, "settings-1") is saved


def test_a_state_changed_unsaved_or_saved_by_another_process_is_read_again(tmp_path, serving):
    state = filled(tmp_path)
    assert ScanState.load(tmp_path, "settings-1") is state
    state.put_movie("b", MovieRecord(1, 2, "h", {}))            # taken, changed, never saved
    loaded = ScanState.load(tmp_path, "settings-1")
    assert loaded is not state and "b" not in loaded.movies
    loaded.save()
    with sqlite3.connect(cache_path(tmp_path, "scan_state")) as db:     # another writer
        db.execute("UPDATE movies SET size = 999 WHERE slug = 'a'")
    again = ScanState.load(tmp_path, "settings-1")
    assert again is not loaded and again.movies["a"].size == 999
    again.save()
    assert ScanState.load(tmp_path, "settings-1") is again
    again.put_folder("lib:C", FolderRecord("sig-c", []))       # changed after saving: not kept
    again.save()
    kept = ScanState.load(tmp_path, "settings-1")
    kept.drop_folder("lib:C")
    assert "lib:C" in ScanState.load(tmp_path, "settings-1").folders


def test_changes_and_drops_are_saved(tmp_path):
    state = filled(tmp_path)
    state.drop_folder("lib:B")
    state.put_folder("lib:A", FolderRecord("sig-a2", [("lib:A/a.mkv", "fp-a2")]))
    state.drop_candidate("lib:A/a-sample.mkv")
    state.save()
    loaded = ScanState.load(tmp_path, "settings-1")
    assert loaded.folders == {"lib:A": FolderRecord("sig-a2", [("lib:A/a.mkv", "fp-a2")])}
    assert set(loaded.candidates) == {"lib:A/a.mkv"}


def test_other_settings_or_fresh_give_an_empty_state_that_replaces_all(tmp_path):
    filled(tmp_path)
    for state in (ScanState.load(tmp_path, "settings-2"), ScanState.load(tmp_path, "settings-1", fresh=True)):
        assert (state.candidates, state.movies, state.folders) == ({}, {}, {})
    state.put_folder("lib:C", FolderRecord("sig-c", []))
    state.save()
    assert set(ScanState.load(tmp_path, "settings-1").folders) == {"lib:C"}


def test_damaged_folder_row_costs_a_full_scan_only(tmp_path):
    filled(tmp_path)
    with sqlite3.connect(cache_path(tmp_path, "scan_state")) as db:
        db.execute("UPDATE folders SET members = '[[\"only a key\"]]' WHERE key = 'lib:A'")
    state = ScanState.load(tmp_path, "settings-1")
    assert (state.candidates, state.movies, state.folders) == ({}, {}, {})


def test_state_from_before_folder_records_loads(tmp_path):
    filled(tmp_path)
    with sqlite3.connect(cache_path(tmp_path, "scan_state")) as db:
        db.execute("DROP TABLE folders")
    state = ScanState.load(tmp_path, "settings-1")
    assert state.folders == {} and set(state.candidates) == {"lib:A/a.mkv", "lib:A/a-sample.mkv"}


def test_findings_are_the_problems_and_the_skipped_files_read_alone(tmp_path):
    filled(tmp_path)
    found = ScanState.findings(tmp_path)
    assert found.problems == [("lib:A/a.mkv", "a", ["x"])]
    assert found.skipped == [("lib:A/a-sample.mkv", "sample")]
    assert ScanState.findings(tmp_path / "nowhere") is None              # no scan on record
    (tmp_path / "broken").mkdir()
    cache_path(tmp_path / "broken", "scan_state").write_bytes(b"not a database")
    assert ScanState.findings(tmp_path / "broken") is None


def test_a_one_off_process_keeps_nothing_in_memory(tmp_path):
    saved = filled(tmp_path)        # `mkdocs build`, `movievault scan`: read again, not held
    again = ScanState.load(tmp_path, "settings-1")
    assert again is not saved and again.candidates == saved.candidates
