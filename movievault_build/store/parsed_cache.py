"""Parsed front matter of content files, kept by (path, size, mtime): a derived cache.

Parsing YAML is most of what reading content/ costs (ruamel.yaml is pure Python, ~20 ms
a file), and a build reads every file. An unchanged file's parse is taken from here;
any change to its size or mtime, or a damaged cache, means it is parsed again.
"""
from __future__ import annotations

import json
import os
import sqlite3
from pathlib import Path
from typing import Any, Callable

from ..errors import ReadError

VERSION = 1
Parsed = tuple[dict[str, Any], str]


class ParsedCache:
    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self._db: sqlite3.Connection | None = None
        self._pending: list[tuple] = []
        self._seen: set[str] = set()

    def _conn(self) -> sqlite3.Connection:
        if self._db is None:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            try:
                self._db = self._open()
            except sqlite3.DatabaseError:   # a damaged cache is rebuilt, never trusted
                self.path.unlink(missing_ok=True)
                self._db = self._open()
        return self._db

    def _open(self) -> sqlite3.Connection:
        db = sqlite3.connect(self.path)
        db.execute("PRAGMA journal_mode=WAL")
        db.execute("CREATE TABLE IF NOT EXISTS parsed (path TEXT PRIMARY KEY, size INTEGER, mtime INTEGER,"
                   " version INTEGER, data TEXT)")
        return db

    def get(self, path: Path, parse: Callable[[str, str], Parsed]) -> Parsed:
        """The parse of `path`, from the cache when the file is unchanged."""
        key = str(path)
        self._seen.add(key)
        try:
            st = os.stat(path)
        except OSError as exc:
            raise ReadError(path, f"cannot read ({exc.strerror or exc})") from None
        row = self._conn().execute("SELECT size, mtime, version, data FROM parsed WHERE path = ?", (key,)).fetchone()
        if row and (row[0], row[1], row[2]) == (st.st_size, st.st_mtime_ns, VERSION):
            data, body = json.loads(row[3])
            return data, body
        try:
            text = Path(path).read_text("utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise ReadError(path, f"cannot read ({exc})") from None
        data, body = parse(text, key)
        # json keeps what YAML gave us; dates a user typed bare become their ISO text
        self._pending.append((key, st.st_size, st.st_mtime_ns, VERSION,
                              json.dumps([data, body], ensure_ascii=False, default=str)))
        return json.loads(self._pending[-1][-1])

    def close(self) -> None:
        if self._db is None:
            return
        with self._db:
            self._db.executemany("INSERT OR REPLACE INTO parsed VALUES (?, ?, ?, ?, ?)", self._pending)
            gone = [(p,) for (p,) in self._db.execute("SELECT path FROM parsed") if p not in self._seen]
            self._db.executemany("DELETE FROM parsed WHERE path = ?", gone)
        self._db.close()
        self._db = None
