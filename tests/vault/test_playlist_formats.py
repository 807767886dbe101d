"""Playlist exports for Kodi (.xsp) and Kometa: what we write is read back with the
format's own rules (defusedxml for the XML, ruamel for the YAML), evaluated the way
the player would, and compared with the playlist's own selection."""
from __future__ import annotations

import io
import re

import pytest
from defusedxml import ElementTree as SafeET
from ruamel.yaml import YAML

from movievault_build.cli import main
from movievault_build.errors import UserError
from movievault_build.vault import kometa, xsp
from movievault_build.vault.playlists import parse_playlist
from movievault_build.vault.records import fold, movie_record


def playlist(rules, **extra):
    return parse_playlist({"name": extra.pop("name", "Test"), "rules": rules, **extra}, "test")


# --- Kodi ---------------------------------------------------------------------------

def read_xsp(text: str) -> dict:
    """The playlist as Kodi reads it, each part checked against the format's rules."""
    root = SafeET.fromstring(text.encode("utf-8"))
    assert root.tag == "smartplaylist" and root.get("type") == "movies"
    assert {c.tag for c in root} <= {"name", "match", "rule", "order", "limit"}
    match = root.findtext("match")
    assert match in ("all", "one")
    rules = []
    for rule in root.findall("rule"):
        field, op = rule.get("field"), rule.get("operator")
        assert field in xsp.FIELDS and op in xsp.OPERATORS, (field, op)
        values = [v.text or "" for v in rule.findall("value")]
        assert values or op in ("true", "false")
        assert op != "between" or len(values) == 2
        rules.append((field, op, values))
    order = root.find("order")
    assert order is not None and order.text in xsp.ORDERS and order.get("direction") in ("ascending", "descending")
    limit = root.findtext("limit")
    assert limit is None or int(limit) > 0
    return {"name": root.findtext("name"), "match": match, "rules": rules, "order": (order.text, order.get("direction")),
            "limit": int(limit) if limit else None}


def _kodi_seconds(text: str) -> int:
    h, m, s = (int(p) for p in text.split(":"))
    return h * 3600 + m * 60 + s


def kodi_matches(rule, movie) -> bool:
    """One rule the way Kodi's SQL applies it (case-insensitive LIKE), for the fields we write."""
    field, op, values = rule
    r = movie_record(movie)
    have = {
        "genre": r["genres"], "director": r["directors"], "actor": r["cast"], "country": r["countries"],
        "studio": r["studios"], "tag": r["tags"], "set": [r["collection"]] if r["collection"] else [],
        "mpaarating": [movie.certification] if movie.certification else [],
        "filename": [f.path.rsplit("/", 1)[-1] for f in movie.files],
        "title": [movie.title], "originaltitle": [movie.original_title or ""],
    }
    number = {"year": r["year"], "rating": r["rating"], "playcount": 1 if r["watched"] else 0,
              "time": (r["runtime"] or 0) * 60}
    if field in have:
        got = [fold(v) for v in have[field]]
        want = [fold(v) for v in values]
        hit = {"is": lambda g, w: g == w, "isnot": lambda g, w: g == w,
               "contains": lambda g, w: w in g, "doesnotcontain": lambda g, w: w in g}[op]
        found = any(hit(g, w) for g in got for w in want)
        return not found if op in ("isnot", "doesnotcontain") else found
    value = number[field]
    if value is None:
        return False
    nums = [_kodi_seconds(v) if field == "time" else float(v) for v in values]
    return {"is": lambda: value == nums[0], "greaterthan": lambda: value > nums[0],
            "lessthan": lambda: value < nums[0], "between": lambda: nums[0] <= value <= nums[1]}[op]()


def kodi_select(parsed, movies) -> set[str]:
    test = all if parsed["match"] == "all" else any
    return {m.slug for m in movies if test(kodi_matches(rule, m) for rule in parsed["rules"])}


