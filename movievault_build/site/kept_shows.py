"""What each movie and group page shows of the rest of the library (views/pages.py
`movie_shows`, `group_shows`), kept between builds as the digest site/page_inputs.py makes
of it (`PageInputs.shown`), so that a build works out again only the pages an edit reaches.

A page's `shown` digest reads the catalog (its related films, neighbours, genre guesses,
collection, the URLs of the groups it links), the shared digests of the films whose cards
it shows, and what every page's key holds (`PageInputs.base`: code, artwork, grouping
settings) with the URL scheme. The memo is kept under the last two; with it, the catalog's
key it was made against and each film's shared digest then. Against the catalog now
(its `changes` since that key, views/catalog_changes.py) a page is worked out again when
its catalog entries changed, its own film's shared digest did, or it shows the card of a
film whose shared digest did; every page when a group came, went or moved (links).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Mapping

from ..cache.keys import digest
from ..cache.memo import keep, recall
from ..model import Movie
from ..views.catalog import Catalog, Group
from ..views.catalog_changes import CatalogChanges


def shows_key(base: str, use_directory_urls: bool) -> str:
    """What the memo is kept under; none without `base` (movies read without digests)."""
    return digest("shows", base, str(use_directory_urls)) if base else ""


@dataclass
class KeptShows:
    """Last build's `shown` digests (uri -> digest) still true of this build's pages."""
    shown: dict[str, str] = field(default_factory=dict)
    stale_movies: set[str] | None = None        # slugs worked out again; None: every one
    stale_groups: set[tuple[str, str]] | None = None        # (kind, name)
    made_on: str = ""                           # the catalog's key they were made against

    def movie(self, uri: str, slug: str) -> str | None:
        return None if self.stale_movies is None or slug in self.stale_movies else self.shown.get(uri)

    def group(self, uri: str, group: Group) -> str | None:
        stale = self.stale_groups is None or (group.kind, group.name) in self.stale_groups
        return None if stale else self.shown.get(uri)

    @classmethod
    def read(cls, memo: Path, key: str, catalog: Catalog, shared: Mapping[str, str]) -> "KeptShows":
        """The digests kept under `key`, and which of them this build's catalog and films'
        shared digests (`shared`: slug -> digest) leave true; none when they were made
        against another catalog than the one `catalog.changes` are since."""
        kept = recall(memo, key)
        if not (isinstance(kept, tuple) and len(kept) == 3 and isinstance(kept[2], dict)):
            return cls()
        made_on, last_shared, shown = kept
        changes = catalog.changes
        if changes is None or not made_on or changes.since != made_on or not isinstance(last_shared, dict):
            return cls()
        if changes.since == changes.now:
            return cls(shown, set(), set(), made_on)
        stale = reached(catalog, changes, last_shared, shared)
        return cls(shown, *stale, made_on) if stale else cls()


def remember(memo: Path, key: str, catalog_key: str, shared: Mapping[str, str], shown: dict[str, str],
             kept: KeptShows) -> None:
    """Keep this build's digests, unless the memo holds them already. An edit that reaches
    no page (a plot that moves no related list) still moves the catalog's key: kept under
    the old one, the memo would not serve the next build, which would work out every page."""
    unchanged = kept.stale_movies == kept.stale_groups == set() and shown == kept.shown
    if not (unchanged and kept.made_on == catalog_key):
        keep(memo, key, (catalog_key, dict(shared), shown))


def reached(catalog: Catalog, changes: CatalogChanges, last_shared: Mapping[str, str],
            shared: Mapping[str, str]) -> tuple[set[str], set[tuple[str, str]]] | None:
    """(movie slugs, groups' (kind, name)) whose pages may show otherwise than when the films' shared
    digests were `last_shared` and the catalog the one `changes` are since; None: all."""
    if changes.regrouped:
        return None
    edited = {s for s, d in shared.items() if last_shared.get(s) != d}
    movies, groups = set(changes.movies) | edited, set(changes.groups)
    if not edited:
        return movies, groups
    movies.update(s for s, films in catalog.related.items() if any(f.slug in edited for f in films))
    for film in catalog.order:
        if film.slug in edited:
            movies.update(m.slug for m in catalog.neighbours(film) if m)
    for g in catalog.all_groups():
        if any(isinstance(e, Movie) and e.slug in edited for e in g.parts or g.movies):
            groups.add((g.kind, g.name))
            if g.kind == "collection":      # its films' pages list it
                movies.update(m.slug for m in g.movies)
    return movies, groups
