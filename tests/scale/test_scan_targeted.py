"""Targeted scans (pipeline.scan(folders=…)): only the given folders are listed, and a
movie outside them is never marked missing nor forgotten, whatever happened to it."""
from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from movievault_build.scan import pipeline
from movievault_build.discover import walk
from movievault_build.settings import OnlineSettings
from movievault_build.scan.scope import Scope
from movievault_build.settings import ScanSettings
from movievault_build.store import library
from tests.helpers import write


def settings_for(tmp_path: Path, *roots: str) -> ScanSettings:
    return ScanSettings(roots=tuple(tmp_path / r for r in roots or ("lib",)), content_dir=tmp_path / "content",
                        cache_dir=tmp_path / "cache", probe="off", online=OnlineSettings())


@pytest.fixture
def listed(monkeypatch):
    """The folders the scan listed (by name)."""
    out: list[str] = []
    real = walk._list_folder

    def spy(folder, *args):
        out.append(Path(folder).name)
        return real(folder, *args)

    monkeypatch.setattr(walk, "_list_folder", spy)
    return out


def missing(tmp_path: Path) -> set[str]:
    movies, _ = library.load_movies(tmp_path / "content")
    return {m.slug for m in movies if m.missing}


def slugs(tmp_path: Path) -> set[str]:
    return {p.stem for p in (tmp_path / "content" / "movies").glob("*.md")}


def test_only_the_given_folder_is_listed_and_a_new_movie_found(tmp_path, listed):
    lib = tmp_path / "lib"
    write(lib, "Heat (1995)/Heat (1995).mkv")
    write(lib, "Alien (1979)/Alien (1979).mkv")
    settings = settings_for(tmp_path)
    pipeline.scan(settings)
    write(lib, "Ran (1985)/Ran (1985).mkv")
    listed.clear()
    report = pipeline.scan(settings, folders=[(lib / "Ran (1985)", False)])
    assert listed == ["Ran (1985)"]
    assert report.new == ["ran-1985"]
    assert slugs(tmp_path) == {"heat-1995", "alien-1979", "ran-1985"}


def test_a_movie_gone_outside_the_scope_is_not_marked_missing(tmp_path):
    lib = tmp_path / "lib"
    write(lib, "Heat (1995)/Heat (1995).mkv")
    write(lib, "Alien (1979)/Alien (1979).mkv")
    settings = settings_for(tmp_path)
    pipeline.scan(settings)
    shutil.rmtree(lib / "Alien (1979)")
    write(lib, "Ran (1985)/Ran (1985).mkv", b"ran")   # its own size: a reused inode is no move
    report = pipeline.scan(settings, folders=[(lib / "Ran (1985)", True)])
    assert report.missing == [] and missing(tmp_path) == set()
    # the full scan after it still sees what the targeted one did not look at
    assert pipeline.scan(settings).missing == ["alien-1979"]


def test_skipped_files_outside_the_scope_stay_listed(tmp_path):
    from movievault_build.store import skipped

    lib = tmp_path / "lib"
    write(lib, "Heat (1995)/Heat (1995).mkv")
    write(lib, "Downloads/Some.Show.S01E02.720p.mkv")
    settings = settings_for(tmp_path)
    pipeline.scan(settings)
    assert [e["path"] for e in skipped.load(tmp_path / "content")] == ["Downloads/Some.Show.S01E02.720p.mkv"]
    write(lib, "Ran (1985)/Ran (1985).mkv")
    write(lib, "Ran (1985)/Ran.Sample.S01E01.mkv")
    pipeline.scan(settings, folders=[(lib / "Ran (1985)", False)])
    assert sorted(e["path"] for e in skipped.load(tmp_path / "content")) == [
        "Downloads/Some.Show.S01E02.720p.mkv", "Ran (1985)/Ran.Sample.S01E01.mkv"]


def test_a_deleted_folder_in_scope_marks_its_movie_missing(tmp_path):
    lib = tmp_path / "lib"
    write(lib, "Heat (1995)/Heat (1995).mkv")
    write(lib, "Alien (1979)/Alien (1979).mkv")
    settings = settings_for(tmp_path)
    pipeline.scan(settings)
    shutil.rmtree(lib / "Heat (1995)")
    report = pipeline.scan(settings, folders=[(lib / "Heat (1995)", True)])
    assert report.missing == ["heat-1995"]
    assert missing(tmp_path) == {"heat-1995"}


