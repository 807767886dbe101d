"""Turn the movies in content/ into MkDocs files and template context.

Pages are generated in memory (`File.generated`) and kept out of the navigation:
MkDocs' nav cost grows with pages × nav entries, and a library is thousands of pages.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files, InclusionLevel

from ..model import Movie
from . import views
from .artwork import SiteArt

LIBRARY_PAGE = "library/index.md"


@dataclass
class SitePages:
    """What the plugin generated for this build, looked up again per page."""
    movies: dict[str, Movie] = field(default_factory=dict)          # src_uri -> movie
    library: list[Movie] = field(default_factory=list)
    urls: dict[str, str] = field(default_factory=dict)              # slug -> page url
    art: dict[tuple[str, str], dict[str, Any]] = field(default_factory=dict)   # (slug, kind) -> picture

    def context_for(self, src_uri: str) -> dict[str, Any] | None:
        if src_uri in self.movies:
            movie = self.movies[src_uri]
            return {"movie": views.movie_view(movie, self.urls, self.art)}
        if src_uri == LIBRARY_PAGE:
            return {"movies": [views.card_view(m, self.urls, self.art) for m in self.library]}
        return None


def movie_uri(slug: str) -> str:
    return f"movies/{slug}.md"


def add_pages(files: Files, config: MkDocsConfig, movies: list[Movie], art: SiteArt) -> SitePages:
    pages = SitePages(art=art.views)
    for movie in sorted(movies, key=lambda m: (m.display_sort, m.year or 0, m.slug)):
        uri = movie_uri(movie.slug)
        _add(files, File.generated(config, uri, content=movie.body or "",
                                   inclusion=InclusionLevel.NOT_IN_NAV))
        pages.movies[uri] = movie
        pages.library.append(movie)
    _add(files, File.generated(config, LIBRARY_PAGE, content="", inclusion=InclusionLevel.NOT_IN_NAV))
    for uri, path in sorted(art.files.items()):
        _add(files, File.generated(config, uri, abs_src_path=str(path)))
    pages.urls = {m.slug: files.get_file_from_path(movie_uri(m.slug)).url for m in movies}
    return pages


def _add(files: Files, file: File) -> None:
    # Refuse to write one output twice: a hand-written page must not be silently replaced.
    if files.get_file_from_path(file.src_uri) is not None:
        raise PluginError(f"movievault: {file.src_uri} exists in docs_dir and would be generated too; "
                          "rename or remove the hand-written file")
    files.append(file)
