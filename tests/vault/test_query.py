"""The query language: parsing, errors pointing at the bad term, the YAML rule form."""
from __future__ import annotations

import pytest

from movievault_build.errors import UserError
from movievault_build.vault.query import QueryError, parse, parse_rules
from movievault_build.vault.query_ast import And, FreeText, Flag, IdMatch, Not, Or, Range, Text


def test_full_example_parses_into_one_and():
    node = parse('genre:Action year:1990..1999 rating:8.. runtime:..120 director:"Christopher Nolan" '
                 'tag:"Date Night" watched:false resolution:2160p -genre:Horror')
    assert isinstance(node, And) and len(node.nodes) == 9
    assert node.nodes[1] == Range("year", 1990.0, 1999.0)
    assert node.nodes[2] == Range("rating", lo=8.0)
    assert node.nodes[3] == Range("runtime", hi=120.0)
    assert node.nodes[4] == Text("directors", "christopher nolan")
    assert node.nodes[5] == Text("tags", "date night", exact=True)
    assert node.nodes[6] == Flag("watched", False)
    assert node.nodes[8] == Not(Text("genres", "horror", exact=True))


@pytest.mark.parametrize("query, expected", [
    ("keanu", FreeText(("keanu",))),
    ('"Blade Runner"', FreeText(("blade", "runner"), phrase=True)),
    ("decade:1980s", Range("year", 1980.0, 1989.0)),
    ("decade:90s", Range("year", 1990.0, 1999.0)),
    ("rating:>8", Range("rating", lo=8.0, lo_open=True)),
    ("runtime:<90", Range("runtime", hi=90.0, hi_open=True)),
    ("year:1995", Range("year", 1995.0, 1995.0)),
    ("added:2024-01..", Range("added", lo="2024-01")),
    ("imdb:tt0113277", IdMatch("imdb", "tt0113277")),
    ("id:tmdb:949", IdMatch("tmdb", "949")),
    ("id:tt01", IdMatch(None, "tt01")),
    ("favourite:yes", Flag("favorite", True)),
    ("cast:Reeves", Text("cast", "reeves")),
    ("title:Amélie", Text("titles", "amelie")),
    ("genre:a OR genre:b", Or((Text("genres", "a", True), Text("genres", "b", True)))),
])
def test_terms(query, expected):
    assert parse(query) == expected


@pytest.mark.parametrize("query, pos, fragment", [
    ("year:19x9", 0, '"19x9" is not a year or range'),
    ("genre:Drama rating:abc", 12, '"abc" is not a number'),
    ("genre:Drama colour:red", 12, '"colour" is not a field'),
    ("watched:maybe", 0, "not true or false"),
    ("year:2000..1990", 0, "range is empty"),
    ('title:"open', 0, "unclosed quote"),
    ("decade:199", 0, "not a decade"),
    ("genre:x OR", 8, "OR needs terms"),
])
def test_bad_queries_name_the_term_and_position(query, pos, fragment):
    with pytest.raises(QueryError) as err:
        parse(query)
    assert err.value.pos == pos
    assert fragment in str(err.value)
    assert str(err.value).startswith("bad query: ")
    assert err.value.caret().splitlines()[1] == "  " + " " * pos + "^"


def test_year_error_message_is_exact():
    with pytest.raises(QueryError, match=r'^bad query: year:19x9 — "19x9" is not a year or range$'):
        parse("year:19x9")


def test_rule_form_maps_onto_the_same_engine():
    node = parse_rules({"rating": ">= 8.0", "release_year": "1990-1999", "genres": ["Drama", "Romance"]})
    assert node == And((Range("rating", lo=8.0), Range("year", 1990.0, 1999.0),
                        Or((Text("genres", "drama", True), Text("genres", "romance", True)))))
    assert parse_rules({"watched": False, "-genre": "Horror"}) == And(
        (Flag("watched", False), Not(Text("genres", "horror", True))))
    assert parse_rules(["genre:a", {"year": 1999}]) == Or((Text("genres", "a", True), Range("year", 1999.0, 1999.0)))


def test_bad_rule_names_the_rule():
    with pytest.raises(UserError, match=r"bad rule release_year: 'nineties'"):
        parse_rules({"release_year": "nineties"})
