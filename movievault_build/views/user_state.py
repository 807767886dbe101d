"""One user's watch state as the site publishes it — the shape every user's file shares
(`user-state.schema.json`) — and where each file is; site/user_states.py publishes them.

    {"version": 1, "user": "bob",
     "movies": {"heat-1995": {"watched": true, "favorite": true, "rating": 9, "plays": 2,
                              "last_played": "2024-05-01T20:11:00Z"}, …}}

Only movies with some state are listed; a key that is false, zero or unknown is left out.
"""
from __future__ import annotations

import json
from typing import Any, Iterable, Mapping

from ..vault.users import movie_state
from ..model import Movie, WatchState, format_stamp
from ..settings import Users

VERSION = 1
USERS_FILE = "api/users.json"
DEFAULT_STATE = "api/user-state.json"      # the default user's: the one file a single-user site reads


def state_path(user: str, users: Users) -> str:
    return DEFAULT_STATE if user == users.default else f"api/users/{user}.json"


def entry(state: WatchState) -> dict[str, Any]:
    """One movie's state as the site reads it; false, zero and unknown keys left out."""
    rating = state.rating
    shown = {
        "watched": state.watched, "favorite": state.favorite, "watchlist": state.watchlist and not state.watched,
        "rating": (int(rating) if float(rating).is_integer() else round(rating, 1)) if rating else None,
        "plays": (state.playcount or 1) if state.watched else None,
        "last_played": format_stamp(state.lastplayed) if state.lastplayed else None,
    }
    return {k: v for k, v in shown.items() if v}


def viewer_state(movie: Movie) -> dict[str, Any]:
    """The default user's state of one movie, as their file has it (a movie page's own line)."""
    return entry(movie_state(movie))


def state_document(user: str, states: Mapping[str, WatchState], slugs: Iterable[str]) -> bytes:
    movies = {slug: e for slug in sorted(slugs) if (s := states.get(slug)) and (e := entry(s))}
    return json.dumps({"version": VERSION, "user": user, "movies": movies}, ensure_ascii=False, sort_keys=True,
                      separators=(",", ":")).encode("utf-8")


def listing(users: Users) -> list[dict[str, str]]:
    """Each user's name, label and state file, the default first."""
    return [{"name": u.name, "label": u.label, "state": state_path(u.name, users)} for u in users.all]


def users_document(users: Users) -> bytes:
    return json.dumps({"version": VERSION, "default": users.default, "users": listing(users)}, ensure_ascii=False,
                      sort_keys=True, separators=(",", ":")).encode("utf-8")
