"""The plan of the pages generated from content/: which movie, group and library pages
this build has, where each lives, and which kind (site/kinds/) makes each one.

Movie and group pages (thousands) and the library's numbered pages are rendered by
site/render.py with a cache; the library and index pages (a handful) and the movies with
notes of their own (Markdown in their content file, which MkDocs converts) are ordinary
MkDocs pages, generated in memory (`File.generated`), given front matter and context.
"""
from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import quote

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files

from ..cache.keys import code_fingerprint, digest
from ..cache.layout import PATHS
from ..cache.memo import DamagedEntry, keep, read_memo, recall
from ..cache.rules import set_aside
from ..model import Movie
from ..views.catalog import (KIND_FOLDER, Catalog, Group, RelatedIndex, build_catalog, catalog_from_plain,
                             catalog_to_plain, retexted_catalog)
from ..views.catalog_changes import CatalogChanges, catalog_changes, unchanged
from ..views.pages import Links, group_shows, movie_shows
from ..recommend.analysis import VERSION as TEXT_VERSION, TextAnalysis, analysed, text_digest
from ..recommend.text import Document, TextIndex
from .artwork import SiteArt
from .generated import add_file, markdown_page, refuse_clash
from .kept_shows import KeptShows, remember, shows_key
from .kinds import group, library, movie
from .page_inputs import PageInputs
from .render import GeneratedPage, PageInput

TEMPLATES = (movie.TEMPLATE, group.TEMPLATE, library.PAGED_TEMPLATE)   # of the pages site/render.py makes


@dataclass
class SitePages:
    """What the plugin generated for this build."""
    movies: dict[str, Movie] = field(default_factory=dict)          # src_uri -> movie
    groups: dict[str, Group] = field(default_factory=dict)          # src_uri -> group
    indexes: dict[str, str] = field(default_factory=dict)           # src_uri -> kind
    paged: dict[str, int] = field(default_factory=dict)             # src_uri -> page number (2 …)
    catalog: Catalog = field(default_factory=Catalog)
    links: Links = field(default_factory=lambda: Links({}, {}, {}))
    static: dict[str, Path] = field(default_factory=dict)           # site path -> cached file
    dests: dict[str, str] = field(default_factory=dict)             # src_uri -> site path (movies, groups)
    paged_urls: dict[str, str] = field(default_factory=dict)         # library page src_uri -> its URL
    with_notes: set[str] = field(default_factory=set)               # movie src_uris MkDocs renders

    def meta_for(self, src_uri: str) -> dict[str, Any] | None:
        """The front matter of the MkDocs pages this build generated."""
        if src_uri == library.PAGE:
            return library.front_matter()
        if src_uri in self.indexes:
            return group.index_front_matter(self.indexes[src_uri])
        if src_uri in self.with_notes:
            return movie.front_matter(self.movies[src_uri])
        return None

    def context_for(self, src_uri: str) -> dict[str, Any] | None:
        if src_uri in self.with_notes:
            return movie.context(self.movies[src_uri], self.catalog, self.links)
        if src_uri == library.PAGE:
            return library.context(self.catalog.order, self.links, self.library_url)
        if src_uri in self.indexes:
            return group.index_context(self.indexes[src_uri], self.catalog, self.links)
        return None

    def uris(self) -> list[str]:
        """Every movie, group and library page site/render.py makes (each with `page`)."""
        return [*(uri for uri in self.movies if uri not in self.with_notes), *self.groups, *self.paged]

    def library_url(self, number: int) -> str:
        return self.links.indexes.get("library", "library/") if number == 1 else \
            self.paged_urls[library.paged_uri(number)]

    def inputs(self, digests: PageInputs, memo: Path | None = None, use_directory_urls: bool = True
               ) -> dict[str, PageInput]:
        """Each page's input digest, where one is known (site/page_inputs.py). What each
        movie and group page shows of the rest of the library (`PageInputs.shown`) is kept
        in `memo` (site/kept_shows.py): only the pages the catalog's changes since reach
        have their `movie_shows` worked out."""
        changes = self.catalog.changes
        key = shows_key(digests.base, use_directory_urls) if memo is not None and digests.library else ""
        kept = KeptShows.read(memo, key, self.catalog, digests.shared) if key else KeptShows()
        shown: dict[str, str] = {}
        out: dict[str, PageInput] = {}
        for uri, film in self.movies.items():
            if (known := kept.movie(uri, film.slug)) is None:
                known = digests.shown(movie_shows(film, self.catalog, self.links))
            shown[uri] = known
            if (digest := digests.movie_page_showing(film.slug, known)) is not None:
                out[uri] = PageInput(self.dests[uri], movie.TEMPLATE, digest)
        for uri, g in self.groups.items():
            if (known := kept.group(uri, g)) is None:
                known = digests.shown(group_shows(g))
            shown[uri] = known
            if (digest := digests.group_page_showing(uri, known)) is not None:
                out[uri] = PageInput(self.dests[uri], group.TEMPLATE, digest)
        if key and changes is not None:
            remember(memo, key, changes.now, digests.shared, shown, kept)
        for uri in self.paged:          # the library's order and cards: the library's shared digest
            if (digest := digests.library_page(uri)) is not None:
                out[uri] = PageInput(self.dests[uri], library.PAGED_TEMPLATE, digest)
        return out

    def page(self, uri: str) -> GeneratedPage:
        """One page with the data that shapes it."""
        if uri in self.movies:
            return movie.page(self.movies[uri], self.dests[uri], self.catalog, self.links)
        if uri in self.paged:
            return library.page(self.catalog.order, self.paged[uri], self.dests[uri], self.links, self.library_url)
        return group.page(self.groups[uri], self.dests[uri], self.links)


