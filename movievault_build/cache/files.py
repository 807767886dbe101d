"""The content-addressed file cache: files kept by key, rendered pages keyed by their
inputs, JSON files by their own bytes.

MkDocs copies them into site/ (site/handover.py), as hard links where it can: so a
cache file is written once, never changed in place, and sealed (cache/rules.py seal) so
that an edit through a link in site/ shows and the file is made again.
"""
from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import Any, Iterable, Mapping

from .keys import content_hash
from ..fsutil import atomic_write_bytes
from .layout import cache_path
from .rules import ready_cache_file, seal, sealed


class MissingCacheFiles(Exception):
    def __init__(self, paths: list[str]) -> None:
        super().__init__(f"{len(paths)} cached file(s) vanished or were changed in place during the build, "
                         f"e.g. {paths[0]}")
        self.paths = paths


def discard(cached: str | os.PathLike[str]) -> None:
    """A cache file that is not as written: out of the cache, so it is made again."""
    try:
        os.unlink(cached)
    except IsADirectoryError:
        shutil.rmtree(cached, ignore_errors=True)
    except OSError:
        pass


def sharded(key: str, suffix: str) -> str:
    """A keyed file's place under its cache folder (posix): one subfolder per first two
    characters, so no folder grows past a few thousand entries."""
    return f"{key[:2]}/{key}{suffix}"


class FileCache:
    """Files by key, under <root>/<k[:2]>/<key><suffix>: rendered pages keyed by their
    inputs, JSON files keyed by their own bytes. The memos a stage keeps beside them are
    found through `beside` (the cache table names each)."""

    def __init__(self, root: Path, suffix: str = ".html", cache_dir: Path | None = None) -> None:
        self.root = Path(root)
        self.cache_dir = Path(cache_dir) if cache_dir is not None else self.root.parent
        self._root = os.fspath(self.root)
        self.suffix = suffix
        self.checked: dict[str, os.stat_result] = {}     # path -> lstat, of the entries `has` found usable

    def path(self, key: str) -> str:
        # A string, not a Path: a warm build asks this for every page and file.
        return f"{self._root}{os.sep}{key[:2]}{os.sep}{key}{self.suffix}"

    def beside(self, name: str) -> Path:
        """Where the cache table keeps memo `name` of the same cache folder."""
        return cache_path(self.cache_dir, name)

    def key_of(self, path: str) -> str:
        return os.path.basename(path)[:-len(self.suffix)]

    def has(self, key: str) -> bool:
        """A usable entry: a regular file, not empty (entries are written without fsync, so a
        crash can leave an empty file under a real name) and sealed as written (site/ links
        to it: one edited in place there counts as missing, and is made again)."""
        path = self.path(key)
        try:
            st = os.lstat(path)
        except OSError:
            return False
        if not sealed(st):
            return False
        self.checked[path] = st          # site/handover.py need not look again
        return True

    def known(self, last: Any, digest: str | None) -> str | None:
        """The key of last build's file for an item, `last` being what the build noted of
        it, (input digest, key): the key when the digest is this build's too and the file
        is still here; otherwise None, and the item is made again."""
        if digest and isinstance(last, tuple) and len(last) == 2 and last[0] == digest and self.has(last[1]):
            return last[1]
        return None

    def write(self, key: str, data: bytes) -> str:
        """A new entry is written in place: until `seal` it counts as missing (`has`), so a
        write cut short is made again, and it is no file's link yet. Creating a file costs
        about 0.2 ms of system time here; the temp file, its rename and the checks around
        them half as much again, per page of a cold build. Whatever already stands at the
        key (a file site/ may link to, a folder …) is replaced atomically instead."""
        path = self.path(key)
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_CLOEXEC, 0o666)   # less the umask
        except OSError:              # there already, or the shard is not: the careful way
            ready_cache_file(path)
            atomic_write_bytes(path, data, durable=False)
        else:
            try:
                with open(fd, "wb") as fh:
                    fh.write(data)
            except BaseException:
                discard(path)
                raise
        seal(path)
        return path

    def put(self, data: bytes) -> str:
        """Store bytes under their own hash (once); returns the cache file."""
        key = content_hash(data)
        return self.path(key) if self.has(key) else self.write(key, data)

    def prune(self, keep: Iterable[str]) -> int:
        """Drop files this build did not use (old renders of changed pages)."""
        keep = set(keep)
        removed = 0
        try:
            shards = [e.path for e in os.scandir(self._root) if e.is_dir() and len(e.name) == 2]
        except OSError:
            return 0
        for shard in shards:
            with os.scandir(shard) as entries:
                for e in entries:
                    stale = e.name.startswith(".") and e.name.endswith(".tmp")   # a killed write's
                    if stale or (e.name.endswith(self.suffix) and e.name[:-len(self.suffix)] not in keep):
                        os.unlink(e.path)
                        removed += 1
        return removed


def store_files(cache: FileCache, data: Mapping[str, bytes], keep: Iterable[str] = ()) -> dict[str, str]:
    """Generated files (site path -> bytes) into the cache by content, for `place`: returns
    {site path: cache file}. The cache keeps only this build's files (and the `keep` keys:
    files this build reuses)."""
    stored = put_files(cache, data)
    prune_to(cache, stored, keep)
    return stored


def put_files(cache: FileCache, data: Mapping[str, bytes]) -> dict[str, str]:
    """Generated files (site path -> bytes) into the cache by content: {site path: cache file}."""
    return {rel: cache.put(content) for rel, content in data.items()}


def prune_to(cache: FileCache, stored: Mapping[str, str], keep: Iterable[str] = ()) -> None:
    """The cache keeps only the files `stored` ({site path: cache file}) and the `keep` keys."""
    cache.prune([*map(cache.key_of, stored.values()), *keep])


def file_cache(cache_dir: Path, name: str) -> FileCache:
    """The file cache `name` of the table ("pages": rendered pages, "files": JSON files)."""
    return FileCache(cache_path(cache_dir, name), SUFFIXES[name], cache_dir)


SUFFIXES = {"pages": ".html", "files": ".json"}
