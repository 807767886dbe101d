"""The index: built from content/, refreshed incrementally, rebuilt, migrated."""
from __future__ import annotations

import os
import sqlite3
from contextlib import closing

import pytest

from movievault_build.errors import UserError
from movievault_build.vault import schema
from movievault_build.vault.index import open_index, rebuild
from movievault_build.vault.records import FTS_COLUMNS
from movievault_build.vault.search import search_text
from movievault_build.store.library import write_movie

HEAT = {"title": "Heat", "year": 1995, "genres": ["Crime"], "directors": ["Michael Mann"],
        "cast": [{"name": "Al Pacino", "role": "Hanna"}], "tags": ["heist"], "plot": "A thief and a cop.",
        "files": [{"library": "films", "path": "Heat/Heat.mkv", "size": 10, "resolution": "1080p"}]}


@pytest.fixture
def small(tmp_path):
    content = tmp_path / "content"
    write_movie(content, "heat-1995", HEAT)
    write_movie(content, "alien-1979", {"title": "Alien", "year": 1979, "genres": ["Horror"]})
    return content


def test_first_open_indexes_everything_then_nothing(small, tmp_path):
    db, report = open_index(tmp_path / "idx.sqlite", small)
    assert sorted(report.added) == ["alien-1979", "heat-1995"]
    assert db.execute("PRAGMA user_version").fetchone()[0] == schema.VERSION
    assert db.execute("SELECT count(*) FROM movies").fetchone()[0] == 2
    db.close()
    _db, again = open_index(tmp_path / "idx.sqlite", small)
    assert again.added == again.updated == again.removed == [] and again.unchanged == 2


def test_normalised_tables(small, tmp_path):
    db, _ = open_index(tmp_path / "idx.sqlite", small)
    assert db.execute("SELECT p.name, x.role, x.character FROM credits x JOIN people p ON p.id = x.person_id "
                      "WHERE x.role = 'actor'").fetchall() == [("Al Pacino", "actor", "Hanna")]
    assert db.execute("SELECT t.name, x.origin FROM movie_tags x JOIN tags t ON t.id = x.tag_id").fetchall() == [
        ("heist", "nfo")]
    assert db.execute("SELECT library, path, resolution FROM files").fetchall() == [("films", "Heat/Heat.mkv", "1080p")]
    assert db.execute("SELECT count(*) FROM user_data").fetchone()[0] == 2


def test_only_changed_files_are_reindexed_and_deleted_ones_dropped(small, tmp_path):
    path = tmp_path / "idx.sqlite"
    open_index(path, small)[0].close()
    heat = small / "movies" / "heat-1995.md"
    heat.write_text(heat.read_text().replace("tags: []", "tags: [Date Night]"))
    alien = small / "movies" / "alien-1979.md"
    st = alien.stat()
    os.utime(alien, ns=(st.st_atime_ns, st.st_mtime_ns + 5_000_000_000))   # touched, same bytes
    write_movie(small, "casablanca-1942", {"title": "Casablanca", "year": 1942})
    db, report = open_index(path, small)
    assert report.updated == ["heat-1995"] and report.added == ["casablanca-1942"] and report.unchanged == 1
    assert db.execute("SELECT count(*) FROM tags WHERE fold = 'date night'").fetchone()[0] == 1
    (small / "movies" / "alien-1979.md").unlink()
    db.close()
    db, report = open_index(path, small)
    assert report.removed == ["alien-1979"]
    assert [r[0] for r in db.execute("SELECT slug FROM movies ORDER BY slug")] == ["casablanca-1942", "heat-1995"]
    assert db.execute("SELECT count(*) FROM movies_fts WHERE movies_fts MATCH 'alien'").fetchone()[0] == 0


def test_a_broken_file_is_a_problem_not_a_crash(small, tmp_path):
    (small / "movies" / "bad.md").write_text("---\ntitle: [unclosed\n---\n")
    db, report = open_index(tmp_path / "idx.sqlite", small)
    assert len(report.problems) == 1 and "bad.md" in report.problems[0]
    assert db.execute("SELECT count(*) FROM movies").fetchone()[0] == 2


def test_rebuild_starts_from_scratch(small, tmp_path):
    path = tmp_path / "idx.sqlite"
    db, _ = open_index(path, small)
    db.execute("DELETE FROM movies")
    db.commit()
    db.close()
    db, report = rebuild(path, small)
    assert len(report.added) == 2


def test_newer_schema_is_refused(small, tmp_path):
    path = tmp_path / "idx.sqlite"
    db = sqlite3.connect(path)
    db.execute(f"PRAGMA user_version = {schema.VERSION + 1}")
    db.close()
    with pytest.raises(UserError, match="index rebuild"):
        open_index(path, small)


def test_garbage_file_is_a_clear_error(small, tmp_path):
    path = tmp_path / "idx.sqlite"
    path.write_bytes(b"not a database at all" * 100)
    with pytest.raises(UserError, match="not a MovieVault index"):
        open_index(path, small)


def test_demo_library_indexes_cleanly(demo_content, tmp_path):
    db, report = open_index(tmp_path / "idx.sqlite", demo_content)
    assert not report.problems and len(report.added) == 32


def test_an_index_from_before_media_labels_is_relabelled_on_open(small, tmp_path):
    write_movie(small, "heat-1995", {**HEAT, "streams": {"video": {"codec": "hevc", "hdr": "HDR10"},
                                                        "audio": [{"language": "deu"}]}})
    path = tmp_path / "idx.sqlite"
    db, _ = open_index(path, small)
    labels = "SELECT kind, fold FROM movie_labels WHERE kind IN ('hdr', 'audio') ORDER BY kind"
    assert db.execute(labels).fetchall() == [("audio", "de"), ("hdr", "hdr10")]
    with db:   # as a version-1 index left it: no media labels, every file marked as indexed
        db.execute("DELETE FROM movie_labels WHERE kind IN ('hdr', 'audio', 'subtitle')")
        db.execute("PRAGMA user_version = 1")
    db.close()
    db, report = open_index(path, small)
    assert sorted(report.added) == ["alien-1979", "heat-1995"] and report.unchanged == 0
    assert db.execute(labels).fetchall() == [("audio", "de"), ("hdr", "hdr10")]


def test_an_index_whose_full_text_columns_differ_is_refilled_on_open(small, tmp_path):
    """The full-text table's columns are the searched fields' (records.FTS_COLUMNS): one
    made with others (fewer fields, another order) is made again and every movie indexed
    into it; a movie whose content file went meanwhile does not come back."""
    path = tmp_path / "idx.sqlite"
    open_index(path, small)[0].close()
    with closing(sqlite3.connect(path)) as db, db:
        db.execute("DROP TABLE movies_fts")
        db.execute("CREATE VIRTUAL TABLE movies_fts USING fts5(title, plot, cast)")
    (small / "movies" / "alien-1979.md").unlink()
    db, report = open_index(path, small)
    assert [r[1] for r in db.execute("PRAGMA table_info(movies_fts)")] == list(FTS_COLUMNS)
    assert report.added == ["heat-1995"] and report.unchanged == 0
    assert [r[0] for r in db.execute("SELECT slug FROM movies")] == ["heat-1995"]
    assert [m["slug"] for m in search_text(db, "heist mann")] == ["heat-1995"]   # tags and crew
    assert [m["slug"] for m in search_text(db, "michael", "crew")] == ["heat-1995"]
