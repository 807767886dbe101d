"""Group the library for browsing: collections, people, genres, decades, tags, and each
movie's neighbours and related films. Pure and linear in the number of movies (every
lookup goes through an inverted index; long lists — genres, tags and people's
filmographies — are capped before scoring).

Related films are scored on what the films share (collection, people, keywords, genres),
on how alike their plots and keywords read (recommend/, computed once per library text)
and on TMDB's recommendations that the library holds."""
from __future__ import annotations

import heapq
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Iterable, Sequence

from ..cache.keys import value_digest
from ..model import CollectionPart, Movie
from ..recommend.analysis import TextAnalysis
from ..slugs import slugify, unique_slug
from .catalog_changes import CatalogChanges

ACTOR_BILLING = 8        # actors billed this high get a page (all directors do)
RELATED = 6              # "you might also like" size
GENRE_POOL = 60          # candidates taken from each shared genre, best-rated first
PERSON_POOL = 60         # likewise from a person's films, when they are more than that


@dataclass(frozen=True)
class Group:
    kind: str            # collection | person | genre | decade | tag
    slug: str
    name: str
    movies: tuple[Movie, ...]
    overview: str | None = None
    # A collection's every film in release order: library movies and the films the library
    # lacks (CollectionPart). Empty when no movie knows its collection's film list.
    parts: tuple[Movie | CollectionPart, ...] = ()

    @property
    def uri(self) -> str:
        return f"{KIND_FOLDER[self.kind]}/{self.slug}.md"


KIND_FOLDER = {"collection": "collections", "person": "people", "genre": "genres",
               "decade": "decades", "tag": "tags"}
KIND_TITLE = {"collection": "Collections", "person": "People", "genre": "Genres",
              "decade": "Decades", "tag": "Tags"}


@dataclass
class Catalog:
    groups: dict[str, dict[str, Group]] = field(default_factory=dict)     # kind -> slug -> group
    by_name: dict[tuple[str, str], str] = field(default_factory=dict)     # (kind, name) -> slug
    order: list[Movie] = field(default_factory=list)                       # library order
    related: dict[str, tuple[Movie, ...]] = field(default_factory=dict)   # slug -> related movies
    suggested: dict[str, list[tuple[str, float]]] = field(default_factory=dict)  # slug -> [(genre, confidence)]
    related_index: "RelatedIndex | None" = field(default=None, repr=False, compare=False)  # for the next build
    # what differs from last build's catalog (site/pages.py remembered_catalog), for the page keys
    changes: "CatalogChanges | None" = field(default=None, repr=False, compare=False)

    def group_uri(self, kind: str, name: str) -> str | None:
        slug = self.by_name.get((kind, name))
        return f"{KIND_FOLDER[kind]}/{slug}.md" if slug else None

    def all_groups(self) -> Iterable[Group]:
        for kind in KIND_FOLDER:
            yield from self.groups.get(kind, {}).values()

    def neighbours(self, movie: Movie) -> tuple[Movie | None, Movie | None]:
        i = self._index[movie.slug]
        return (self.order[i - 1] if i > 0 else None,
                self.order[i + 1] if i + 1 < len(self.order) else None)

    def __post_init__(self) -> None:
        self._index: dict[str, int] = {}


def sort_key(movie: Movie) -> tuple:
    return (movie.display_sort, movie.year or 0, movie.slug)


def decade(year: int | None) -> str | None:
    return f"{year // 10 * 10}s" if year else None


def tags_of(movie: Movie) -> list[str]:
    user = [str(t) for t in movie.user.get("tags") or []]
    return user + [t for t in movie.tags if t not in user]


def person_films(movies: Iterable[Movie]) -> Counter[str]:
    """Films per person as person pages count them: directors and actors billed within
    ACTOR_BILLING."""
    films: Counter[str] = Counter()
    for movie in movies:
        films.update({name for kind, name in _memberships(movie) if kind == "person"})
    return films


def with_pages(movies: Iterable[Movie], person_min_films: int) -> set[str]:
    """The people who get a page of their own (build_catalog's rule)."""
    return {name for name, n in person_films(movies).items() if n >= person_min_films}


