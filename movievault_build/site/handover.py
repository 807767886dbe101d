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
    asking which plugin runs (tens of thousands of them, all ours), and cheaper: its
    source is a site path (POSIX, normal: never a path to convert or a Markdown page),
    so its destination is that path under site_dir, found without MkDocs' conversions.
    `cached_stat` is the cache file's lstat when it was checked (hand_over), so placing
    it under --dirty reads the file in site/ alone."""

    def __init__(self, config: MkDocsConfig, site_path: str, cached: str, site_dir: str | None = None,
                 cached_stat: os.stat_result | None = None) -> None:
        super().__init__(site_path, None, config.site_dir, config.use_directory_urls, dest_uri=site_path,
                         inclusion=InclusionLevel.NOT_IN_NAV)
        self.generated_by = "movievault"
        self.abs_src_path = cached
        self.cached_stat = cached_stat
        if site_dir is not None:            # os.path.normpath(site_dir), once for all the files
            self.abs_dest_path = site_dir + os.sep + site_path if os.sep == "/" else \
                os.path.normpath(os.path.join(site_dir, site_path))

    def is_documentation_page(self) -> bool:
        # An output is never a Markdown page to render. MkDocs asks every file this each
        # time it lists the pages (nine times a build, and once more as it copies): on
        # 22,700 outputs File's suffix test costs about 25 ms a time.
        return False

    @property
    def src_path(self) -> str:
        return os.path.normpath(self.src_uri)

    @src_path.setter
    def src_path(self, value: str) -> None:
        self.src_uri = value                 # a site path: POSIX already, no PurePath per file

    def copy_file(self, dirty: bool = False) -> None:
        source, dest = self.abs_src_path, self.abs_dest_path
        if dirty and self._in_place(source, dest, self.cached_stat):
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
    def _in_place(source: str, dest: str, known: os.stat_result | None = None) -> bool:
        try:
            have, want = os.stat(dest), known or os.stat(source)
        except FileNotFoundError:
            return False
        if (have.st_dev, have.st_ino) == (want.st_dev, want.st_ino):
            return True
        # On the cache's file system, another file is never in place: it is linked to a
        # cache file this build no longer keeps (a page rendered before a template edit,
        # an upgrade), and linking it again now spares every later build reading it.
        # A copy across file systems: cache files are sealed with one mtime, so size and
        # mtime alone do not tell two apart; a copy is in place only if its bytes match.
        if have.st_dev == want.st_dev or have.st_size != want.st_size or have.st_mtime_ns != want.st_mtime_ns:
            return False
        with open(source, "rb") as a, open(dest, "rb") as b:
            return a.read() == b.read()


def hand_over(files: Files, config: MkDocsConfig, outputs: Mapping[str, str],
              checked: Mapping[str, os.stat_result] | None = None) -> int:
    """Add each output (site path -> cache file) to `files`. A cache file that is gone or
    was changed in place (through a link in site/) is dropped from the cache and raises
    MissingCacheFiles before any is added, so the caller can make it again. `checked`:
    cache files this build already found usable (FileCache.checked), by their lstat."""
    missing = []
    known = checked or {}
    stats: dict[str, os.stat_result] = {}
    for rel, cached in outputs.items():
        try:
            st = stats[rel] = known.get(cached) or os.lstat(cached)
            ok = sealed(st)
        except FileNotFoundError:
            ok = False
        if not ok:
            discard(cached)
            missing.append(os.fspath(cached))
    if missing:
        raise MissingCacheFiles(missing)
    site_dir = os.path.normpath(config.site_dir)
    for rel, cached in outputs.items():
        add_file(files, CachedFile(config, rel, os.fspath(cached), site_dir, stats[rel]))
    return len(outputs)
