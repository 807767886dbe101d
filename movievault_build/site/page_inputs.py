"""One digest per generated page of what shapes it, so that a warm build knows an
unchanged page without building its view (site/render.py keys and renders the rest).

A movie's page shows all of that movie, but of every other movie only what the catalog
and the cards use (title, year, genres, people, collection, rating …). So each movie has
two digests: `full`, of its whole parsed content file (store/parsed_cache.py), and
`shared`, of the movie without the fields only its own page shows. Each page is keyed on
what it shows (views/pages.py `movie_shows`, `group_shows`): its own movie's full digest
or its group, the shared digests of the films whose cards it shows, the URLs of the groups
it links and its genre guesses:

    movie page  = H(full digest of the movie, what it shows of other films and groups)
    group page  = H(page, its films' shared digests)
    library's numbered pages = H(page, library's shared digest)

Editing a plot, a file or a watched mark changes one movie page (and the pages whose
related films it reorders); editing a title changes the pages that show that film's card;
editing a genre or a cast list also the pages whose links or groups it changes. Leaving a
field out of OWN_PAGE_ONLY is always safe (it only costs speed); putting one in that
another page shows would leave that page stale.
"""
from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Iterable, Mapping

from ..cache.keys import code_fingerprint, digest
from ..cache.layout import VERSIONS
from ..fields import FIELDS
from ..cache.memo import read_memo, write_memo
from ..probe.facets import quality_label
from ..model import Movie

# Fields of a movie that no page but its own shows: the declared fields marked `own_page`
# (fields.py) and these library facts. views/pages.py's card_view and the catalog read none
# of them, but for the card's quality badge, which the shared digest adds itself. `user`
# keeps its tags, which make tag pages; the rest of it reaches other pages only through
# the users' state files (site/user_states.py).
OWN_PAGE_ONLY = {**{f.name: f.empty for f in FIELDS.values() if f.own_page and f.summary is False},
                 **dict(files=(), sources={}, added=None, confidence=None, translations={}, body="")}
# What the library browser's index (views/library_index.py) reads of a movie beyond what
# other pages show: the fields marked `listed`, and these facts; the whole `user` block
# counts (favourite and watched flags, tags). The statistics (vault/stats.py) read these
# and the fields' `sources` too.
INDEX_READS = tuple(f.name for f in FIELDS.values() if f.listed or f.browse) + ("added", "files")
VERSION = str(VERSIONS["page_inputs"])
_h = digest


def shared_digest(movie: Movie) -> str:
    seen = replace(movie, user={"tags": movie.user.get("tags")}, **OWN_PAGE_ONLY)
    badge = quality_label((f.resolution for f in movie.files), movie.streams) or ""
    return _h(VERSION, repr(seen), badge)


def index_digest(movie: Movie) -> str:
    seen = replace(movie, **{k: v for k, v in OWN_PAGE_ONLY.items() if k not in INDEX_READS})
    return _h(VERSION, "index", repr(seen))


def stats_digest(movie: Movie, index: str) -> str:
    return _h(VERSION, "stats", index, repr(sorted(movie.sources.items())))


class PageInputs:
    """Digests of the movies of one build; the shared and index digests of each full
    digest are remembered in `memo` (a small file in the page cache), so an unchanged
    movie costs a dict lookup. `library` stands for what any page shows of every movie,
    `index` for what the library index reads of them, `stats` the statistics, `contents`
    for every movie whole (the search index reads their plots, files and all)."""

    def __init__(self, memo: Path) -> None:
        self.memo_path = Path(memo)
        self._memo: dict[str, tuple[str, str, str]] = read_memo(self.memo_path, dict) or {}
        self.full: dict[str, str] = {}
        self.shared: dict[str, str] = {}
        self.library = self.index = self.stats = self.contents = ""
        self.base = ""                # what every page's key holds: code, artwork, catalog settings
        self.art_key = ""

    def add_library(self, movies: Iterable[Movie], full: Mapping[str, str], art_key: str,
                    catalog_key: str = "") -> None:
        """The library's digests; movies without a full digest (read without the parsed
        cache) leave them empty, so no page or file is taken as known. `catalog_key` stands
        for the settings that group the library (who gets a person page, hence which names
        on every page are links). The library's text (recommend/analysis.py) is in no
        digest: what a page shows of it, its related films and genre guesses, is part of
        what the page shows (`movie_page`)."""
        lines: tuple[list[str], list[str], list[str]] = ([], [], [])
        used = {}
        self.art_key = art_key
        for movie in movies:
            digest = full.get(movie.slug)
            if digest is None:
                self.library = self.index = self.stats = self.contents = ""
                return
            known = self._memo.get(digest)
            if not (isinstance(known, tuple) and len(known) == 3):
                index = index_digest(movie)
                known = (shared_digest(movie), index, stats_digest(movie, index))
            used[digest] = known
            for found, kind in zip(known, lines):
                kind.append(f"{movie.slug}:{found}")
            self.full[movie.slug] = digest
            self.shared[movie.slug] = known[0]
        code = code_fingerprint()
        self.base = _h(VERSION, "base", code, art_key, catalog_key)
        self.library, self.index, self.stats = (_h(VERSION, name, code, art_key, catalog_key, *kind)
                                                for name, kind in zip(("library", "index", "stats"), lines))
        self.contents = _h(VERSION, "contents", code, art_key, *(f"{s}:{d}" for s, d in self.full.items()))
        if used != self._memo:
            try:
                write_memo(self.memo_path, used)
            except OSError:
                pass           # only speed is lost
            self._memo = used

    def movie_page(self, slug: str, shows: tuple[list[str], list]) -> str | None:
        """`shows`: views/pages.py `movie_shows` of the movie."""
        return self.movie_page_showing(slug, self.shown(shows))

    def movie_page_showing(self, slug: str, shown: str) -> str | None:
        """`shown`: the digest `shown` made of what the page shows beyond the movie."""
        full = self.full.get(slug)
        return _h("movie", full, shown) if full and self.library else None

    def movie_document(self, slug: str, url: str) -> str | None:
        """api/movies/<slug>.json shows the movie, its URL and its pictures only."""
        full = self.full.get(slug)
        return _h("api", full, url, self.art_key, code_fingerprint()) if full and self.library else None

    def group_page(self, uri: str, shows: tuple[list[str], list]) -> str | None:
        """`shows`: views/pages.py `group_shows` of the group."""
        return self.group_page_showing(uri, self.shown(shows))

    def group_page_showing(self, uri: str, shown: str) -> str | None:
        return _h("group", uri, shown) if self.library else None

    def library_page(self, uri: str) -> str | None:
        """A numbered page of the library: its order and cards read every movie."""
        return _h("library", uri, self.library) if self.library else None

    def shown(self, shows: tuple[list[str], list]) -> str:
        """A digest of what a page shows of other films and groups (`movie_shows`,
        `group_shows`): a function of the catalog, its URLs and the library's shared
        digests, so the same while the catalog's key and the site's URL scheme are."""
        films, rest = shows
        return _h(self.base, repr(rest), *(f"{s}:{self.shared.get(s)}" for s in films))