def test_a_file_removed_from_a_shared_folder_only_touches_that_folder(tmp_path):
    lib = tmp_path / "lib"
    write(lib, "Heat.1995.mkv")
    write(lib, "Sub/Alien.1979.mkv")
    settings = settings_for(tmp_path)
    pipeline.scan(settings)
    os.unlink(lib / "Heat.1995.mkv")
    os.unlink(lib / "Sub" / "Alien.1979.mkv")
    # the root folder alone, not its sub-folders
    report = pipeline.scan(settings, folders=[(lib, False)])
    assert report.missing == ["heat-1995"]


def test_a_move_between_folders_keeps_the_movie(tmp_path):
    lib = tmp_path / "lib"
    write(lib, "Incoming/Heat (1995).mkv")
    write(lib, "Alien (1979)/Alien (1979).mkv")
    settings = settings_for(tmp_path)
    pipeline.scan(settings)
    (lib / "Heat (1995)").mkdir()
    os.rename(lib / "Incoming" / "Heat (1995).mkv", lib / "Heat (1995)" / "Heat (1995).mkv")
    report = pipeline.scan(settings, folders=[(lib / "Incoming", False), (lib / "Heat (1995)", False)])
    assert report.new == [] and report.missing == []
    assert slugs(tmp_path) == {"heat-1995", "alien-1979"}


def test_a_hard_link_outside_the_scope_does_not_steal_its_movie(tmp_path):
    lib = tmp_path / "lib"
    write(lib, "Downloads/Heat (1995).mkv")
    settings = settings_for(tmp_path)
    pipeline.scan(settings)
    (lib / "Heat (1995)").mkdir()
    os.link(lib / "Downloads" / "Heat (1995).mkv", lib / "Heat (1995)" / "Heat (1995).mkv")
    report = pipeline.scan(settings, folders=[(lib / "Heat (1995)", False)])
    assert report.new == ["heat-1995-2"]        # a second copy, not the first one moved
    assert missing(tmp_path) == set()


def test_a_root_that_is_away_is_never_scanned_nor_marked(tmp_path):
    lib = tmp_path / "lib"
    write(lib, "Heat (1995)/Heat (1995).mkv")
    settings = settings_for(tmp_path)
    pipeline.scan(settings)
    os.rename(lib, tmp_path / "away")
    report = pipeline.scan(settings, folders=[(lib / "Heat (1995)", True), (lib, True)])
    assert report.missing == [] and missing(tmp_path) == set()


def test_folders_outside_every_root_are_reported_not_scanned(tmp_path):
    write(tmp_path / "lib", "Heat (1995)/Heat (1995).mkv")
    write(tmp_path / "elsewhere", "Ran (1985)/Ran (1985).mkv")
    settings = settings_for(tmp_path)
    pipeline.scan(settings)
    report = pipeline.scan(settings, folders=[(tmp_path / "elsewhere" / "Ran (1985)", True)])
    assert report.new == [] and any("not under a library root" in p for p in report.problems)


def test_a_change_inside_a_disc_is_a_change_of_the_disc_folder(tmp_path):
    lib = tmp_path / "lib"
    write(lib, "Heat (1995)/VIDEO_TS/VIDEO_TS.IFO")
    scope = Scope.of([lib], [(lib / "Heat (1995)" / "VIDEO_TS", False)], {lib: "lib"})
    assert scope.describe() == ["lib:Heat (1995)/…"]


@pytest.mark.parametrize("rel", ["Extras/x", "Show/Season 1", "Hidden"])
def test_folders_the_walk_skips_are_dropped(tmp_path, rel):
    lib = tmp_path / "lib"
    write(lib, "Hidden/.nomedia")
    (lib / rel).mkdir(parents=True, exist_ok=True)
    assert not Scope.of([lib], [(lib / rel, True)], {lib: "lib"})


def test_nested_reaches_fold_into_the_outer_one(tmp_path):
    lib = tmp_path / "lib"
    (lib / "A" / "B").mkdir(parents=True)
    scope = Scope.of([lib], [(lib / "A" / "B", False), (lib / "A", True), (lib / "A", False)], {lib: "lib"})
    assert scope.describe() == ["lib:A/…"]
    assert scope.holds_file("lib:A/B/x.mkv") and not scope.holds_file("lib:C/x.mkv")
    assert scope.holds_folder("lib:A/B") and not scope.holds_folder("other:A")
