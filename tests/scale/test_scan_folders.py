"""Folder signatures: an unchanged folder's candidates are kept without being made again,
and whatever changes inside a folder (a sidecar, a video, a new file, even with the
folder's own mtime put back) still gets its movie redone."""
from __future__ import annotations

import os
import sqlite3
from pathlib import Path

import pytest

from benchmarks.make_library import make_library
from movievault_build.process import forked
from movievault_build.scan import pipeline, plan as scan_plan
from movievault_build.scan import candidates as candidates_mod
from movievault_build.discover import background
from movievault_build.discover.walk import Listing
from movievault_build.identify import item
from movievault_build.settings import ScanSettings
from movievault_build.store import library
from movievault_build.cache.layout import cache_path
from tests.helpers import write


@pytest.fixture
def seen(monkeypatch):
    """Which folders had their candidates made, and how many candidates were identified."""
    out = {"made": [], "identify": 0}
    real_candidates = Listing.candidates

    def candidates(self):
        out["made"].append(Path(self.path).name)
        return real_candidates(self)

    def identify(candidate):
        out["identify"] += 1
        return item.identify(candidate)

    monkeypatch.setattr(Listing, "candidates", candidates)
    monkeypatch.setattr(candidates_mod, "identify", identify)
    return out


def reset(seen: dict) -> None:
    seen.update(made=[], identify=0)


def settings_for(tmp_path: Path) -> ScanSettings:
    return ScanSettings(roots=(tmp_path / "lib",), content_dir=tmp_path / "content",
                        cache_dir=tmp_path / "cache", probe="off")


def movie_folder(lib: Path, n: int = 0, having: str = "*.nfo") -> Path:
    """The n-th `Movies/Title (Year)` folder holding a file matching `having`."""
    return sorted({p.parent for p in (lib / "Movies").glob(f"*/{having}")})[n]


def keep_mtime(path: Path):
    """Put a file's or folder's mtime back after a change (as a careless copy tool might)."""
    ns = path.stat().st_mtime_ns

    def restore() -> None:
        os.utime(path, ns=(path.stat().st_atime_ns, ns))
    return restore


def slug_of(settings: ScanSettings, folder: Path) -> str:
    stored, _ = library.read_stored(settings.content_dir)
    rel = folder.relative_to(settings.roots[0]).as_posix() + "/"
    (slug,) = [s.slug for s in stored.values() if any(f["path"].startswith(rel) for f in s.data["files"])]
    return slug


@pytest.fixture
def scanned(tmp_path, seen):
    make_library(30, tmp_path / "lib", seed=21)
    settings = settings_for(tmp_path)
    first = pipeline.scan(settings)
    assert seen["made"] and first.found >= 30
    reset(seen)
    return settings, first


def test_unchanged_folders_make_no_candidates(scanned, seen):
    settings, first = scanned
    again = pipeline.scan(settings)
    assert seen == {"made": [], "identify": 0}
    assert (again.found, again.unchanged, again.changed, again.new) == (first.found, first.found, [], [])
    assert again.skipped == first.skipped and again.problems == first.problems


def test_changed_nfo_remakes_its_folder_alone(scanned, seen):
    settings, _ = scanned
    folder = movie_folder(settings.roots[0], 3)
    nfo = next(folder.glob("*.nfo"))
    nfo.write_text(nfo.read_text().replace("<title>", "<title>Edited "))
    report = pipeline.scan(settings)
    assert seen == {"made": [folder.name], "identify": 1}
    assert report.changed == [slug_of(settings, folder)]


def test_nfo_change_of_same_size_is_seen_by_its_mtime(scanned, seen):
    settings, _ = scanned
    folder = movie_folder(settings.roots[0], 4)
    nfo = next(folder.glob("*.nfo"))
    text = nfo.read_text()
    title = text.split("<title>", 1)[1].split("</title>", 1)[0]
    nfo.write_text(text.replace(f"<title>{title}<", f"<title>{title[::-1]}<"))   # same length
    st = nfo.stat()
    os.utime(nfo, ns=(st.st_atime_ns, st.st_mtime_ns + 10**9))   # a later write, whatever the clock
    report = pipeline.scan(settings)
    assert seen["identify"] == 1 and len(report.changed) == 1
    assert library.read_stored(settings.content_dir)[0][report.changed[0]].data["title"] == title[::-1]


def test_nfo_change_with_its_mtime_put_back_is_seen_by_its_size(scanned, seen):
    settings, _ = scanned
    folder = movie_folder(settings.roots[0], 5)
    nfo = next(folder.glob("*.nfo"))
    restore_nfo, restore_folder = keep_mtime(nfo), keep_mtime(folder)
    nfo.write_text(nfo.read_text().replace("<title>", "<title>Longer Title "))
    restore_nfo()
    restore_folder()
    report = pipeline.scan(settings)
    assert seen == {"made": [folder.name], "identify": 1}
    title = library.read_stored(settings.content_dir)[0][report.changed[0]].data["title"]
    assert title.startswith("Longer Title ")


def test_replaced_artwork_redoes_its_movie(scanned, seen):
    settings, _ = scanned
    folder = movie_folder(settings.roots[0], 0, having="poster.jpg")
    restore = keep_mtime(folder / "poster.jpg")
    (folder / "poster.jpg").write_bytes((folder / "poster.jpg").read_bytes() + b"\0")
    restore()
    pipeline.scan(settings)
    assert seen == {"made": [folder.name], "identify": 1}


