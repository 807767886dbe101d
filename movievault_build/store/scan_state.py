"""What the last scan saw and wrote, so the next one redoes only what changed.

One SQLite file in the cache folder (WAL, one transaction per save). Three tables:

- `candidates`: per movie-shaped thing on disk (keyed by library label + path of its main
  video): a fingerprint of its inputs (video stats, NFO and sidecar stats, settings), the
  main video's (dev, inode, size) to follow a move, what it was (movie, episode …), the
  slug it was stored under and the per-movie warnings, replayed while it stays unchanged.
- `movies`: per content file: its (size, mtime_ns) when last written or read, a hash of
  the front matter the scanner generated, and the little the next scan needs without
  reading it (file keys, ids, missing).
- `folders`: per library folder: a signature of its files (names, sizes, mtimes, inodes)
  and the (key, fingerprint) of each candidate it held. A folder whose signature and
  candidates' fingerprints are as recorded is not grouped or fingerprinted again.

The state may lag content/ (a killed scan writes content but not the state): whatever no
longer matches is simply redone, so no interleaving of the two can lose a movie.
"""
from __future__ import annotations

import json
import os
import sqlite3
from contextlib import closing
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable

from ..cache import in_memory
from ..cache.layout import VERSIONS, cache_path
from ..cache.db import connect, connect_cache_db
from ..cache.rules import set_aside

STATE_VERSION = VERSIONS["scan_state"]

_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS candidates (
    key TEXT PRIMARY KEY, fingerprint TEXT NOT NULL, dev INTEGER, inode INTEGER, size INTEGER,
    kind TEXT NOT NULL, slug TEXT, notes TEXT NOT NULL DEFAULT '{}');
