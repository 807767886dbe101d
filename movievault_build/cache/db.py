"""The one way the project opens SQLite: caches, the library index, the sync state.

`connect` is the setup every database shares: a file opened read-only is never created
(and its path is quoted as a URI, so `?` or `#` in a folder name cannot change the mode);
one several processes write (`shared`) keeps a write-ahead log, commits each statement
itself and waits up to half a minute for another writer. `connect_cache_db` adds the
cache folder's rule: a damaged cache is set aside and begun afresh."""
from __future__ import annotations

import os
import sqlite3
from pathlib import Path
from typing import Any, Callable

from .rules import ready_cache_file, set_aside


def connect(path: str | os.PathLike[str] | None, *, read_only: bool = False, shared: bool = False,
            **options: Any) -> sqlite3.Connection:
    """A connection to `path` (None: a private database in memory)."""
    if shared:
        options = {"isolation_level": None, "timeout": 30, **options}
    if path is None:
        db = sqlite3.connect(":memory:", **options)
    elif read_only:
        db = sqlite3.connect(Path(path).resolve().as_uri() + "?mode=ro", uri=True, **options)
    else:
        db = sqlite3.connect(os.fspath(path), **options)
    if shared and not read_only:
        try:
            db.execute("PRAGMA journal_mode=WAL")
        except sqlite3.DatabaseError:
            db.close()
            raise
    return db


def connect_cache_db(path: str | os.PathLike[str], setup: Callable[[sqlite3.Connection], None],
                     **options: Any) -> sqlite3.Connection:
    """An SQLite cache, opened and set up (`setup` runs its PRAGMAs and schema); a damaged
    one (not a database, truncated, a folder, a symlink) is set aside and begun afresh."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    ready_cache_file(path)
    for last in (False, True):
        db = None
        try:
            db = connect(path, **options)
            setup(db)
            db.execute("SELECT count(*) FROM sqlite_master").fetchone()
            return db
        except sqlite3.DatabaseError as exc:
            if db is not None:
                db.close()
            if last:
                raise
            set_aside(path, str(exc))
    raise AssertionError("unreachable")


def check_cache_db(path: str | os.PathLike[str]) -> None:
    """For an SQLite cache another library opens (requests-cache): set it aside first if
    it is damaged, so that library starts a fresh one instead of failing."""
    if os.path.lexists(path):
        connect_cache_db(path, lambda db: None).close()