def test_new_video_in_an_unchanged_looking_folder_is_found(scanned, seen):
    settings, first = scanned
    folder = movie_folder(settings.roots[0], 6)
    restore = keep_mtime(folder)
    write(folder, "Quite Another Film (1971).mkv", b"another")
    restore()
    report = pipeline.scan(settings)
    assert seen["made"] == [folder.name] and report.found == first.found + 1
    assert report.new == ["quite-another-film-1971"]


def test_ignore_marker_in_an_unchanged_looking_folder_is_obeyed(scanned, seen):
    settings, _ = scanned
    folder = movie_folder(settings.roots[0], 7)
    slug = slug_of(settings, folder)
    restore = keep_mtime(folder)
    write(folder, ".nomedia", b"")
    restore()
    assert pipeline.scan(settings).missing == [slug]


def test_renamed_video_in_its_folder_keeps_its_movie(scanned, seen):
    settings, _ = scanned
    folder = movie_folder(settings.roots[0], 8)
    slug = slug_of(settings, folder)
    video = next(folder.glob("*.mkv"))
    video.rename(folder / f"{video.stem} remux.mkv")
    report = pipeline.scan(settings)
    assert report.new == [] and report.missing == []
    assert slug_of(settings, folder) == slug


def test_deleted_video_marks_its_movie_missing(scanned, seen):
    settings, _ = scanned
    folder = movie_folder(settings.roots[0], 9)
    slug = slug_of(settings, folder)
    next(folder.glob("*.mkv")).unlink()
    assert pipeline.scan(settings).missing == [slug]
    assert pipeline.scan(settings).missing == []   # marked once
    assert seen["made"] == []   # its folder holds no video now: nothing to make


@pytest.mark.parametrize("change", [
    "DELETE FROM candidates WHERE key LIKE ?",                           # a lookup to retry
    "UPDATE candidates SET fingerprint = 'written elsewhere' WHERE key LIKE ?",   # an older version's scan
])
def test_candidate_record_out_of_step_redoes_that_candidate(scanned, seen, change):
    """A folder record is trusted only as far as its candidates' records agree with it."""
    settings, _ = scanned
    folder = movie_folder(settings.roots[0], 10)
    with sqlite3.connect(cache_path(settings.cache_dir, "scan_state")) as db:
        assert db.execute(change, (f"lib:Movies/{folder.name}/%",)).rowcount == 1
    report = pipeline.scan(settings)
    assert seen == {"made": [folder.name], "identify": 1} and report.changed == [] and report.new == []
    reset(seen)
    pipeline.scan(settings)
    assert seen == {"made": [], "identify": 0}


def test_state_without_folder_records_remakes_folders_but_keeps_movies(scanned, seen):
    """A state left by a version that kept no folder records: no movie is redone."""
    settings, first = scanned
    with sqlite3.connect(cache_path(settings.cache_dir, "scan_state")) as db:
        db.execute("DROP TABLE folders")
    report = pipeline.scan(settings)
    assert seen["identify"] == 0 and len(seen["made"]) >= first.found // 2
    assert report.unchanged == first.found
    reset(seen)
    pipeline.scan(settings)
    assert seen == {"made": [], "identify": 0}


def test_other_code_regroups_every_folder_once_but_redoes_no_movie(scanned, seen, monkeypatch):
    """An upgrade may group files into movies differently: no folder record outlives it."""
    settings, first = scanned
    monkeypatch.setattr(scan_plan, "code_fingerprint", lambda: "an upgrade")
    report = pipeline.scan(settings)
    assert seen["identify"] == 0 and len(seen["made"]) >= first.found // 2
    assert report.unchanged == first.found


def test_full_scan_remakes_every_folder(scanned, seen):
    settings, first = scanned
    pipeline.scan(settings, full=True)
    assert seen["identify"] == first.found + sum(first.skipped.values())
    reset(seen)
    pipeline.scan(settings)
    assert seen == {"made": [], "identify": 0}


def test_edited_content_file_in_an_unchanged_folder_is_redone(scanned, seen):
    settings, _ = scanned
    folder = movie_folder(settings.roots[0], 11)
    path = settings.movies_dir / f"{slug_of(settings, folder)}.md"
    path.write_text(path.read_text().replace("title: ", "title: Hand Edited ", 1))
    report = pipeline.scan(settings)
    assert seen == {"made": [folder.name], "identify": 1} and report.changed == [path.stem]
    assert "Hand Edited" not in path.read_text()


def test_walk_in_a_child_scans_the_same(tmp_path, seen, monkeypatch):
    """A big library's walk runs in a forked child: the scans come out as with the walk here."""
    make_library(30, tmp_path / "lib", seed=22)
    monkeypatch.setattr(pipeline, "WALK_IN_CHILD_FROM", 0)
    forks = []
    real_start = background.start_walk
    monkeypatch.setattr(forked, "can_fork", lambda: True)
    monkeypatch.setattr(pipeline, "start_walk", lambda roots, in_child: forks.append(in_child) or
                        real_start(roots, in_child))
    settings = settings_for(tmp_path)
    first = pipeline.scan(settings)
    nfo = next(movie_folder(settings.roots[0], 2).glob("*.nfo"))
    nfo.write_text(nfo.read_text().replace("<title>", "<title>Edited "))
    reset(seen)
    second = pipeline.scan(settings)
    assert forks == [True, True] and seen["identify"] == 1 and len(second.changed) == 1
    assert (second.found, second.skipped) == (first.found, first.skipped)
    assert sorted(second.problems) == sorted(first.problems)
    monkeypatch.setattr(pipeline, "WALK_IN_CHILD_FROM", 1 << 60)
    reset(seen)
    third = pipeline.scan(settings)
    assert forks[-1] is False and seen == {"made": [], "identify": 0} and third.unchanged == first.found
