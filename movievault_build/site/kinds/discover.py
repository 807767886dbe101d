"""The `discover/` page: films the library lacks, each with why it is worth a look —
the films TMDB recommends to someone who liked films of the library (and which ones), and
the collections' films the library has not got (and which of the collection it has).

Everything comes from content/ (the recommendations and collection parts the scan
stored), so the page builds in CI with no network. One pass over the library; the lists
are cut to the strongest entries so a library of 10,000 films makes a readable page."""
from __future__ import annotations

import functools
import json
from dataclasses import dataclass
from typing import Any, Callable

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files, InclusionLevel

from ...model import CollectionPart, Movie
from ...views import pages as views
from ...views.catalog import Catalog
from ..generated import add_file

DISCOVER_PAGE = "discover/index.md"
TMDB_FILM = "https://www.themoviedb.org/movie/{}"
SHOWN = 200            # recommendations listed (most recommended first)
REASONS = 5            # library films named per entry; the rest are counted
_FRONT = {"template": "discover.html", "title": "Discover", "hide": ["navigation", "toc"],
          "search": {"exclude": True}}


@dataclass
class DiscoverPage:
    """The page's view, made when the page is rendered: a warm build whose catalog is last
    build's keeps the page whole without it (site/build.py keys the page on the catalog)."""
    make: Callable[[], dict[str, Any]] = dict

    def context_for(self, src_uri: str) -> dict[str, Any] | None:
        return {"discover": self.make()} if src_uri == DISCOVER_PAGE else None


def _film(part: CollectionPart) -> dict[str, Any]:
    return {"tmdb": part.tmdb, "title": part.title, "year": part.year, "url": TMDB_FILM.format(part.tmdb)}


def _because(films: list[Movie], links: views.Links) -> dict[str, Any]:
    return {"films": [{"title": m.title, "year": m.year, "url": links.movies.get(m.slug)} for m in films[:REASONS]],
            "more": max(len(films) - REASONS, 0)}


def recommended(catalog: Catalog, links: views.Links) -> tuple[list[dict[str, Any]], int]:
    """TMDB's recommendations that are not in the library, most recommended first (then
    the best place in any film's list, then title), each with the library films that
    recommend it; and how many there are in all."""
    held = {str(m.ids["tmdb"]) for m in catalog.order if m.ids.get("tmdb")}
    found: dict[str, tuple[CollectionPart, list[Movie], int]] = {}
    for movie in catalog.order:
        for place, ref in enumerate(movie.recommendations):
            if ref.tmdb in held:
                continue
            part, by, best = found.setdefault(ref.tmdb, (ref, [], place))
            by.append(movie)
            found[ref.tmdb] = (part, by, min(best, place))
    ranked = sorted(found.values(), key=lambda e: (-len(e[1]), e[2], e[0].title.casefold(), e[0].tmdb))
    return [{**_film(part), "because": _because(by, links)} for part, by, _ in ranked[:SHOWN]], len(found)


def missing_parts(catalog: Catalog, links: views.Links) -> list[dict[str, Any]]:
    """Each collection's films the library lacks, by collection (name order), with the
    collection's films it has."""
    out = []
    for group in sorted(catalog.groups.get("collection", {}).values(), key=lambda g: (g.name.casefold(), g.slug)):
        missing = [p for p in group.parts if isinstance(p, CollectionPart)]
        if missing:
            out.append({"name": group.name, "url": links.groups.get(("collection", group.name)),
                        "have": _because(list(group.movies), links), "films": [_film(p) for p in missing]})
    return out


def discover_view(catalog: Catalog, links: views.Links) -> dict[str, Any]:
    films, total = recommended(catalog, links)
    return {"recommended": films, "recommended_total": total, "collections": missing_parts(catalog, links),
            "has_recommendations": any(m.recommendations for m in catalog.order)}


def add_discover_page(files: Files, config: MkDocsConfig, catalog: Catalog, links: views.Links) -> DiscoverPage:
    add_file(files, File.generated(config, DISCOVER_PAGE, content=f"---\n{json.dumps(_FRONT)}\n---\n",
                               inclusion=InclusionLevel.NOT_IN_NAV))
    return DiscoverPage(functools.cache(lambda: discover_view(catalog, links)))
