"""Each user's state, in one shape: what the default user's `user:` block (and an NFO's play
count) says of each movie, as their file publishes it and the cards, filters and rows read
it; where each user's file is."""
from __future__ import annotations

import json

import pytest

from movievault_build.vault.users import movie_state
from movievault_build.model import Movie, WatchState
from movievault_build.settings import UserInfo, Users
from movievault_build.views.user_state import state_document, state_path, users_document, viewer_state
from movievault_build.site.user_states import switcher


def movie(slug="heat-1995", **kw) -> Movie:
    return Movie(slug=slug, title=slug, **kw)


@pytest.mark.parametrize("user, extra, state", [
    ({}, {}, {}),
    ({"watched": True, "favorite": True, "rating": 9, "playcount": 2, "lastplayed": "2024-05-01T21:10:00Z"}, {},
     {"watched": True, "favorite": True, "rating": 9, "plays": 2, "last_played": "2024-05-01T21:10:00Z"}),
    ({"favorite": "yes", "rating": "7.5"}, {}, {"favorite": True, "rating": 7.5}),        # hand-typed values
    ({"watchlist": True}, {}, {"watchlist": True}),
    ({"watchlist": True, "watched": True}, {}, {"watched": True, "plays": 1}),             # seen: off the list
    ({"rating": 0}, {}, {}), ({"rating": 11}, {}, {}), ({"rating": "great"}, {}, {}), ({"rating": True}, {}, {}),
    ({}, {"watched": True, "playcount": 3}, {"watched": True, "plays": 3}),                # what the NFO said
    ({"watched": False}, {"watched": True}, {}),                                           # the user's word wins
    ({"playcount": -1, "favorite": None}, {}, {}),
    # the block every scanned file carries, unchanged: nothing, or what the NFO said
    ({"tags": [], "watched": False, "favorite": False, "rating": None, "notes": ""}, {}, {}),
    ({"tags": [], "watched": None, "favorite": False, "rating": None, "notes": ""},
     {"watched": True, "playcount": 2, "lastplayed": "2024-05-01T21:10:00Z"},
     {"watched": True, "plays": 2, "last_played": "2024-05-01T21:10:00Z"}),
])
def test_state_of_one_movie(user, extra, state):
    assert viewer_state(movie(user=user, **extra)) == state


def test_the_document_lists_movies_with_state_only_in_slug_order_and_is_deterministic():
    films = [movie("b", user={"favorite": True}), movie("a", user={"rating": 8}), movie("c", user={"notes": "x"})]
    states = {m.slug: movie_state(m) for m in films}
    data = state_document("owner", states, [m.slug for m in films])
    assert data == state_document("owner", states, [m.slug for m in reversed(films)])
    doc = json.loads(data)
    assert doc == {"version": 1, "user": "owner", "movies": {"a": {"rating": 8}, "b": {"favorite": True}}}
    assert b"notes" not in data
    # a slug only in a user's file (a movie since removed) is not published
    assert json.loads(state_document("bob", {"gone": WatchState(watched=True)}, ["a"]))["movies"] == {}


def test_the_default_user_keeps_the_one_file_a_single_user_site_reads():
    one = Users()
    assert state_path(one.default, one) == "api/user-state.json" and switcher(one) == []
    two = Users((UserInfo("alice", "Alice"), UserInfo("bob")))
    assert [state_path(n, two) for n in two.names] == ["api/user-state.json", "api/users/bob.json"]
    assert json.loads(users_document(two)) == {"version": 1, "default": "alice", "users": [
        {"name": "alice", "label": "Alice", "state": "api/user-state.json"},
        {"name": "bob", "label": "bob", "state": "api/users/bob.json"}]}
    assert switcher(two) == json.loads(users_document(two))["users"]