@pytest.mark.parametrize("rules, expected", [
    ('genre:"Science Fiction" year:..1999', [("genre", "is", ["Science Fiction"]), ("year", "lessthan", ["2000"])]),
    ({"release_year": "1990-1999", "genres": ["Drama", "Crime"]},
     [("year", "between", ["1990", "1999"]), ("genre", "is", ["Drama", "Crime"])]),
    ("rating:>=8", [("rating", "between", ["8", "10"])]),
    ("rating:>7.5 runtime:..120", [("rating", "greaterthan", ["7.5"]), ("time", "lessthan", ["2:00:01"])]),
    ("genre:Comedy OR genre:Romance", [("genre", "is", ["Comedy"]), ("genre", "is", ["Romance"])]),
    ("-genre:Horror watched:false", [("genre", "isnot", ["Horror"]), ("playcount", "is", ["0"])]),
    ("-year:..1979", [("year", "greaterthan", ["1979"])]),
    ("cert:R", [("mpaarating", "is", ["R", "Rated R"])]),
    ('actor:"keanu"', [("actor", "contains", ["Keanu"])]),
    # the query folds "Amélie" to "amelie"; Kodi compares with the library's spelling
    ("title:amelie", [("title", "contains", ["Amélie"]), ("originaltitle", "contains", ["Amélie"])]),
])
def test_xsp_rules_map_and_select_what_the_playlist_selects(rules, expected, demo_movies):
    p = playlist(rules)
    text, notes = xsp.export(p, demo_movies)
    parsed = read_xsp(text)
    assert notes == [] and parsed["rules"] == expected
    assert kodi_select(parsed, demo_movies) == {m.slug for m in p.select(demo_movies)}


def test_xsp_streams_dates_sort_and_limit(demo_movies):
    p = playlist("added:2024-02..2024-03 audio:de resolution:2160p hdr:dv", sort="rating desc", limit=5)
    parsed = read_xsp(xsp.export(p, demo_movies)[0])
    assert parsed["rules"] == [
        ("dateadded", "after", ["2024-02-01"]), ("dateadded", "before", ["2024-04-01"]),
        ("audiolanguage", "is", ["ger,deu"]), ("videoresolution", "is", ["2160"]),
        ("hdrtype", "is", ["dolbyvision"])]
    assert parsed["order"] == ("rating", "descending") and parsed["limit"] == 5 and parsed["match"] == "all"


@pytest.mark.parametrize("rules, named", [
    ("favorite:false genre:Crime", "favorite:false"),
    ("imdb:tt0133093 OR genre:Crime", "imdb:tt0133093"),
    ("keanu", "keanu"),
    ("source:bluray", "source:bluray"),
    ("genre:Crime year:1995 OR genre:Drama", "genre:crime year:1995 (an AND inside an OR)"),
    ("genre:Drama -rating:7..8", "-rating:7..8"),
])
def test_xsp_falls_back_to_the_movies_and_names_the_rule(rules, named, demo_movies):
    p = playlist(rules)
    text, notes = xsp.export(p, demo_movies)
    parsed = read_xsp(text)
    assert len(notes) == 1 and named in notes[0] and "exported the matching movies" in notes[0]
    assert parsed["match"] == "one" and {r[0] for r in parsed["rules"]} == {"filename"}
    chosen = {m.slug for m in p.select(demo_movies)}
    assert chosen and kodi_select(parsed, demo_movies) >= chosen


def test_xsp_sort_it_cannot_say_with_a_limit_lists_the_movies(demo_movies):
    p = playlist("genre:Drama", sort="size desc", limit=2)
    text, notes = xsp.export(p, demo_movies)
    parsed = read_xsp(text)
    assert "sort by size" in notes[0] and parsed["limit"] is None
    assert {r[0] for r in parsed["rules"]} == {"filename"}
    assert len(parsed["rules"][0][2]) + len(parsed["rules"][1:]) <= 2


# --- Kometa -------------------------------------------------------------------------

BUILDERS = {"plex_search", "plex_all", "tmdb_movie", "imdb_id"}


def read_kometa(text: str) -> tuple[str, dict]:
    data = YAML(typ="safe", pure=True).load(io.StringIO(text))
    assert set(data) == {"collections"} and len(data["collections"]) == 1
    (name, body), = data["collections"].items()
    assert set(body) <= BUILDERS | {"summary", "sync_mode", "collection_order"} and body["sync_mode"] == "sync"
    assert set(body) & BUILDERS
    if "plex_search" in body:
        search = body["plex_search"]
        assert set(search) <= {"all", "any", "sort_by", "limit"} and len(set(search) & {"all", "any"}) == 1
        for key, value in (search.get("all") or search.get("any")).items():
            attr, _, mod = key.partition(".")
            assert attr in kometa.ATTRIBUTES and (f".{mod}" if mod else "") in kometa.ATTRIBUTES[attr], key
            assert value not in (None, "", [])
        for sort in search["sort_by"]:
            field, direction = sort.rsplit(".", 1)
            assert field in kometa.SORTS and direction in ("asc", "desc")
    assert all(isinstance(i, int) for i in body.get("tmdb_movie", []))
    assert all(re.fullmatch(r"tt\d+", i) for i in body.get("imdb_id", []))
    return name, body


