"""Each metadata field is declared once (movievault_build/fields.py), and a field added
through that declaration alone reaches every stage: read from an NFO, stored in content/,
written back to an NFO, indexed and queried (SQLite and the Python evaluator alike),
searched on the site, published in the JSON API and shown on the movie's page.

Fields are declared before the model is imported, so the new ones are declared in a fresh
interpreter that then builds a site (`CHILD`), as a plugin would declare its own."""
from __future__ import annotations

import json
import subprocess
import sys

import pytest

from movievault_build import fields
from movievault_build.identify.nfo import parse_nfo
from movievault_build.model import METADATA_FIELDS
from movievault_build.vault.index import open_index
from movievault_build.views.library_index import decode_library_index
from tests.helpers import REPO, make_site, write

NFO = """<?xml version="1.0" encoding="UTF-8"?>
<movie>
  <title>Heat</title>
  <year>1995</year>
  <genre>Crime</genre>
  <awards>Best Score &lt;nominee&gt;</awards>
  <budget>60000000</budget>
</movie>
"""

ALIEN_NFO = "<movie><title>Alien</title><year>1979</year><budget>11000000</budget></movie>"

CHILD = """
import json, sys
from pathlib import Path
from movievault_build import fields as F

F.declare(F.Field("awards", F.TEXT, F.Nfo(("awards",), write="awards", at=24), omdb="Awards",
                  query=(F.Query("awards", "contains", aliases=("award",)),), search=4,
                  label="Awards", own_page=True, summary=True))
F.declare(F.Field("budget", F.INT, F.Nfo(("budget",), parse="count", write="budget", at=24),
                  query=(F.Query("budget", "number"),), label="Budget", own_page=True, browse=True,
                  column=True, sort=True))

from click.testing import CliRunner
from mkdocs.__main__ import cli
from movievault_build.cli.app import cli as movievault
from movievault_build.vault.index import memory_index, open_index, records
from movievault_build.vault.query import parse
from movievault_build.vault.query_eval import select
from movievault_build.vault.query_sql import compile_where, order_by
from movievault_build.vault.search import search_text
from movievault_build.vault.sorting import sort_records
from movievault_build.vault.records import movie_record
from movievault_build.nfo.build import build_nfo
from movievault_build.providers.omdb import map_movie
from movievault_build.store.library import load_movies

cfg, report = Path(sys.argv[1]), Path(sys.argv[2])
cli.main(["build", "-q", "-f", str(cfg)], standalone_mode=False)
movies, problems = load_movies(cfg.parent / "content")
db = memory_index(movies)
out = {"problems": problems, "sql": {}, "eval": {}}
for name in ("fresh", "older"):     # made here, and by a MovieVault that lacked the fields
    index, _ = open_index(cfg.parent / f"{name}.sqlite", cfg.parent / "content")
    out[name] = sorted(index.execute("SELECT slug, budget FROM movies"))
    out[name + " search"] = [[m["slug"] for m in search_text(index, text, column)]
                             for text, column in (("score", None), ("nominee", "awards"), ("heat", "awards"))]
for q in ("awards:score", "award:NOMINEE", "-awards:score", "budget:50000000..", "budget:..1000",
          "score", '"best score"', "-nominee", "heat score", "alien score"):
    where, params = compile_where(parse(q))
    out["sql"][q] = sorted(r["slug"] for r in records(db, where, params))
    out["eval"][q] = sorted(r["slug"] for r in select([movie_record(m) for m in movies], parse(q)))
for spec in ("budget", "-budget", "budget desc, title"):
    out["sql"][spec] = [r["slug"] for r in records(db, order=order_by(spec))]
    out["eval"][spec] = [r["slug"] for r in sort_records([movie_record(m) for m in movies], spec)]
cli_out = [CliRunner().invoke(movievault, [*args, "--config", str(cfg), "--json"])
           for args in (["search", "score"], ["ls", "--sort", "-budget"])]
out["cli"] = [[json.loads(line)["slug"] for line in r.output.splitlines()] for r in cli_out]
heat = next(m for m in movies if m.title == "Heat")
out["content"] = (cfg.parent / "content" / "movies" / f"{heat.slug}.md").read_text()
nfo = Path(sys.argv[3])       # an edit the caches must see: a warm build into another folder
nfo.write_text(nfo.read_text().replace("60000000", "70000000").replace("Best Score", "Best Picture"))
cli.main(["build", "-q", "-f", str(cfg), "-d", str(cfg.parent / "warm")], standalone_mode=False)
out["slug"], out["nfo"] = heat.slug, build_nfo(heat.metadata())
out["omdb"] = map_movie({"Title": "Heat", "Year": "1995", "Awards": "Nominated for 1 BAFTA", "imdbID": "tt0113277"})
report.write_text(json.dumps(out))
"""


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("fields")
    lib = tmp / "films"
    write(lib, "Heat (1995)/Heat (1995).mkv")
    write(lib, "Heat (1995)/movie.nfo", NFO)
    write(lib, "Alien (1979)/Alien (1979).mkv")
    write(lib, "Alien (1979)/movie.nfo", ALIEN_NFO)
    cfg = make_site(tmp, [lib])
    open_index(tmp / "older.sqlite", tmp / "content")[0].close()     # before the fields exist
    report = tmp / "report.json"
    env = {"PYTHONPATH": str(REPO), "PATH": "/usr/bin:/bin", "HOME": str(tmp)}
    result = subprocess.run([sys.executable, "-c", CHILD, str(cfg), str(report), str(lib / "Heat (1995)" / "movie.nfo")],
                            capture_output=True,
                            text=True, cwd=tmp, env=env)
    assert result.returncode == 0, result.stderr
    return tmp, json.loads(report.read_text())


