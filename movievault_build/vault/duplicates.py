"""Find the same movie held more than once, and rank the copies.

Copies are matched by provider id (TMDB or IMDb) across content files, by a content
fingerprint (size plus a hash of sampled blocks), and by a fuzzy title and year. Different
editions (Extended, Director's Cut …) are different films for this purpose, and the parts
of a multi-part movie are one copy. The versions inside one content file (a 1080p and a
2160p file of one film) form a group too.
"""
from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Iterable, Mapping

from ..cache.keys import hasher
from ..probe.quality import Copy, rank

BLOCK = 64 * 1024


@dataclass(frozen=True)
class Group:
    movie: Mapping[str, Any]                     # slug, title, year, ids of the keeper's movie
    copies: tuple[tuple[Copy, list[str]], ...]   # ranked: (copy, reasons), best first
    matched_by: tuple[str, ...]                  # "versions", "ids", "fingerprint", "title"

    def to_json(self, resolve: Callable[[Copy], str]) -> dict[str, Any]:
        return {"movie": dict(self.movie), "matched_by": list(self.matched_by),
                "copies": [{"path": resolve(c), "slug": c.slug, "rank": n, "reasons": reasons,
                            "resolution": c.resolution, "size": c.size}
                           for n, (c, reasons) in enumerate(self.copies, 1)]}


def normalise_title(title: str) -> str:
    """"The Lord of the Rings: The Two Towers" == "lord of the rings the two towers"."""
    text = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode().casefold()
    text = re.sub(r"^(the|a|an) ", "", text.replace("&", " and "))
    return re.sub(r"[^a-z0-9]+", "", text)


def _edition(movie: Mapping[str, Any], entry: Mapping[str, Any]) -> str:
    return str(entry.get("edition") or movie.get("edition") or "").casefold()


def copies_of(slug: str, movie: Mapping[str, Any]) -> list[Copy]:
    """A content file's copies: each version one copy, all parts of a stack together."""
    files = [f for f in movie.get("files") or () if isinstance(f, Mapping) and f.get("path")]
    parts = [f for f in files if f.get("part")]
    singles = [f for f in files if not f.get("part")]
    out = [_copy(slug, movie, [f]) for f in singles]
    if parts:
        out.append(_copy(slug, movie, sorted(parts, key=lambda f: int(f.get("part") or 0))))
    return out


def _copy(slug: str, movie: Mapping[str, Any], entries: list[Mapping[str, Any]]) -> Copy:
    first = entries[0]
    return Copy(slug=slug, library=str(first.get("library") or ""),
                paths=tuple(str(e["path"]) for e in entries),
                size=sum(int(e.get("size") or 0) for e in entries),
                resolution=first.get("resolution"), source=first.get("source"),
                edition=_edition(movie, first) or None, quality=dict(first.get("quality") or {}))