def build_catalog(movies: Sequence[Movie], person_min_films: int = 1,
                  text: TextAnalysis | None = None, last: RelatedIndex | None = None) -> Catalog:
    """`person_min_films`: fewer films than this and a person gets no page (their name
    is shown without a link). `text`: the library's text analysis (recommend/analysis.py),
    for plot-alike related films and genre suggestions; None: neither. `last`: an earlier
    catalog's `related_index`, so that only the related lists an edit reaches are scored."""
    catalog = Catalog(order=sorted(movies, key=sort_key))
    catalog._index = {m.slug: i for i, m in enumerate(catalog.order)}
    members: dict[tuple[str, str], list[Movie]] = defaultdict(list)
    overviews: dict[str, str] = {}
    by_tmdb = {str(m.ids["tmdb"]): m for m in catalog.order if m.ids.get("tmdb")}
    for movie in catalog.order:
        for kind, name in _memberships(movie):
            members[(kind, name)].append(movie)
        if movie.collection and movie.collection.overview:
            overviews.setdefault(movie.collection.name, movie.collection.overview)
    for (kind, name), films in sorted(members.items(), key=lambda kv: (kv[0][0], kv[0][1].casefold())):
        if kind == "person" and len(films) < person_min_films:
            continue
        taken = catalog.groups.setdefault(kind, {})
        slug = unique_slug(slugify(name), taken)
        ordered = sorted(films, key=lambda m: (m.year or 9999, catalog._index[m.slug])) if kind in ("collection", "person", "decade") else films
        parts = collection_parts(ordered, by_tmdb) if kind == "collection" else ()
        taken[slug] = Group(kind, slug, name, tuple(ordered), overviews.get(name) if kind == "collection" else None,
                            parts)
        catalog.by_name[(kind, name)] = slug
    text = text or TextAnalysis()
    catalog.related, catalog.related_index = related_films(
        catalog.order, members, likes=_likes(catalog.order, text, by_tmdb), last=last)
    catalog.suggested = dict(text.suggested)
    return catalog


def _likes(order: Sequence[Movie], text: TextAnalysis, by_tmdb: dict[str, Movie]) -> dict[str, list[tuple[str, float]]]:
    """slug -> [(reason, slug, strength 0-1)] beyond shared groups: plot likeness and TMDB's
    recommendations the library holds."""
    out: dict[str, list[tuple[str, float]]] = {}
    for movie in order:
        if found := _liked(movie, text, by_tmdb):
            out[movie.slug] = found
    return out


def _liked(movie: Movie, text: TextAnalysis, by_tmdb: dict[str, Movie]) -> list[tuple[str, str, float]]:
    found = [("plot", other, score) for other, score in text.near.get(movie.slug, ())[:PLOT_POOL]]
    return found + [("tmdb", by_tmdb[r.tmdb].slug, 1.0) for r in movie.recommendations if r.tmdb in by_tmdb]


def catalog_to_plain(catalog: Catalog) -> tuple:
    """The catalog as slugs and plain values (marshal-able), for `catalog_from_plain`."""
    groups = [(g.kind, g.slug, g.name, tuple(m.slug for m in g.movies), g.overview,
               tuple(p.slug if isinstance(p, Movie) else (p.tmdb, p.title, p.year) for p in g.parts))
              for g in catalog.all_groups()]
    return ([m.slug for m in catalog.order], groups,
            {slug: tuple(m.slug for m in found) for slug, found in catalog.related.items()},
            catalog.suggested)


def catalog_from_plain(plain: tuple, movies: Sequence[Movie]) -> Catalog:
    """The catalog `catalog_to_plain` saw, over these movies: build_catalog's result when
    what it reads of them is unchanged (site/page_inputs.py's shared digest). Raises
    KeyError when a slug is not among `movies`."""
    order, groups, related, suggested = plain
    by_slug = {m.slug: m for m in movies}
    catalog = Catalog(order=[by_slug[s] for s in order])
    catalog._index = {s: i for i, s in enumerate(order)}
    for kind, slug, name, members, overview, parts in groups:
        catalog.groups.setdefault(kind, {})[slug] = Group(
            kind, slug, name, tuple(by_slug[s] for s in members), overview,
            tuple(by_slug[p] if isinstance(p, str) else CollectionPart(*p) for p in parts))
        catalog.by_name[(kind, name)] = slug
    catalog.related = {s: tuple(by_slug[r] for r in found) for s, found in related.items()}
    catalog.suggested = {s: [(g, float(c)) for g, c in found] for s, found in suggested.items()}
    return catalog


