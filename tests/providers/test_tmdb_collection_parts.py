"""A collection's full film list: fetched from /collection/{id} once per collection per
run, stored in release order under the movie's `collection`, kept beside an NFO's set name."""
from __future__ import annotations

import shutil
from concurrent.futures import ThreadPoolExecutor

import pytest

from movievault_build.providers.base import Query
from movievault_build.providers.tmdb import TmdbProvider, map_collection
from tests.helpers import write
from tests.providers.test_scan_online import env, front, scan  # noqa: F401 (env: a fixture)

ROCKY_PARTS = [{"tmdb": "1366", "title": "Rocky", "year": 1976},
               {"tmdb": "1367", "title": "Rocky II", "year": 1979},
               {"tmdb": "1371", "title": "Rocky III", "year": 1982}]


def collection_requests(server) -> list[str]:
    return [e.path for e in server.log.entries() if e.path.startswith("/3/collection/")]


def test_parts_come_in_release_order_and_the_collection_is_asked_once(make_settings, tmdb_server):
    tmdb = TmdbProvider(make_settings())
    first = tmdb.lookup(Query(None, ids={"tmdb": "1367"})).metadata["collection"]
    second = tmdb.lookup(Query(None, ids={"tmdb": "1366"})).metadata["collection"]
    assert first == second == {"name": "Rocky Collection", "tmdb": "1575",
                               "overview": "Every film of the Rocky Collection.",
                               "parts": ROCKY_PARTS}
    assert collection_requests(tmdb_server) == ["/3/collection/1575"]


def test_movies_of_one_collection_looked_up_at_once_share_one_request(make_settings, tmdb_server):
    tmdb = TmdbProvider(make_settings())
    with ThreadPoolExecutor(3) as pool:
        found = list(pool.map(lambda i: tmdb.lookup(Query(None, ids={"tmdb": i})),
                              ["1366", "1367", "1371"]))
    assert all(f.metadata["collection"]["parts"] == ROCKY_PARTS for f in found)
    assert collection_requests(tmdb_server) == ["/3/collection/1575"]


def test_a_failed_collection_keeps_the_name_only(make_settings, tmdb_server):
    tmdb = TmdbProvider(make_settings())
    original = tmdb_server._collection
    tmdb_server._collection = lambda cid: tmdb_server._error(404)
    try:
        meta = tmdb.lookup(Query(None, ids={"tmdb": "1366"})).metadata
    finally:
        tmdb_server._collection = original
    assert meta["collection"] == {"name": "Rocky Collection"}


def test_map_collection_reads_name_when_title_is_missing_and_puts_undated_last():
    data = {"id": 9, "name": "Set", "overview": "", "parts": [
        {"id": 3, "name": "Announced", "release_date": ""},
        {"id": 2, "name": "Second", "release_date": "2001-01-01"},
        {"id": 1, "title": "First", "release_date": "1999-05-01"}]}
    assert map_collection(data) == {"name": "Set", "tmdb": "9", "parts": [
        {"tmdb": "1", "title": "First", "year": 1999},
        {"tmdb": "2", "title": "Second", "year": 2001},
        {"tmdb": "3", "title": "Announced"}]}


@pytest.fixture
def rocky_env(env):
    """Two of the three Rocky films; the first with an NFO naming its set (the NFO wins fields)."""
    shutil.rmtree(env / "lib")
    write(env / "lib", "Rocky.1976.1080p.BluRay.x264-GRP/Rocky.1976.1080p.BluRay.x264-GRP.mkv")
    write(env / "lib", "Rocky.1976.1080p.BluRay.x264-GRP/movie.nfo",
          "<movie><title>Rocky</title><year>1976</year><uniqueid type='tmdb'>1366</uniqueid>"
          "<set><name>Rocky Saga</name><overview>From the NFO.</overview></set></movie>")
    write(env / "lib", "Rocky.II.1979.720p.BluRay.x264-GRP/Rocky.II.1979.720p.BluRay.x264-GRP.mkv")
    return env


def test_a_scan_stores_the_parts_in_content(rocky_env, tmdb_server):
    assert scan() == 0
    rocky, rocky2 = front(rocky_env, "rocky-1976"), front(rocky_env, "rocky-ii-1979")
    assert rocky["collection"] == {"name": "Rocky Saga", "overview": "From the NFO.",
                                   "tmdb": "1575", "parts": ROCKY_PARTS}
    assert rocky2["collection"]["parts"] == ROCKY_PARTS
    assert collection_requests(tmdb_server) == ["/3/collection/1575"]