def test_a_declared_field_is_read_from_the_nfo_and_stored_in_content(built):
    tmp, report = built
    text = report["content"]          # as the first build stored it
    assert "awards: Best Score <nominee>\n" in text and "budget: 60000000\n" in text
    assert report["problems"] == []


def test_a_declared_field_is_written_back_to_nfos(built):
    _, report = built
    assert "<awards>Best Score &lt;nominee&gt;</awards>" in report["nfo"]
    assert "<budget>60000000</budget>" in report["nfo"]


def test_a_declared_field_is_read_from_omdb(built):
    _, report = built
    assert report["omdb"] == {"title": "Heat", "year": 1995, "awards": "Nominated for 1 BAFTA",
                              "ids": {"imdb": "tt0113277"}}


def test_a_declared_field_is_queried_the_same_by_sqlite_and_python(built):
    _, report = built
    heat = report["slug"]
    assert report["sql"] == report["eval"]
    assert report["sql"]["awards:score"] == [heat]
    assert report["sql"]["award:NOMINEE"] == [heat]                 # alias, folded
    assert report["sql"]["-awards:score"] == ["alien-1979"]
    assert report["sql"]["budget:50000000.."] == [heat]
    assert report["sql"]["budget:..1000"] == []


def test_a_searched_field_is_found_by_free_text_in_sqlite_and_python(built):
    """Declared `search`: its words are in the index's full-text table (and the Python
    evaluator's), so free text, a phrase and `movievault search` find them."""
    _, report = built
    heat = report["slug"]
    assert report["sql"]["score"] == report["sql"]['"best score"'] == report["sql"]["heat score"] == [heat]
    assert report["sql"]["-nominee"] == ["alien-1979"] and report["sql"]["alien score"] == []
    assert report["cli"][0] == [heat]


def test_an_older_index_gains_a_searched_fields_column(built):
    """FTS5 cannot add a column: an index made before the field was declared has its
    full-text table made again and every movie indexed again into it."""
    _, report = built
    assert report["fresh search"] == report["older search"] == [[report["slug"]], [report["slug"]], []]


