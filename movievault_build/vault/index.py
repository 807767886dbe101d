"""The library index: a SQLite cache derived from content/, never the source of truth.

`open_index` brings it up to date incrementally: a content file whose mtime and size
are unchanged is skipped, one whose bytes hash the same only has its stat refreshed,
changed files are re-indexed and deleted ones dropped. Deleting the file loses nothing.
"""
from __future__ import annotations

import json
import sqlite3
from contextlib import closing
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable

from ..cache.keys import content_hash
from ..errors import ReadError, UserError
from ..fields import columns
from ..cache.layout import PATHS
from ..cache.db import connect as db_connect, connect_cache_db
from ..cache.rules import ready_cache_file, set_aside
from ..fsutil import read_regular
from ..log import get_logger
from ..model import Movie
from ..store import document
from ..store.library import movie_paths, read_movie
from . import schema
from .records import FTS_COLUMNS, LABELS, fold, fts_columns, movie_record, user_tags, words

log = get_logger(__name__)
DEFAULT_PATH = Path(".cache") / "movievault" / PATHS["index"]
SQLITE_HEADER = b"SQLite format 3\x00"


@dataclass
class IndexReport:
    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    unchanged: int = 0
    problems: list[str] = field(default_factory=list)

    def summary(self) -> str:
        return (f"index: {len(self.added)} added, {len(self.updated)} updated, {len(self.removed)} removed, "
                f"{self.unchanged} unchanged; {len(self.problems)} problems")


def connect(path: Path | str) -> sqlite3.Connection:
    db = db_connect(path)
    db.execute("PRAGMA foreign_keys = ON")
    schema.migrate(db)
    return db