@pytest.mark.parametrize("rules, expected", [
    ('genre:"Science Fiction" year:..1999', {"all": {"genre": "Science Fiction", "year.lte": 1999}}),
    ({"genres": ["Drama", "Crime"], "rating": ">= 8"}, {"all": {"genre": ["Drama", "Crime"], "audience_rating.gte": 8}}),
    ("genre:Comedy OR year:>2000", {"any": {"genre": "Comedy", "year.gt": 2000}}),
    ("-genre:Horror watched:true runtime:90..", {"all": {"genre.not": "Horror", "unplayed": False, "duration.gte": 90}}),
    ("actor:keanu", {"all": {"actor": "Keanu Reeves"}}),
    ("added:2024-03 audio:de -hdr:SDR resolution:2160p cert:R",
     {"all": {"added.after": "02/29/2024", "added.before": "04/01/2024", "audio_language": "German",
              "hdr": True, "resolution": "4k", "content_rating": "R"}}),
])
def test_kometa_rules_map_to_plex_search(rules, expected, demo_movies):
    text, notes = kometa.export(playlist(rules, sort="rating desc, year", limit=10), demo_movies)
    _name, body = read_kometa(text)
    search = body["plex_search"]
    assert notes == [] and {k: v for k, v in search.items() if k in ("all", "any")} == expected
    assert search["sort_by"] == ["audience_rating.desc", "year.asc"] and search["limit"] == 10
    assert body["collection_order"] == "custom"


def test_kometa_whole_library_and_id_fallback(demo_movies):
    assert read_kometa(kometa.export(playlist(None), demo_movies)[0])[1]["plex_all"] is True
    p = playlist("favorite:true OR tmdb:603")
    text, notes = kometa.export(p, demo_movies)
    _name, body = read_kometa(text)
    assert "favorite:true" in notes[0] and "tmdb:603" in notes[0] and "plex_search" not in body
    want = {int(m.ids["tmdb"]) for m in p.select(demo_movies) if "tmdb" in m.ids}
    assert want and set(body["tmdb_movie"]) == want and 603 in want


def test_kometa_with_nothing_to_list_is_a_clear_error(demo_movies):
    with pytest.raises(UserError, match="no equivalent for: keanu.*nothing to collect"):
        kometa.export(playlist("keanu genre:Western"), demo_movies)


# --- both, hostile ------------------------------------------------------------------

HOSTILE = ['A <b>&amp; "quoted"</b> ]]> & friends', "key: value # not a comment", "- list item",
           "*alias &anchor !!python/object:os.system", "ctrl\x01\x08 chars\x7f\u2028and\nnewline",
           "'single' \"double\" {braces} [brackets] %percent @at `tick`"]


@pytest.mark.parametrize("name", HOSTILE)
def test_hostile_names_and_values_are_escaped(name, demo_movies):
    p = playlist({"genre": name, "director": name}, name=name, description=name)
    parsed = read_xsp(xsp.export(p, demo_movies)[0])
    bad = "[\x00-\x08\x0b\x0c\x0e-\x1f]"   # not allowed in XML 1.0, even escaped
    assert parsed["name"] == re.sub(bad, "", name)
    assert [vals for _f, _o, vals in parsed["rules"]] == [[re.sub(bad, "", fold(name))]] * 2
    got, body = read_kometa(kometa.export(p, demo_movies)[0])
    assert got == p.name and body["summary"] == name


def test_export_cli_writes_the_file_and_notes_on_stderr(content, tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (content / "playlists.yml").write_text(
        "playlists:\n  - name: Mine\n    rules: favorite:true OR genre:Crime\n    sort: rating desc\n")
    out = tmp_path / "mine.xsp"
    assert main(["playlist", "export", "Mine", "--format", "xsp", "-o", str(out), "--content", str(content)]) == 0
    _, err = capsys.readouterr()
    assert "note: Mine: Kodi has no equivalent for: favorite:true" in err
    assert read_xsp(out.read_text())["order"] == ("rating", "descending")
    assert main(["playlist", "export", "Mine", "--format", "kometa", "--content", str(content)]) == 0
    printed, err = capsys.readouterr()
    assert read_kometa(printed)[0] == "Mine" and "Kometa has no equivalent for: favorite:true" in err


@pytest.mark.parametrize("fmt", [xsp, kometa])
def test_a_sort_key_without_equivalent_is_named_and_the_rules_kept(fmt, demo_movies):
    text, notes = fmt.export(playlist("genre:Drama", sort="size desc, year"), demo_movies)
    assert len(notes) == 1 and "sort by size" in notes[0] and "the order leaves it out" in notes[0]
    if fmt is xsp:
        parsed = read_xsp(text)
        assert parsed["rules"] == [("genre", "is", ["Drama"])] and parsed["order"] == ("sorttitle", "ascending")
    else:
        assert read_kometa(text)[1]["plex_search"]["sort_by"] == ["year.asc"]
