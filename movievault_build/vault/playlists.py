"""Smart playlists: named queries kept in `content/playlists.yml`.

    playlists:
      - name: Sci-fi classics
        description: Science fiction up to 1999, best first.
        rules: genre:"Science Fiction" year:..1999      # a query string …
        sort: rating desc
        limit: 24
      - name: Nineties dramas
        rules: {genres: [Drama, Romance], release_year: "1990-1999", rating: ">= 7"}   # … or the rule form

Rules are parsed once (`query.parse_rules`); a playlist whose rules do not parse is an
error naming the playlist and the bad rule. Playlists are evaluated in Python over the
movies already loaded, so the site needs no index.
"""
from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable, Mapping

from ..errors import ReadError, UserError
from ..model import Movie
from ..slugs import slugify
from ..store.document import load_plain, read_text
from .query import QueryError, parse_rules
from .query_ast import Node
from .query_eval import predicate
from .records import movie_record
from .sorting import parse_sort, sort_records

FILENAME = "playlists.yml"
_KEYS = {"name", "description", "rules", "sort", "limit"}


@dataclass(frozen=True)
class Playlist:
    name: str
    slug: str
    description: str
    rules: Any          # as written (string, mapping or list)
    node: Node
    sort: str | None = None
    limit: int | None = None

    def select(self, movies: Iterable[Movie]) -> list[Movie]:
        """The playlist's movies: matching, sorted, cut to the limit."""
        test = predicate(self.node)
        by_slug = {m.slug: m for m in movies}
        chosen = [r for r in (movie_record(m) for m in by_slug.values()) if test(r)]
        ordered = sort_records(chosen, self.sort)
        return [by_slug[r["slug"]] for r in ordered[: self.limit if self.limit else None]]


def playlists_path(content_dir: Path) -> Path:
    return Path(content_dir) / FILENAME


def load_playlists(content_dir: Path) -> list[Playlist]:
    """Every playlist in content/playlists.yml (none when the file is absent)."""
    path = playlists_path(content_dir)
    if not os.path.lexists(path):
        return []
    try:   # a playlist that does not parse fails the build: the file is read like a content file
        data, _ = load_plain("---\n" + read_text(path) + "\n---\n", str(path))
    except ReadError as exc:
        raise UserError(str(exc)) from None
    entries = data.get("playlists") if isinstance(data, Mapping) else None
    if not isinstance(entries, list):
        raise UserError(f"{path}: expected `playlists:` with a list of playlists")
    out: list[Playlist] = []
    for number, entry in enumerate(entries, 1):
        playlist = parse_playlist(entry, f"{path}: playlist {number}")
        if playlist.slug in {p.slug for p in out}:
            raise UserError(f"{path}: two playlists are named {playlist.name!r}")
        out.append(playlist)
    return out


def parse_playlist(entry: Any, where: str) -> Playlist:
    if not isinstance(entry, Mapping) or not str(entry.get("name") or "").strip():
        raise UserError(f"{where}: each playlist needs a `name:`")
    name = str(entry["name"]).strip()
    where = f"{where.rsplit(': playlist', 1)[0]}: playlist {name!r}"
    unknown = set(entry) - _KEYS
    if unknown:
        raise UserError(f"{where}: unknown key(s) {', '.join(sorted(map(str, unknown)))} "
                        f"(known: {', '.join(sorted(_KEYS))})")
    try:
        node = parse_rules(entry.get("rules"))
        sort = entry.get("sort")
        parse_sort(None if sort is None else str(sort))
    except QueryError as exc:
        raise UserError(f"{where}: {exc} (in rules: {exc.query})") from None
    except UserError as exc:
        raise UserError(f"{where}: {exc}") from None
    limit = entry.get("limit")
    if limit is not None and (isinstance(limit, bool) or not isinstance(limit, int) or limit < 1):
        raise UserError(f"{where}: limit must be a positive whole number, not {limit!r}")
    return Playlist(name=name, slug=slugify(name), description=str(entry.get("description") or ""),
                    rules=entry.get("rules"), node=node, sort=None if sort is None else str(sort), limit=limit)


def find_playlist(playlists: list[Playlist], name: str) -> Playlist:
    for p in playlists:
        if name in (p.name, p.slug) or name.casefold() == p.name.casefold():
            return p
    known = ", ".join(p.name for p in playlists) or "none defined"
    raise UserError(f"no playlist {name!r} (playlists: {known})")


def m3u(movies: Iterable[Movie], roots: Mapping[str, Path], base: Path | None = None) -> str:
    """An extended M3U of the movies' files. A file's library label maps to its configured
    root; paths are written relative to `base` when given (else absolute)."""
    lines = ["#EXTM3U"]
    for movie in movies:
        for f in sorted(movie.files, key=lambda f: (f.part or 0, f.path)):
            root = roots.get(f.root)
            if root is None:
                raise UserError(f"{movie.slug}: library {f.root!r} is not one of the configured roots "
                                f"({', '.join(sorted(roots)) or 'none'})")
            full = Path(root) / f.path
            target = os.path.relpath(full, base) if base is not None else str(full)
            title = f"{movie.title} ({movie.year})" if movie.year else movie.title
            lines += [f"#EXTINF:{(movie.runtime or 0) * 60 or -1},{title}", Path(target).as_posix()]
    return "\n".join(lines) + "\n"
