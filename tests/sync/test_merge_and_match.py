"""The sync rule (merge.py) and the matcher (match.py), as pure functions."""
from __future__ import annotations

import doctest
from datetime import datetime, timezone

import pytest

from movievault_build.model import MediaFile, Movie, WatchState
from movievault_build.path_mapping import PathMapping, unmap_path
from movievault_build.sync import match, merge
from movievault_build.sync.match import MovieIndex
from movievault_build.sync.merge import EXACT, Capabilities, decide
from movievault_build.sync.model import Item

PLEX = Capabilities(groups=("played", "position", "rating"), exact=frozenset({"position", "rating"}))
TRAKT = Capabilities(groups=("played", "rating"), exact=frozenset(), whole_ratings=True)


def t(day: int) -> datetime:
    return datetime(2024, 5, day, 20, tzinfo=timezone.utc)


def played(day: int | None, count: int = 1) -> WatchState:
    return WatchState(watched=True, playcount=count, lastplayed=t(day) if day else None)


NONE = WatchState()


def test_doctests():
    assert doctest.testmod(merge).failed == 0 and doctest.testmod(match).failed == 0


@pytest.mark.parametrize("local, remote, base_l, base_r, stamps, expected", [
    (NONE, played(1), None, None, {}, "pull"),                        # first sync, only there
    (played(1), NONE, None, None, {}, "push"),                        # first sync, only here
    (played(1), played(1), None, None, {}, None),                     # already the same
    (played(2), played(1), played(1), played(1), {}, "push"),         # only MovieVault moved
    (played(1), played(3, 2), played(1), played(1), {}, "pull"),      # only the service moved
    # both moved: the newer change wins, by the service's date against our lastplayed
    (played(2), played(3, 2), played(1), played(1), {"played": t(3)}, "pull"),
    (played(4), played(3, 2), played(1), played(1), {"played": t(3)}, "push"),
    (played(3), played(3, 2), played(1), played(1), {"played": t(3)}, "push"),   # a tie keeps ours
    (NONE, played(3), played(1), played(1), {"played": t(3)}, "push"),           # our un-watch is undated
])
def test_the_conflict_rule_for_plays(local, remote, base_l, base_r, stamps, expected):
    assert decide("played", local, remote, base_l, base_r, EXACT, stamps) == expected


def test_undated_changes_on_both_sides_keep_movievaults_value():
    mine, theirs, base = WatchState(rating=7), WatchState(rating=9), WatchState(rating=5)
    assert decide("rating", mine, theirs, base, base, EXACT, {"rating": t(9)}) == "push"
    assert decide("favorite", WatchState(favorite=True), NONE, NONE, WatchState(favorite=True), EXACT) == "push"


def test_a_service_that_counts_plays_itself_agrees_once_watched():
    # Plex after a scrobble holds one play of its own date: nothing more to push
    assert decide("played", played(1, count=3), played(9, count=1), None, None, PLEX) is None
    # a play here newer than its last one is a new play there
    assert decide("played", played(9, 4), played(1, 1), played(1, 3), played(1, 1), PLEX) == "push"
    # Trakt rates in whole numbers: 7.5 and 8 agree
    assert decide("rating", WatchState(rating=7.5), WatchState(rating=8), None, None, TRAKT) is None


def _movie(slug, title, year, ids=None, path=None):
    files = (MediaFile(path=path, root="films"),) if path else ()
    return Movie(slug, title, year, ids=ids or {}, files=files)


def test_matching_by_ids_then_path_then_title_and_never_guessing(tmp_path):
    movies = [_movie("heat-1995", "Heat", 1995, {"tmdb": "949"}, "Heat (1995)/Heat.mkv"),
              _movie("alien-1979", "Alien", 1979, {"imdb": "tt0078748"}, "Alien/Alien.mkv"),
              _movie("alien-1979-2", "Alien", 1979, {"imdb": "tt0078748"}, "Alien DC/Alien.mkv"),
              _movie("dune-1984", "Dune", 1984, path="Dune (1984)/Dune.mkv"),
              _movie("dune-1984-2", "Dune", 1984)]
    index = MovieIndex(movies, {"films": tmp_path})
    maps = [PathMapping("/data/movies", str(tmp_path))]
    assert index.match(Item("1", "Heat", 1995, {"tmdb": "949"}), maps) == ("heat-1995", "tmdb")
    assert index.match(Item("2", "Alien", 1979, {"imdb": "TT0078748"}, "/data/movies/Alien DC/Alien.mkv"), maps) \
        == ("alien-1979-2", "path")                                  # two editions: the file decides
    slug, why = index.match(Item("3", "Alien", 1979, {"imdb": "tt0078748"}), maps)
    assert slug is None and "several movies" in why
    assert index.match(Item("4", "Dune", 1984, {}, "/data/movies/Dune (1984)/Dune.mkv"), maps) == ("dune-1984", "path")
    assert index.match(Item("5", "DUNE", 1984), maps)[0] is None       # two Dunes of 1984: not guessed
    assert index.match(Item("6", "Heat", 1995, {"tmdb": "0"}), maps) == ("heat-1995", "title")
    assert unmap_path(str(tmp_path / "Heat (1995)"), maps) == "/data/movies/Heat (1995)"
    assert unmap_path(str(tmp_path / "x"), [PathMapping("D:\\Movies", str(tmp_path))]) == "D:\\Movies\\x"
