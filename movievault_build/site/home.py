"""The home page as a media app's dashboard: a spotlight, then rows of posters — recently
added, unwatched favourites, the watchlist, top rated, collections and the biggest genres —
each with a link into the library grid sorted or filtered the same way.

A site gets it by giving its home page `template: home.html` in the front matter (this
repository's site_src/index.md does); the page's own Markdown shows above the rows. The rows
are picked here from the catalog in one pass each (heapq, never a sort of the library), so
a library of 10,000 movies costs milliseconds per build. What the viewer did with a movie
(favourite, watchlist, watched) comes from site/user_state.py, as api/user-state.json does.
"""
from __future__ import annotations

import heapq
from typing import Any, Callable, Iterable
from urllib.parse import urlencode

from ..model import Movie
from .catalog import Catalog
from .user_state import user_state
from .views import Links, card_view

HOME_TEMPLATE = "home.html"
ROW = 16            # posters per row
GENRE_ROWS = 4      # the biggest genres get a row each


def _best(movies: Iterable[Movie], key: Callable[[Movie], Any], n: int = ROW) -> list[Movie]:
    return heapq.nlargest(n, movies, key=key)


def _row(row_id: str, title: str, movies: list[Movie], links: Links, query: dict[str, str] | None,
         total: int | None = None) -> dict[str, Any]:
    return {"id": row_id, "title": title, "cards": [card_view(m, links) for m in movies],
            "query": "?" + urlencode(query) if query is not None else None,
            "total": len(movies) if total is None else total}


def _collections(catalog: Catalog, links: Links) -> list[dict[str, Any]]:
    """Collection cards: the collection's poster, else its first film's; biggest first."""
    groups = _best(catalog.groups.get("collection", {}).values(), key=lambda g: (len(g.movies), g.name))
    return [{"slug": "", "title": g.name, "year": f"{len(g.movies)} films", "url": links.groups.get(("collection", g.name)),
             "poster": links.art.get((f"collection:{g.name}", "poster")) or links.art.get((g.movies[0].slug, "poster"))}
            for g in groups]


def home_view(catalog: Catalog, links: Links) -> dict[str, Any]:
    movies = catalog.order
    rank = {m.slug: i for i, m in enumerate(movies)}
    # only movies whose user block says anything of the kind are looked at closely
    states = {m.slug: user_state(m) for m in movies if m.user and (m.user.get("favorite") or m.user.get("watchlist"))}
    favourites = [m for m in movies if states.get(m.slug, {}).get("favorite") and not states[m.slug].get("watched")]
    watchlist = [m for m in movies if states.get(m.slug, {}).get("watchlist")]
    rows = [
        _row("recent", "Recently added", _best((m for m in movies if m.added),
                                                key=lambda m: (str(m.added), -rank[m.slug])), links,
             {"sort": "added-desc"}, sum(1 for m in movies if m.added)),
        _row("favourites", "Unwatched favourites", favourites[:ROW], links, {"fav": "1", "w": "0"}, len(favourites)),
        _row("watchlist", "On your watchlist", watchlist[:ROW], links, {"wl": "1"}, len(watchlist)),
        _row("top", "Top rated", _best((m for m in movies if m.rating), key=lambda m: (m.rating, -rank[m.slug])),
             links, {"sort": "rating-desc"}),
    ]
    genres = _best(catalog.groups.get("genre", {}).values(), key=lambda g: (len(g.movies), g.name), n=GENRE_ROWS)
    for g in genres:
        best = _best((m for m in g.movies if m.rating), key=lambda m: (m.rating, -rank[m.slug])) or list(g.movies[:ROW])
        rows.append(_row(f"genre-{g.slug}", g.name, best, links, {"g": g.name, "sort": "rating-desc"}, len(g.movies)))
    spotlight = next((m for m in [*favourites, *watchlist, *_best(movies, key=lambda m: (str(m.added or ""), m.rating or 0), n=40)]
                      if (m.slug, "fanart") in links.art), None)
    return {
        "spotlight": _spotlight(spotlight, links) if spotlight else None,
        "rows": [r for r in rows if r["cards"]],
        "collections": _collections(catalog, links),
        "totals": {"movies": len(movies), "collections": len(catalog.groups.get("collection", {})),
                   "people": len(catalog.groups.get("person", {})),
                   "hours": round(sum(m.runtime or 0 for m in movies) / 60)},
    }


def _spotlight(movie: Movie, links: Links) -> dict[str, Any]:
    view = card_view(movie, links)
    view.update(fanart=links.art.get((movie.slug, "fanart")), plot=movie.plot or movie.outline,
                tagline=movie.tagline, genres=list(movie.genres[:3]))
    return view