def remembered_catalog(movies: list[Movie], library_digest: str, memo: Path,
                       person_min_films: int = 1, text_key: str | None = None,
                       docs: list[Document] | None = None) -> Catalog:
    """build_catalog(movies), or last build's catalog over these movies when the library's
    shared digest and its text (`text_key`, recommend/analysis.py's digest) are the same.
    The shared digest stands for what the catalog reads of every movie and for the settings
    that group it (`person_min_films`: page_inputs.add_library's `catalog_key`), so they are
    keyed there, once; an empty one (movies read without their digests) is never taken as
    known. The text analysis has a memo of its own beside `memo`: a changed rating rebuilds
    the catalog but not the TF-IDF. When only the text moved (a plot or keyword edit), last
    build's groups and order are kept and only the related lists of the films whose text
    neighbours changed are scored again (views/catalog.py `retexted_catalog`). The catalog's
    `changes` say what differs from last build's (none known without the library's digest).
    `docs`: recommend/analysis.py `documents(movies)`, when already made."""
    text_key = text_key if text_key is not None else text_digest(movies, docs)
    key = f"{library_digest}:{text_key}" if library_digest else ""
    last = read_memo(memo, tuple) if key else None         # (its key, the plain catalog)
    last_key, last_plain = last if last and len(last) == 2 else ("", None)
    if last_plain is not None and last_key == key:
        try:
            catalog = catalog_from_plain(last_plain, movies)
            catalog.changes = unchanged(key)
            return catalog
        except (ValueError, TypeError, KeyError, IndexError):
            last_plain = None       # damaged: built afresh
    text_memo = memo.with_name(Path(PATHS["text"]).name)      # beside the catalog's (cache/layout.py)
    try:
        return _made_catalog(movies, library_digest, memo, person_min_films, key, last_key, last_plain,
                             remembered_text(movies, text_key, text_memo, docs))
    except DamagedEntry as exc:      # a film's neighbours in the text memo, read as the catalog asked
        set_aside(text_memo, f"damaged ({exc})")
        return _made_catalog(movies, library_digest, memo, person_min_films, key, last_key, last_plain,
                             remembered_text(movies, text_key, text_memo, docs))      # worked out whole


def _made_catalog(movies: list[Movie], library_digest: str, memo: Path, person_min_films: int, key: str,
                  last_key: str, last_plain: tuple | None,
                  remembered: tuple[TextAnalysis, tuple[str, set[str]] | None]) -> Catalog:
    """remembered_catalog's catalog when last build's is not this one: from last build's
    when only the text moved, else built (scoring again what its related index says moved)."""
    text, since = remembered
    related_memo = memo.with_name(Path(PATHS["related_index"]).name)
    related_key = digest("related-index", code_fingerprint())
    made_for, last_index = _kept_related(recall(related_memo, related_key))
    catalog, plain = None, None
    last_library, _, last_text = last_key.partition(":")
    if last_plain is not None and last_index is not None and key and made_for == last_key \
            and last_library == library_digest:
        changed = since[1] if since is not None and since[0] == last_text else None
        try:
            catalog, plain = retexted_catalog(last_plain, movies, text, last_index, changed)
        except (ValueError, TypeError, KeyError, IndexError, AttributeError):   # damaged: built afresh
            catalog = None
    if catalog is None:
        try:
            catalog = build_catalog(movies, person_min_films, text, last_index)
        except (ValueError, TypeError, KeyError, IndexError, AttributeError):    # a damaged index
            catalog = build_catalog(movies, person_min_films, text)
        plain = catalog_to_plain(catalog) if key else None
    if key:
        keep(memo, key, plain)
        catalog.changes = CatalogChanges("", key)        # since no catalog known
        if last_plain is not None:
            try:
                catalog.changes = catalog_changes(last_key, key, last_plain, plain)
            except (ValueError, TypeError, KeyError, IndexError):
                pass            # damaged: no changes known, every page worked out
    if catalog.related_index is not None:
        keep(related_memo, related_key, (key, catalog.related_index.to_plain()))
    return catalog