def sample_hash(path: Path, size: int, full: bool = False) -> str:
    """sha256 of the start, middle and end (64 KB each), or of every byte with `full`."""
    digest = hasher()
    digest.update(str(size).encode())
    with open(path, "rb") as fh:
        if full or size <= 3 * BLOCK:
            for chunk in iter(lambda: fh.read(1 << 20), b""):
                digest.update(chunk)
        else:
            for offset in (0, size // 2 - BLOCK // 2, size - BLOCK):
                fh.seek(offset)
                digest.update(fh.read(BLOCK))
    return digest.hexdigest()


class _Union:
    def __init__(self, n: int) -> None:
        self.parent = list(range(n))
        self.how: dict[int, set[str]] = defaultdict(set)

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def join(self, a: int, b: int, how: str) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:   # only a join that merges two groups says how they matched
            self.parent[rb] = ra
            self.how[ra] |= self.how.pop(rb, set())
            self.how[ra].add(how)


def find_groups(movies: Mapping[str, Mapping[str, Any]], *, locate: Callable[[Copy], Path | None]
                | None = None, full_hash: bool = False) -> list[Group]:
    """Every group of 2+ copies of one film (same edition), ranked. `locate` turns a copy
    into its file on disk for fingerprinting (None: no library mounted, no fingerprints)."""
    copies = [c for slug, m in sorted(movies.items()) if not m.get("missing") for c in copies_of(slug, m)]
    union = _Union(len(copies))
    _join_by(union, copies, _version_key, "versions")
    _join_by(union, copies, _ids_key(movies), "ids")
    _join_by(union, copies, _title_key(movies), "title", _ids_agree(movies))
    if locate is not None:
        _join_by(union, copies, _fingerprint_key(copies, locate, full_hash), "fingerprint")
    members: dict[int, list[int]] = defaultdict(list)
    for i in range(len(copies)):
        members[union.find(i)].append(i)
    groups = []
    for root, idx in members.items():
        if len(idx) > 1:
            ranked = rank([copies[i] for i in idx])
            keeper = movies[ranked[0][0].slug]
            groups.append(Group(movie=_movie_info(ranked[0][0].slug, keeper), copies=tuple(ranked),
                                matched_by=tuple(sorted(union.how[root]))))
    return sorted(groups, key=lambda g: (str(g.movie.get("title")).casefold(), g.movie["slug"]))


def _join_by(union: _Union, copies: list[Copy], key: Callable[[Copy], Iterable[Any]], how: str,
             agree: Callable[[Copy, Copy], bool] | None = None) -> None:
    first: dict[Any, int] = {}
    for i, copy in enumerate(copies):
        for k in key(copy):
            # The edition is part of every key: a Director's Cut never joins the theatrical cut.
            k = (copy.edition or "", k)
            if k not in first:
                first[k] = i
            elif agree is None or agree(copies[first[k]], copy):
                union.join(first[k], i, how)


def _version_key(copy: Copy) -> Iterable[Any]:
    return [("slug", copy.slug)]


def _ids_key(movies: Mapping[str, Mapping[str, Any]]) -> Callable[[Copy], Iterable[Any]]:
    def key(copy: Copy) -> Iterable[Any]:
        ids = movies[copy.slug].get("ids") or {}
        return [(name, str(ids[name]).strip()) for name in ("tmdb", "imdb") if ids.get(name)]
    return key


def _title_key(movies: Mapping[str, Mapping[str, Any]]) -> Callable[[Copy], Iterable[Any]]:
    def key(copy: Copy) -> Iterable[Any]:
        m = movies[copy.slug]
        title = normalise_title(str(m.get("title") or ""))
        if not title:
            return []
        year = m.get("year")
        if not isinstance(year, int):
            return [("title", title, None)]
        # A copy claims its year and the next: copies a year apart share a key, two apart do not.
        return [("title", title, year), ("title", title, year + 1)]
    return key


def _ids_agree(movies: Mapping[str, Mapping[str, Any]]) -> Callable[[Copy, Copy], bool]:
    """Two films with the same title a year apart but different TMDB/IMDb ids are remakes."""
    def agree(a: Copy, b: Copy) -> bool:
        ia, ib = movies[a.slug].get("ids") or {}, movies[b.slug].get("ids") or {}
        return all(str(ia[k]) == str(ib[k]) for k in ("tmdb", "imdb") if ia.get(k) and ib.get(k))
    return agree


def _fingerprint_key(copies: list[Copy], locate: Callable[[Copy], Path | None],
                     full: bool) -> Callable[[Copy], Iterable[Any]]:
    by_size: dict[int, int] = defaultdict(int)
    for c in copies:
        if len(c.paths) == 1 and c.size:
            by_size[c.size] += 1

    def key(copy: Copy) -> Iterable[Any]:
        if len(copy.paths) != 1 or by_size.get(copy.size, 0) < 2:
            return []   # a unique size cannot match: no need to read the file
        path = locate(copy)
        if path is None:
            return []
        try:
            return [("fp", sample_hash(path, copy.size, full))]
        except OSError:
            return []
    return key


def _movie_info(slug: str, movie: Mapping[str, Any]) -> dict[str, Any]:
    return {"slug": slug, "title": movie.get("title"), "year": movie.get("year"),
            "ids": {str(k): str(v) for k, v in (movie.get("ids") or {}).items()}}
