"""What the person watching knows of each movie — watched, favourite, watchlist, their rating,
plays — in one place: `api/user-state.json`.

Pages never print this state into a poster card: cards carry `data-slug`, and
assets/movievault/state.js puts the badges on from this one file, the library browser
filters on it, and the movie page refreshes its own line from it. So a watched mark
changes this file (and that movie's page), not every page that shows the poster, and a
later per-user state is another file of the same shape picked by the browser.

Shape (version 1)::

    {"version": 1, "user": "owner",
     "movies": {"heat-1995": {"watched": true, "favorite": true, "rating": 9, "plays": 2,
                              "last_played": "2024-05-01 21:10:00"}, …}}

Only movies with some state are listed; a key that is false, zero or unknown is left out.
"""
from __future__ import annotations

import json
from typing import Any, Iterable

from ..library.records import watched
from ..model import Movie

VERSION = 1
USER_STATE_PATH = "api/user-state.json"
OWNER = "owner"          # the single user the content files' `user:` blocks speak for


def _flag(value: Any) -> bool:
    return value is True or (isinstance(value, str) and value.strip().lower() in ("true", "yes", "1"))


def _rating(value: Any) -> float | int | None:
    if isinstance(value, bool) or value in (None, ""):
        return None
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    if not 0 < number <= 10:
        return None
    return int(number) if number.is_integer() else round(number, 1)


def user_state(movie: Movie) -> dict[str, Any]:
    """The movie's state for its owner; empty when there is none."""
    user = movie.user if isinstance(movie.user, dict) else dict(movie.user or {})
    plays = user.get("playcount") or movie.playcount or 0
    state = {
        "watched": watched(movie),
        "favorite": _flag(user.get("favorite")),
        "watchlist": _flag(user.get("watchlist")) and not watched(movie),
        "rating": _rating(user.get("rating")),
        "plays": plays if isinstance(plays, int) and not isinstance(plays, bool) and plays > 0 else None,
        "last_played": str(user.get("lastplayed") or movie.lastplayed or "") or None,
    }
    return {k: v for k, v in state.items() if v}


def user_state_document(movies: Iterable[Movie]) -> bytes:
    """api/user-state.json: deterministic bytes, movies by slug."""
    found = {m.slug: s for m in sorted(movies, key=lambda m: m.slug) if (s := user_state(m))}
    doc = {"version": VERSION, "user": OWNER, "movies": found}
    return json.dumps(doc, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode("utf-8")
