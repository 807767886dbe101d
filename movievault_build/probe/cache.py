"""The probe cache: ffprobe's raw JSON per file, keyed by (path, size, mtime).

An unchanged file is probed once. The raw answer is kept (not our reading of it), so a
better reader needs no re-probe; failures are kept too, so a broken file costs one probe
per change, not one per scan. SQLite is used from one thread only (the caller's).
"""
from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..cache.layout import VERSIONS
from ..cache.db import connect, connect_cache_db
from ..cache.rules import set_aside

PROBE_VERSION = VERSIONS["probe"]
_SCHEMA = """CREATE TABLE IF NOT EXISTS probe (
    path TEXT PRIMARY KEY, size INTEGER, mtime REAL, version INTEGER, result TEXT, error TEXT)"""


@dataclass(frozen=True)
class Cached:
    result: dict[str, Any] | None
    error: str | None


class ProbeCache:
    def __init__(self, path: Path | None) -> None:
        """`path` None keeps the cache in memory (a dry run, or no cache dir)."""
        self.path = path
        if path is None:
            self._db = connect(None)
            self._db.execute(_SCHEMA)
        else:
            self._db = connect_cache_db(path, lambda db: db.execute(_SCHEMA))

    def _damaged(self, exc: sqlite3.DatabaseError) -> None:
        """Damage found while in use: the file is set aside; this run goes on in memory."""
        self._db.close()
        if self.path is not None:
            set_aside(self.path, str(exc))
        self.path = None
        self._db = connect(None)
        self._db.execute(_SCHEMA)

    def get(self, path: str, size: int, mtime: float) -> Cached | None:
        try:
            row = self._db.execute("SELECT size, mtime, version, result, error FROM probe WHERE path = ?",
                                   (path,)).fetchone()
        except sqlite3.DatabaseError as exc:
            self._damaged(exc)
            return None
        if row is None or (row[0], row[1], row[2]) != (size, mtime, PROBE_VERSION):
            return None
        try:
            result = json.loads(row[3]) if row[3] else None
        except ValueError:
            return None   # a damaged row is just a miss
        return Cached(result=result, error=row[4])

    def put(self, path: str, size: int, mtime: float, result: dict[str, Any] | None,
            error: str | None) -> None:
        try:
            self._db.execute("INSERT OR REPLACE INTO probe VALUES (?, ?, ?, ?, ?, ?)",
                             (path, size, mtime, PROBE_VERSION,
                              json.dumps(result) if result is not None else None, error))
        except sqlite3.DatabaseError as exc:
            self._damaged(exc)

    def commit(self) -> None:
        try:
            self._db.commit()
        except sqlite3.DatabaseError as exc:
            self._damaged(exc)

    def close(self) -> None:
        self.commit()
        self._db.close()

    def __enter__(self) -> "ProbeCache":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
