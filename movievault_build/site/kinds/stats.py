"""The `stats/` dashboard and `api/stats.json`: the numbers of `movievault stats`, on the site.

Both come from one `compute_stats` call over the movies the plugin already loaded, so
the page, the JSON and the CLI agree. Charts are inline SVG (no script): they take the
page's text colour and material's accent through CSS custom properties.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files, InclusionLevel

from ...cache.layout import cache_path
from ...cache.memo import keep, recall
from ...log import get_logger
from ...vault import charts
from ...vault.growth import Growth, read_growth, size_by_period
from ...vault.stats import compute_stats
from ...vault.stats_report import chart_svgs, totals
from ...model import Movie
from ...views import pages as views
from ..generated import add_file

log = get_logger("stats")

STATS_PAGE = "stats/index.md"
API_FILE = "api/stats.json"
_FRONT = {"template": "stats.html", "title": "Library statistics", "hide": ["navigation", "toc"],
          "search": {"exclude": True}}


@dataclass
class StatsPage:
    """The dashboard's template context (`stats`), handed out for its page only."""
    view: dict[str, Any] = field(default_factory=dict)

    def context_for(self, src_uri: str) -> dict[str, Any] | None:
        return {"stats": self.view} if src_uri == STATS_PAGE and self.view else None


def _people(rows: list[dict[str, Any]], links: views.Links) -> list[dict[str, Any]]:
    return [{**r, "url": links.groups.get(("person", r["name"]))} for r in rows]


def stats_view(numbers: dict[str, Any], movies: list[Movie], links: views.Links) -> dict[str, Any]:
    by_slug = {m.slug: m for m in movies}
    return {
        "numbers": numbers,
        "totals": [{"label": label, "value": value} for label, value in totals(numbers)],
        "charts": chart_svgs(numbers),
        "directors": _people(numbers["directors"], links),
        "actors": _people(numbers["actors"], links),
        "recent": [views.card_view(by_slug[r["slug"]], links) for r in numbers["recently_added"]],
        "users": numbers.get("users") or [],
    }


_NAMED = 12   # movies named per change; a commit of a whole library says "and 9,988 more"


def growth_view(growth: Growth | None, why: str, movies: list[Movie], links: views.Links) -> dict[str, Any]:
    """The size-over-time chart and the latest commits to content/movies, or why there are none."""
    if growth is None:
        # `why` names local folders: the build log says it, the published page does not
        if why:
            log.info("stats: %s", why)
        return {"note": "No history to chart: content/ has no commits in a git repository here."}
    titles = {m.slug: m.title for m in movies}

    def entry(slug: str) -> dict[str, Any]:
        return {"slug": slug, "title": titles.get(slug, slug), "url": links.movies.get(slug)}
    sizes = size_by_period(growth.points)
    return {
        "chart": charts.histogram("Movies in the library", sizes,
                                  desc="Movies in the library at the end of each period: "
                                       + "; ".join(f"{p}: {n}" for p, n in sizes) + "."),
        "recent": [{"date": c.date[:10], "subject": c.subject, "edited": c.edited,
                    "lists": [{"label": label, "movies": [entry(s) for s in slugs[:_NAMED]],
                               "more": max(len(slugs) - _NAMED, 0)}
                              for label, slugs in (("added", c.added), ("removed", c.removed)) if slugs]}
                   for c in growth.recent],
        "note": ("The history starts at the clone's first commit (a shallow clone)." if growth.shallow else ""),
    }


def add_stats_page(files: Files, config: MkDocsConfig, movies: list[Movie], links: views.Links,
                   digest: str = "", cache_dir: Path | None = None,
                   watching: list[dict[str, Any]] | None = None, content_dir: Path | None = None) -> StatsPage:
    """`digest` stands for what the statistics read of every movie (site/page_inputs.py):
    while it is as last build's, last build's numbers (kept in the cache folder) are this build's.
    `watching` is each user's watch statistics (site/user_states.py), made every build;
    the growth over time comes from git's history of `content_dir` (one `git log`)."""
    memo = cache_path(cache_dir, "stats") if cache_dir else None
    numbers = recall(memo, digest) if memo else None
    if isinstance(numbers, dict):
        log.info("statistics: as last build")
    else:
        numbers = compute_stats(movies)
        if memo:
            keep(memo, digest, numbers)
    if watching is not None:
        numbers = {**numbers, "users": watching}
    add_file(files, File.generated(config, STATS_PAGE, content=f"---\n{json.dumps(_FRONT)}\n---\n",
                               inclusion=InclusionLevel.NOT_IN_NAV))
    add_file(files, File.generated(config, API_FILE, content=json.dumps(numbers, ensure_ascii=False, indent=1)))
    view = stats_view(numbers, movies, links)
    if content_dir is not None:
        growth_memo = cache_path(cache_dir, "growth") if cache_dir else None
        view["growth"] = growth_view(*read_growth(content_dir, growth_memo), movies, links)
    return StatsPage(view=view)