def test_a_declared_sort_orders_ls_and_playlists_alike(built):
    _, report = built
    heat = report["slug"]
    assert report["sql"] == report["eval"]
    assert report["sql"]["budget"] == ["alien-1979", heat]
    assert report["sql"]["-budget"] == report["sql"]["budget desc, title"] == [heat, "alien-1979"]
    assert report["cli"][1] == [heat, "alien-1979"]


def test_a_declared_column_is_in_the_sql_index_new_or_older(built):
    """`movievault query` sees it: an index made before the field was declared gains the
    column and has every movie indexed again to fill it."""
    _, report = built
    assert report["fresh"] == report["older"] == [["alien-1979", 11000000], [report["slug"], 60000000]]


def test_a_declared_field_is_published_searched_and_shown(built):
    tmp, report = built
    site, heat = tmp / "site", report["slug"]
    doc = json.loads((site / "api" / "movies" / f"{heat}.json").read_text())
    assert doc["awards"] == "Best Score <nominee>" and doc["budget"] == 60000000
    schema = json.loads((site / "api" / "schema" / "movie.schema.json").read_text())
    assert schema["properties"]["awards"] == {"type": "string"}
    assert schema["properties"]["budget"] == {"type": "integer"}
    jsonschema = pytest.importorskip("jsonschema")
    jsonschema.Draft202012Validator(schema).validate(doc)        # additionalProperties: false
    browsed = decode_library_index((site / "api" / "library-index.json").read_bytes())
    assert {m["slug"]: m["budget"] for m in browsed} == {heat: 60000000, "alien-1979": 11000000}
    listing = json.loads((site / "api" / "movies.json").read_text())
    assert {m["slug"]: m["awards"] for m in listing["movies"]} == {heat: "Best Score <nominee>", "alien-1979": None}
    listed = json.loads((site / "api" / "schema" / "movies.schema.json").read_text())
    assert listed["properties"]["movies"]["items"]["properties"]["awards"] == {"type": ["string", "null"]}
    jsonschema.Draft202012Validator(listed).validate(listing)
    page = (site / "movies" / heat / "index.html").read_text()
    assert "<dt>Awards</dt><dd>Best Score &lt;nominee&gt;</dd>" in page
    assert "<dt>Budget</dt><dd>60000000</dd>" in page
    terms = json.loads((site / "search" / "terms-sc.json").read_text())
    docs = json.loads((site / "search" / "docs-0.json").read_text())
    assert [docs[n][0] for n in terms["score"][::2]] == [heat] and terms["score"][1] == 4


def test_a_warm_build_shows_a_declared_fields_new_value_in_every_file(built):
    tmp, report = built
    warm, heat = tmp / "warm", report["slug"]
    assert "budget: 70000000\n" in (tmp / "content" / "movies" / f"{heat}.md").read_text()
    assert {m["slug"]: m["budget"] for m in decode_library_index((warm / "api" / "library-index.json").read_bytes())
            } == {heat: 70000000, "alien-1979": 11000000}
    listing = json.loads((warm / "api" / "movies.json").read_text())
    assert {m["slug"]: m["awards"] for m in listing["movies"]} == {heat: "Best Picture <nominee>", "alien-1979": None}
    assert "<dt>Budget</dt><dd>70000000</dd>" in (warm / "movies" / heat / "index.html").read_text()


def test_the_browsers_columns_are_the_declared_fields_and_the_librarys_own():
    """The library browser's index holds every field declared `browse` (its own cells for
    what the page sorts and filters by, plain by kind for the rest) and, beside them, only
    what the library knows of a movie."""
    from movievault_build.views import library_index as index
    declared = [f.name + (index.CELLS[f.browse].suffix if isinstance(f.browse, str) else "")
                for f in fields.FIELDS.values() if f.browse]
    assert declared and set(declared) <= set(index.FIELDS)
    assert set(index.FIELDS) - set(declared) == {"slug", "added", "url", "poster", "resolution", "source",
                                                 "flags", "hdr", "audio", "subtitles", "badge", "poster_fallback"}


