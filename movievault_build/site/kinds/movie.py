"""A movie's page: `movies/<slug>/`."""
from __future__ import annotations

from html import escape
from typing import Any

from ...model import Movie
from ...views.catalog import Catalog
from ...views.pages import Links, movie_view
from ..render import GeneratedPage, meta

TEMPLATE = "movie.html"


def uri(slug: str) -> str:
    return f"movies/{slug}.md"


def title(movie: Movie) -> str:
    # material prints meta.title unescaped (it treats titles as HTML): escaped here.
    return escape(f"{movie.title} ({movie.year})" if movie.year else movie.title)


def has_notes(movie: Movie) -> bool:
    """Notes of the user's own (Markdown in the content file): MkDocs converts those."""
    return bool((movie.body or "").strip())


def context(movie: Movie, catalog: Catalog, links: Links) -> dict[str, Any]:
    return {"movie": movie_view(movie, catalog, links)}


def front_matter(movie: Movie) -> dict[str, Any]:
    return meta(TEMPLATE, title(movie))


def page(movie: Movie, dest: str, catalog: Catalog, links: Links) -> GeneratedPage:
    return GeneratedPage(uri(movie.slug), dest, TEMPLATE, title(movie), context(movie, catalog, links))