def open_index(path: Path, content_dir: Path) -> tuple[sqlite3.Connection, IndexReport]:
    """The index at `path`, created or migrated, and refreshed from `content_dir`. A damaged
    index is set aside and built again (it is derived); a file that is not an index at all
    is left alone and refused."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    _check_ours(path)
    try:
        db = connect_cache_db(path, _migrate)
    except sqlite3.DatabaseError as exc:
        raise UserError(f"{path}: not a usable index ({exc}); run `movievault index rebuild`") from None
    try:
        return db, refresh(db, content_dir)
    except sqlite3.DatabaseError as exc:       # damage past the first pages
        db.close()
        set_aside(path, str(exc))
        db = connect_cache_db(path, _migrate)
        return db, refresh(db, content_dir)


def rebuild(path: Path, content_dir: Path) -> tuple[sqlite3.Connection, IndexReport]:
    """Throw the index away and build it again from content/ — only if it is an index."""
    path = Path(path)
    _check_ours(path)
    for suffix in ("", "-journal", "-wal", "-shm"):
        side = Path(f"{path}{suffix}")
        if side.is_file() and not side.is_symlink():
            side.unlink()
    return open_index(path, content_dir)


def _check_ours(path: Path) -> None:
    """UserError unless `path` is absent, empty, damaged-but-SQLite, or this index; what is
    not a file at all (a folder, a symlink) is set aside by the cache rules."""
    ready_cache_file(path)
    try:
        with open(path, "rb") as fh:
            head = fh.read(len(SQLITE_HEADER))
    except FileNotFoundError:
        return
    if head and head != SQLITE_HEADER:
        raise UserError(f"{path}: not a MovieVault index (not an SQLite file); not touching it "
                        "(is index_path right?)")
    try:
        with closing(db_connect(path, read_only=True)) as db:
            tables = {name for (name,) in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    except sqlite3.DatabaseError:
        return                                  # ours or not, damaged: set aside when opened
    if tables and not {"movies", "content_state"} <= tables:
        raise UserError(f"{path}: an SQLite file that is not a MovieVault index; not touching it "
                        "(is index_path right?)")


def _migrate(db: sqlite3.Connection) -> None:
    db.execute("PRAGMA foreign_keys = ON")
    schema.migrate(db)


def memory_index(movies: Iterable[Movie]) -> sqlite3.Connection:
    """An in-memory index of these movies (no content files needed)."""
    db = connect(":memory:")
    with db:
        for movie in movies:
            insert_movie(db, movie)
    return db


def refresh(db: sqlite3.Connection, content_dir: Path) -> IndexReport:
    report = IndexReport()
    known = {row[0]: row[1:] for row in db.execute("SELECT path, slug, mtime_ns, size, sha256 FROM content_state")}
    seen: set[str] = set()
    with db:
        for path in movie_paths(content_dir):
            key = str(path.resolve())
            seen.add(key)
            _refresh_one(db, path, key, known.get(key), report)
        for key, (slug, *_rest) in known.items():
            if key not in seen:
                delete_movie(db, slug)
                db.execute("DELETE FROM content_state WHERE path = ?", (key,))
                report.removed.append(slug)
    return report


def _refresh_one(db: sqlite3.Connection, path: Path, key: str, old: tuple | None, report: IndexReport) -> None:
    try:
        st = path.stat()
        if old and old[1] == st.st_mtime_ns and old[2] == st.st_size:
            report.unchanged += 1
            return
        data = read_regular(path, document.MAX_BYTES)
    except (OSError, ReadError) as exc:
        problem = str(exc) if isinstance(exc, ReadError) else f"{path}: cannot read ({exc.strerror or exc})"
        report.problems.append(problem)
        log.warning(problem)
        return
    digest = content_hash(data)
    if old and old[3] == digest:
        db.execute("UPDATE content_state SET mtime_ns = ?, size = ? WHERE path = ?", (st.st_mtime_ns, st.st_size, key))
        report.unchanged += 1
        return
    if old:
        delete_movie(db, old[0])
        db.execute("DELETE FROM content_state WHERE path = ?", (key,))
    try:
        movie = read_movie(path)
    except ReadError as exc:
        report.problems.append(str(exc))    # not recorded: retried on the next refresh
        log.warning(str(exc))
        return
    delete_movie(db, movie.slug)
    insert_movie(db, movie)
    db.execute("INSERT INTO content_state VALUES (?, ?, ?, ?, ?)", (key, movie.slug, st.st_mtime_ns, st.st_size, digest))
    (report.updated if old else report.added).append(movie.slug)


def delete_movie(db: sqlite3.Connection, slug: str) -> None:
    row = db.execute("SELECT id FROM movies WHERE slug = ?", (slug,)).fetchone()
    if row:
        db.execute("DELETE FROM movies_fts WHERE rowid = ?", row)
        db.execute("DELETE FROM movies WHERE id = ?", row)   # the rest cascades


def _name_id(db: sqlite3.Connection, table: str, name: str) -> int:
    # `table` is one of our own constant names, never user input.
    key = fold(name)
    row = db.execute(f"SELECT id FROM {table} WHERE fold = ?", (key,)).fetchone()
    if row:
        return row[0]
    return db.execute(f"INSERT INTO {table} (name, fold) VALUES (?, ?)", (name, key)).lastrowid


# The declared fields' columns (fields.py `column`; names are checked identifiers) hold
# their record values.
_DECLARED = tuple(f.name for f in columns())
_INSERT = (f"INSERT INTO movies (slug, {', '.join(_DECLARED)}, added, missing, size, collection_id, record)"
           f" VALUES ({', '.join('?' * (len(_DECLARED) + 6))})")
_FTS_INSERT = (f"INSERT INTO movies_fts (rowid, {', '.join(FTS_COLUMNS)})"
               f" VALUES ({', '.join('?' * (len(FTS_COLUMNS) + 1))})")


def insert_movie(db: sqlite3.Connection, movie: Movie) -> int:
    rec = movie_record(movie)
    coll = _name_id(db, "collections", rec["collection"]) if rec["collection"] else None
    movie_id = db.execute(_INSERT, (rec["slug"], *(rec[name] for name in _DECLARED), rec["added"],
                                    int(rec["missing"]), rec["size"], coll,
                                    json.dumps(rec, ensure_ascii=False))).lastrowid
    _insert_related(db, movie_id, movie, rec)
    # Pre-folded words: the FTS tokenizer then sees exactly what the Python evaluator sees.
    db.execute(_FTS_INSERT, (movie_id, *(" ".join(words(text)) for text in fts_columns(rec).values())))
    return movie_id


def _insert_related(db: sqlite3.Connection, movie_id: int, movie: Movie, rec: dict[str, Any]) -> None:
    for f in movie.files:
        db.execute("INSERT INTO files VALUES (?,?,?,?,?,?,?,?,?)", (movie_id, f.root, f.path, f.size, f.container,
                                                                   f.resolution, f.source, f.part, f.edition))
    for genre in dict.fromkeys(rec["genres"]):
        db.execute("INSERT OR IGNORE INTO movie_genres VALUES (?, ?)", (movie_id, _name_id(db, "genres", genre)))
    credits = ([(n, "director", None, i) for i, n in enumerate(movie.directors)]
               + [(n, "writer", None, i) for i, n in enumerate(movie.writers)]
               + [(p.name, "actor", p.role, p.order if p.order is not None else i) for i, p in enumerate(movie.cast)])
    for name, role, character, order in credits:
        db.execute("INSERT INTO credits VALUES (?,?,?,?,?)", (movie_id, _name_id(db, "people", name), role, character, order))
    mine = {fold(t) for t in user_tags(movie)}
    for tag in rec["tags"]:
        db.execute("INSERT OR IGNORE INTO movie_tags VALUES (?,?,?)",
                   (movie_id, _name_id(db, "tags", tag), "user" if fold(tag) in mine else "nfo"))
    for kind, key in LABELS:
        values = rec[key] if isinstance(rec[key], list) else [rec[key]] if rec[key] else []
        db.executemany("INSERT INTO movie_labels VALUES (?,?,?,?)", [(movie_id, kind, v, fold(v)) for v in values])
    db.executemany("INSERT INTO movie_ids VALUES (?,?,?,?)",
                   [(movie_id, fold(k), v, fold(v)) for k, v in rec["ids"].items()])
    user = movie.user
    db.execute("INSERT INTO user_data VALUES (?,?,?,?,?,?,?,?)",
               (movie_id, int(rec["watched"]), int(rec["favorite"]), int(rec["watchlist"]), rec["user_rating"],
                rec["playcount"], _text(user.get("lastplayed") or movie.lastplayed), _text(user.get("notes"))))


def _text(value: Any) -> str | None:
    return None if value in (None, "") else str(value)


def records(db: sqlite3.Connection, where: str = "1", params: Iterable[Any] = (), order: str = "m.sort_title, m.year",
            limit: int | None = None) -> list[dict[str, Any]]:
    """Movie records matching a compiled WHERE clause (see query_sql.compile_where)."""
    sql = (f"SELECT m.record FROM movies m LEFT JOIN user_data u ON u.movie_id = m.id "
           f"WHERE {where} ORDER BY {order}" + (" LIMIT ?" if limit is not None else ""))
    args = list(params) + ([limit] if limit is not None else [])
    try:
        return [json.loads(row[0]) for row in db.execute(sql, args)]
    except sqlite3.OperationalError as exc:      # a query too large for SQLite's own limits
        raise UserError(f"query too large to run ({exc})") from None
