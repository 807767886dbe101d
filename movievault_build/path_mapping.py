"""Paths as another program sees the library — Radarr in a container, a media server on
another machine — turned into ours. A leaf: the webhook receiver and the sync both use it.

    >>> map_path("/movies/Heat (1995)", [PathMapping("/movies", "/srv/films")])
    '/srv/films/Heat (1995)'
"""
from __future__ import annotations

import ntpath
import os
import posixpath
import re
from dataclasses import dataclass
from typing import Iterable

WINDOWS = re.compile(r"^[A-Za-z]:[\\/]|^\\\\")


@dataclass(frozen=True)
class PathMapping:
    remote: str                        # a folder as the other program sees it (/movies, D:\\Movies)
    local: str                         # the same folder here


def map_path(remote: str, mappings: Iterable[PathMapping]) -> str:
    """Their path as ours: the longest matching `remote` prefix becomes its `local`.
    Windows paths compare without regard to case or slash direction, as Windows does."""
    windows = bool(WINDOWS.match(remote))
    parts = _split(remote, windows)
    best: tuple[int, PathMapping] | None = None
    for m in mappings:
        prefix = _split(m.remote, bool(WINDOWS.match(m.remote)))
        if len(prefix) <= len(parts) and _same(parts[:len(prefix)], prefix, windows):
            if best is None or len(prefix) > best[0]:
                best = (len(prefix), m)
    if best is None:
        return remote if not windows else remote.replace("\\", "/")
    n, m = best
    return os.path.join(m.local, *parts[n:]) if parts[n:] else os.path.normpath(m.local)


def unmap_path(local: str, mappings: Iterable[PathMapping]) -> str:
    """Our path as theirs (the reverse of `map_path`): for asking a media server to look
    at one of our folders. The longest matching `local` prefix wins."""
    parts = _split(local, False)
    best: tuple[int, PathMapping] | None = None
    for m in mappings:
        prefix = _split(m.local, False)
        if len(prefix) <= len(parts) and parts[:len(prefix)] == prefix:
            if best is None or len(prefix) > best[0]:
                best = (len(prefix), m)
    if best is None:
        return local
    n, m = best
    windows = bool(WINDOWS.match(m.remote))
    join = ntpath.join if windows else posixpath.join
    return join(m.remote, *parts[n:]) if parts[n:] else m.remote


def parent(path: str) -> str:
    return ntpath.dirname(path) if WINDOWS.match(path) else posixpath.dirname(path)


def _split(path: str, windows: bool) -> list[str]:
    return [p for p in re.split(r"[\\/]" if windows else "/", path) if p]


def _same(a: list[str], b: list[str], windows: bool) -> bool:
    return [x.casefold() for x in a] == [x.casefold() for x in b] if windows else a == b
