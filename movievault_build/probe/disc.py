"""Which file of a disc folder stands for the movie when probing it.

A DVD's feature is its largest title set (VTS_nn_1.VOB, VTS_nn_2.VOB …; VTS_nn_0.VOB is
the set's menu); ffprobe reads the set's first VOB as MPEG program stream. A Blu-ray's
feature is, in practice, its largest clip in BDMV/STREAM. Names are matched regardless
of case (discs copied from Windows or old Macs vary).
"""
from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path

_VOB = re.compile(r"^VTS_(\d\d)_(\d)\.VOB$", re.I)


@dataclass(frozen=True)
class DiscTarget:
    path: Path       # the file to probe
    size: int
    mtime: float
    whole: bool      # False when the title continues in further files (its duration is not the movie's)


def _entries(folder: Path) -> list[os.DirEntry]:
    try:
        with os.scandir(folder) as it:
            return [e for e in it if e.is_file()]
    except OSError:
        return []


def _child(folder: Path, name: str) -> Path | None:
    try:
        with os.scandir(folder) as it:
            return next((Path(e.path) for e in it if e.is_dir() and e.name.upper() == name), None)
    except OSError:
        return None


def dvd_target(disc: Path) -> DiscTarget | None:
    """The first VOB of the largest title set, in `disc` (VIDEO_TS) or its VIDEO_TS child."""
    folder = disc if disc.name.upper() == "VIDEO_TS" else (_child(disc, "VIDEO_TS") or disc)
    sets: dict[str, list[tuple[int, os.DirEntry]]] = {}
    for entry in _entries(folder):
        m = _VOB.match(entry.name)
        if m and m.group(2) != "0":
            sets.setdefault(m.group(1), []).append((int(m.group(2)), entry))
    if not sets:
        return None
    vobs = max(sets.values(), key=lambda parts: sum(e.stat().st_size for _n, e in parts))
    number, first = min(vobs, key=lambda part: part[0])
    st = first.stat()
    return DiscTarget(Path(first.path), st.st_size, st.st_mtime, whole=len(vobs) == 1 and number == 1)


def bluray_target(disc: Path) -> DiscTarget | None:
    """The largest .m2ts in BDMV/STREAM (`disc` is the BDMV folder or the one holding it)."""
    bdmv = disc if disc.name.upper() == "BDMV" else (_child(disc, "BDMV") or disc)
    stream = _child(bdmv, "STREAM")
    clips = [e for e in _entries(stream) if e.name.upper().endswith(".M2TS")] if stream else []
    if not clips:
        return None
    best = max(clips, key=lambda e: (e.stat().st_size, e.name))
    st = best.stat()
    return DiscTarget(Path(best.path), st.st_size, st.st_mtime, whole=True)


def disc_target(disc: Path, kind: str) -> DiscTarget | None:
    """The file to probe for a disc folder of `kind` ("dvd" or "bluray"), if there is one."""
    if kind == "dvd":
        return dvd_target(disc)
    if kind == "bluray":
        return bluray_target(disc)
    return None
