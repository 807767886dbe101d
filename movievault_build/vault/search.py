"""Searching the index: full text, typo-tolerant titles and names, people, read-only SQL."""
from __future__ import annotations

import difflib
import json
import sqlite3
import time
from pathlib import Path
from typing import Any

from ..cache.db import connect
from ..errors import UserError
from .records import FTS_COLUMNS, fold, words

FUZZY_THRESHOLD = 0.75


def search_text(db: sqlite3.Connection, text: str, field: str | None = None,
                limit: int | None = None) -> list[dict[str, Any]]:
    """Movies whose full-text columns hold every word of `text` (as word prefixes),
    best match first (FTS5's bm25 rank)."""
    found = words(text)
    if not found:
        raise UserError("search: give at least one word")
    if field is not None and field not in FTS_COLUMNS:
        raise UserError(f"search: --field must be one of {', '.join(FTS_COLUMNS)}")
    match = " AND ".join(f'"{w}"*' for w in found)
    if field:
        match = f"{field} : ({match})"    # `field` is whitelisted above
    rows = db.execute("SELECT rowid FROM movies_fts WHERE movies_fts MATCH ? ORDER BY rank", (match,)).fetchall()
    ranked = [r[0] for r in rows][:limit] if limit else [r[0] for r in rows]
    return _by_ids(db, ranked)


def _by_ids(db: sqlite3.Connection, ids: list[int]) -> list[dict[str, Any]]:
    if not ids:
        return []
    marks = ",".join("?" * len(ids))
    found = {row[0]: json.loads(row[1]) for row in
             db.execute(f"SELECT id, record FROM movies WHERE id IN ({marks})", ids)}
    return [found[i] for i in ids if i in found]


def similarity(query: str, candidate: str) -> float:
    """0..1: how alike two names are, forgiving typos and extra words in `candidate`.

    >>> round(similarity("matricx", "The Matrix"), 2)
    0.92
    >>> similarity("heat", "Heat")
    1.0
    """
    q, c = fold(query).strip(), fold(candidate).strip()
    whole = difflib.SequenceMatcher(None, q, c).ratio()
    qw, cw = words(q), words(c)
    if not qw or not cw:
        return whole
    per_word = sum(max(difflib.SequenceMatcher(None, w, x).ratio() for x in cw) for w in qw) / len(qw)
    return max(whole, per_word)


def search_fuzzy(db: sqlite3.Connection, text: str, limit: int | None = 20,
                 threshold: float = FUZZY_THRESHOLD) -> list[dict[str, Any]]:
    """Movies whose title, original title or a person's name is close to `text`."""
    best: dict[int, float] = {}
    candidates = db.execute(
        "SELECT movie_id, name FROM movie_labels WHERE kind = 'title' UNION ALL "
        "SELECT x.movie_id, p.name FROM credits x JOIN people p ON p.id = x.person_id").fetchall()
    for movie_id, name in candidates:
        score = similarity(text, name)
        if score >= threshold and score > best.get(movie_id, 0):
            best[movie_id] = score
    ranked = sorted(best, key=lambda i: -best[i])
    return _by_ids(db, ranked[:limit] if limit else ranked)


def find_people(db: sqlite3.Connection, name: str, role: str | None = "actor") -> list[dict[str, Any]]:
    """Credits of people whose name contains `name` (case and accents ignored), or,
    when none does, whose name is close to it."""
    sql = ("SELECT p.name, x.role, x.character, m.slug, m.title, m.year FROM credits x "
           "JOIN people p ON p.id = x.person_id JOIN movies m ON m.id = x.movie_id WHERE {} "
           + ("AND x.role = ? " if role else "") + "ORDER BY p.name, m.year, m.sort_title")
    tail = [role] if role else []
    rows = db.execute(sql.format("instr(p.fold, ?) > 0"), [fold(name), *tail]).fetchall()
    if not rows:
        names = [r[0] for r in db.execute("SELECT name FROM people")]
        close = [n for n in names if similarity(name, n) >= FUZZY_THRESHOLD]
        if close:
            marks = ",".join("?" * len(close))
            rows = db.execute(sql.format(f"p.name IN ({marks})"), [*close, *tail]).fetchall()
    keys = ("name", "role", "character", "slug", "title", "year")
    return [dict(zip(keys, row)) for row in rows]


QUERY_SECONDS = 10.0          # a runaway query (a recursive CTE, a huge join) stops here
QUERY_MAX_BYTES = 64 << 20    # the largest string or blob a query may make
_READS = {sqlite3.SQLITE_SELECT, sqlite3.SQLITE_READ, sqlite3.SQLITE_FUNCTION, sqlite3.SQLITE_RECURSIVE}
# Pragmas that only report (asked without a value): looking at the schema is fine.
_REPORTING_PRAGMAS = frozenset({"table_info", "table_xinfo", "table_list", "index_list", "index_info",
                                "index_xinfo", "foreign_key_list", "database_list", "collation_list",
                                "function_list", "pragma_list", "user_version", "schema_version"})


def _authorize(action: int, arg1: str | None, arg2: str | None, _db: str | None, _trigger: str | None) -> int:
    """Reading only: no ATTACH (it creates files), no writes, no pragma that sets anything."""
    if action in _READS:
        return sqlite3.SQLITE_OK
    if action == sqlite3.SQLITE_PRAGMA and (arg1 or "").lower() in _REPORTING_PRAGMAS and (
            arg2 is None or (arg1 or "").lower() not in ("user_version", "schema_version")):
        return sqlite3.SQLITE_OK
    return sqlite3.SQLITE_DENY


def read_only_sql(path: Path, sql: str, seconds: float = QUERY_SECONDS) -> tuple[list[str], list[tuple]]:
    """Run one statement against the index file opened read-only: only reads are
    authorised (writes, ATTACH, VACUUM INTO and setting pragmas are refused, so no file is
    made), strings and blobs are capped, and the statement stops after `seconds`."""
    path = Path(path)
    if not path.is_file():
        raise UserError(f"{path}: no index yet; run `movievault index update`")
    db = connect(path, read_only=True)
    deadline = time.monotonic() + seconds
    try:
        db.execute("PRAGMA query_only = 1")
        db.setlimit(sqlite3.SQLITE_LIMIT_ATTACHED, 0)
        db.setlimit(sqlite3.SQLITE_LIMIT_LENGTH, QUERY_MAX_BYTES)
        db.set_authorizer(_authorize)
        db.set_progress_handler(lambda: time.monotonic() > deadline, 10_000)
        cursor = db.execute(sql)
        columns = [d[0] for d in cursor.description or ()]
        return columns, cursor.fetchall()
    except sqlite3.Error as exc:
        text = str(exc)
        if "interrupted" in text:
            raise UserError(f"query: stopped after {seconds:g} s") from None
        if any(w in text for w in ("readonly", "read-only", "query_only", "not authorized", "attached")):
            raise UserError(f"query: the index is read-only; only SELECT-style statements run ({text})") from None
        raise UserError(f"query: {text[:300]}") from None
    except (MemoryError, OverflowError, RecursionError) as exc:
        raise UserError(f"query: too large to run ({type(exc).__name__})") from None
    finally:
        db.close()
