"""Content-addressed store of encoded image variants, plus a small manifest.

A variant's key is the source bytes' hash plus the fingerprint of the settings that
shape *that* file (format, width, quality, effort): changing the WebP quality misses
only WebP files. Files live at `<dir>/<hh>/<key>.<ext>` and are written atomically,
so parallel workers and interrupted runs never leave a half file under a real name.

The manifest (SQLite, safe for several processes) remembers each source's upright size
and placeholder, or why it could not be read. With it a warm run plans every variant
from the hash alone and never decodes an image.
"""
from __future__ import annotations

import os
import sqlite3
import tempfile
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable

from ..cache.db import connect_cache_db
from ..cache.files import sharded
from ..cache.layout import within
from ..cache.rules import ready_cache_file, seal, sealed
from ..log import get_logger

log = get_logger(__name__)

MANIFEST = within("images", "image_manifest")      # the cache room's table says where
_SCHEMA = """
CREATE TABLE IF NOT EXISTS sources (
    hash TEXT NOT NULL, decoder TEXT NOT NULL,
    width INTEGER, height INTEGER, placeholder TEXT, blur TEXT, error TEXT,
    PRIMARY KEY (hash, decoder));
CREATE TABLE IF NOT EXISTS masters (
    path TEXT PRIMARY KEY, size INTEGER NOT NULL, mtime_ns INTEGER NOT NULL, hash TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS site_art (key TEXT PRIMARY KEY, data BLOB NOT NULL)
"""


PUBLIC = 0o644     # rw-r--r--: variants are published, so readable by a web server whatever the umask


def _setup(db: sqlite3.Connection) -> None:
    # WAL comes with the shared connection (cache/db.py). Each source's row is its own
    # commit (workers write as they finish); in WAL mode NORMAL skips the fsync per commit,
    # which cost more wall time than a photo's encode. A power cut can lose the last rows,
    # never corrupt the file: a lost row only means that image is decoded again next build.
    db.execute("PRAGMA synchronous=NORMAL")
    db.executescript(_SCHEMA)


@dataclass(frozen=True)
class SourceInfo:
    """What decoding a source once taught us (or `error`, why it failed)."""
    width: int = 0
    height: int = 0
    placeholder: str = ""
    error: str | None = None


