"""What differs between two catalogs, read from their plain forms (views/catalog.py
`catalog_to_plain`): which movies' related films, neighbours, genre guesses or collection,
and which groups' film lists, are not what they were. A page keyed on what it shows of
the others (site/kept_shows.py) is worked out again only where these reach.

    >>> last = (["a", "b"], [("genre", "crime", "Crime", ("a", "b"), None, ())], {"a": ("b",)}, {})
    >>> now = (["a", "b"], [("genre", "crime", "Crime", ("a", "b"), None, ())], {"a": (), "b": ()}, {})
    >>> sorted(catalog_changes("k1", "k2", last, now).movies)
    ['a', 'b']
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Mapping, Sequence


@dataclass(frozen=True)
class CatalogChanges:
    """The catalog keyed `now` against the one keyed `since` ("": none known, so nothing
    is known unchanged). `regrouped`: a group came, went or took another slug, so any
    page's links may point elsewhere."""
    since: str
    now: str
    movies: frozenset[str] = frozenset()       # slugs
    groups: frozenset[tuple[str, str]] = frozenset()       # (kind, name)
    regrouped: bool = False


def unchanged(key: str) -> CatalogChanges:
    return CatalogChanges(key, key)


def catalog_changes(since: str, now: str, last: tuple, plain: tuple) -> CatalogChanges:
    """Raises ValueError, TypeError or KeyError when `last` is not a plain catalog."""
    last_order, last_groups, last_related, last_suggested = last
    order, groups, related, suggested = plain
    before, after = _by_name(last_groups), _by_name(groups)
    if {k: g[1] for k, g in before.items()} != {k: g[1] for k, g in after.items()}:
        return CatalogChanges(since, now, regrouped=True)
    movies = {s for s, found in related.items() if last_related.get(s) != found}
    movies |= {s for s, found in suggested.items() if last_suggested.get(s) != found}
    movies |= last_suggested.keys() - suggested.keys()
    if order != last_order:
        was = _beside(last_order)
        movies |= {s for s, around in _beside(order).items() if was.get(s) != around}
    moved = {k: g for k, g in after.items() if before[k] != g}
    for (kind, _), (*_, members, _overview, _parts) in moved.items():
        if kind == "collection":           # its films' pages list the collection
            movies.update(members)
    return CatalogChanges(since, now, frozenset(movies), frozenset(moved))


def _by_name(groups: Sequence[tuple]) -> Mapping[tuple[str, str], tuple[Any, ...]]:
    """(kind, name) -> the group as plain: (kind, slug, name, members, overview, parts)."""
    return {(g[0], g[2]): tuple(g) for g in groups}


def _beside(order: Sequence[str]) -> dict[str, tuple[str | None, str | None]]:
    """slug -> the slugs before and after it in the library's order."""
    ahead = [None, *order[:-1]]
    behind = [*order[1:], None]
    return {s: (a, b) for s, a, b in zip(order, ahead, behind)}
