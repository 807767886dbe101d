"""File plumbing the NFO tools share: which files to look at, where an NFO goes for each
flavour, backups that never overwrite one another, and the diff a dry run prints."""
from __future__ import annotations

import difflib
import os
import re
import shutil
from pathlib import Path
from typing import Iterable

from ..discover.walk import SKIP_FOLDERS, is_video_name

# "Movie - cd1", "Movie.part2": the stacked title is what Kodi and Plex name the NFO after.
_STACK_SUFFIX = re.compile(r"[ _.-]+(?:cd|dvd|part|pt|dis[ck])[ _.-]*\d+$", re.I)


def find_nfos(paths: Iterable[Path]) -> list[Path]:
    """Every `.nfo` given or under the folders given, sorted; skipped folders (extras,
    .actors, NAS metadata) are not entered, as in the scan."""
    found: list[Path] = []
    for path in paths:
        path = Path(path)
        if not path.is_dir():
            found.append(path)
            continue
        for dirpath, dirs, names in os.walk(path):
            dirs[:] = sorted(d for d in dirs if d.casefold() not in SKIP_FOLDERS and not d.startswith("."))
            # regular files only, as the scan sees them: a FIFO or a link to /dev/zero is not an NFO
            found.extend(Path(dirpath) / n for n in sorted(names)
                         if n.lower().endswith(".nfo") and os.path.isfile(os.path.join(dirpath, n)))
    return list(dict.fromkeys(found))


def disc_dirs(video: Path, container: str | None) -> tuple[Path, Path] | None:
    """(disc folder, movie folder) for a DVD/Blu-ray folder item, else None."""
    if video.name.upper() in ("VIDEO_TS", "BDMV"):
        return video, video.parent
    if container in ("dvd", "bluray"):
        return video, video
    return None


def nfo_target(video: Path, flavour: str, container: str | None = None,
               mixed_folder: bool = False) -> Path:
    """Where `flavour` looks for (and its own saver writes) a movie's NFO — nfo-format.md
    section 2. `video` is the first video file, or the VIDEO_TS/BDMV folder of a disc."""
    disc = disc_dirs(video, container)
    if disc is not None:
        inner, folder = disc
        is_dvd = container == "dvd" or inner.name.upper() == "VIDEO_TS"
        if is_dvd or flavour == "kodi":
            # Every reader looks for VIDEO_TS.nfo beside a DVD's files; Kodi also for
            # BDMV/index.nfo beside index.bdmv.
            return inner / ("VIDEO_TS.nfo" if is_dvd else "index.nfo")
        return folder / f"{folder.name}.nfo"   # Jellyfin, Emby, Plex: <folder>/<foldername>.nfo
    if flavour == "jellyfin" and not mixed_folder:
        return video.parent / "movie.nfo"
    stem = video.stem
    if flavour in ("kodi", "plex"):
        stem = _STACK_SUFFIX.sub("", stem) or stem
    return video.parent / f"{stem}.nfo"


def is_mixed_folder(folder: Path, own: Iterable[Path]) -> bool:
    """Does the folder hold videos other than this movie's (Jellyfin's "mixed folder")?"""
    mine = {p.name for p in own}
    try:
        names = os.listdir(folder)
    except OSError:
        return False
    return any(is_video_name(n) and n not in mine for n in names)


def backup(path: Path, backup_dir: Path | None = None) -> Path:
    """Copy `path` aside before it changes: `<name>.bak`, or `.bak.1`, `.bak.2` … when that
    exists (a backup is never overwritten); into `backup_dir` when given."""
    folder = Path(backup_dir) if backup_dir else path.parent
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / f"{path.name}.bak"
    n = 0
    while target.exists():
        n += 1
        target = folder / f"{path.name}.bak.{n}"
    shutil.copy2(path, target)
    return target


def unified_diff(path: Path, old: str, new: str) -> str:
    lines = difflib.unified_diff(old.splitlines(keepends=True), new.splitlines(keepends=True),
                                 fromfile=f"{path}", tofile=f"{path} (new)")
    return "".join(line if line.endswith("\n") else line + "\n" for line in lines)
