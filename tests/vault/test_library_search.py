"""Full text, fuzzy, people and read-only SQL over the demo index."""
from __future__ import annotations

import pytest

from movievault_build.errors import UserError
from movievault_build.vault.index import open_index
from movievault_build.vault.search import find_people, read_only_sql, search_fuzzy, search_text


@pytest.fixture(scope="module")
def demo_index(demo_content, tmp_path_factory):
    path = tmp_path_factory.mktemp("idx") / "index.sqlite"
    db, _ = open_index(path, demo_content)
    return db, path


def slugs(found):
    return [r["slug"] for r in found]


def test_full_text_finds_cast(demo_index):
    assert slugs(search_text(demo_index[0], "keanu reeves")) == ["the-matrix-1999"]


def test_full_text_by_field(demo_index):
    db = demo_index[0]
    assert "blade-runner-1982" in slugs(search_text(db, "runner", field="title"))
    assert search_text(db, "pacino", field="title") == []
    assert "heat-1995" in slugs(search_text(db, "pacino", field="cast"))
    with pytest.raises(UserError, match="--field"):
        search_text(db, "x", field="bogus")


def test_fuzzy_forgives_typos(demo_index):
    db = demo_index[0]
    assert slugs(search_fuzzy(db, "matricx"))[0] == "the-matrix-1999"
    assert "heat-1995" in slugs(search_fuzzy(db, "al pacinno"))
    assert search_fuzzy(db, "zzzzqqq") == []


def test_find_people_substring_then_close_names(demo_index):
    db = demo_index[0]
    credits = find_people(db, "de niro")
    assert {c["slug"] for c in credits} >= {"heat-1995", "taxi-driver-1976"}
    assert credits[0]["name"] == "Robert De Niro"
    assert {c["name"] for c in find_people(db, "sigourny weaver")} == {"Sigourney Weaver"}


def test_read_only_sql(demo_index):
    _db, path = demo_index
    cols, rows = read_only_sql(path, "SELECT slug FROM movies WHERE year = 1995")
    assert cols == ["slug"] and rows == [("heat-1995",)]
    for sql in ("DELETE FROM movies", "CREATE TABLE x (y)", "UPDATE movies SET title = 'x'"):
        with pytest.raises(UserError, match="read-only"):
            read_only_sql(path, sql)
    cols, rows = read_only_sql(path, "SELECT count(*) FROM movies")
    assert rows == [(32,)]
