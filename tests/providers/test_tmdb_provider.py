"""TmdbProvider against the fake TMDB server: lookup paths, matching, mapping."""
import pytest

from movievault_build.errors import ProviderError
from movievault_build.model import METADATA_FIELDS
from movievault_build.providers.base import ProviderSettings, Query, is_confident
from movievault_build.providers.tmdb import TmdbProvider, search_attempts
from tests.fakes.tmdb_server import READ_TOKEN


@pytest.fixture
def tmdb(make_settings):
    return TmdbProvider(make_settings())


def paths(server):
    return [e.path for e in server.log.entries()]


def test_direct_id_is_one_request(tmdb, tmdb_server):
    found = tmdb.lookup(Query("whatever", ids={"tmdb": "550"}))
    assert (found.how, found.confidence, found.metadata["title"]) == ("direct id", 1.0, "Fight Club")
    assert paths(tmdb_server) == ["/3/movie/550"]
    appended = tmdb_server.log.entries()[0].query["append_to_response"].split(",")
    assert {"credits", "release_dates", "external_ids", "images", "keywords", "translations",
            "recommendations"} <= set(appended)


def test_imdb_id_goes_through_find(tmdb, tmdb_server):
    found = tmdb.lookup(Query(None, ids={"imdb": "tt0084787"}))
    assert found.how == "imdb id" and found.metadata["ids"] == {"tmdb": "1091", "imdb": "tt0084787"}
    assert paths(tmdb_server) == ["/3/find/tt0084787", "/3/movie/1091"]
    assert tmdb_server.log.entries()[0].query["external_source"] == "imdb_id"


def test_deleted_id_falls_back_to_search(tmdb, tmdb_server):
    found = tmdb.lookup(Query("Heat", 1995, ids={"tmdb": "9999999"}))
    assert found.how == "search" and found.metadata["ids"]["tmdb"] == "949"
    assert paths(tmdb_server) == ["/3/movie/9999999", "/3/search/movie", "/3/movie/949"]


def test_deleted_id_falls_back_to_imdb(tmdb):
    found = tmdb.lookup(Query("Heat", 1995, ids={"tmdb": "9999999", "imdb": "tt0113277"}))
    assert found.how == "imdb id" and found.metadata["title"] == "Heat"


@pytest.mark.parametrize("title, year, tmdb_id", [
    ("Dune", 1984, "841"), ("Dune", 2021, "438631"), ("Dune", None, "438631"),
    ("The Thing", 1982, "1091"), ("The Thing", 2011, "60935"),
    ("The Lion King", 1994, "8587"), ("The Lion King", 2019, "420818"),
    ("Amelie", 2001, "194"), ("AMÉLIE", None, "194"), ("Leon", 1994, "101"),
    ("Rocky II", 1979, "1367"), ("Rocky III", 1982, "1371"), ("Wall-E", 2008, "10681"),
    ("Fast and Furious", 2009, "13804"),
])
def test_search_picks_the_right_movie(tmdb, title, year, tmdb_id):
    found = tmdb.lookup(Query(title, year))
    assert found.metadata["ids"]["tmdb"] == tmdb_id
    assert is_confident(tmdb, found)


def test_year_off_by_one_tries_neighbours(tmdb, tmdb_server):
    found = tmdb.lookup(Query("Heat", 1996))
    years = [e.query.get("primary_release_year") for e in tmdb_server.log.entries()
             if e.path == "/3/search/movie"]
    assert years == ["1996", "1995"]
    assert found.metadata["year"] == 1995 and is_confident(tmdb, found)


def test_original_title_used_last(tmdb, tmdb_server):
    found = tmdb.lookup(Query("Les Sept Samouraïs", 1954, original_title="七人の侍"))
    assert found.metadata["ids"]["tmdb"] == "346"
    queries = [e.query["query"] for e in tmdb_server.log.entries() if e.path == "/3/search/movie"]
    assert queries[-1] == "七人の侍" and queries[0] == "Les Sept Samouraïs"


def test_weak_match_is_reported_not_taken(tmdb, tmdb_server):
    found = tmdb.lookup(Query("Fight Club", 2010))
    assert not is_confident(tmdb, found)
    assert found.metadata["ids"] == {"tmdb": "550"}
    assert found.extra["candidates"][0]["tmdb"] == "550"
    assert "/3/movie/550" not in paths(tmdb_server)      # no details for a guess


