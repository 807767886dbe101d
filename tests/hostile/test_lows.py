"""The lows, each a small fix with its variants: the walk and NFO writing stay inside the
roots, NFO lists are capped, `scan: always` fails on a missing root, file-system errors are
one line, the config refuses nonsense, control characters never reach the terminal, and
the read-only `query` makes no file and stops in time."""
from __future__ import annotations

import errno
import os
import sqlite3
from pathlib import Path

import pytest

from movievault_build.scan import pipeline
from movievault_build.cli import main
from movievault_build.discover.walk import Listing, Problem, list_folders
from movievault_build.errors import UserError
from movievault_build.identify.nfo import parse_nfo
from movievault_build.vault.search import read_only_sql
from movievault_build.settings import ScanSettings
from tests.helpers import make_site, mkdocs_build, site_with_plugin, write

from .conftest import one_line, snapshot


# -- the walk and NFO writing stay inside the roots -----------------------------------------
def test_the_walk_follows_no_folder_symlink_out_of_the_roots(tmp_path, outside):
    root, other = tmp_path / "lib", tmp_path / "lib2"
    write(root, "Heat (1995)/Heat.mkv")
    write(other, "Alien (1979)/Alien.mkv")
    write(outside, "Secret (2001)/Secret.mkv")
    (root / "escape").symlink_to(outside)                      # out: not followed
    (root / "escape-up").symlink_to("..")                      # the root's parent: out
    (root / "to-other-root").symlink_to(other)                 # another root: in
    (root / "Heat (1995)" / "loop").symlink_to(root)           # a loop: visited once
    found = list(list_folders([root, other]))
    folders = {Path(i.path).name for i in found if isinstance(i, Listing)}
    assert "Secret (2001)" not in folders and "Alien (1979)" in folders
    problems = [str(p) for p in found if isinstance(p, Problem)]
    assert sum("escape" in p and "outside the library roots" in p for p in problems) == 2, problems


def test_nfo_writing_never_leaves_the_roots(tmp_path, outside):
    lib, content = tmp_path / "lib", tmp_path / "content"
    write(lib, "Heat (1995)/Heat.mkv")
    (lib / "Linked").symlink_to(outside)
    write(outside, "Alien.mkv")
    settings = ScanSettings(roots=(lib,), content_dir=content)
    pipeline.scan(settings)
    for slug, rel in (("forged-up", "../outside/Secret.mkv"), ("forged-link", "Linked/Alien.mkv"),
                      ("forged-abs", str(outside / "Alien.mkv"))):
        write(content, f"movies/{slug}.md", f"---\ntitle: {slug}\nfiles:\n  - library: lib\n    path: '{rel}'\n---\n")
    before = snapshot(outside)
    assert main(["nfo", "write", "--config", str(make_site(tmp_path, [lib]))]) in (0, 1)
    assert snapshot(outside) == before
    assert (lib / "Heat (1995)" / "Heat.nfo").is_file()


# -- per-NFO list caps ---------------------------------------------------------------------------
@pytest.mark.parametrize("element", ["genre", "tag", "studio", "country", "director", "credits"])
def test_an_nfo_cannot_make_thousands_of_pages(element):
    xml = "<movie><title>X</title>" + "".join(f"<{element}>v{i}</{element}>" for i in range(10_000)) + "</movie>"
    result = parse_nfo(xml.encode())
    lists = [v for v in result.metadata.values() if isinstance(v, list)]
    assert lists and all(len(v) <= 200 for v in lists)
    assert any("kept the first" in w for w in result.warnings)


def test_cast_ratings_and_streams_are_capped_too():
    xml = ("<movie><title>X</title>" + "<actor><name>a{0}</name></actor>".join("" for _ in range(2)) +
           "".join(f"<actor><name>a{i}</name></actor>" for i in range(5000)) +
           "<fileinfo><streamdetails>" + "<audio><codec>aac</codec></audio>" * 1000 + "</streamdetails></fileinfo>"
           + "</movie>")
    meta = parse_nfo(xml.encode()).metadata
    assert len(meta["cast"]) == 500 and len(meta["streams"].get("audio", [])) <= 200