def collection_parts(films: Sequence[Movie], by_tmdb: dict[str, Movie]) -> tuple[Movie | CollectionPart, ...]:
    """The union of the film lists the members carry (by TMDB id), each part resolved to the
    library's movie when it holds one, plus members no list names; in release order.
    Empty when no member knows the list."""
    lists = sorted((m.collection.parts for m in films if m.collection and m.collection.parts),
                   key=len, reverse=True)
    if not lists:
        return ()
    known: dict[str, CollectionPart] = {}
    for part in (p for parts in lists for p in parts):   # the longest list's order first
        known.setdefault(part.tmdb, part)
    entries: list[Movie | CollectionPart] = [by_tmdb.get(tmdb, part) for tmdb, part in known.items()]
    placed = {e.slug for e in entries if isinstance(e, Movie)}
    entries += [m for m in films if m.slug not in placed]
    # Stable: parts keep the list's order within a year; unlisted members follow them.
    return tuple(sorted(entries, key=lambda e: e.year or 9999))


def _memberships(movie: Movie) -> Iterable[tuple[str, str]]:
    if movie.collection:
        yield "collection", movie.collection.name
    people = list(movie.directors) + [p.name for p in movie.cast if (p.order or 0) < ACTOR_BILLING]
    for name in dict.fromkeys(people):
        yield "person", name
    for genre in dict.fromkeys(movie.genres):
        yield "genre", genre
    if decade(movie.year):
        yield "decade", decade(movie.year)
    for tag in dict.fromkeys(tags_of(movie)):
        yield "tag", tag


# Why films are alike, and how much each reason weighs (plot: times the cosine, 0-1).
WEIGHTS = {"collection": 6.0, "director": 4.0, "person": 2.0, "tag": 1.5, "genre": 1.0,
           "plot": 5.0, "tmdb": 3.0}
PLOT_POOL = 12     # the most alike plots considered for a film's related list


@dataclass
class RelatedIndex:
    """What `related_films` scored, kept between builds so that an edit rescores only the
    films it reaches: those whose own reasons or likes changed, and those reading a pool
    (a collection's, person's, tag's or genre's films, as capped) that changed. Positions
    are the library order's, so another order (a film added, gone or retitled) rescores all."""
    pool: int | None
    order: list[str]                            # slugs, library order
    lists: dict[tuple[str, str], list[int]]     # (kind, name) -> the positions its reason scores
    marks: list[str]                            # per film: digest of its reasons' keys and its likes
    related: list[tuple[int, ...]]              # per film: positions, best first

    def to_plain(self) -> tuple:
        return (self.pool, self.order, self.lists, self.marks, self.related)

    @classmethod
    def from_plain(cls, plain: object) -> "RelatedIndex | None":
        """The index `to_plain` gave, or None when `plain` is not one (damaged, another version's)."""
        if not (isinstance(plain, tuple) and len(plain) == 5):
            return None
        pool, order, lists, marks, related = plain
        if not ((pool is None or isinstance(pool, int)) and isinstance(lists, dict)
                and all(isinstance(x, list) for x in (order, marks, related))
                and len(order) == len(marks) == len(related)):
            return None
        return cls(pool, order, lists, marks, related)


def related_films(order: Sequence[Movie], members: dict[tuple[str, str], list[Movie]],
                  pool: int | None = PERSON_POOL,
                  likes: dict[str, list[tuple[str, str, float]]] | None = None,
                  last: RelatedIndex | None = None) -> tuple[dict[str, tuple[Movie, ...]], RelatedIndex]:
    """Each movie's related films, and the index they came from. With `last`, an earlier
    build's index, only the films the changes since reach are scored again: the same result."""
    # Movies are counted by their position in `order`, which is their sort_key rank: ties
    # break on it for free, and the inner loop adds small ints (this runs ~200 times per
    # movie). The best few come from a cut at the sixth-best score, not a full sort.
    # Every list scored is capped, people's too: an actor in a third of the library would
    # otherwise make the cost movies × filmography, quadratic in the library. Below the cap
    # (`pool`; None: no cap) nothing changes.
    rank = {m.slug: i for i, m in enumerate(order)}

    def best_rated(found: list[int], cap: int) -> list[int]:
        return sorted(found, key=lambda i: (-(order[i].rating or 0), i))[:cap]

    lists: dict[tuple[str, str], list[int]] = {}
    for key, films in members.items():
        kind = key[0]
        if kind == "decade":
            continue                    # no reason of its own
        found = [rank[m.slug] for m in films]
        if kind == "genre":
            found = best_rated(found, GENRE_POOL)
        elif kind == "tag":
            found = found[:GENRE_POOL]
        elif kind == "person" and pool is not None and len(found) > pool:
            found = best_rated(found, pool)
        lists[key] = found
    likes = likes or {}
    reads = [tuple(_reasons(movie)) for movie in order]
    liked = [tuple(likes.get(movie.slug, ())) for movie in order]

    def score(me: int) -> tuple[int, ...]:
        return _score(me, reads[me], liked[me], lists, rank)

    slugs = [m.slug for m in order]
    marks = [value_digest(both) for both in zip(reads, liked)]
    if last is not None and last.pool == pool and last.order == slugs:
        moved = {key for key in lists.keys() | last.lists.keys() if lists.get(key) != last.lists.get(key)}
        positions = list(last.related)
        for me in range(len(order)):
            if marks[me] != last.marks[me] or (moved and not moved.isdisjoint(key for _, key in reads[me])):
                positions[me] = score(me)
    else:
        positions = [score(me) for me in range(len(order))]
    related = {movie.slug: tuple(order[i] for i in found) for movie, found in zip(order, positions)}
    return related, RelatedIndex(pool, slugs, lists, marks, positions)