def test_an_undeclared_element_stays_out_of_everything():
    """The same NFO read here, where the fields are not declared: nothing of them."""
    meta = parse_nfo(NFO.encode(), "movie.nfo").metadata
    assert "awards" not in meta and "awards" not in METADATA_FIELDS


def test_declarations_are_closed_once_the_model_is_built():
    with pytest.raises(RuntimeError, match="declared after"):
        fields.declare(fields.Field("late", fields.TEXT))


@pytest.mark.parametrize("name", ["Awards", "awards; DROP TABLE movies", "", "a.b", "x" * 41])
def test_field_names_are_plain_identifiers(name):
    table = fields.Table(())
    with pytest.raises(ValueError):
        table.add(fields.Field(name, fields.TEXT))
    with pytest.raises(ValueError):
        table.add(fields.Field("ok", fields.TEXT, query=(fields.Query(name or "-", "contains"),)))


@pytest.mark.parametrize("declared", [
    dict(kind=fields.INT, search=2),                  # the searches read words
    dict(kind=fields.INT, sort=True),                 # sorting reads the index column
    dict(kind=fields.TEXT, search=1, fts="Crew"),     # the full-text column's name goes into SQL
])
def test_a_searched_or_sorted_field_must_be_one_the_index_can_serve(declared):
    with pytest.raises(ValueError):
        fields.Table((fields.Field("extra", **declared),))


@pytest.mark.parametrize("by", ["other", "missing"])
def test_a_sort_names_a_field_with_an_index_column(by):
    table = fields.Table((fields.Field("extra", fields.TEXT, sort=by), fields.Field("other", fields.TEXT)))
    with pytest.raises(ValueError, match="no field with an index column"):
        table.sorts()
    assert fields.FIELDS.sorts()[:2] == (("title", "sort_title"), ("year", "year"))


def test_a_field_is_declared_once():
    table = fields.Table((fields.Field("awards", fields.TEXT),))
    with pytest.raises(ValueError, match="twice"):
        table.add(fields.Field("awards", fields.INT))


SAMPLES = {fields.TEXT: "Other", fields.PROSE: "Another text.", fields.DATE: "2001-02-03",
           fields.URL: "https://example.org/trailer", fields.INT: 7, fields.NUMBER: 7.5, fields.BOOL: True,
           fields.NAMES: ("Somebody",), fields.RATINGS: {"imdb": {"value": 7.0}},
           fields.STREAMS: {"audio": [{"codec": "aac", "language": "eng"}]}}


@pytest.mark.parametrize("name", [f.name for f in fields.FIELDS.values() if f.own_page])
def test_a_field_declared_own_page_is_shown_by_no_other_page(name):
    """A wrong `own_page` would leave other pages stale: what cards, groups and related films
    are made of must not change with the field."""
    from movievault_build.model import Movie
    from movievault_build.views.catalog import build_catalog
    from movievault_build.views.pages import Links, card_view

    heat = Movie("heat-1995", "Heat", 1995, genres=("Crime",), directors=("Michael Mann",))
    ronin = Movie("ronin-1998", "Ronin", 1998, genres=("Crime",))
    changed = heat.with_changes(**{name: SAMPLES[fields.FIELDS[name].kind]})
    links = Links(movies={"heat-1995": "movies/heat-1995/"}, groups={}, indexes={})
    assert card_view(changed, links) == card_view(heat, links)
    before, after = build_catalog([heat, ronin]), build_catalog([changed, ronin])
    assert {k: sorted(g) for k, g in after.groups.items()} == {k: sorted(g) for k, g in before.groups.items()}
    assert [m.slug for m in after.related["ronin-1998"]] == [m.slug for m in before.related["ronin-1998"]]
