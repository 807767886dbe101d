"""Turn the movies in content/ into MkDocs files and template context.

Pages are generated in memory (`File.generated`) and kept out of the navigation:
MkDocs' nav cost grows with pages × nav entries, and a library is thousands of pages.
"""
from __future__ import annotations

import posixpath
from dataclasses import dataclass, field
from html import escape
from pathlib import Path
from typing import Any
from urllib.parse import quote

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files, InclusionLevel

from ..cache.layout import PATHS
from ..cache.memo import keep, recall
from ..model import Movie
from ..recommend.analysis import TextAnalysis, analyse, text_digest
from . import views
from .artwork import SiteArt
from .catalog import KIND_FOLDER, KIND_TITLE, Catalog, Group, build_catalog, catalog_from_plain, catalog_to_plain
from .page_inputs import PageInputs
from .render import GeneratedPage, PageInput

LIBRARY_PAGE = "library/index.md"
LIBRARY_TEMPLATE = "library.html"
PAGED_TEMPLATE = "library-page.html"
TEMPLATES = ("movie.html", "group.html", PAGED_TEMPLATE)   # of the pages site/render.py makes
# Posters per page of the library without JavaScript (library/, library/page/2/ …); the
# first page is also what every visitor sees before the index has loaded.
PAGE_SIZE = 48


def index_uri(kind: str) -> str:
    return f"{KIND_FOLDER[kind]}/index.md"