def _score(me: int, reads: Iterable[tuple[str, tuple[str, str]]], liked: Iterable[tuple[str, str, float]],
           lists: dict[tuple[str, str], list[int]], rank: dict[str, int]) -> tuple[int, ...]:
    """The positions of film `me`'s related films, best first: what its reasons (`reads`)
    score through the lists they name, and what it likes (plot, TMDB)."""
    scores: dict[int, float] = {}
    get = scores.get
    for reason, key in reads:
        weight = WEIGHTS[reason]
        for i in lists.get(key, ()):
            scores[i] = get(i, 0) + weight
    for reason, other, strength in liked:
        i = rank[other]
        scores[i] = get(i, 0) + WEIGHTS[reason] * strength
    scores.pop(me, None)
    if not scores:
        return ()
    cut = max(heapq.nlargest(RELATED, scores.values())[-1], WEIGHTS["genre"] * 2)
    return tuple(sorted((i for i, v in scores.items() if v >= cut), key=lambda i: (-scores[i], i))[:RELATED])


def retexted_catalog(plain: tuple, movies: Sequence[Movie], text: TextAnalysis, last: RelatedIndex,
                     changed: Iterable[str] | None = None) -> tuple[Catalog, tuple]:
    """build_catalog(movies, text=text) and its plain form, when only the library's text
    moved since the catalog `plain` was made and `last` is that catalog's related index:
    the groups, the order, the films' reasons and what each reason scores are last build's
    (the caller knows it by the library's shared digest), so only the films whose likes
    changed are scored again. `changed`: the slugs whose text neighbours may differ from
    the analysis `plain` was made with (None: any film's may). Raises ValueError when
    `last` is not an index of `plain`'s order, KeyError when a slug is not among `movies`."""
    catalog = catalog_from_plain(plain, movies)
    order, rank = catalog.order, catalog._index
    if last.pool != PERSON_POOL or last.order != plain[0] or any(
            tuple(last.order[i] for i in found) != plain[2].get(slug) for slug, found in zip(last.order, last.related)):
        raise ValueError("the related index is another catalog's")
    by_tmdb = {str(m.ids["tmdb"]): m for m in order if m.ids.get("tmdb")}
    marks, positions, related = list(last.marks), list(last.related), dict(plain[2])
    for me in range(len(order)) if changed is None else sorted(rank[s] for s in changed if s in rank):
        movie = order[me]
        reads, liked = tuple(_reasons(movie)), tuple(_liked(movie, text, by_tmdb))
        if (mark := value_digest((reads, liked))) != marks[me]:
            marks[me], positions[me] = mark, _score(me, reads, liked, last.lists, rank)
            related[movie.slug] = tuple(last.order[i] for i in positions[me])
            catalog.related[movie.slug] = tuple(order[i] for i in positions[me])
    catalog.suggested = dict(text.suggested)
    catalog.related_index = RelatedIndex(last.pool, last.order, last.lists, marks, positions)
    return catalog, (plain[0], plain[1], related, catalog.suggested)


def _reasons(movie: Movie) -> Iterable[tuple[str, tuple[str, str]]]:
    """Why other films may be related to `movie`: (reason, the group whose films it scores)."""
    if movie.collection:
        yield "collection", ("collection", movie.collection.name)
    for name in movie.directors:
        yield "director", ("person", name)
    for person in movie.cast[:5]:
        yield "person", ("person", person.name)
    for tag in tags_of(movie):
        yield "tag", ("tag", tag)
    for genre in movie.genres:
        yield "genre", ("genre", genre)
