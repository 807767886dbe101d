"""OmdbProvider against the fake OMDb server."""
import pytest

from movievault_build.errors import ProviderError
from movievault_build.model import METADATA_FIELDS
from movievault_build.providers.base import Query, is_confident
from movievault_build.providers.omdb import OmdbProvider
from tests.fakes.omdb_server import API_KEY


@pytest.fixture
def omdb(make_settings):
    return OmdbProvider(make_settings())


def test_by_imdb_id_maps_ratings(omdb, omdb_server):
    found = omdb.lookup(Query(None, ids={"imdb": "tt0137523"}))
    assert found.how == "imdb id" and found.confidence == 1.0
    assert found.metadata["ratings"] == {"imdb": {"value": 8.4, "votes": 262790},
                                         "rottentomatoes": {"value": 79},
                                         "metacritic": {"value": 66}}
    assert omdb_server.log.entries()[0].query == {"i": "tt0137523", "type": "movie"}


def test_missing_values_dropped_and_fields_parsed(omdb):
    meta = omdb.lookup(Query(None, ids={"imdb": "tt0084787"})).metadata
    assert set(meta) <= set(METADATA_FIELDS)
    assert set(meta["ratings"]) == {"imdb"}            # RT and Metascore are N/A
    assert "studios" not in meta                        # Production is N/A
    assert meta["writers"] == ["John Writer"]           # "(screenplay)" dropped
    assert (meta["premiered"], meta["runtime"], meta["year"]) == ("1982-06-25", 109, 1982)
    assert meta["images"] == [{"kind": "poster",
                               "src": "https://m.media-amazon.com/images/tt0084787.jpg"}]


def test_by_title_and_year(omdb, omdb_server):
    found = omdb.lookup(Query("The Thing", 2011))
    assert found.how == "search" and found.metadata["ids"] == {"imdb": "tt0905372"}
    assert is_confident(omdb, found)
    assert omdb_server.log.entries()[0].query == {"t": "The Thing", "y": "2011", "type": "movie"}


def test_not_found_is_none(omdb, omdb_server):
    assert omdb.lookup(Query("No Such Film", 2000)) is None
    assert omdb.lookup(Query(None, ids={"imdb": "tt0000001"})) is None
    assert omdb_server.log.count() == 3        # with year, without year, by id


def test_invalid_key_is_fatal(make_settings, omdb_server):
    omdb = OmdbProvider(make_settings(omdb_api_key="wrong-key-123"))
    with pytest.raises(ProviderError) as err:
        omdb.lookup(Query("Heat", 1995))
    assert err.value.fatal and "wrong-key-123" not in str(err.value)
    assert omdb_server.log.count() == 1


def test_request_limit_stops_further_calls(omdb, omdb_server):
    omdb_server.limit_reached = True
    with pytest.raises(ProviderError) as err:
        omdb.lookup(Query("Heat", 1995))
    assert not err.value.fatal and "limit" in str(err.value)
    assert not omdb.available()
    with pytest.raises(ProviderError):
        omdb.lookup(Query("Dune", 1984))
    assert omdb_server.log.count() == 1


def test_key_kept_out_of_log_and_cache(make_settings, omdb_server):
    settings = make_settings()
    OmdbProvider(settings).lookup(Query(None, ids={"imdb": "tt0137523"}))
    assert {e.authorized_by for e in omdb_server.log.entries()} == {"apikey"}
    data = b"".join(p.read_bytes() for p in settings.cache_path.parent.glob("http-cache*"))
    assert data and API_KEY.encode() not in data
