"""Parsed front matter of content files, kept by (path, size, mtime): a derived cache.

Parsing YAML is most of what reading content/ costs (ruamel.yaml is pure Python, ~20 ms
a file), and a build reads every file. An unchanged file's parse is taken from here;
any change to its size or mtime, or a damaged cache, means it is parsed again.
"""
from __future__ import annotations

import json
import marshal
import os
import sqlite3
import sys
from pathlib import Path
from typing import Any, Callable, Generator, Iterable, Iterator, Sequence

from ..cache.keys import digest_bytes
from ..errors import ReadError
from ..cache.db import connect_cache_db
from ..cache.rules import set_aside
from ..cache.layout import VERSIONS
from .document import read_text
from ..process.forked import ROUNDS, fork_map

# marshal's format belongs to the Python version, so it is part of a row's version.
VERSION = f"{VERSIONS['parsed_content']}/{sys.version_info[0]}.{sys.version_info[1]}"
Parsed = tuple[dict[str, Any], str]
Packed = tuple[bytes | None, str | None]    # (the parse as the cache stores it, None) or (None, why not)
FEW = 200       # up to this many paths are looked up one by one (a warm build's changed files)


class ParsedCache:
    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self._db: sqlite3.Connection | None = None
        self._pending: list[tuple] = []
        self._seen: set[str] = set()
        # path -> digest of its parse: equal digests, equal movie (site/page_inputs.py)
        self.digests: dict[str, str] = {}

    def _conn(self) -> sqlite3.Connection:
        if self._db is None:    # a damaged cache is set aside and rebuilt, never trusted
            self._db = connect_cache_db(self.path, _setup)
        return self._db

    def _damaged(self, exc: Exception) -> None:
        """A damage found after opening (a truncated file reads fine until its lost pages)."""
        if self._db is not None:
            self._db.close()
            self._db = None
        set_aside(self.path, str(exc))

    def keep(self, paths: Iterable[str]) -> None:
        """Rows of files read elsewhere this time (store/movie_snapshot.py): not stale."""
        self._seen.update(paths)

    def load(self, paths: Sequence[Path], parse: Callable[[str, str], Parsed],
             workers: int | None = None) -> Iterator[Parsed | ReadError]:
        """Every path's parse (or why it failed), in order: unchanged files from one read of
        the cache, the rest parsed (on every core when there are many: a cold build).

        The parses are unpacked one at a time, as they are asked for: a caller that turns
        each into something smaller (a Movie) before asking for the next never holds a
        library's worth of parses, which, freed all at once, left a cold build's heap
        two-thirds empty and scattered."""
        try:
            rows = self._rows(paths)
        except sqlite3.DatabaseError as exc:
            self._damaged(exc)
            rows = {}
        # per path: (its stat, its packed parse from the cache or None: to parse), or why not
        found: list[tuple[os.stat_result, bytes | None] | ReadError] = []
        todo: list[str] = []
        for path in paths:
            key = str(path)
            self._seen.add(key)
            try:
                st = os.stat(path)
            except OSError as exc:
                found.append(ReadError(path, f"cannot read ({exc.strerror or exc})"))
                continue
            row = rows.get(key)
            cached = row[3] if row and (row[0], row[1], row[2]) == (st.st_size, st.st_mtime_ns, VERSION) else None
            found.append((st, cached))
            if cached is None:
                todo.append(key)
        rows.clear()
        parsed = fork_map(lambda key: _parse_file(key, parse), todo, workers=workers, rounds=ROUNDS)
        return self._unpacked(paths, found, parsed, parse)

    def _unpacked(self, paths: Sequence[Path], found: list, parsed: Generator[Packed, None, None],
                  parse: Callable[[str, str], Parsed]) -> Iterator[Parsed | ReadError]:
        try:
            for i, path in enumerate(paths):
                entry, found[i] = found[i], None
                if isinstance(entry, ReadError):
                    yield entry
                    continue
                key, (st, packed) = str(path), entry
                result = _unpack(packed) if packed is not None else None
                if result is None:          # not in the cache, or a damaged row: parsed now
                    packed, error = next(parsed) if packed is None else _parse_file(key, parse)
                    if error is not None:
                        yield ReadError(key, error)
                        continue
                    self._pending.append((key, st.st_size, st.st_mtime_ns, VERSION, packed))
                    result = _unpack(packed)   # what it just packed: never None
                self.digests[key] = _digest(packed)
                yield result
        finally:
            parsed.close()          # the workers go as the last parse is handed out

    def _rows(self, paths: Sequence[Path]) -> dict[str, tuple]:
        db = self._conn()
        if len(paths) > FEW:        # most of the library: one read of the whole table
            return {p: (size, mtime, version, data) for p, size, mtime, version, data in
                    db.execute("SELECT path, size, mtime, version, data FROM parsed")}
        rows = {}
        for path in map(str, paths):
            row = db.execute("SELECT size, mtime, version, data FROM parsed WHERE path = ?", (path,)).fetchone()
            if row:
                rows[path] = row
        return rows

    def close(self) -> None:
        if self._db is None and not self._pending:
            return
        for last in (False, True):
            try:
                db = self._conn()
                with db:
                    db.executemany("INSERT OR REPLACE INTO parsed VALUES (?, ?, ?, ?, ?)", self._pending)
                    gone = [(p,) for (p,) in db.execute("SELECT path FROM parsed") if p not in self._seen]
                    db.executemany("DELETE FROM parsed WHERE path = ?", gone)
                break
            except sqlite3.DatabaseError as exc:
                self._damaged(exc)
                if last:
                    break       # a derived cache: the next build parses again
        if self._db is not None:
            self._db.close()
            self._db = None


def _setup(db: sqlite3.Connection) -> None:
    db.execute("PRAGMA journal_mode=WAL")
    db.execute("CREATE TABLE IF NOT EXISTS parsed (path TEXT PRIMARY KEY, size INTEGER, mtime INTEGER,"
               " version INTEGER, data TEXT)")


def _digest(packed: bytes) -> str:
    return digest_bytes(packed)


def _unpack(packed: Any) -> Parsed | None:
    """A row's parse, or None for a damaged row (parsed again). marshal: plain values (what
    JSON normalised) load several times faster than JSON text."""
    try:
        data, body = marshal.loads(packed)
    except (ValueError, EOFError, TypeError):
        return None
    return (data, body) if isinstance(data, dict) and isinstance(body, str) else None


def _parse_file(path: str, parse: Callable[[str, str], Parsed]) -> Packed:
    """(the parse, packed as the cache stores it, None) or (None, why not). Runs in a worker:
    a JSON round trip keeps what YAML gave as plain values (dates a user typed bare become
    their ISO text), then marshal packs them."""
    try:
        data, body = parse(read_text(path), path)
    except ReadError as exc:
        return None, exc.reason
    return marshal.dumps(json.loads(json.dumps([data, body], ensure_ascii=False, default=str))), None