# -- scan: always --------------------------------------------------------------------------------
def test_scan_always_fails_when_a_root_is_missing(tmp_path, capsys):
    cfg = site_with_plugin(tmp_path, f"library: [{tmp_path / 'gone'}]\ncontent_dir: content\nscan: always\n")
    assert main(["scan", "--config", str(cfg)]) == 2
    err = capsys.readouterr().err
    assert one_line(err) and "gone" in err and "scan: always" in err
    result = mkdocs_build(cfg)
    assert result.returncode != 0 and "scan: always" in result.stderr and "Traceback" not in result.stderr
    cfg.write_text(cfg.read_text().replace("scan: always", "scan: auto"))
    assert mkdocs_build(cfg).returncode == 0                     # auto: builds from content/ alone


# -- file-system errors are one line -------------------------------------------------------------
@pytest.mark.parametrize("code", [errno.ENOSPC, errno.EROFS, errno.EACCES, errno.EDQUOT])
def test_a_write_the_disk_refuses_is_one_line(tmp_path, capsys, monkeypatch, code):
    lib = tmp_path / "lib"
    write(lib, "Heat (1995)/Heat.mkv")
    from movievault_build import fsutil

    def refuse(*args, **kwargs):
        raise OSError(code, os.strerror(code), str(tmp_path / "content" / "movies" / "heat-1995.md"))
    monkeypatch.setattr(fsutil.tempfile, "mkstemp", refuse)   # every atomic write starts here
    monkeypatch.chdir(tmp_path)          # no mkdocs.yml, .env or cache of the checkout's is read
    for args in (["scan", "--library", str(lib), "--content", str(tmp_path / "content")],
                 ["backup", str(tmp_path / "b.tar.gz"), "--content", str(tmp_path / "content")]):
        assert main(args) != 0
        err = capsys.readouterr().err
        assert "Traceback" not in err and os.strerror(code) in err and len(err.strip().splitlines()) <= 3


def test_an_unwritable_folder_is_one_line_in_the_cli_and_the_build(tmp_path, capsys):
    (tmp_path / "blocker").write_text("a file where a folder should be\n")
    lib = tmp_path / "lib"
    write(lib, "Heat (1995)/Heat.mkv")
    assert main(["scan", "--library", str(lib), "--content", str(tmp_path / "blocker" / "content")]) != 0
    err = capsys.readouterr().err
    assert one_line(err) and "blocker" in err
    cfg = make_site(tmp_path, [lib], extra="")
    cfg.write_text(cfg.read_text() + "      cache_dir: blocker/cache\n")
    result = mkdocs_build(cfg)
    assert result.returncode != 0 and "Traceback" not in result.stderr and "blocker" in result.stderr


# -- config validation ---------------------------------------------------------------------------
@pytest.mark.parametrize("block, words", [
    ("images: {formats: []}\n", "at least one format"), ("images: {quality: {webp: -1}}\n", "from 0 to 100"),
    ("images: {quality: {avif: 101}}\n", "from 0 to 100"), ("images: {effort: {webp: 9}}\n", "from 0 to 6"),
    ("images: {effort: {avif: 11}}\n", "from 0 to 10"), ("images: {widths: {poster: [-5]}}\n", "positive"),
    ("images: {widths: {poster: []}}\n", "non-empty"), ("images: {workers: 0}\n", "at least 1"),
    ("artwork: {max_bytes: -1}\n", "at least 1"),
    ("artwork: {actor_photos: -3}\n", "at least 0"), ("online: {workers: 0}\n", "at least 1"),
    ("online: {timeout: -1}\n", "at least"), ("online: {min_confidence: 2}\n", "between 0 and 1"),
    ("artwork: {master_max_width: 0}\n", "at least 1"),
    ("cache_dir: content/.cache\n", "overlap"), ("index_path: content/index.sqlite\n", "overlap"),
    ("cache_dir: .\n", "overlap"),
])
def test_the_config_refuses_nonsense_naming_the_key(tmp_path, block, words, capsys):
    cfg = site_with_plugin(tmp_path, "library: []\ncontent_dir: content\n" + block)
    result = mkdocs_build(cfg, "-q")
    assert result.returncode != 0 and words in result.stderr, result.stderr[-500:]
    assert "Traceback" not in result.stderr
    assert main(["ls", "--config", str(cfg)]) in (1, 2) and words in capsys.readouterr().err


