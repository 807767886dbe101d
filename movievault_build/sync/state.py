"""What the sync remembers between runs, in `<state_dir>/sync.sqlite` (outside content/ and
site/, never published): each service's items, and per (service, user, item) the state
last seen there and both sides as they were when they last agreed; each (service, user)'s
cursor for asking only what changed; and the folders waiting for a media server to look at
them again after MovieVault wrote an NFO.

Every write is one SQLite transaction, so a run killed at any point leaves the state of
the last finished step, and the next run carries on from there. Deleting the file costs
one full sync (every item listed again, conflicts decided by timestamps), nothing else.
"""
from __future__ import annotations

import json
import os
import sqlite3
from datetime import datetime
from pathlib import Path
from typing import Any, Iterable, Iterator, Mapping

from ..cache.db import connect
from ..errors import UserError
from ..model import WatchState, parse_stamp
from .model import Item, Record, Seen

NAME = "sync.sqlite"
_SCHEMA = """
CREATE TABLE IF NOT EXISTS items (service TEXT NOT NULL, key TEXT NOT NULL, title TEXT NOT NULL, year INTEGER,
    ids TEXT NOT NULL, path TEXT, PRIMARY KEY (service, key));
CREATE TABLE IF NOT EXISTS records (service TEXT NOT NULL, user TEXT NOT NULL, key TEXT NOT NULL, seen TEXT,
    base_local TEXT, base_remote TEXT, PRIMARY KEY (service, user, key));
CREATE TABLE IF NOT EXISTS cursors (service TEXT NOT NULL, user TEXT NOT NULL, cursor TEXT NOT NULL,
    PRIMARY KEY (service, user));
CREATE TABLE IF NOT EXISTS refresh (service TEXT NOT NULL, path TEXT NOT NULL, PRIMARY KEY (service, path));
"""


def private_dir(path: Path) -> Path:
    """The state folder: owner-only, with a .gitignore so `git add .` leaves it out."""
    path = Path(path)
    path.mkdir(parents=True, exist_ok=True, mode=0o700)
    os.chmod(path, 0o700)
    ignore = path / ".gitignore"
    if not ignore.exists():
        ignore.write_text("# MovieVault's sync state and tokens: never commit them\n*\n", "utf-8")
    return path


class SyncState:
    def __init__(self, state_dir: Path):
        path = private_dir(state_dir) / NAME
        try:
            self.db = connect(path, shared=True)
            self.db.executescript(_SCHEMA)
        except sqlite3.DatabaseError as exc:
            raise UserError(f"{path}: not a usable sync state ({exc}); move it aside to start afresh") from None
        os.chmod(path, 0o600)

    def close(self) -> None:
        self.db.close()

    def transaction(self) -> "_Txn":
        return _Txn(self.db)

    # -- items ------------------------------------------------------------------------------
    def items(self, service: str) -> dict[str, Item]:
        rows = self.db.execute("SELECT key, title, year, ids, path FROM items WHERE service = ?", (service,))
        return {k: Item(k, t, y, json.loads(i), p) for k, t, y, i, p in rows}

    def put_items(self, service: str, items: Iterable[Item]) -> None:
        self.db.executemany("INSERT OR REPLACE INTO items VALUES (?,?,?,?,?,?)",
                            [(service, i.key, i.title, i.year, json.dumps(dict(i.ids), sort_keys=True), i.path)
                             for i in items])

    def drop_items(self, service: str, keys: Iterable[str]) -> None:
        keys = list(keys)
        self.db.executemany("DELETE FROM items WHERE service = ? AND key = ?", [(service, k) for k in keys])
        self.db.executemany("DELETE FROM records WHERE service = ? AND key = ?", [(service, k) for k in keys])

    # -- records ----------------------------------------------------------------------------
    def records(self, service: str, user: str) -> dict[str, Record]:
        rows = self.db.execute("SELECT key, seen, base_local, base_remote FROM records WHERE service = ? AND user = ?",
                               (service, user))
        return {k: Record(_seen(s), _state(bl), _state(br)) for k, s, bl, br in rows}

    def put_seen(self, service: str, user: str, seen: Mapping[str, Seen]) -> None:
        self.db.executemany(
            "INSERT INTO records (service, user, key, seen) VALUES (?,?,?,?) "
            "ON CONFLICT (service, user, key) DO UPDATE SET seen = excluded.seen",
            [(service, user, k, _dump_seen(s)) for k, s in seen.items()])

    def put_bases(self, service: str, user: str, bases: Mapping[str, tuple[WatchState, WatchState]]) -> None:
        self.db.executemany(
            "INSERT INTO records (service, user, key, base_local, base_remote) VALUES (?,?,?,?,?) "
            "ON CONFLICT (service, user, key) DO UPDATE SET base_local = excluded.base_local, "
            "base_remote = excluded.base_remote",
            [(service, user, k, _dump_state(bl), _dump_state(br)) for k, (bl, br) in bases.items()])

    # -- cursors ----------------------------------------------------------------------------
    def cursor(self, service: str, user: str) -> str | None:
        row = self.db.execute("SELECT cursor FROM cursors WHERE service = ? AND user = ?", (service, user)).fetchone()
        return row[0] if row else None

    def put_cursor(self, service: str, user: str, cursor: str | None) -> None:
        if cursor is None:
            self.db.execute("DELETE FROM cursors WHERE service = ? AND user = ?", (service, user))
        else:
            self.db.execute("INSERT OR REPLACE INTO cursors VALUES (?,?,?)", (service, user, cursor))

    # -- folders to refresh -----------------------------------------------------------------
    def queue_refresh(self, services: Iterable[str], paths: Iterable[str]) -> None:
        self.db.executemany("INSERT OR IGNORE INTO refresh VALUES (?,?)",
                            [(s, p) for s in services for p in paths])

    def pending_refresh(self, service: str) -> list[str]:
        return [r[0] for r in self.db.execute("SELECT path FROM refresh WHERE service = ? ORDER BY path", (service,))]

    def refreshed(self, service: str, paths: Iterable[str]) -> None:
        self.db.executemany("DELETE FROM refresh WHERE service = ? AND path = ?", [(service, p) for p in paths])


class _Txn:
    def __init__(self, db: sqlite3.Connection):
        self.db = db

    def __enter__(self) -> sqlite3.Connection:
        self.db.execute("BEGIN IMMEDIATE")
        return self.db

    def __exit__(self, kind, *_: Any) -> None:
        self.db.execute("COMMIT" if kind is None else "ROLLBACK")


def _dump_state(state: WatchState | None) -> str | None:
    return None if state is None else json.dumps(state.to_dict(), sort_keys=True)


def _state(text: str | None) -> WatchState | None:
    return None if text is None else WatchState.from_dict(json.loads(text))


def _dump_seen(seen: Seen) -> str:
    stamps = {g: (s.isoformat() if s else None) for g, s in seen.stamps.items()}
    return json.dumps({"state": seen.state.to_dict(), "stamps": stamps}, sort_keys=True)


def _seen(text: str | None) -> Seen | None:
    if text is None:
        return None
    data = json.loads(text)
    stamps: dict[str, datetime | None] = {g: parse_stamp(s) for g, s in data.get("stamps", {}).items()}
    return Seen(WatchState.from_dict(data.get("state", {})), stamps)


def iter_chunks(values: list[Any], size: int) -> Iterator[list[Any]]:
    for i in range(0, len(values), size):
        yield values[i:i + size]
