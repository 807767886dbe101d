"""The model's records (a movie, each person, file, artwork …) have slots, not a dict each:
a library holds hundreds of thousands of them. They still pickle (the scan's workers, the
movie snapshot) to equal objects."""
from __future__ import annotations

import pickle

from movievault_build.model import (Artwork, Collection, CollectionPart, MediaFile, Movie, Person, WatchState,
                                    movie_from_metadata)


def records() -> list:
    movie = movie_from_metadata("heat-1995", {
        "title": "Heat", "year": 1995, "genres": ["Crime"], "cast": [{"name": "Al Pacino", "role": "Hanna", "order": 0}],
        "collection": {"name": "Mann", "parts": [{"tmdb": "949", "title": "Heat", "year": 1995}]},
        "images": [{"kind": "poster", "path": "images/heat-1995/poster.jpg"}], "ids": {"tmdb": "949"},
        "ratings": {"imdb": {"value": 8.3, "votes": 700000}}},
        files=(MediaFile("Heat (1995)/Heat.mkv", "lib", size=5, part=1),), sources={"title": "nfo"},
        user={"watched": True})
    return [movie, *movie.cast, movie.collection, *movie.collection.parts, *movie.images, *movie.files,
            WatchState(watched=True, playcount=2), Person("Someone")]


def test_records_hold_no_dict_of_their_own():
    for record in records():
        assert not hasattr(record, "__dict__"), type(record).__name__


def test_records_pickle_to_equal_objects():
    for record in records():
        again = pickle.loads(pickle.dumps(record, pickle.HIGHEST_PROTOCOL))
        assert type(again) is type(record) and again == record
    movie = records()[0]
    assert pickle.loads(pickle.dumps(movie)).metadata() == movie.metadata()


def test_a_changed_copy_is_still_a_record():
    movie = records()[0]
    changed = movie.with_changes(title="Heat (Director's Cut)")
    assert changed.title == "Heat (Director's Cut)" and movie.title == "Heat"
    assert isinstance(changed, Movie) and not hasattr(changed, "__dict__")
    assert Collection("x").parts == () and CollectionPart("1", "t").year is None and Artwork("poster").path is None
