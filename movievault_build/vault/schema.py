"""The index's tables, as ordered migrations keyed by SQLite's `user_version`.

A migration runs once, in order, inside one transaction; adding a table or column
later is a new function at the end of `MIGRATIONS`, never an edit to an old one. The
`movies` table's columns for metadata are the fields declared with `column` (fields.py):
the first migration creates those, and `migrate` adds a column declared since to an older
index, which is then filled by indexing every content file again (the index is derived).
The full-text table `movies_fts` has a column per searched field (`search`, grouped by
`fts`: records.FTS_COLUMNS); an index whose columns differ has it made again, and filled
the same way.
"""
from __future__ import annotations

import sqlite3
from typing import Callable

from ..errors import UserError
from ..fields import BOOL, INT, NUMBER, Field, columns
from .records import FTS_COLUMNS

_SQL_TYPES = {INT: "INTEGER", BOOL: "INTEGER", NUMBER: "REAL"}       # the rest are TEXT


def _column(f: Field) -> str:
    # Names are plain identifiers (fields.Table checks them); a movie always has a title.
    return f"{f.name} {_SQL_TYPES.get(f.kind, 'TEXT')}" + (" NOT NULL" if f.name == "title" else "")


# Names are plain identifiers (fields.Table checks them).
_FTS_TABLE = f"CREATE VIRTUAL TABLE movies_fts USING fts5({', '.join(FTS_COLUMNS)})"


def _v1_tables(db: sqlite3.Connection) -> None:
    declared = ", ".join(map(_column, columns()))
    db.executescript(f"""
        CREATE TABLE movies (
            id INTEGER PRIMARY KEY, slug TEXT NOT NULL UNIQUE, {declared},
            added TEXT, missing INTEGER NOT NULL DEFAULT 0,
            size INTEGER NOT NULL DEFAULT 0, collection_id INTEGER REFERENCES collections(id),
            record TEXT NOT NULL);
        CREATE TABLE files (
            movie_id INTEGER NOT NULL REFERENCES movies(id) ON DELETE CASCADE, library TEXT,
            path TEXT NOT NULL, size INTEGER, container TEXT, resolution TEXT, source TEXT,
            part INTEGER, edition TEXT);
        CREATE TABLE genres (id INTEGER PRIMARY KEY, name TEXT NOT NULL, fold TEXT NOT NULL UNIQUE);
        CREATE TABLE movie_genres (
            movie_id INTEGER NOT NULL REFERENCES movies(id) ON DELETE CASCADE,
            genre_id INTEGER NOT NULL REFERENCES genres(id), PRIMARY KEY (movie_id, genre_id));
        CREATE TABLE people (id INTEGER PRIMARY KEY, name TEXT NOT NULL, fold TEXT NOT NULL UNIQUE);
        CREATE TABLE credits (
            movie_id INTEGER NOT NULL REFERENCES movies(id) ON DELETE CASCADE,
            person_id INTEGER NOT NULL REFERENCES people(id),
            role TEXT NOT NULL CHECK (role IN ('director', 'writer', 'actor')),
            character TEXT, ord INTEGER);
        CREATE TABLE collections (id INTEGER PRIMARY KEY, name TEXT NOT NULL, fold TEXT NOT NULL UNIQUE);
        CREATE TABLE tags (id INTEGER PRIMARY KEY, name TEXT NOT NULL, fold TEXT NOT NULL UNIQUE);
        CREATE TABLE movie_tags (
            movie_id INTEGER NOT NULL REFERENCES movies(id) ON DELETE CASCADE,
            tag_id INTEGER NOT NULL REFERENCES tags(id),
            origin TEXT NOT NULL CHECK (origin IN ('user', 'nfo')), PRIMARY KEY (movie_id, tag_id));
        CREATE TABLE movie_labels (
            movie_id INTEGER NOT NULL REFERENCES movies(id) ON DELETE CASCADE,
            kind TEXT NOT NULL, name TEXT NOT NULL, fold TEXT NOT NULL);
        CREATE TABLE movie_ids (
            movie_id INTEGER NOT NULL REFERENCES movies(id) ON DELETE CASCADE,
            provider TEXT NOT NULL, value TEXT NOT NULL, fold TEXT NOT NULL);
        CREATE TABLE user_data (
            movie_id INTEGER PRIMARY KEY REFERENCES movies(id) ON DELETE CASCADE,
            watched INTEGER NOT NULL, favorite INTEGER NOT NULL, watchlist INTEGER NOT NULL,
            rating REAL, playcount INTEGER, lastplayed TEXT, notes TEXT);
        CREATE TABLE content_state (
            path TEXT PRIMARY KEY, slug TEXT NOT NULL, mtime_ns INTEGER NOT NULL,
            size INTEGER NOT NULL, sha256 TEXT NOT NULL);
        CREATE INDEX credits_person ON credits(person_id);
        CREATE INDEX credits_movie ON credits(movie_id, role);
        CREATE INDEX labels_movie ON movie_labels(movie_id, kind);
        CREATE INDEX movie_tags_tag ON movie_tags(tag_id);
        CREATE INDEX movie_genres_genre ON movie_genres(genre_id);
        {_FTS_TABLE};
    """)


def _v2_media_labels(db: sqlite3.Connection) -> None:
    # HDR kind and languages are new `movie_labels` kinds: forgetting what was indexed makes
    # the next refresh read every content file again and label it.
    db.execute("DELETE FROM content_state")


Migration = Callable[[sqlite3.Connection], None]
MIGRATIONS: tuple[Migration, ...] = (_v1_tables, _v2_media_labels)
VERSION = len(MIGRATIONS)


def migrate(db: sqlite3.Connection) -> int:
    """Bring the database up to `VERSION`; returns how many migrations ran."""
    current = db.execute("PRAGMA user_version").fetchone()[0]
    if current > VERSION:
        raise UserError(f"the index was written by a newer MovieVault (schema {current} > {VERSION}); "
                        "run `movievault index rebuild`")
    for number in range(current, VERSION):
        with db:
            MIGRATIONS[number](db)
            db.execute(f"PRAGMA user_version = {number + 1}")   # an int we own, not user input
    _declared_columns(db)
    _declared_fts(db)
    return VERSION - current


def _declared_columns(db: sqlite3.Connection) -> None:
    """Add the columns of fields declared after this index was made, and have every content
    file indexed again to fill them."""
    have = {row[1] for row in db.execute("PRAGMA table_info(movies)")}
    missing = [f for f in columns() if f.name not in have]
    if missing:
        with db:
            for f in missing:
                db.execute(f"ALTER TABLE movies ADD COLUMN {_column(f).replace(' NOT NULL', '')}")
            _index_again(db)


def _declared_fts(db: sqlite3.Connection) -> None:
    """Make the full-text table again when the searched fields have changed since this
    index was made (FTS5 cannot add a column), and have every content file indexed again."""
    if tuple(row[1] for row in db.execute("PRAGMA table_info(movies_fts)")) != FTS_COLUMNS:
        with db:
            db.execute("DROP TABLE movies_fts")
            db.execute(_FTS_TABLE)
            _index_again(db)


def _index_again(db: sqlite3.Connection) -> None:
    # The movies go too (the rest cascades), so one whose content file was removed
    # meanwhile does not outlive the refresh that reads every file again.
    db.execute("DELETE FROM movies_fts")
    db.execute("DELETE FROM movies")
    db.execute("DELETE FROM content_state")
