"""Library statistics: one pass over the movies, plain numbers out.

`compute_stats` is what `movievault stats --json`, the HTML report and the site's
`stats/` page (and its `api/stats.json`) all show, so they can never disagree.
Count tables are lists of `{"name", "count"}` in display order (JSON keeps list
order everywhere; object key order is up to the reader).
"""
from __future__ import annotations


import heapq
from collections import Counter
from typing import Any, Iterable

from ..model import Movie
from .records import watched

RATING_BINS = 10          # 0–1, 1–2 … 9–10 (a 10 goes in the last bin)
UNKNOWN = "unknown"


def decade_of(year: int | None) -> str | None:
    """>>> decade_of(1995)
    '1990s'
    """
    return f"{year // 10 * 10}s" if isinstance(year, int) and year > 0 else None


def ranked(counter: Counter, top: int | None = None) -> list[dict[str, Any]]:
    """Most first, ties by name (so output is stable); `top` keeps only the first few."""
    items = sorted(counter.items(), key=lambda kv: (-kv[1], str(kv[0]).casefold(), str(kv[0])))
    return [{"name": k, "count": v} for k, v in (items[:top] if top else items)]


def rating_bin(rating: float) -> int:
    return min(max(int(rating), 0), RATING_BINS - 1)


def source_names(provenance: Any) -> list[str]:
    """The providers behind one field: "filename+nfo" came from both."""
    return [p for p in str(provenance).split("+") if p] or [UNKNOWN]


class _Tally:
    """Running totals; `add` is O(size of one movie), so the whole pass is linear."""

    def __init__(self) -> None:
        self.movies = self.runtime = self.size = self.rated = self.watched = self.missing = 0
        self.rating_sum = 0.0
        self.counts = {k: Counter() for k in ("decades", "genres", "directors", "actors", "sources",
                                              "resolutions", "containers")}
        self.bins = [0] * RATING_BINS

    def add(self, movie: Movie) -> None:
        self.movies += 1
        self.runtime += movie.runtime if isinstance(movie.runtime, int) and movie.runtime > 0 else 0
        self.size += sum(f.size for f in movie.files)
        self.watched += watched(movie)
        self.missing += bool(movie.missing)
        if isinstance(movie.rating, (int, float)) and not isinstance(movie.rating, bool):
            self.rated += 1
            self.rating_sum += float(movie.rating)
            self.bins[rating_bin(float(movie.rating))] += 1
        c = self.counts
        c["decades"][decade_of(movie.year) or UNKNOWN] += 1
        # Each name counts once per movie; plain += is several times faster than Counter.update.
        for key, names in (("genres", movie.genres), ("directors", movie.directors),
                           ("actors", [p.name for p in movie.cast])):
            counter = c[key]
            for name in set(names):
                counter[name] += 1
        sources = c["sources"]
        for provenance in movie.sources.values():
            for name in source_names(provenance):
                sources[name] += 1
        for f in movie.files:
            c["resolutions"][f.resolution or UNKNOWN] += 1
            c["containers"][f.container or UNKNOWN] += 1

def _decades(counter: Counter) -> list[dict[str, Any]]:
    known = sorted(k for k in counter if k != UNKNOWN)
    out = [{"name": k, "count": counter[k]} for k in known]
    return out + ([{"name": UNKNOWN, "count": counter[UNKNOWN]}] if UNKNOWN in counter else [])


def _recent(movies: Iterable[Movie], top: int) -> list[dict[str, Any]]:
    # nlargest keeps `top` items: O(n log top), not a full sort.
    dated = ((m.added, m.slug, m) for m in movies if m.added)
    newest = heapq.nlargest(top, dated, key=lambda t: (t[0], t[1]))
    return [{"slug": m.slug, "title": m.title, "year": m.year, "added": added} for added, _s, m in newest]


def compute_stats(movies: Iterable[Movie], top: int = 10, recent: int = 12) -> dict[str, Any]:
    """Totals, averages and count tables for a library, in one pass over `movies`."""
    movies = list(movies)
    t = _Tally()
    for movie in movies:
        t.add(movie)
    return {
        "movies": t.movies,
        "runtime_minutes": t.runtime,
        "runtime_hours": round(t.runtime / 60, 1),
        "runtime_days": round(t.runtime / 1440, 2),
        "total_size_bytes": t.size,
        "average_rating": round(t.rating_sum / t.rated, 2) if t.rated else None,
        "rated": t.rated,
        "watched": t.watched,
        "missing": t.missing,
        "by_decade": _decades(t.counts["decades"]),
        "rating_histogram": [{"name": f"{i}–{i + 1}", "count": n} for i, n in enumerate(t.bins)],
        "genres": ranked(t.counts["genres"], top),
        "directors": ranked(t.counts["directors"], top),
        "actors": ranked(t.counts["actors"], top),
        "sources": ranked(t.counts["sources"]),
        "resolutions": ranked(t.counts["resolutions"]),
        "containers": ranked(t.counts["containers"]),
        "recently_added": _recent(movies, recent),
    }


