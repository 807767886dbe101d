"""The site's folders made ahead, on another core, while the build plans and renders.

A clean build hands MkDocs tens of thousands of cached outputs (site/handover.py) into a
site/ that MkDocs has just emptied, and each of their ~11,000 folders at 10,000 movies is
made again as the first file lands in it: on ext4 a `mkdir` costs 0.1–0.4 ms of kernel
time (more just after MkDocs removed as many), one to four seconds in all. The folders the
last build's outputs went to are noted in the cache (`note`); the next clean build makes
them in a forked child from its first event on (`make_ahead`), so MkDocs' copy finds them
there. The copy does not wait for the child: where the child has not got to a folder yet,
the copy makes it (each side takes one that exists as made), and the child works from the
end of the listing while the copy starts near its beginning, so the two share the rest
instead of doing it twice. Folders made for outputs the build no longer has are removed
again once MkDocs has written the site (`Ahead.tidy`, after `wait`), so the site is the
clean build's to the folder.
"""
from __future__ import annotations

import marshal
import os
from pathlib import Path
from typing import Callable, Iterable

from ..cache.rules import read_cache_file, ready_cache_file, set_aside
from ..fsutil import atomic_write_bytes
from ..process.forked import can_fork, in_background

LIMIT = 64 << 20        # a listing larger than this is not ours


class Ahead:
    def __init__(self, made: list[str], done: Callable[[], int]) -> None:
        self.made = made        # the folders asked for, relative to site_dir
        self.done = done        # waits for the child

    @classmethod
    def none(cls) -> "Ahead":
        return cls([], lambda: 0)

    def wait(self) -> None:
        self.done()

    def tidy(self, site_dir: str, used: Iterable[str]) -> int:
        """Remove the folders made ahead that are not among `used` (this build's, as
        `folders_of` lists them), if they are still empty; deepest first. Returns how many
        were removed."""
        removed = 0
        for rel in sorted(set(self.made).difference(used), key=lambda r: -r.count("/")):
            try:
                os.rmdir(os.path.join(site_dir, rel))
                removed += 1
            except OSError:         # it holds a file (MkDocs' own, or an output deeper down), or is gone
                pass
        return removed


def make_ahead(site_dir: str, listing: Path) -> Ahead:
    """Start making the folders `listing` names under site_dir (just emptied by MkDocs)."""
    folders = read_listing(listing)
    if not folders or not can_fork():    # made here, they would only be made before MkDocs' copy would
        return Ahead.none()
    # From the end: MkDocs' copy starts with the theme's files and the first outputs.
    return Ahead(folders, in_background(lambda: _make(site_dir, folders[::-1])))


def folders_of(outputs: Iterable[str]) -> list[str]:
    """The folders outputs (site paths) go to, sorted: a folder before the ones inside it."""
    return sorted({rel.rsplit("/", 1)[0] for rel in outputs if "/" in rel})


def note(listing: Path, folders: list[str]) -> None:
    """Remember this build's folders (`folders_of`) for the next build."""
    data = marshal.dumps(folders)
    ready_cache_file(listing)
    try:
        if listing.read_bytes() == data:
            return
    except OSError:
        pass
    atomic_write_bytes(listing, data, durable=False)


def read_listing(listing: Path) -> list[str]:
    """The folders a listing names, each a plain relative path; a damaged or foreign
    listing names none (the build then makes folders as files land, as it always could)."""
    data = read_cache_file(listing, LIMIT)
    if not data:
        return []
    try:
        folders = marshal.loads(data)
    except (EOFError, ValueError, TypeError):
        folders = None
    if not isinstance(folders, list) or not all(isinstance(f, str) and _plain(f) for f in folders):
        set_aside(listing, "not a list of the site's folders")
        return []
    return folders


def _plain(rel: str) -> bool:
    # Never outside site_dir, never through a name MkDocs' clean leaves alone (a hidden
    # entry could be a link elsewhere).
    parts = rel.split("/")
    return all(p and not p.startswith(".") and "\\" not in p and "\0" not in p for p in parts)


def _make(site_dir: str, folders: list[str]) -> int:
    made = 0
    for rel in folders:
        path = os.path.join(site_dir, rel)
        try:
            os.mkdir(path)
        except FileExistsError:              # made by MkDocs' copy meanwhile, or a parent made below
            continue
        except FileNotFoundError:            # its parent is not there yet: made with it
            try:
                os.makedirs(path, exist_ok=True)
            except OSError:
                return made
        except OSError:          # site/ not writable: MkDocs' own copy says so, in its words
            return made
        made += 1
    return made