def _kept_related(kept: object) -> tuple[str, RelatedIndex | None]:
    """The related index kept with the key of the catalog it was made with, or ("", None)."""
    if isinstance(kept, tuple) and len(kept) == 2 and isinstance(kept[0], str):
        return kept[0], RelatedIndex.from_plain(kept[1])
    return "", None


def remembered_text(movies: list[Movie], text_key: str, memo: Path, docs: list[Document] | None = None
                    ) -> tuple[TextAnalysis, tuple[str, set[str]] | None]:
    """The library's text analysis: last build's when its text (`text_key`) is the same;
    otherwise last build's TF-IDF index, kept in the same memo, brought up to the edits
    (recommend/text.py TextIndex.updated), or worked out whole when it cannot be or is damaged.
    With it, what it knows of the change: (the text key of the analysis it started from,
    the slugs whose neighbours differ from that one's), or None when it knows nothing."""
    index_key = digest("text-index", TEXT_VERSION, code_fingerprint())
    kept = recall(memo, index_key)          # (text_key, suggested, the index)
    last = None
    if isinstance(kept, tuple) and len(kept) == 3:
        last = TextIndex.from_plain(kept[2])
        if last is not None and kept[0] == text_key:
            try:
                return TextAnalysis.from_plain((last.by_slug(), kept[1])), (text_key, set())
            except DamagedEntry as exc:
                set_aside(memo, f"damaged ({exc})")
                last = None
            except (ValueError, TypeError, AttributeError):
                last = None
    try:
        text, index = analysed(movies, last, docs)
    except DamagedEntry as exc:             # a film's neighbours in the memo
        set_aside(memo, f"damaged ({exc})")
        last = None
        text, index = analysed(movies, docs=docs)
    except (ValueError, TypeError, KeyError, IndexError, AttributeError):    # a damaged index
        last = None
        text, index = analysed(movies, docs=docs)
    keep(memo, index_key, (text_key, text.suggested, index.to_plain()))
    since = None
    if index is last:
        since = (kept[0], set())
    elif last is not None and index.relisted is not None:     # made from `last` by TextIndex.updated
        since = (kept[0], {index.slugs[i] for i in index.relisted})
    return text, since


def add_pages(files: Files, config: MkDocsConfig, movies: list[Movie], art: SiteArt,
              catalog: Catalog | None = None) -> SitePages:
    pages = SitePages(catalog=catalog if catalog is not None else build_catalog(movies))
    for film in pages.catalog.order:
        uri = movie.uri(film.slug)
        pages.movies[uri] = film
        if movie.has_notes(film):
            add_file(files, markdown_page(config, uri, film.body))
            pages.with_notes.add(uri)
        else:
            refuse_clash(files, uri)
    for g in pages.catalog.all_groups():
        refuse_clash(files, g.uri)
        pages.groups[g.uri] = g
    for kind in KIND_FOLDER:   # every index exists, even empty, so links to it never break
        add_file(files, markdown_page(config, group.index_uri(kind), ""))
        pages.indexes[group.index_uri(kind)] = kind
    add_file(files, markdown_page(config, library.PAGE, ""))
    for number in range(2, library.page_count(pages.catalog.order) + 1):
        refuse_clash(files, library.paged_uri(number))
        pages.paged[library.paged_uri(number)] = number
    for uri in art.files:   # handed to MkDocs from the cache (site/handover.py)
        refuse_clash(files, uri)
    pages.static = dict(art.files)
    urls = {}
    for uri in (*pages.movies, *pages.groups, *pages.paged):
        urls[uri], pages.dests[uri] = page_location(uri, config.use_directory_urls)
    pages.paged_urls = {uri: urls[uri] for uri in pages.paged}
    url_of = lambda uri: urls.get(uri) or page_location(uri, config.use_directory_urls)[0]  # noqa: E731
    pages.links = Links(
        movies={m.slug: url_of(movie.uri(m.slug)) for m in movies},
        groups={(g.kind, g.name): url_of(g.uri) for g in pages.catalog.all_groups()},
        indexes={**{kind: url_of(uri) for uri, kind in pages.indexes.items()},
                 "library": url_of(library.PAGE)},
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
    # slugs need no quoting: quote() only for the rare URL that does (it is the slow part)
    return (url if _URL_SAFE.fullmatch(url) else quote(url)), dest


_URL_SAFE = re.compile(r"[A-Za-z0-9_.~/-]*")       # what quote() leaves as it is
