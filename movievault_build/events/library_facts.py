"""What the notifications and Home Assistant say about the library, read after a batch:
each new or missing movie's facts, and the totals (count, average rating, last added).

The movies come from content/ (the parsed cache makes this cheap on a warm library);
their page and poster addresses from the built site's own index (api/movies.json), so a
message links to exactly what the site publishes and never to a local path."""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..model import Movie
from ..store.library import load_movies

MOVIES_INDEX = "api/movies.json"
PLOT_CHARS = 300


@dataclass
class LibraryFacts:
    movies: dict[str, Movie] = field(default_factory=dict)
    links: dict[str, dict[str, Any]] = field(default_factory=dict)   # slug -> {url, poster} on the site

    def has(self, slug: str) -> bool:
        return slug in self.movies

    def movie(self, slug: str) -> dict[str, Any]:
        """A movie as messages use it: plain JSON values, site-relative links."""
        m = self.movies[slug]
        plot = (m.outline or m.plot or "").strip()
        if len(plot) > PLOT_CHARS:
            plot = plot[:PLOT_CHARS].rsplit(" ", 1)[0] + "…"
        link = self.links.get(slug, {})
        return {"slug": slug, "title": m.title, "year": m.year, "rating": m.rating,
                "genres": list(m.genres), "plot": plot, "runtime": m.runtime,
                "imdb": m.ids.get("imdb"), "tmdb": m.ids.get("tmdb"), "added": m.added,
                "url": link.get("url") or "", "poster": link.get("poster") or ""}

    def totals(self) -> dict[str, Any]:
        present = [m for m in self.movies.values() if not m.missing]
        rated = [m.rating for m in present if isinstance(m.rating, (int, float))]
        last = max(present, key=lambda m: (m.added or "", m.slug), default=None)
        return {"movies": len(present), "missing": len(self.movies) - len(present),
                "average_rating": round(sum(rated) / len(rated), 2) if rated else None,
                "last_added": self.movie(last.slug) if last else None}

    def added_since(self, day: str) -> list[dict[str, Any]]:
        """Movies first seen on or after an ISO date, newest first."""
        found = [m for m in self.movies.values() if not m.missing and (m.added or "") >= day]
        return [self.movie(m.slug) for m in sorted(found, key=lambda m: (m.added or "", m.slug), reverse=True)]


def gather(content_dir: Path, cache_dir: Path | None, site_dir: Path | None) -> LibraryFacts:
    movies, _problems = load_movies(content_dir, cache_dir)   # problems: the build has said them
    return LibraryFacts({m.slug: m for m in movies}, _site_links(site_dir))


def _site_links(site_dir: Path | None) -> dict[str, dict[str, Any]]:
    if site_dir is None:
        return {}
    try:
        index = json.loads((Path(site_dir) / MOVIES_INDEX).read_text("utf-8"))
    except (OSError, ValueError):
        return {}
    entries = index.get("movies") if isinstance(index, dict) else None
    return {e["slug"]: {"url": e.get("url"), "poster": e.get("poster")}
            for e in entries or () if isinstance(e, dict) and isinstance(e.get("slug"), str)}