class VariantCache:
    def __init__(self, dir: str | os.PathLike[str]):
        self.dir = Path(dir)
        self._dir = os.fspath(self.dir)      # joined as a str: asked for every variant of every build
        self.dir.mkdir(parents=True, exist_ok=True)
        self._db: sqlite3.Connection | None = None
        self._sources: dict[tuple[str, str], SourceInfo] | None = None
        self.counts: Counter[str] = Counter()      # hits, misses, encoded, decoded, failed
        self.bytes_by_format: Counter[str] = Counter()   # bytes written this run

    # Connections do not cross process boundaries; a worker reopens its own.
    def __getstate__(self) -> dict:
        return {"dir": self.dir}

    def __setstate__(self, state: dict) -> None:
        self.__init__(state["dir"])

    def _conn(self) -> sqlite3.Connection:
        if self._db is None:
            self._db = connect_cache_db(self.dir / MANIFEST, _setup, shared=True)
        return self._db

    def close(self) -> None:
        if self._db is not None:
            self._db.close()
            self._db = None

    # -- manifest ------------------------------------------------------------------------

    def source_info(self, source_hash: str, decoder: str) -> SourceInfo | None:
        # Read the whole manifest once (a warm build asks about every image); a hash it
        # lacks may have been recorded since by a worker, so that one is looked up.
        if self._sources is None:
            self._sources = {(h, d): SourceInfo(*rest) for h, d, *rest in self._conn().execute(
                "SELECT hash, decoder, width, height, placeholder, error FROM sources")}
        if (source_hash, decoder) in self._sources:
            return self._sources[(source_hash, decoder)]
        row = self._conn().execute(
            "SELECT width, height, placeholder, error FROM sources WHERE hash=? AND decoder=?",
            (source_hash, decoder)).fetchone()
        return SourceInfo(*row) if row else None

    def record_source(self, source_hash: str, decoder: str, info: SourceInfo) -> None:
        if self._sources is not None:
            self._sources[(source_hash, decoder)] = info
        # `blur` (a 16 px WebP the site never showed) is no longer made; the column stays
        # so that manifests written before open as they are.
        self._conn().execute(
            "INSERT OR REPLACE INTO sources VALUES (?, ?, ?, ?, ?, NULL, ?)",
            (source_hash, decoder, info.width, info.height, info.placeholder, info.error))

    def master_hashes(self) -> dict[str, tuple[int, int, str]]:
        """path -> (size, mtime_ns, content hash) of the stored masters seen before, so a
        build hashes (and reads) only images that changed since."""
        rows = self._conn().execute("SELECT path, size, mtime_ns, hash FROM masters")
        return {path: (size, mtime, h) for path, size, mtime, h in rows}

    def remember_masters(self, rows: list[tuple[str, int, int, str]], forget: Iterable[str] = ()) -> None:
        """Record (path, size, mtime_ns, hash) rows; drop the paths in `forget` (gone masters)."""
        db = self._conn()
        with db:
            db.execute("BEGIN")
            db.executemany("INSERT OR REPLACE INTO masters VALUES (?, ?, ?, ?)", rows)
            db.executemany("DELETE FROM masters WHERE path=?", [(p,) for p in forget])

    def site_art(self, key: str) -> bytes | None:
        """The site's artwork as built last time from exactly these inputs (site/artwork.py)."""
        row = self._conn().execute("SELECT data FROM site_art WHERE key=?", (key,)).fetchone()
        return row[0] if row else None

    def remember_site_art(self, key: str, data: bytes) -> None:
        """One entry only: the latest build's."""
        db = self._conn()
        with db:
            db.execute("BEGIN")
            db.execute("DELETE FROM site_art")
            db.execute("INSERT INTO site_art VALUES (?, ?)", (key, data))

    def forget_site_art(self) -> None:
        self._conn().execute("DELETE FROM site_art")

    # -- variant files -------------------------------------------------------------------

    @staticmethod
    def relpath(key: str, ext: str) -> str:
        return sharded(key, f".{ext}")

    def path(self, relpath: str) -> Path:
        return Path(os.path.join(self._dir, relpath))

    def size(self, relpath: str) -> int | None:
        """Size of a stored variant, or None when absent: an empty file, anything but a
        regular file, or one changed since it was written (site/img links to it) counts as
        absent and is encoded again."""
        try:
            st = os.lstat(os.path.join(self._dir, relpath))
        except OSError:
            return None
        return st.st_size if sealed(st) else None

    def write(self, relpath: str, data: bytes, fmt: str) -> None:
        target = self.dir / relpath
        target.parent.mkdir(parents=True, exist_ok=True)
        ready_cache_file(target)
        fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=".", suffix=".tmp")
        try:
            with os.fdopen(fd, "wb") as fh:
                fh.write(data)
                os.fchmod(fh.fileno(), PUBLIC)      # site/img links to it: readable by the web server
            seal(tmp)
            os.replace(tmp, target)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
        self.counts["encoded"] += 1
        self.bytes_by_format[fmt] += len(data)

    # -- counters --------------------------------------------------------------------------

    def count(self, name: str, n: int = 1) -> None:
        self.counts[name] += n

    def merge_stats(self, other: dict) -> None:
        """Add a worker's `stats()` to ours."""
        for name in ("hits", "misses", "encoded", "decoded", "failed"):
            self.counts[name] += other.get(name, 0)
        self.bytes_by_format.update(other.get("bytes", {}))

    def stats(self) -> dict:
        out = {name: self.counts[name] for name in ("hits", "misses", "encoded", "decoded", "failed")}
        out["bytes"] = dict(self.bytes_by_format)
        return out

    # -- pruning -----------------------------------------------------------------------------

    def prune(self, keep: set[str]) -> tuple[int, int]:
        """Delete stored variants whose relpath (or key) is not in `keep`, and leftover
        temp files. Returns (files removed, bytes freed)."""
        files = freed = 0
        self.forget_site_art()        # it names variant files; some may go now
        for sub in self.dir.iterdir():
            if not sub.is_dir():
                continue
            for f in sub.iterdir():
                rel = f"{sub.name}/{f.name}"
                if rel in keep or f.name.split(".", 1)[0] in keep:
                    continue
                try:
                    size = f.stat().st_size
                    f.unlink()
                except OSError as exc:
                    log.warning("cannot remove %s: %s", f, exc)
                    continue
                files += 1
                freed += size
            if not any(sub.iterdir()):
                sub.rmdir()
        return files, freed