# -- control characters never reach the terminal -------------------------------------------------
def test_control_characters_in_names_are_escaped(tmp_path, capsys, monkeypatch):
    lib = tmp_path / "lib"
    evil = "Evil\x1b[2J\x1b]0;owned\x07\u202e (1999)"
    write(lib, f"{evil}/movie.mkv")
    write(lib, f"{evil}/movie.nfo", b"<movie><title>broken")                # a warning naming the path
    content = tmp_path / "content"
    write(content, "movies/esc.md", '---\ntitle: "Title \\e[31mred\\e[0m \\u202e"\n---\n')
    monkeypatch.chdir(tmp_path)
    assert main(["scan", "--library", str(lib), "--content", str(content)]) == 0
    assert main(["ls", "--content", str(content)]) == 0
    assert main(["nfo", "validate", str(lib)]) in (0, 1)
    out = capsys.readouterr()
    for stream in (out.out, out.err):
        assert "\x1b" not in stream and "\x07" not in stream and "\u202e" not in stream
    assert "\\u001b" in out.out + out.err


# -- the read-only query ---------------------------------------------------------------------------
@pytest.fixture
def index(tmp_path) -> Path:
    path = tmp_path / "index.sqlite"
    db = sqlite3.connect(path)
    db.execute("CREATE TABLE movies (title TEXT)")
    db.execute("INSERT INTO movies VALUES ('Heat')")
    db.commit()
    db.close()
    return path


@pytest.mark.parametrize("sql", [
    "ATTACH DATABASE '{d}/made.db' AS x", "VACUUM INTO '{d}/made.db'", "VACUUM",
    "CREATE TABLE x (a)", "INSERT INTO movies VALUES ('x')", "DELETE FROM movies", "DROP TABLE movies",
    "PRAGMA journal_mode = DELETE", "PRAGMA user_version = 7", "PRAGMA query_only = 0",
    "SELECT 1; ATTACH DATABASE '{d}/made.db' AS x", "CREATE INDEX i ON movies (title)", "ANALYZE",
])
def test_query_makes_no_file_and_changes_nothing(index, sql):
    before = index.read_bytes()
    with pytest.raises(UserError):
        read_only_sql(index, sql.format(d=index.parent))
    assert not (index.parent / "made.db").exists() and index.read_bytes() == before


def test_query_reads_and_stops_in_time(index):
    assert read_only_sql(index, "SELECT title FROM movies") == (["title"], [("Heat",)])
    assert read_only_sql(index, "PRAGMA table_info(movies)")[1][0][1] == "title"
    with pytest.raises(UserError, match="stopped after"):
        read_only_sql(index, "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n) "
                             "SELECT count(*) FROM n", seconds=0.5)


@pytest.mark.parametrize("sql", ["SELECT randomblob(2000000000)", "SELECT " + "+".join(["1"] * 200_000),
                                 "SELECT " + "(" * 5000 + "1" + ")" * 5000, "SELECT zeroblob(100000000)",
                                 "SELECT " + "x" * 3_000_000])
def test_a_huge_query_is_an_error_not_a_traceback(index, sql, capsys):
    with pytest.raises(UserError):
        read_only_sql(index, sql)


@pytest.mark.parametrize("query", [" ".join(["genre:x"] * 5000), " OR ".join(["genre:x"] * 5000),
                                   "(" * 100_000, "year:" + "9" * 5000, "title:" + "x" * 1_000_000])
def test_a_huge_ls_query_is_one_line(tmp_path, query, capsys, monkeypatch):
    write(tmp_path, "content/movies/heat-1995.md", "---\ntitle: Heat\nyear: 1995\n---\n")
    monkeypatch.chdir(tmp_path)
    for command in ("ls", "stats"):
        assert main([command, "--", query]) in (0, 2)
        err = capsys.readouterr().err
        assert "Traceback" not in err and len(err) < 2000
