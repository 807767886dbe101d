"""Incremental scans: unchanged movies are kept unread, changes are redone, moves keep slugs."""
from __future__ import annotations

import os
from pathlib import Path

import pytest

from benchmarks.make_library import make_library
from movievault_build.scan import pipeline
from movievault_build.scan import candidates as candidates_mod
from movievault_build.identify import item
from movievault_build.settings import ScanSettings
from movievault_build.store import document, library
from tests.helpers import write


@pytest.fixture
def counters(monkeypatch):
    """How many content files were parsed, and how many candidates identified."""
    counts = {"plain": 0, "round_trip": 0, "identify": 0}

    def counted(name, real):
        def wrapper(*args, **kwargs):
            counts[name] += 1
            return real(*args, **kwargs)
        return wrapper

    monkeypatch.setattr(document, "load_plain", counted("plain", document.load_plain))
    monkeypatch.setattr(document, "load_round_trip", counted("round_trip", document.load_round_trip))
    monkeypatch.setattr(candidates_mod, "identify", counted("identify", item.identify))
    return counts


def settings_for(tmp_path: Path) -> ScanSettings:
    return ScanSettings(roots=(tmp_path / "lib",), content_dir=tmp_path / "content",
                        cache_dir=tmp_path / "cache", probe="off")


def slugs_by_file(content: Path) -> dict[str, str]:
    stored, problems = library.read_stored(content)
    assert problems == []
    return {f["path"]: s.slug for s in stored.values() for f in s.data.get("files") or []}


def test_second_scan_reads_no_content_file(tmp_path, counters):
    make_library(40, tmp_path / "lib", seed=3)
    settings = settings_for(tmp_path)
    first = pipeline.scan(settings)
    assert first.found >= 40 and len(first.new) == first.found
    counters.update(plain=0, round_trip=0, identify=0)
    second = pipeline.scan(settings)
    assert counters == {"plain": 0, "round_trip": 0, "identify": 0}
    assert (second.found, second.unchanged, second.new, second.changed) == (first.found, first.found, [], [])
    assert second.skipped == first.skipped


def test_touching_one_nfo_redoes_exactly_one_movie(tmp_path, counters):
    make_library(40, tmp_path / "lib", seed=3)
    settings = settings_for(tmp_path)
    pipeline.scan(settings)
    nfo = sorted((tmp_path / "lib").rglob("*.nfo"))[5]
    nfo.write_text(nfo.read_text().replace("<title>", "<title>Renamed "))
    counters.update(plain=0, round_trip=0, identify=0)
    report = pipeline.scan(settings)
    assert counters["identify"] == 1
    assert len(report.changed) == 1 and report.unchanged == report.found - 1
    stored, _ = library.read_stored(settings.content_dir)
    assert stored[report.changed[0]].data["title"].startswith("Renamed ")


def test_touch_without_change_rewrites_nothing(tmp_path, counters):
    make_library(20, tmp_path / "lib", seed=4)
    settings = settings_for(tmp_path)
    pipeline.scan(settings)
    nfo = sorted((tmp_path / "lib").rglob("*.nfo"))[0]
    os.utime(nfo, ns=(nfo.stat().st_atime_ns, nfo.stat().st_mtime_ns + 10**9))
    counters.update(plain=0, round_trip=0, identify=0)
    report = pipeline.scan(settings)
    assert counters["identify"] == 1 and report.changed == []
    assert counters["round_trip"] == 0   # the generated front matter's hash matched the state


def test_moved_file_keeps_its_slug_by_inode(tmp_path):
    lib = tmp_path / "lib"
    write(lib, "Some Film (2001)/Some Film (2001).mkv", b"video")   # no NFO, no ids
    settings = settings_for(tmp_path)
    pipeline.scan(settings)
    before = slugs_by_file(settings.content_dir)
    assert list(before.values()) == ["some-film-2001"]
    (lib / "Elsewhere").mkdir()
    os.rename(lib / "Some Film (2001)/Some Film (2001).mkv", lib / "Elsewhere/Another Name 1999.mkv")
    report = pipeline.scan(settings)
    assert report.new == [] and report.missing == []
    assert slugs_by_file(settings.content_dir) == {"Elsewhere/Another Name 1999.mkv": "some-film-2001"}


def test_full_redoes_everything(tmp_path, counters):
    make_library(15, tmp_path / "lib", seed=5)
    settings = settings_for(tmp_path)
    first = pipeline.scan(settings)
    counters.update(plain=0, round_trip=0, identify=0)
    report = pipeline.scan(settings, full=True)
    assert counters["identify"] == first.found + sum(first.skipped.values())
    assert counters["round_trip"] == first.found
    assert report.unchanged == first.found and report.changed == []


def test_user_edit_between_scans_is_read_and_kept(tmp_path, counters):
    make_library(15, tmp_path / "lib", seed=6)
    settings = settings_for(tmp_path)
    pipeline.scan(settings)
    path = sorted(settings.movies_dir.glob("*.md"))[3]
    text = path.read_text().replace("  watched: false", "  watched: true  # seen it")
    path.write_text(text.replace("title: ", "title: Hand Edited ", 1))
    counters.update(plain=0, round_trip=0, identify=0)
    report = pipeline.scan(settings)
    assert counters["identify"] == 1 and counters["plain"] == 1   # only the edited file re-read
    assert report.changed == [path.stem]          # the scanner's own title came back
    after = path.read_text()
    assert "watched: true  # seen it" in after and "Hand Edited" not in after
    assert pipeline.scan(settings).changed == []   # and the next scan trusts it again


def test_deleted_file_marks_missing_and_state_follows(tmp_path):
    make_library(10, tmp_path / "lib", seed=7)
    settings = settings_for(tmp_path)
    pipeline.scan(settings)
    victim = sorted((tmp_path / "lib" / "Movies").glob("*/*.mkv"))[0]
    slug = slugs_by_file(settings.content_dir)[victim.relative_to(tmp_path / "lib").as_posix()]
    victim.unlink()
    assert pipeline.scan(settings).missing == [slug]
    again = pipeline.scan(settings)
    assert again.missing == [] and again.changed == []
    assert library.read_stored(settings.content_dir)[0][slug].data["missing"] is True


def test_deleted_content_file_is_written_again(tmp_path):
    make_library(10, tmp_path / "lib", seed=8)
    settings = settings_for(tmp_path)
    pipeline.scan(settings)
    path = sorted(settings.movies_dir.glob("*.md"))[2]
    path.unlink()
    report = pipeline.scan(settings)
    assert report.new == [path.stem] and path.exists()


def test_an_edited_movie_is_found_by_its_files_without_indexing_every_id(tmp_path, monkeypatch):
    from movievault_build.scan import claim
    make_library(40, tmp_path / "lib", seed=3)
    settings = settings_for(tmp_path)
    pipeline.scan(settings)
    before = slugs_by_file(tmp_path / "content")
    built = []
    real = claim._ids_index
    monkeypatch.setattr(claim, "_ids_index", lambda stored: built.append(1) or real(stored))
    nfo = sorted((tmp_path / "lib" / "Movies").glob("*/*.nfo"))[5]
    nfo.write_text(nfo.read_text("utf-8").replace("<plot>", "<plot>Edited. ", 1), "utf-8")
    again = pipeline.scan(settings)
    assert len(again.changed) == 1 and built == []       # matched by its files: no pass over every id
    assert slugs_by_file(tmp_path / "content") == before
    write(tmp_path / "lib", "Brand New (2020)/Brand New (2020).mkv", b"video")
    assert len(pipeline.scan(settings).new) == 1 and built == [1]   # a new movie is looked for by its ids
