"""Which film a file is: the user's pinned ids, the NFO's ids, and whether the file's own
name agrees with what they say.

A pin (`user: {ids: {tmdb: …}}`, written by `movievault identify`) is the last word. An NFO
whose ids contradict it describes another film (a scraper's wrong match): its description
is set aside, and only what it says about the file and the viewer stays.

An identification that came by id (from an NFO, or an online lookup of the NFO's id) is
only as good as the NFO. When the file's name says another title or year, the match is
reported as unsure, with the agreement as its confidence, so `movievault unmatched` lists it.
Only a name that gives a title and a year counts as saying which film it is.
"""
from __future__ import annotations

from typing import Any, Mapping

from ..providers.match import TITLE_WEIGHT, YEAR_WEIGHT, title_similarity, year_closeness

# What an NFO knows about the file and its viewer rather than about the film.
NOT_THE_FILM = ("watched", "playcount", "lastplayed", "streams")


def contradicts(ids: Mapping[str, Any], pins: Mapping[str, str]) -> bool:
    """True when an id of a kind the user pinned differs from the pinned one.

    >>> contradicts({"tmdb": "60935", "imdb": "tt0905372"}, {"tmdb": "1091"})
    True
    >>> contradicts({"imdb": "tt0084787"}, {"tmdb": "1091"})
    False
    """
    return any(kind in ids and str(ids[kind]).strip() != str(value) for kind, value in pins.items())


def nfo_layer(nfo: Mapping[str, Any], pins: Mapping[str, str]) -> dict[str, Any]:
    """The NFO's metadata as it may count: all of it, or (contradicted by a pin) only
    what it says about the file and the viewer."""
    if pins and contradicts(nfo.get("ids") or {}, pins):
        return {k: nfo[k] for k in NOT_THE_FILM if k in nfo}
    return dict(nfo)


def name_agreement(name_title: str | None, name_year: int | None, meta: Mapping[str, Any]) -> float | None:
    """How well the file's name matches the identified film: title and year weighed as
    match scoring weighs a search hit, popularity aside (so 0.9 at most); None when the
    name has no title to compare.

    >>> name_agreement("The Thing", 1982, {"title": "The Thing", "year": 1982})
    0.9
    >>> name_agreement("The Thing", 1982, {"title": "The Thing", "year": 2011})
    0.55
    """
    if not name_title:
        return None
    titles = [t for t in (meta.get("title"), meta.get("original_title")) if t]
    if not titles:
        return None
    sim = max(title_similarity(name_title, str(t)) for t in titles)
    year = meta.get("year") if isinstance(meta.get("year"), int) else None
    return round(TITLE_WEIGHT * sim + YEAR_WEIGHT * year_closeness(name_year, year), 2)
