"""Per-user watch statistics: how much of the library each person has watched, how often,
for how long, what they love and how they rate. Pure: the states come from vault/users.py.

    >>> from ..model import Movie, WatchState
    >>> movies = [Movie("a", "A", runtime=100), Movie("b", "B", runtime=50)]
    >>> watch_stats(movies, {"bob": {"a": WatchState(watched=True, playcount=2, rating=8)}}, {"bob": "Bob"})[0]
    {'user': 'bob', 'label': 'Bob', 'movies': 2, 'watched': 1, 'watched_percent': 50, 'plays': 2, 'hours_watched': 3.3, 'favorites': 0, 'watchlist': 0, 'rated': 1, 'average_rating': 8.0}
"""
from __future__ import annotations

from typing import Any, Iterable, Mapping

from ..model import Movie, WatchState


def watch_stats(movies: Iterable[Movie], states: Mapping[str, Mapping[str, WatchState]],
                labels: Mapping[str, str]) -> list[dict[str, Any]]:
    """One row per user, in the order of `states`. Hours count each play of a movie."""
    movies = [m for m in movies if not m.missing]
    rows = []
    for user, mine in states.items():
        seen = [(m, mine.get(m.slug) or WatchState()) for m in movies]
        watched = [(m, s) for m, s in seen if s.watched]
        ratings = [s.rating for _, s in seen if s.rating is not None]
        minutes = sum((m.runtime or 0) * max(s.playcount, 1) for m, s in watched)
        rows.append({
            "user": user, "label": labels.get(user, user), "movies": len(movies), "watched": len(watched),
            "watched_percent": round(100 * len(watched) / len(movies)) if movies else 0,
            "plays": sum(max(s.playcount, 1) for _, s in watched), "hours_watched": round(minutes / 60, 1),
            "favorites": sum(1 for _, s in seen if s.favorite),
            "watchlist": sum(1 for _, s in seen if s.watchlist and not s.watched),
            "rated": len(ratings), "average_rating": round(sum(ratings) / len(ratings), 2) if ratings else None,
        })
    return rows