CREATE TABLE IF NOT EXISTS movies (
    slug TEXT PRIMARY KEY, size INTEGER NOT NULL, mtime_ns INTEGER NOT NULL,
    front_hash TEXT NOT NULL, summary TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS folders (key TEXT PRIMARY KEY, signature TEXT NOT NULL, members TEXT NOT NULL);
"""


@dataclass
class CandidateRecord:
    fingerprint: str
    dev: int
    inode: int
    size: int
    kind: str                                  # movie | episode | sample | extra …
    slug: str | None = None
    notes: dict[str, list[str]] = field(default_factory=dict)   # problems, low_confidence


@dataclass
class MovieRecord:
    size: int
    mtime_ns: int
    front_hash: str
    summary: dict[str, Any]                    # {"files": [...], "ids": {...}, "missing": bool}


@dataclass
class FolderRecord:
    signature: str
    members: list[tuple[str, str]]             # (candidate key, fingerprint), in walk order


@dataclass
class Findings:
    """The last scan's problems and skipped files, by candidate key ("<root label>:<path>")."""
    problems: list[tuple[str, str | None, list[str]]] = field(default_factory=list)   # key, slug, lines
    skipped: list[tuple[str, str]] = field(default_factory=list)                      # key, kind


class ScanState:
    """The state in memory: loaded whole, changed in place, saved in one transaction."""

    def __init__(self, path: Path, settings_fingerprint: str) -> None:
        self.path = Path(path)
        self.settings_fingerprint = settings_fingerprint
        self.candidates: dict[str, CandidateRecord] = {}
        self.movies: dict[str, MovieRecord] = {}
        self.folders: dict[str, FolderRecord] = {}
        self._dirty_candidates: set[str] = set()
        self._dirty_movies: set[str] = set()
        self._dirty_folders: set[str] = set()
        self._replace_all = False

    # -- reading --------------------------------------------------------------------------
    @staticmethod
    def saved_bytes(cache_dir: Path) -> int:
        """The saved state's size (0: none), a hint of the library's size before any reading."""
        try:
            return (cache_path(cache_dir, "scan_state")).stat().st_size
        except OSError:
            return 0

    @classmethod
    def load(cls, cache_dir: Path, settings_fingerprint: str, *, fresh: bool = False) -> "ScanState":
        """The saved state, or an empty one when there is none, it is unreadable, or it was
        made with other settings (then everything is redone) or `fresh` is asked for."""
        path = cache_path(cache_dir, "scan_state")
        kept = in_memory.take(path, _wal(path))     # this process saved it last (`mkdocs serve`)
        if isinstance(kept, ScanState) and kept.settings_fingerprint == settings_fingerprint and not fresh:
            return kept
        state = cls(path, settings_fingerprint)
        state._replace_all = True
        if fresh or not os.path.lexists(state.path):
            return state
        try:
            with closing(_connect(state.path)) as db:
                meta = dict(db.execute("SELECT key, value FROM meta"))
                if meta.get("settings") != settings_fingerprint or meta.get("version") != str(STATE_VERSION):
                    return state
                for key, fp, dev, inode, size, kind, slug, notes in db.execute("SELECT * FROM candidates"):
                    state.candidates[key] = CandidateRecord(fp, dev, inode, size, kind, slug,
                                                            {} if notes == "{}" else json.loads(notes))
                for slug, size, mtime_ns, front_hash, summary in db.execute("SELECT * FROM movies"):
                    state.movies[slug] = MovieRecord(size, mtime_ns, front_hash, json.loads(summary))
                for key, signature, members in db.execute("SELECT * FROM folders"):
                    state.folders[key] = FolderRecord(signature, [(k, fp) for k, fp in json.loads(members)])
        except (sqlite3.Error, ValueError, TypeError) as exc:   # a damaged state costs one full scan
            set_aside(state.path, str(exc) or type(exc).__name__)
            state.candidates.clear()
            state.movies.clear()
            state.folders.clear()
            return state
        state._replace_all = False
        return state

    @staticmethod
    def findings(cache_dir: Path) -> "Findings | None":
        """What the last scan reported, read without loading the whole state: each
        candidate's problems with the slug it was stored under, and every candidate that
        was not a movie (an episode, an extra, a sample …) — for the health page. None when
        no scan left a state here (a site built from content/ alone)."""
        path = cache_path(cache_dir, "scan_state")
        if not path.exists():
            return None
        found = Findings()
        try:
            with closing(connect(path, read_only=True, timeout=30)) as db:
                rows = db.execute("SELECT key, kind, slug, notes FROM candidates WHERE kind != 'movie' OR notes != '{}' "
                                  "ORDER BY key").fetchall()
        except sqlite3.Error:
            return None
        for key, kind, slug, notes in rows:
            if kind != "movie":
                found.skipped.append((key, kind))
            try:
                problems = json.loads(notes).get("problems") or []
            except (ValueError, AttributeError):
                continue
            if problems:
                found.problems.append((key, slug, [str(p) for p in problems]))
        return found

    # -- changing -------------------------------------------------------------------------
    # A state changed since it was saved is no longer what its file holds: not kept in memory.
    def put_candidate(self, key: str, record: CandidateRecord) -> None:
        in_memory.forget(self.path)
        self.candidates[key] = record
        self._dirty_candidates.add(key)

    def drop_candidate(self, key: str) -> None:
        in_memory.forget(self.path)
        if self.candidates.pop(key, None) is not None:
            self._dirty_candidates.add(key)

    def put_movie(self, slug: str, record: MovieRecord) -> None:
        in_memory.forget(self.path)
        self.movies[slug] = record
        self._dirty_movies.add(slug)

    def drop_movie(self, slug: str) -> None:
        in_memory.forget(self.path)
        if self.movies.pop(slug, None) is not None:
            self._dirty_movies.add(slug)

    def put_folder(self, key: str, record: FolderRecord) -> None:
        if self.folders.get(key) != record:
            in_memory.forget(self.path)
            self.folders[key] = record
            self._dirty_folders.add(key)

    def drop_folder(self, key: str) -> None:
        in_memory.forget(self.path)
        if self.folders.pop(key, None) is not None:
            self._dirty_folders.add(key)

    # -- saving ---------------------------------------------------------------------------
    def save(self) -> None:
        """Write what changed (or everything, for a fresh state) in one transaction."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with closing(_connect(self.path)) as db:
            db.execute("BEGIN IMMEDIATE")
            if self._replace_all:
                db.execute("DELETE FROM candidates")
                db.execute("DELETE FROM movies")
                db.execute("DELETE FROM folders")
                self._dirty_candidates, self._dirty_movies = set(self.candidates), set(self.movies)
                self._dirty_folders = set(self.folders)
            db.executemany("INSERT OR REPLACE INTO meta VALUES (?, ?)",
                           [("settings", self.settings_fingerprint), ("version", str(STATE_VERSION))])
            _sync(db, "candidates", self._dirty_candidates, self.candidates, _candidate_row)
            _sync(db, "movies", self._dirty_movies, self.movies, _movie_row)
            _sync(db, "folders", self._dirty_folders, self.folders, _folder_row)
            db.execute("COMMIT")
        self._dirty_candidates, self._dirty_movies, self._dirty_folders = set(), set(), set()
        self._replace_all = False
        in_memory.keep(self.path, self, _wal(self.path))    # the next load in this process


def _wal(path: Path) -> str:
    return f"{path}-wal"


def _sync(db: sqlite3.Connection, table: str, dirty: Iterable[str], records: dict, row) -> None:
    keys = sorted(dirty)
    gone = [(k,) for k in keys if k not in records]
    db.executemany(f"DELETE FROM {table} WHERE {'slug' if table == 'movies' else 'key'} = ?", gone)
    kept = [row(k, records[k]) for k in keys if k in records]
    if kept:
        marks = ", ".join("?" * len(kept[0]))
        db.executemany(f"INSERT OR REPLACE INTO {table} VALUES ({marks})", kept)


def _candidate_row(key: str, r: CandidateRecord) -> tuple:
    return (key, r.fingerprint, r.dev, r.inode, r.size, r.kind, r.slug,
            json.dumps(r.notes, ensure_ascii=False, sort_keys=True))


def _movie_row(slug: str, r: MovieRecord) -> tuple:
    return (slug, r.size, r.mtime_ns, r.front_hash, json.dumps(r.summary, ensure_ascii=False, sort_keys=True))


def _folder_row(key: str, r: FolderRecord) -> tuple:
    return (key, r.signature, json.dumps(r.members, ensure_ascii=False))


def _connect(path: Path) -> sqlite3.Connection:
    return connect_cache_db(path, _setup, shared=True)


def _setup(db: sqlite3.Connection) -> None:
    db.execute("PRAGMA synchronous=NORMAL")
    db.executescript(_SCHEMA)
