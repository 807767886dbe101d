"""The pure parts of online enrichment: precedence, kept layers, pins, translations, rating."""
import pytest

from movievault_build.enrich import online
from movievault_build.enrich.merge import choose_rating, merge_by_precedence
from movievault_build.settings import OnlineSettings


@pytest.mark.parametrize("order, prefer, expected", [
    (("nfo", "tmdb", "omdb"), None, ["nfo", "tmdb", "omdb"]),
    (("tmdb", "nfo", "omdb"), None, ["tmdb", "nfo", "omdb"]),
    (("nfo", "tmdb", "omdb"), "online", ["tmdb", "omdb", "nfo"]),
    (("tmdb", "omdb", "nfo"), "nfo", ["nfo", "tmdb", "omdb"]),
    (("omdb", "tmdb"), None, ["omdb", "tmdb", "nfo"]),
])
def test_provider_order(order, prefer, expected):
    assert online.provider_order(OnlineSettings(fallback_order=order, prefer=prefer)) == expected


def test_first_in_order_wins_each_field_and_ids_merge():
    layers = {"nfo": {"title": "Mine", "ids": {"imdb": "tt1"}},
              "tmdb": {"title": "Theirs", "plot": "P", "ids": {"tmdb": "5"}}}
    meta, sources = merge_by_precedence(layers, ["nfo", "tmdb"], [("filename", {"title": "f", "year": 1999})])
    assert (meta["title"], sources["title"]) == ("Mine", "nfo")
    assert (meta["plot"], sources["plot"], sources["year"]) == ("P", "tmdb", "filename")
    assert meta["ids"] == {"imdb": "tt1", "tmdb": "5"} and sources["ids"] == "tmdb+nfo"


def test_previous_layer_reads_back_a_providers_fields():
    stored = {"title": "Dune", "plot": "x", "year": 1984, "ids": {"tmdb": "841"},
              "sources": {"title": "tmdb", "plot": "nfo", "year": "filename", "ids": "filename+tmdb"}}
    assert online.previous_layer(stored, "tmdb") == {"title": "Dune", "ids": {"tmdb": "841"}}
    assert online.previous_layer({"sources": "junk"}, "tmdb") == {}


def test_pins_ignore_malformed_user_blocks():
    assert online.pins({"user": {"ids": {"tmdb": 603}}}) == {"tmdb": "603"}
    assert online.pins({"user": {"ids": [603]}}) == {} and online.pins({"user": None}) == {}


def test_translations_match_language_when_region_differs():
    available = {"fr-CA": {"title": "a"}, "fr-FR": {"title": "b"}, "de-DE": {"overview": "c"}}
    assert online.pick_translations(available, ("fr-FR", "de-AT")) == {
        "fr-FR": {"title": "b"}, "de-DE": {"overview": "c"}}


@pytest.mark.parametrize("source, rating, provenance", [
    ("imdb", 8.0, "omdb"), ("rottentomatoes", 9.1, "omdb"), ("nfo", 6.0, "nfo"), ("tmdb", 7.5, "tmdb"),
    ("metacritic", 7.5, "tmdb")])   # no Metacritic score: the merged rating stays
def test_rating_source(source, rating, provenance):
    layers = {"nfo": {"rating": 6.0}, "tmdb": {"rating": 7.5, "ratings": {"tmdb": {"value": 7.5}}},
              "omdb": {"ratings": {"imdb": {"value": 8.0}, "rottentomatoes": {"value": 91}}}}
    meta, sources = merge_by_precedence(layers, ["tmdb", "omdb", "nfo"])
    choose_rating(meta, sources, source, layers)
    assert (meta["rating"], sources["rating"]) == (rating, provenance)