@dataclass
class SitePages:
    """What the plugin generated for this build.

    Movie and group pages (thousands) are rendered by site/render.py with a cache; the
    library and index pages (a handful) are ordinary MkDocs pages given extra context."""
    movies: dict[str, Movie] = field(default_factory=dict)          # src_uri -> movie
    groups: dict[str, Group] = field(default_factory=dict)          # src_uri -> group
    indexes: dict[str, str] = field(default_factory=dict)           # src_uri -> kind
    paged: dict[str, int] = field(default_factory=dict)             # src_uri -> page number (2 …)
    catalog: Catalog = field(default_factory=Catalog)
    links: views.Links = field(default_factory=lambda: views.Links({}, {}, {}))
    static: dict[str, Path] = field(default_factory=dict)           # site path -> cached file
    dests: dict[str, str] = field(default_factory=dict)             # src_uri -> site path (movies, groups)
    paged_urls: dict[str, str] = field(default_factory=dict)         # library page src_uri -> its URL

    def title_for(self, src_uri: str) -> str | None:
        if src_uri in self.indexes:
            return KIND_TITLE[self.indexes[src_uri]]
        return None

    def context_for(self, src_uri: str) -> dict[str, Any] | None:
        if src_uri == LIBRARY_PAGE:
            return {"movies": [views.card_view(m, self.links) for m in self.catalog.order[:PAGE_SIZE]],
                    "total": len(self.catalog.order), "pager": self.pager(1)}
        if src_uri in self.indexes:
            return {"group_index": views.index_view(self.indexes[src_uri], self.catalog, self.links)}
        return None

    def uris(self) -> list[str]:
        """Every movie, group and library page (site/render.py makes each with `page`)."""
        return [*self.movies, *self.groups, *self.paged]

    def pager(self, number: int) -> dict[str, Any]:
        """Links between the library's pages (for browsers without JavaScript): the first and
        last page and two either side of this one; `None` stands for the pages left out."""
        count = max(1, -(-len(self.catalog.order) // PAGE_SIZE))
        url = lambda n: self.links.indexes.get("library", "library/") if n == 1 else self.paged_urls[paged_uri(n)]  # noqa: E731
        shown = sorted({1, count, *range(max(1, number - 2), min(count, number + 2) + 1)})
        pages: list[dict[str, Any] | None] = []
        for n in shown:
            if pages and pages[-1] and n > pages[-1]["number"] + 1:
                pages.append(None)
            pages.append({"number": n, "url": url(n)})
        first = (number - 1) * PAGE_SIZE
        return {"number": number, "count": count, "first": first + 1,
                "last": min(first + PAGE_SIZE, len(self.catalog.order)), "total": len(self.catalog.order),
                "pages": pages, "previous": url(number - 1) if number > 1 else None,
                "next": url(number + 1) if number < count else None}

    def inputs(self, digests: PageInputs) -> dict[str, PageInput]:
        """Each page's input digest, where one is known (site/page_inputs.py)."""
        out: dict[str, PageInput] = {}
        for uri, movie in self.movies.items():
            if (digest := digests.movie_page(movie.slug)) is not None:
                out[uri] = PageInput(self.dests[uri], "movie.html", digest)
        for uri in self.groups:
            if (digest := digests.group_page(uri)) is not None:
                out[uri] = PageInput(self.dests[uri], "group.html", digest)
        for uri in self.paged:          # the library's order and cards: the library's shared digest
            if (digest := digests.group_page(uri)) is not None:
                out[uri] = PageInput(self.dests[uri], PAGED_TEMPLATE, digest)
        return out

    def page(self, uri: str) -> GeneratedPage:
        """One page with the data that shapes it."""
        if uri in self.movies:
            movie = self.movies[uri]
            title = f"{movie.title} ({movie.year})" if movie.year else movie.title
            return GeneratedPage(uri, self.dests[uri], "movie.html", escape(title),
                                 {"movie": views.movie_view(movie, self.catalog, self.links)}, movie.body or "")
        if uri in self.paged:
            number = self.paged[uri]
            films = self.catalog.order[(number - 1) * PAGE_SIZE:number * PAGE_SIZE]
            return GeneratedPage(uri, self.dests[uri], PAGED_TEMPLATE, f"Library, page {number}",
                                 {"movies": [views.card_view(m, self.links) for m in films], "pager": self.pager(number)})
        group = self.groups[uri]
        return GeneratedPage(uri, self.dests[uri], "group.html", escape(group.name),
                             {"group": views.group_view(group, self.links)})


def movie_uri(slug: str) -> str:
    return f"movies/{slug}.md"


def paged_uri(number: int) -> str:
    return f"library/page/{number}.md"


def remembered_catalog(movies: list[Movie], library_digest: str, memo: Path,
                       person_min_films: int = 1, text_key: str | None = None) -> Catalog:
    """build_catalog(movies), or last build's catalog over these movies when the library's
    shared digest (what the catalog reads of every movie) and its text (`text_key`,
    recommend/analysis.py's digest) are the same. The text analysis has a memo of its own
    beside `memo`: a changed rating rebuilds the catalog but not the TF-IDF."""
    text_key = text_key if text_key is not None else text_digest(movies)
    library_digest = f"{library_digest}:{person_min_films}:{text_key}"
    last = recall(memo, library_digest)      # the plain catalog
    if last is not None:
        try:
            return catalog_from_plain(last, movies)
        except (ValueError, TypeError, KeyError, IndexError):
            pass            # damaged: built afresh
    text_memo = memo.with_name(Path(PATHS["text"]).name)      # beside the catalog's (cache/layout.py)
    catalog = build_catalog(movies, person_min_films, remembered_text(movies, text_key, text_memo))
    keep(memo, library_digest, catalog_to_plain(catalog))
    return catalog


def remembered_text(movies: list[Movie], text_key: str, memo: Path) -> TextAnalysis:
    """The library's text analysis, or last build's when its text is the same."""
    last = recall(memo, text_key)
    if last is not None:
        try:
            return TextAnalysis.from_plain(last)
        except (ValueError, TypeError):
            pass
    text = analyse(movies)
    keep(memo, text_key, text.to_plain())
    return text


def add_pages(files: Files, config: MkDocsConfig, movies: list[Movie], art: SiteArt,
              catalog: Catalog | None = None) -> SitePages:
    pages = SitePages(catalog=catalog if catalog is not None else build_catalog(movies))
    for movie in pages.catalog.order:
        uri = movie_uri(movie.slug)
        _refuse_clash(files, uri)
        pages.movies[uri] = movie
    for group in pages.catalog.all_groups():
        _refuse_clash(files, group.uri)
        pages.groups[group.uri] = group
    for kind in KIND_FOLDER:   # every index exists, even empty, so links to it never break
        _add(files, _page(config, index_uri(kind), ""))
        pages.indexes[index_uri(kind)] = kind
    _add(files, _page(config, LIBRARY_PAGE, ""))
    for number in range(2, -(-len(pages.catalog.order) // PAGE_SIZE) + 1):
        _refuse_clash(files, paged_uri(number))
        pages.paged[paged_uri(number)] = number
    for uri in art.files:   # placed into site/ from the cache (site/output_tree.py)
        _refuse_clash(files, uri)
    pages.static = dict(art.files)
    urls = {}
    for uri in (*pages.movies, *pages.groups, *pages.paged):
        urls[uri], pages.dests[uri] = page_location(uri, config.use_directory_urls)
    pages.paged_urls = {uri: urls[uri] for uri in pages.paged}
    url_of = lambda uri: urls.get(uri) or page_location(uri, config.use_directory_urls)[0]  # noqa: E731
    pages.links = views.Links(
        movies={m.slug: url_of(movie_uri(m.slug)) for m in movies},
        groups={(g.kind, g.name): url_of(g.uri) for g in pages.catalog.all_groups()},
        indexes={**{kind: url_of(uri) for uri, kind in pages.indexes.items()},
                 "library": url_of(LIBRARY_PAGE)},
        art=art.views,
    )
    return pages


def page_location(uri: str, use_directory_urls: bool) -> tuple[str, str]:
    """(url, site path) MkDocs gives the Markdown page `uri` (as File.url and File.dest_uri
    do), without making a File: a library has tens of thousands of pages."""
    parent, filename = posixpath.split(uri)
    stem = posixpath.splitext(filename)[0]
    stem = "index" if stem == "README" else stem
    if not use_directory_urls or stem == "index":
        dest = posixpath.join(parent, stem + ".html")
    else:
        dest = posixpath.join(parent, stem, "index.html")
    folder, name = posixpath.split(dest)
    url = (folder or ".") + "/" if use_directory_urls and name == "index.html" else dest
    return quote(url), dest


def _page(config: MkDocsConfig, uri: str, content: str) -> File:
    return File.generated(config, uri, content=content, inclusion=InclusionLevel.NOT_IN_NAV)


def _refuse_clash(files: Files, uri: str) -> None:
    # Refuse to write one output twice: a hand-written page must not be silently replaced.
    if uri in files.src_uris:         # our URIs are POSIX already: no PurePath per call
        raise PluginError(f"movievault: {uri} exists in docs_dir and would be generated too; "
                          "rename or remove the hand-written file")


def _add(files: Files, file: File) -> None:
    _refuse_clash(files, file.src_uri)
    files.append(file)
