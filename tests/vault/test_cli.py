"""The library commands end to end, through main()."""
from __future__ import annotations

import json

import pytest

from movievault_build.cli import main


@pytest.fixture
def run(content, tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)     # no mkdocs.yml here: --content alone

    def invoke(*args):
        code = main([*args, "--content", str(content)])
        out, err = capsys.readouterr()
        return code, out, err
    return invoke


def test_ls_json_and_errors(run):
    code, out, _ = run("ls", "genre:Crime", "year:1990..1999", "--json")
    rows = [json.loads(line) for line in out.splitlines()]
    assert code == 0 and {"heat-1995", "pulp-fiction-1994"} <= {r["slug"] for r in rows}
    assert all({"slug", "title", "year", "ids"} <= set(r) for r in rows)
    code, _, err = run("ls", "year:19x9")
    assert code == 2 and '"19x9" is not a year or range' in err and "^" in err


def test_search_fuzzy_and_query(run):
    assert "the-matrix-1999" in run("search", "--fuzzy", "matricx")[1]
    assert "the-matrix-1999" in run("search", "keanu", "reeves")[1]
    code, _, err = run("query", "DROP TABLE movies")
    assert code == 2 and "read-only" in err


def test_tag_then_list_and_filter(run):
    assert run("tag", "heat-1995", "Date Night")[0] == 0
    assert "Date Night" in run("tags", "list")[1]
    assert "heat-1995" in run("ls", 'tag:"date night"')[1]
    run("watchlist", "add", "alien-1979")
    assert "alien-1979" in run("watchlist", "list")[1]
    run("watchlist", "watched", "alien-1979")
    stats = json.loads(run("watchlist", "stats", "--json")[1])
    assert stats["watched"] == 1 and stats["watchlist"] == 0
    run("rate", "heat-1995", "9")
    run("favorite", "heat-1995")
    assert "heat-1995" in run("ls", "user_rating:9", "favorite:true")[1]
    code, _, err = run("tag", "heat-199", "x")
    assert code == 2 and "did you mean: heat-1995" in err
