"""Keep the plugin's output in site/ from one build to the next.

MkDocs empties site_dir at the start of every build and writes everything again. For
the tens of thousands of pages, images and JSON files a library publishes, that churn
(deleting, re-creating folders, linking every file) costs more than rendering does at
10,000 movies. So the folders the plugin writes into are moved aside before MkDocs'
clean (one rename each), moved back after it, and reconciled against what this build
produces: files it does not produce are removed before anything is written (so every
file MkDocs or another plugin writes there is created afresh, never through a link into
our caches), and each output is linked from its cache only when the file in place is
not already that very cache file. The result is the tree a clean build would make.

When site_dir and the cache are on different file systems (a tmpfs `mkdocs serve` builds
into, say), the folders wait beside site_dir instead, outputs are copied rather than linked,
and a copy stays while it is the same cache file's. Where even that rename fails, the
folders are left for MkDocs to clean and every output is placed again.
"""
from __future__ import annotations

import errno
import hashlib
import json
import os
import shutil
from pathlib import Path
from typing import Iterable, Mapping

from ..cache.files import FileCache, store_files  # noqa: F401 (where the site's callers find them)
from ..cache.rules import read_cache_file, sealed
from ..fsutil import atomic_write_bytes
from ..log import get_logger

log = get_logger("output")


class MissingCacheFiles(Exception):
    def __init__(self, paths: list[str]) -> None:
        super().__init__(f"{len(paths)} cached file(s) vanished or were changed in place during the build, "
                         f"e.g. {paths[0]}")
        self.paths = paths


