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

# Bump when the ffprobe arguments change: older answers lack what the new ones ask for.
PROBE_VERSION = 1
_SCHEMA = """CREATE TABLE IF NOT EXISTS probe (
    path TEXT PRIMARY KEY, size INTEGER, mtime REAL, version INTEGER, result TEXT, error TEXT)"""


@dataclass(frozen=True)
class Cached:
    result: dict[str, Any] | None
    error: str | None


class ProbeCache:
    def __init__(self, path: Path | None) -> None:
        """`path` None keeps the cache in memory (a dry run, or no cache dir)."""
        if path is not None:
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        self._db = sqlite3.connect(str(path) if path else ":memory:")
        self._db.execute(_SCHEMA)

    def get(self, path: str, size: int, mtime: float) -> Cached | None:
        row = self._db.execute("SELECT size, mtime, version, result, error FROM probe WHERE path = ?",
                               (path,)).fetchone()
        if row is None or (row[0], row[1], row[2]) != (size, mtime, PROBE_VERSION):
            return None
        try:
            result = json.loads(row[3]) if row[3] else None
        except ValueError:
            return None   # a damaged row is just a miss
        return Cached(result=result, error=row[4])

    def put(self, path: str, size: int, mtime: float, result: dict[str, Any] | None,
            error: str | None) -> None:
        self._db.execute("INSERT OR REPLACE INTO probe VALUES (?, ?, ?, ?, ?, ?)",
                         (path, size, mtime, PROBE_VERSION,
                          json.dumps(result) if result is not None else None, error))

    def commit(self) -> None:
        self._db.commit()

    def close(self) -> None:
        self._db.commit()
        self._db.close()

    def __enter__(self) -> "ProbeCache":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
