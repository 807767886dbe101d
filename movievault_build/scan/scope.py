"""A targeted scan's reach: the folders it lists, and so the movies it may find gone.

The watch daemon and the Radarr webhook know which folders changed; a scan of only those
lists them alone instead of every folder of every root. Everything outside the scope is
left exactly as the last scan recorded it: never marked missing, never forgotten.

    >>> scope = Scope.of([Path("/lib")], [(Path("/lib/Heat (1995)"), True)])
    >>> scope.holds_file("lib:Heat (1995)/Heat.mkv"), scope.holds_file("lib:Alien (1979)/Alien.mkv")
    (True, False)

A folder is widened to the movie it belongs to: a change inside `Heat/VIDEO_TS` is a
change of the disc folder `Heat`. A folder under one MovieVault never reads (an `extras`
folder, a folder with `.nomedia`) is dropped, and so is one outside every root.
"""
from __future__ import annotations

import os
import posixpath
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Iterator, Mapping

from ..discover.walk import IGNORE_MARKERS, Listing, Problem, disc_kind, list_subtree, skip_folder


@dataclass(frozen=True)
class Reach:
    root: Path
    label: str
    rel: str            # the folder under the root, posix; "" is the root itself
    recursive: bool     # its sub-folders too (a folder created, moved or deleted)


class Scope:
    def __init__(self, reaches: Iterable[Reach], outside: Iterable[str] = ()) -> None:
        self.reaches = _without_nested(reaches)
        self.outside = tuple(outside)          # paths under no root (named in the report)
        # Only reaches under a root that is there count (asked once: every stored movie is asked about).
        self._by_label: dict[str, list[Reach]] = {}
        for r in self.reaches:
            if r.root.is_dir():
                self._by_label.setdefault(r.label, []).append(r)

    @classmethod
    def of(cls, roots: Iterable[Path], folders: Iterable[tuple[Path, bool]],
           labels: Mapping[Path, str] | None = None) -> "Scope":
        """The scope of (folder, recursive) pairs; `labels` as slugs.root_labels gives them."""
        roots = list(roots)
        labels = labels or {r: (r.name or "library") for r in roots}
        reaches, outside = [], []
        for folder, recursive in folders:
            found = _place(roots, Path(folder))
            if found is None:
                outside.append(os.fspath(folder))
                continue
            root, parts = found
            reach = _widen(root, labels[root], parts, recursive)
            if reach is not None:
                reaches.append(reach)
        return cls(reaches, outside)

    def __bool__(self) -> bool:
        return bool(self.reaches)

    def __repr__(self) -> str:
        return f"Scope({', '.join(self.describe())})"

    def describe(self) -> list[str]:
        return [f"{r.label}:{r.rel or '.'}{'/…' if r.recursive else ''}" for r in self.reaches]

    def listings(self) -> Iterator[Listing | Problem]:
        """The scope's folders as the walk lists them; a root that is not there lists nothing
        (a network share away: its movies stay as they were)."""
        for r in self.reaches:
            if r.root.is_dir():
                yield from list_subtree(r.root, r.root / r.rel if r.rel else r.root, r.recursive)

    def holds_file(self, key: str) -> bool:
        """Whether a candidate key or file key (`label:rel/path`) lies in the scope."""
        label, _, rel = key.partition(":")
        return any(_within(r, posixpath.dirname(rel)) for r in self._by_label.get(label, ()))

    def holds_folder(self, key: str) -> bool:
        label, _, rel = key.partition(":")
        return any(_within(r, rel) for r in self._by_label.get(label, ()))


def _within(reach: Reach, folder: str) -> bool:
    if folder == reach.rel:
        return True
    return reach.recursive and (reach.rel == "" or folder.startswith(reach.rel + "/"))


def _place(roots: list[Path], folder: Path) -> tuple[Path, list[str]] | None:
    """The root holding `folder` (the deepest, when roots nest) and the parts below it."""
    target = os.path.abspath(folder)
    best = None
    for root in roots:
        base = os.path.abspath(root)
        if target == base or target.startswith(base.rstrip(os.sep) + os.sep):
            if best is None or len(base) > len(os.path.abspath(best)):
                best = root
    if best is None:
        return None
    rel = os.path.relpath(target, os.path.abspath(best))
    return best, [] if rel == "." else rel.split(os.sep)


def _widen(root: Path, label: str, parts: list[str], recursive: bool) -> Reach | None:
    """Walk down from the root as the full walk would: stop at a disc folder (the movie),
    give up under a folder the walk skips or that holds an ignore marker."""
    here = root
    for depth, name in enumerate(parts):
        if skip_folder(name):
            return None
        here = here / name
        kind = _listing_kind(here)
        if kind == "ignored":
            return None
        if kind == "disc":
            return Reach(root, label, "/".join(parts[:depth + 1]), True)
    return Reach(root, label, "/".join(parts), recursive)


def _listing_kind(folder: Path) -> str | None:
    try:
        with os.scandir(folder) as it:
            entries = list(it)
    except OSError:
        return None            # gone: its movies go with it
    names = [e.name for e in entries]
    if any(n in IGNORE_MARKERS for n in names):
        return "ignored"
    dirs = [e.name for e in entries if _is_dir(e)]
    return "disc" if disc_kind(dirs, tuple(n for n in names if n not in dirs)) else None


def _is_dir(entry: os.DirEntry) -> bool:
    try:
        return entry.is_dir(follow_symlinks=True)
    except OSError:
        return False


def _without_nested(reaches: Iterable[Reach]) -> tuple[Reach, ...]:
    """Drop repeats and reaches inside another, recursive one."""
    unique = list(dict.fromkeys(reaches))
    out = []
    for r in unique:
        covered = any(o is not r and o.label == r.label and o.recursive and
                      (o.rel == "" or r.rel.startswith(o.rel + "/") or (o.rel == r.rel and not r.recursive))
                      for o in unique)
        if not covered:
            out.append(r)
    return tuple(sorted(out, key=lambda r: (r.label, r.rel)))
