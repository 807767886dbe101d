"""Which MovieVault movie a service's item is: by ids (TMDB, IMDb) first, then by the
video's path (through `path_mappings`: a media server often sees the library under
another mount), then by title and year. Anything less than one clear answer is listed
as unmatched with the reason — never guessed.

    >>> from ..model import Movie, MediaFile
    >>> heat = Movie("heat-1995", "Heat", 1995, ids={"tmdb": "949"})
    >>> index = MovieIndex([heat], roots={})
    >>> index.match(Item("x1", "Heat", 1995, ids={"tmdb": "949"}), ())
    ('heat-1995', 'tmdb')
    >>> index.match(Item("x2", "Heat", 1995), ())
    ('heat-1995', 'title')
    >>> index.match(Item("x3", "Heat", 1986), ())
    (None, 'no movie with these ids, this path or this title and year')
"""
from __future__ import annotations

import os
from collections import defaultdict
from pathlib import Path
from typing import Iterable, Mapping

from ..vault.records import fold
from ..model import Movie
from ..path_mapping import PathMapping, map_path
from .model import Item

ID_KINDS = ("tmdb", "imdb")


def normal_id(kind: str, value: object) -> str | None:
    text = str(value or "").strip()
    if kind == "imdb":
        text = text.lower()
        return text if text.startswith("tt") and text[2:].isdigit() else None
    return text if text.isdigit() and text != "0" else None


class MovieIndex:
    """The library's movies by id, by file and by title+year; built once per run."""

    def __init__(self, movies: Iterable[Movie], roots: Mapping[str, Path]):
        self.by_id: dict[tuple[str, str], set[str]] = defaultdict(set)
        self.by_path: dict[str, str] = {}
        self.by_title: dict[tuple[str, int | None], set[str]] = defaultdict(set)
        self.movies: dict[str, Movie] = {}
        for m in movies:
            self.movies[m.slug] = m
            for kind in ID_KINDS:
                value = normal_id(kind, m.ids.get(kind))
                if value:
                    self.by_id[(kind, value)].add(m.slug)
            for f in m.files:
                root = roots.get(f.root)
                if root is not None:
                    self.by_path[_path_key(os.path.join(root, f.path))] = m.slug
            for title in {m.title, m.original_title} - {None, ""}:
                self.by_title[(fold(title), m.year)].add(m.slug)

    def match(self, item: Item, mappings: Iterable[PathMapping]) -> tuple[str | None, str]:
        """(slug, how) — how is "tmdb", "imdb", "path" or "title" — or (None, why not)."""
        by_path = self.by_path.get(_path_key(map_path(item.path, mappings))) if item.path else None
        for kind in ID_KINDS:
            value = normal_id(kind, item.ids.get(kind))
            found = self.by_id.get((kind, value), set()) if value else set()
            if len(found) == 1:
                return next(iter(found)), kind
            if len(found) > 1:                  # editions share ids: the file decides
                if by_path in found:
                    return by_path, "path"
                return None, f"{kind} {value} is several movies ({', '.join(sorted(found))}); pin it by path"
        if by_path:
            return by_path, "path"
        titles = self.by_title.get((fold(item.title), item.year), set())
        if len(titles) == 1:
            return next(iter(titles)), "title"
        if len(titles) > 1:
            return None, f"title and year fit several movies ({', '.join(sorted(titles))})"
        return None, "no movie with these ids, this path or this title and year"


def _path_key(path: str) -> str:
    return os.path.normpath(path)