class OutputTree:
    def __init__(self, site_dir: Path, keep_root: Path, folders: Iterable[str]) -> None:
        self.site_dir = Path(site_dir)
        tag = hashlib.sha256(str(self.site_dir.resolve()).encode()).hexdigest()[:16]
        self.keep = Path(keep_root) / tag          # one per site_dir (build and serve differ)
        # A rename cannot cross file systems: when site_dir is on another one than the cache
        # (a tmpfs `mkdocs serve` builds into), the folders wait beside site_dir instead.
        self.beside = self.site_dir.parent / f".{self.site_dir.name}.movievault-keep"
        self.folders = sorted(set(folders))
        self._dirs: set[str] = set()
        # Copies (no hard link across file systems) are told apart by which cache file each
        # one was copied from, noted here; inode equality does the same for links.
        self.copies_note = Path(keep_root) / f"{tag}.copies.json"

    def set_aside(self) -> None:
        """Before MkDocs cleans site_dir: move our folders out of its way."""
        for leftover in (self.keep, self.beside):       # left by a build that failed midway
            if leftover.exists():
                shutil.rmtree(leftover, ignore_errors=True)
        for folder in self.folders:
            src = self.site_dir / folder
            if not src.is_dir() or src.is_symlink():
                continue
            try:
                self._move_aside(src, folder)
            except OSError as exc:
                log.debug("cannot keep %s across the clean (%s); it will be rebuilt", folder, exc)

    def _move_aside(self, src: Path, folder: str) -> None:
        try:
            self.keep.mkdir(parents=True, exist_ok=True)
            os.rename(src, self.keep / folder)
        except OSError as exc:
            if exc.errno != errno.EXDEV or self.keep == self.beside:
                raise
            if any(self.keep.iterdir()):                 # folders already moved stay together
                raise
            self.keep.rmdir()
            self.keep = self.beside
            self._move_aside(src, folder)

    def bring_back(self, expected: Iterable[str]) -> int:
        """After the clean: restore the folders and remove every file in them that is not
        in `expected` (site paths). Returns how many files were removed."""
        self.site_dir.mkdir(parents=True, exist_ok=True)
        for folder in self.folders:
            kept = self.keep / folder
            if not kept.is_dir():
                continue
            dest = self.site_dir / folder
            if dest.exists():
                shutil.rmtree(kept, ignore_errors=True)
                continue
            try:
                os.rename(kept, dest)
            except OSError as exc:
                log.debug("cannot restore %s (%s); it will be rebuilt", folder, exc)
                shutil.rmtree(kept, ignore_errors=True)
        shutil.rmtree(self.keep, ignore_errors=True)
        return self._prune(set(expected))

    def _prune(self, expected: set[str]) -> int:
        removed = 0
        for folder in self.folders:
            root = os.path.join(self.site_dir, folder)
            if os.path.isdir(root) and not os.path.islink(root):
                n, empty = _prune_folder(root, folder, expected)
                removed += n
                if empty:
                    os.rmdir(root)
        return removed

    def remove(self, rels: Iterable[str]) -> None:
        """Files of the last build this one no longer makes, found after the prune."""
        for rel in rels:
            try:
                os.unlink(os.path.join(self.site_dir, rel))
            except FileNotFoundError:
                pass

    def place(self, outputs: Mapping[str, str | os.PathLike[str]]) -> int:
        """Link each output (site path -> cache file) into site_dir unless the file in place
        already is that cache file. Returns how many were linked or copied. A cache file
        that is gone (a cache cleared during the build) raises MissingCacheFiles once the
        rest are placed."""
        placed = 0
        copies = self._read_copies()
        copied: dict[str, str] = {}
        missing: list[str] = []
        site = os.fspath(self.site_dir)
        for rel, cached in outputs.items():
            dest = os.path.join(site, rel)     # strings: this runs for every output of every build
            try:
                want = os.lstat(cached)
            except FileNotFoundError:
                missing.append(os.fspath(cached))
                continue
            if not sealed(want):               # changed in place since it was written: never served
                _discard(cached)
                missing.append(os.fspath(cached))
                continue
            try:
                have = os.stat(dest)
                if have.st_dev == want.st_dev and have.st_ino == want.st_ino:
                    continue
                if copies.get(rel) == os.fspath(cached) and (have.st_size, have.st_mtime_ns) == \
                        (want.st_size, want.st_mtime_ns):
                    copied[rel] = copies[rel]
                    continue
                os.unlink(dest)
            except FileNotFoundError:
                pass
            parent = os.path.dirname(dest)
            if parent not in self._dirs:
                os.makedirs(parent, exist_ok=True)
                self._dirs.add(parent)
            try:
                os.link(cached, dest)            # a hard link costs no copy
            except OSError:
                shutil.copy2(cached, dest)       # across file systems (copy2 keeps the mtime)
                copied[rel] = os.fspath(cached)
            placed += 1
        if copied != copies:
            self._write_copies(copied)
        if missing:
            raise MissingCacheFiles(missing)
        return placed

    def _read_copies(self) -> dict[str, str]:
        data = read_cache_file(self.copies_note, 1 << 30)
        try:
            found = json.loads(data) if data else {}
        except ValueError:
            return {}
        return found if isinstance(found, dict) else {}

    def _write_copies(self, copied: dict[str, str]) -> None:
        if copied:
            atomic_write_bytes(self.copies_note, json.dumps(copied).encode(), durable=False)
        else:
            self.copies_note.unlink(missing_ok=True)


def _discard(cached: str | os.PathLike[str]) -> None:
    """A cache file that is not as written: out of the cache, so it is made again."""
    try:
        os.unlink(cached)
    except IsADirectoryError:
        shutil.rmtree(cached, ignore_errors=True)
    except OSError:
        pass


def _prune_folder(path: str, rel: str, expected: set[str]) -> tuple[int, bool]:
    """Remove what `expected` lacks under one folder, and folders left empty (a clean build
    has none). Returns (entries removed, whether the folder is now empty)."""
    removed = kept = 0
    with os.scandir(path) as it:
        entries = list(it)
    for entry in entries:
        name = f"{rel}/{entry.name}"
        if entry.is_dir(follow_symlinks=False):
            n, empty = _prune_folder(entry.path, name, expected)
            removed += n
            if empty:
                os.rmdir(entry.path)
            else:
                kept += 1
        elif name in expected and not entry.is_symlink():
            kept += 1
        else:
            os.unlink(entry.path)
            removed += 1
    return removed, kept == 0
