"""Write NFOs for stored movies that have none: content/ + the library roots -> `.nfo`
files beside the videos, named and shaped for the chosen media server.

An existing NFO is the user's (or their media server's): it is never replaced unless
asked (`overwrite`), and then it is backed up first and rewritten under its own name.
"""
from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable

from ..slugs import roots_by_label   # the scan's names for the roots
from ..errors import ReadError
from ..fsutil import atomic_write_text, inside, relative_inside
from ..identify.nfo import nfo_candidates
from ..log import safe_path
from ..model import Movie
from ..settings import ScanSettings
from ..store import library
from .build import FORMATS, build_nfo
from .files import backup, disc_dirs, is_mixed_folder, nfo_target, unified_diff

_URL_PREFIXES = ("http://", "https://", "ftp://", "smb://", "nfs://", "plugin://")


@dataclass
class WriteReport:
    written: list[str] = field(default_factory=list)    # NFO paths (would be) written
    skipped: list[str] = field(default_factory=list)    # "slug: reason"
    problems: list[str] = field(default_factory=list)
    diffs: list[str] = field(default_factory=list)

    def summary(self, dry_run: bool = False) -> str:
        verb = "would be written" if dry_run else "written"
        return (f"{len(self.written)} NFO(s) {verb}, {len(self.skipped)} skipped, "
                f"{len(self.problems)} problem(s)")


def write_missing(settings: ScanSettings, slugs: Iterable[str] = (), *, flavour: str | None = None,
                  overwrite: bool | None = None, dry_run: bool = False) -> WriteReport:
    """Write an NFO for every stored movie (or those in `slugs`) that has none."""
    flavour = flavour or settings.nfo_format
    overwrite = settings.nfo_overwrite if overwrite is None else overwrite
    if flavour not in FORMATS:
        raise ValueError(f"unknown NFO format {flavour!r}")
    report = WriteReport()
    movies, problems = library.load_movies(settings.content_dir)
    report.problems.extend(problems)
    wanted = list(dict.fromkeys(slugs))
    by_slug = {m.slug: m for m in movies}
    for slug in wanted:
        if slug not in by_slug:
            report.problems.append(f"{slug}: no such movie in {settings.movies_dir}")
    roots = roots_by_label(settings.roots)
    for movie in movies:
        if wanted and movie.slug not in wanted:
            continue
        try:
            _write_one(movie, roots, flavour, overwrite, dry_run, report)
        except (OSError, ReadError, ValueError) as exc:
            report.problems.append(f"{movie.slug}: {exc}")
    return report


def _write_one(movie: Movie, roots: dict[str, Path], flavour: str, overwrite: bool,
               dry_run: bool, report: WriteReport) -> None:
    if movie.missing or not movie.files:
        report.skipped.append(f"{movie.slug}: not on disk")
        return
    first = movie.files[0]
    root = roots.get(first.root)
    if root is None or not root.is_dir():
        report.skipped.append(f"{movie.slug}: library {first.root!r} is not available")
        return
    video = root / first.path
    folder = (disc_dirs(video, first.container) or (None, video.parent))[1]
    mixed = is_mixed_folder(folder, [root / f.path for f in movie.files])
    planned = nfo_target(video, flavour, first.container, mixed)
    existing = _existing_nfo(video) or (planned if planned.is_file() else None)
    if existing is not None and not overwrite:
        report.skipped.append(f"{movie.slug}: has {existing}")
        return
    target = existing or planned
    if not relative_inside(first.path) or not inside(root, target):
        # content/ is committed: a content file's path may lead anywhere, and so may a
        # symlinked folder or NFO in the library. An NFO is written inside a root or not at all.
        report.skipped.append(f"{movie.slug}: {safe_path(target)} is not inside its library root; not written")
        return
    if os.path.lexists(target) and not target.is_file():
        report.skipped.append(f"{movie.slug}: {safe_path(target)} is not a regular file; not written")
        return
    text = build_nfo(nfo_metadata(movie, root, target, flavour), flavour)
    old = target.read_text("utf-8", "replace") if target.exists() else ""
    if old == text:
        report.skipped.append(f"{movie.slug}: {target} is up to date")
        return
    report.written.append(str(target))
    if dry_run:
        report.diffs.append(unified_diff(target, old, text))
        return
    if target.exists():
        backup(target)
    atomic_write_text(target, text)


def _existing_nfo(video: Path) -> Path | None:
    return next((p for p in nfo_candidates(video) if p.is_file()), None)


def nfo_metadata(movie: Movie, root: Path, target: Path, flavour: str) -> dict[str, Any]:
    """The movie's metadata with local image paths made usable from the NFO: relative to
    its folder for Kodi and Plex (Kodi resolves those), absolute for Jellyfin and Emby
    (which drop anything that is not an absolute URI, nfo-format.md section 6.4)."""
    meta = movie.metadata()
    images = []
    for image in meta.get("images") or ():
        src = image.get("src")
        if not src:
            continue
        if not src.startswith(_URL_PREFIXES) and not os.path.isabs(src):
            local = root / src
            if not relative_inside(src) or not local.exists():
                continue
            src = str(local) if flavour in ("jellyfin", "emby") else os.path.relpath(local, target.parent)
        images.append({"kind": image["kind"], "src": Path(src).as_posix() if "://" not in src else src})
    if images:
        meta["images"] = images
    else:
        meta.pop("images", None)
    return meta
