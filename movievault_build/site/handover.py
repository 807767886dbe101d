"""Hand the plugin's outputs to MkDocs as files of the site.

Tens of thousands of rendered pages, image variants and JSON documents sit in our caches
(cache/files.py) when MkDocs starts writing site/. Each becomes a `CachedFile` in the
build's `Files`, so MkDocs writes it, cleans it and knows it like any other file; its copy
is a hard link to the cache file (no bytes copied), or a real copy where site_dir is on
another file system. Under `mkdocs build --dirty` a file already in place — the same
cache file, or a copy of it — is left alone.
"""
from __future__ import annotations

import os
import shutil
from typing import Mapping

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files, InclusionLevel

from ..cache.rules import sealed
from ..cache.files import MissingCacheFiles, discard
from .generated import add_file


class CachedFile(File):
    """A site file whose bytes are a cache file, placed by a hard link where it can be.
    Made as `File.generated(config, site_path, abs_src_path=cached)` makes a file, without
    asking which plugin runs (tens of thousands of them, all ours)."""

    def __init__(self, config: MkDocsConfig, site_path: str, cached: str) -> None:
        super().__init__(site_path, None, config.site_dir, config.use_directory_urls,
                         inclusion=InclusionLevel.NOT_IN_NAV)
        self.generated_by = "movievault"
        self.abs_src_path = cached

    def copy_file(self, dirty: bool = False) -> None:
        source, dest = self.abs_src_path, self.abs_dest_path
        if dirty and self._in_place(source, dest):
            return
        try:
            os.link(source, dest)
        except FileExistsError:              # --dirty: last build's file, another cache file's
            os.unlink(dest)
            self.copy_file()
        except FileNotFoundError:
            if not os.path.isfile(source):
                raise
            os.makedirs(os.path.dirname(dest), exist_ok=True)
            self._link_or_copy(source, dest)
        except OSError:                      # another file system
            shutil.copy2(source, dest)       # copy2 keeps the mtime: `_in_place` knows the copy

    @staticmethod
    def _link_or_copy(source: str, dest: str) -> None:
        try:
            os.link(source, dest)
        except OSError:
            shutil.copy2(source, dest)

    @staticmethod
    def _in_place(source: str, dest: str) -> bool:
        try:
            have, want = os.stat(dest), os.stat(source)
        except FileNotFoundError:
            return False
        if (have.st_dev, have.st_ino) == (want.st_dev, want.st_ino):
            return True
        # A copy across file systems: cache files are sealed with one mtime, so size and
        # mtime alone do not tell two apart; a copy is in place only if its bytes match.
        if have.st_size != want.st_size or have.st_mtime_ns != want.st_mtime_ns:
            return False
        with open(source, "rb") as a, open(dest, "rb") as b:
            return a.read() == b.read()


def hand_over(files: Files, config: MkDocsConfig, outputs: Mapping[str, str]) -> int:
    """Add each output (site path -> cache file) to `files`. A cache file that is gone or
    was changed in place (through a link in site/) is dropped from the cache and raises
    MissingCacheFiles before any is added, so the caller can make it again."""
    missing = []
    for cached in outputs.values():
        try:
            ok = sealed(os.lstat(cached))
        except FileNotFoundError:
            ok = False
        if not ok:
            discard(cached)
            missing.append(os.fspath(cached))
    if missing:
        raise MissingCacheFiles(missing)
    for rel, cached in outputs.items():
        add_file(files, CachedFile(config, rel, os.fspath(cached)))
    return len(outputs)