def test_no_match_is_none(tmdb):
    assert tmdb.lookup(Query("No Such Film Anywhere", 2000)) is None
    assert tmdb.lookup(Query(None)) is None


def test_search_attempt_order():
    assert search_attempts("A", "B", 2000) == [("A", 2000), ("A", 1999), ("A", 2001), ("A", None),
                                               ("B", 2000), ("B", None)]
    assert search_attempts("A", "A", None) == [("A", None)]


def test_details_mapping(tmdb):
    meta = tmdb.lookup(Query(None, ids={"tmdb": "438631"})).metadata
    assert set(meta) <= set(METADATA_FIELDS)
    assert meta["title"] == "Dune" and "original_title" not in meta
    assert (meta["year"], meta["premiered"], meta["runtime"]) == (2021, "2021-09-15", 155)
    assert meta["tagline"] == "Beyond fear, destiny awaits."
    assert meta["genres"] == ["Science Fiction", "Adventure"]
    assert meta["certification"] == "PG-13"
    assert meta["directors"] == ["Denis Villeneuve"] and meta["writers"] == ["John Writer"]
    assert meta["cast"][0] == {"name": "Ann Actor", "role": "Lead", "order": 0,
                               "thumb": "https://img.test/t/p/w185/profile-0.jpg"}
    assert meta["collection"] == {"name": "Dune Collection", "tmdb": "726871",
                                  "overview": "Every film of the Dune Collection.",
                                  "parts": [{"tmdb": "438631", "title": "Dune", "year": 2021}]}
    assert meta["ratings"] == {"tmdb": {"value": 7.8, "votes": 1000}} and meta["rating"] == 7.8
    assert meta["tags"] == ["based on novel or book", "desert"]
    assert meta["studios"] == ["Fake Pictures"]
    assert meta["countries"] == ["United States of America"]
    assert {i["kind"]: i["src"] for i in meta["images"]} == {
        "poster": "https://img.test/t/p/original/poster-438631.jpg",
        "fanart": "https://img.test/t/p/original/backdrop-438631.jpg",
        "clearlogo": "https://img.test/t/p/original/logo-438631.png"}


def test_extra_block(tmdb):
    found = tmdb.lookup(Query(None, ids={"tmdb": "438631"}))
    assert found.extra["collection_id"] == "726871"
    # TMDB's recommendations are metadata (stored in content/), with what names the film
    assert found.metadata["recommendations"] == [{"tmdb": "841", "title": "Dune", "year": 1984}]
    assert found.extra["translations"]["fr-FR"]["title"] == "Dune"


def test_original_title_and_certification_country(make_settings):
    tmdb = TmdbProvider(make_settings(certification_country="DE"))
    meta = tmdb.lookup(Query(None, ids={"tmdb": "194"})).metadata
    assert meta["original_title"] == "Le Fabuleux Destin d'Amélie Poulain"
    assert meta["certification"] == "16"


def test_bearer_token_and_env_settings(tmdb_server, no_provider_env, monkeypatch):
    monkeypatch.setenv("TMDB_READ_ACCESS_TOKEN", READ_TOKEN)
    monkeypatch.setenv("TMDB_API_URL", f"{tmdb_server.url}/3")
    tmdb = TmdbProvider(ProviderSettings())
    assert tmdb.available()
    assert tmdb.lookup(Query("Heat", 1995)).metadata["ids"]["imdb"] == "tt0113277"
    assert {e.authorized_by for e in tmdb_server.log.entries()} == {"bearer"}
    assert tmdb.image_url == "https://image.tmdb.org/t/p"


def test_without_credentials_unavailable_and_fatal(make_settings, tmdb_server):
    tmdb = TmdbProvider(make_settings(tmdb_api_key=None))
    assert not tmdb.available()
    with pytest.raises(ProviderError) as err:
        tmdb.lookup(Query("Heat", 1995))
    assert err.value.fatal and tmdb_server.log.count() == 0


def test_language_is_passed(make_settings, tmdb_server):
    TmdbProvider(make_settings()).lookup(Query(None, ids={"tmdb": "550"}, language="fr-FR"))
    entry = tmdb_server.log.entries()[0]
    assert entry.query["language"] == "fr-FR" and entry.query["include_image_language"] == "fr,null"


def test_profile_size_for_a_width():
    from movievault_build.providers.tmdb import profile_size_for
    assert [profile_size_for(w) for w in (40, 45, 46, 160, 185, 186, 421, 422)] == \
        ["w45", "w45", "w185", "w185", "w185", "h632", "h632", "original"]
