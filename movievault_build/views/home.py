"""The home page as a media app's dashboard: a spotlight, then rows of posters — recently
added, unwatched favourites, the watchlist, top rated, collections and the biggest genres —
each with a link into the library grid sorted or filtered the same way.

A site gets it by giving its home page `template: home.html` in the front matter (this
repository's site_src/index.md does); the page's own Markdown shows above the rows. The rows
are picked here from the catalog in one pass each (heapq, never a sort of the library), so
a library of 10,000 movies costs milliseconds per build.

The rows of what a person did with the films (unwatched favourites, the watchlist, "because
you watched X") are the default user's; with several users each has their own rows beside
them (`others`), and the page shows those of the user chosen in the header's switcher
(assets/movievault/app.js).

"Because you watched X" is made here, per user, from the related films the catalog already
holds: the users' state files come from content/ in the same build, so the rows are as
fresh as the state a browser would fetch, cost no extra download or script, and show
without JavaScript. X is each user's latest watched films (last played first).
"""
from __future__ import annotations

import heapq
from typing import Any, Callable, Iterable, Mapping, Sequence
from urllib.parse import urlencode

from ..vault.users import movie_state
from ..model import Movie, WatchState
from .catalog import Catalog
from .pages import Links, card_view

HOME_TEMPLATE = "home.html"
ROW = 16            # posters per row
GENRE_ROWS = 4      # the biggest genres get a row each
BECAUSE_ROWS = 2    # "because you watched X" rows per user
BECAUSE_LOOK = 12   # latest watched films looked at for those rows


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


def _wanted(movies: list[Movie], states: Mapping[str, WatchState]) -> tuple[list[Movie], list[Movie]]:
    """One user's unwatched favourites and watchlist, in catalog order."""
    favourites = [m for m in movies if (s := states.get(m.slug)) and s.favorite and not s.watched]
    watchlist = [m for m in movies if (s := states.get(m.slug)) and s.watchlist and not s.watched]
    return favourites, watchlist


def _user_rows(movies: list[Movie], links: Links, wanted: Sequence[tuple[str, tuple[list[Movie], list[Movie]]]],
               ) -> list[dict[str, Any]]:
    """The favourites and watchlist rows: the first user's cards, every other's in `others`."""
    rows = []
    for at, (row_id, title, query) in enumerate((("favourites", "Unwatched favourites", {"fav": "1", "w": "0"}),
                                                 ("watchlist", "On your watchlist", {"wl": "1"}))):
        each = [_row(row_id, title, lists[at][:ROW], links, query, len(lists[at])) | {"user": name}
                for name, lists in wanted]
        first = each[0]
        first["others"] = [{"user": r["user"], "cards": r["cards"], "total": r["total"]} for r in each[1:]]
        rows.append(first)
    return rows


def _because(catalog: Catalog, by_slug: Mapping[str, Movie], states: Mapping[str, WatchState],
             ) -> list[tuple[Movie, list[Movie]]]:
    """One user's latest watched films (last played, then most played, then library order),
    each with its related films that user has not watched; films with none are skipped."""
    def recent(slug: str) -> tuple:
        s = states[slug]
        return (s.lastplayed.timestamp() if s.lastplayed else 0.0, s.playcount, -catalog._index[slug])
    watched = [slug for slug, s in states.items() if s.watched and slug in by_slug]
    out = []
    for slug in heapq.nlargest(BECAUSE_LOOK, watched, key=recent):
        unseen = [m for m in catalog.related.get(slug, ()) if not getattr(states.get(m.slug), "watched", False)]
        if unseen:
            out.append((by_slug[slug], unseen))
        if len(out) == BECAUSE_ROWS:
            break
    return out


def _because_rows(catalog: Catalog, links: Links, states: Mapping[str, Mapping[str, WatchState]],
                  ) -> list[dict[str, Any]]:
    """Row n is each user's n-th "because you watched" shelf, titled by its film."""
    by_slug = {m.slug: m for m in catalog.order}
    found = [(name, _because(catalog, by_slug, s)) for name, s in states.items()]
    rows = []
    for n in range(BECAUSE_ROWS):
        each = []
        for name, lists in found:
            seen, films = lists[n] if n < len(lists) else (None, [])
            title = f"Because you watched {seen.title}" if seen else ""
            each.append(_row(f"because-{n + 1}", title, films[:ROW], links, None) | {"user": name})
        first = each[0]
        first["others"] = [{"user": r["user"], "title": r["title"], "cards": r["cards"], "total": r["total"]}
                           for r in each[1:]]
        rows.append(first)
    return rows


def home_view(catalog: Catalog, links: Links, states: Mapping[str, Mapping[str, WatchState]] | None = None,
              ) -> dict[str, Any]:
    """`states`: user -> slug -> state, the default user first (site/user_states.py); without
    it, the default user's state from the movies alone."""
    movies = catalog.order
    rank = {m.slug: i for i, m in enumerate(movies)}
    if states is None:
        states = {"": {m.slug: movie_state(m) for m in movies if m.user}}
    wanted = [(name, _wanted(movies, s)) for name, s in states.items()]
    favourites, watchlist = wanted[0][1]
    rows = [
        _row("recent", "Recently added", _best((m for m in movies if m.added),
                                                key=lambda m: (str(m.added), -rank[m.slug])), links,
             {"sort": "added-desc"}, sum(1 for m in movies if m.added)),
        *_user_rows(movies, links, wanted),
        *_because_rows(catalog, links, states),
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
        "rows": [r for r in rows if r["cards"] or any(o["cards"] for o in r.get("others", ()))],
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
