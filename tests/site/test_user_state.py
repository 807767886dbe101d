"""The viewer's state, in one place: what the `user:` block (and an NFO's play count) says of
each movie, as api/user-state.json publishes it and the cards, filters and rows read it."""
from __future__ import annotations

import json

import pytest

from movievault_build.model import Movie
from movievault_build.site.user_state import user_state, user_state_document


def movie(slug="heat-1995", **kw) -> Movie:
    return Movie(slug=slug, title=slug, **kw)


@pytest.mark.parametrize("user, extra, state", [
    ({}, {}, {}),
    ({"watched": True, "favorite": True, "rating": 9, "playcount": 2, "lastplayed": "2024-05-01 21:10:00"}, {},
     {"watched": True, "favorite": True, "rating": 9, "plays": 2, "last_played": "2024-05-01 21:10:00"}),
    ({"favorite": "yes", "rating": "7.5"}, {}, {"favorite": True, "rating": 7.5}),        # hand-typed values
    ({"watchlist": True}, {}, {"watchlist": True}),
    ({"watchlist": True, "watched": True}, {}, {"watched": True}),                         # seen: off the list
    ({"rating": 0}, {}, {}), ({"rating": 11}, {}, {}), ({"rating": "great"}, {}, {}), ({"rating": True}, {}, {}),
    ({}, {"watched": True, "playcount": 3}, {"watched": True, "plays": 3}),                # what the NFO said
    ({"watched": False}, {"watched": True}, {}),                                           # the user's word wins
    ({"playcount": -1, "favorite": None}, {}, {}),
])
def test_state_of_one_movie(user, extra, state):
    assert user_state(movie(user=user, **extra)) == state


def test_the_document_lists_movies_with_state_only_in_slug_order_and_is_deterministic():
    films = [movie("b", user={"favorite": True}), movie("a", user={"rating": 8}), movie("c", user={"notes": "x"})]
    data = user_state_document(films)
    assert data == user_state_document(list(reversed(films)))
    doc = json.loads(data)
    assert doc == {"version": 1, "user": "owner", "movies": {"a": {"rating": 8}, "b": {"favorite": True}}}
    assert b"notes" not in data
