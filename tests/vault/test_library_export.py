"""Export: CSV round-trips through csv.DictReader, JSON, SQLite, HTML, gzip, query, fields."""
from __future__ import annotations

import csv
import gzip
import io
import json
import sqlite3

import pytest

from movievault_build.cli import main
from movievault_build.errors import UserError
from movievault_build.vault.export import export, flatten, movie_document, parse_fields, spreadsheet_safe, to_csv
from movievault_build.store.library import load_movies


@pytest.fixture
def run(content, tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)

    def invoke(*args):
        code = main([*args, "--content", str(content)])
        return code, *capsys.readouterr()
    return invoke


def test_csv_round_trips_with_bom_and_flattened_columns(run, content, tmp_path):
    assert run("export", "--format", "csv", "all.csv")[0] == 0
    raw = (tmp_path / "all.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")                      # UTF-8 BOM for spreadsheets
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"), newline="")))
    movies, _ = load_movies(content)
    assert len(rows) == len(movies)
    by_slug = {r["slug"]: r for r in rows}
    for movie in movies:
        row = by_slug[movie.slug]
        assert row["title"] == movie.title
        assert row["genres"] == "; ".join(movie.genres)
        assert row.get("ids.imdb", "") == movie.ids.get("imdb", "")
        assert row.get("cast", "") == "; ".join(p.name for p in movie.cast)
    heat = by_slug["heat-1995"]
    assert heat["ratings.imdb.value"] == "8.3" and heat["year"] == "1995"
    assert "Amélie" in {r["title"] for r in rows} or any("é" in r["title"] for r in rows)


def test_csv_neutralises_formulas_but_not_numbers():
    data = to_csv([{"slug": "x", "title": "=HYPERLINK(\"http://evil\")", "rating": -1.5, "plot": "@SUM(A1)"}])
    row = next(csv.DictReader(io.StringIO(data.decode("utf-8-sig"), newline="")))
    assert row["title"] == "'=HYPERLINK(\"http://evil\")" and row["plot"] == "'@SUM(A1)" and row["rating"] == "-1.5"
    assert spreadsheet_safe("Heat") == "Heat"


def test_json_fields_query_and_gzip(run, tmp_path):
    code, out, _ = run("export", "--format", "json", "--gzip", "--fields", "title,year,ids.imdb", "n.json.gz",
                       "year:1990..1999")
    assert code == 0 and "movies" in out
    doc = json.loads(gzip.decompress((tmp_path / "n.json.gz").read_bytes()))
    assert doc["movies"] and all(set(m) == {"title", "year", "ids.imdb"} for m in doc["movies"])
    assert all(1990 <= m["year"] <= 1999 for m in doc["movies"])
    assert {"title": "Heat", "year": 1995, "ids.imdb": "tt0113277"} in doc["movies"]


def test_json_default_is_every_field(demo_movies, demo_content, tmp_path):
    export("json", tmp_path / "x.json", demo_movies, demo_content)
    docs = json.loads((tmp_path / "x.json").read_text())["movies"]
    heat = next(d for d in docs if d["slug"] == "heat-1995")
    assert heat["ids"]["imdb"] == "tt0113277" and heat["files"][0]["path"].endswith("BDMV")
    assert heat["sources"]["title"] == "nfo" and "user" in heat and heat["cast"][0]["name"] == "Al Pacino"


def test_sqlite_is_a_fresh_index(run, content, tmp_path):
    assert run("export", "--format", "sqlite", "lib.sqlite")[0] == 0
    db = sqlite3.connect(tmp_path / "lib.sqlite")
    count = db.execute("SELECT count(*) FROM movies").fetchone()[0]
    assert count == len(list((content / "movies").glob("*.md")))
    assert db.execute("SELECT title FROM movies WHERE slug = 'heat-1995'").fetchone() == ("Heat",)
    code, _, err = run("export", "--format", "sqlite", "lib2.sqlite", "genre:Drama")
    assert code == 2 and "whole index" in err and not (tmp_path / "lib2.sqlite").exists()


def test_html_table_escapes(demo_movies, demo_content, tmp_path):
    evil = demo_movies[0].with_changes(title="<img src=x onerror=alert(1)>")
    export("html", tmp_path / "t.html", [evil], demo_content)
    page = (tmp_path / "t.html").read_text()
    assert "<img" not in page and "&lt;img src=x" in page and "<table>" in page


def test_unknown_field_and_flatten():
    with pytest.raises(UserError, match="unknown field 'bogus'"):
        parse_fields("title,bogus")
    assert flatten({"ids": {"imdb": "tt1"}, "genres": ["A", "B"], "watched": True, "cast": [{"name": "X"}]}) == \
        {"ids.imdb": "tt1", "genres": "A; B", "watched": "true", "cast": "X"}


def test_export_does_not_replace_the_target_on_failure(tmp_path, demo_content, demo_movies):
    target = tmp_path / "keep.json"
    target.write_text("old")
    with pytest.raises(UserError):
        export("yaml", target, demo_movies, demo_content)
    assert target.read_text() == "old"
    assert movie_document(demo_movies[0])["slug"] == demo_movies[0].slug
