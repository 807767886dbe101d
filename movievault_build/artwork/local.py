"""Local artwork next to a video, found by the Kodi / Jellyfin / Plex naming conventions.

Pure: works on a folder listing (file names), never touches the disk, so discovery can
list each folder once and the rules can be tested without files.

Precedence per kind: `<stem>-<name>` forms first (they belong to this video even in a
folder shared with other movies), then `<stem>.<ext>` for the poster, then
`<folder name>-<name>` and the bare names, which only count when the folder holds this
movie alone. Disc layouts (VIDEO_TS, BDMV) are the caller's to map: pass the movie
folder's listing with the disc folder as `video`.
"""
from __future__ import annotations

import re
from pathlib import Path, PurePath
from typing import Iterable

IMAGE_EXTS: tuple[str, ...] = (".jpg", ".jpeg", ".png", ".webp", ".tbn")
VIDEO_EXTS = frozenset({
    ".mkv", ".mp4", ".m4v", ".avi", ".mov", ".wmv", ".mpg", ".mpeg", ".ts", ".m2ts",
    ".iso", ".webm", ".flv", ".divx", ".ogm", ".vob", ".3gp",
})

# Art kind -> base names in order of preference (Kodi names first, then Jellyfin/Plex).
KIND_NAMES: dict[str, tuple[str, ...]] = {
    "poster": ("poster", "folder", "cover", "default", "movie"),
    "fanart": ("fanart", "backdrop", "background", "art"),
    "landscape": ("landscape", "thumb"),
    "clearlogo": ("clearlogo", "logo"),
    "banner": ("banner",),
    "discart": ("discart", "disc", "cdart"),
    "clearart": ("clearart",),
    "keyart": ("keyart",),
}
# Extra backdrops: fanart1, fanart-2, backdrop3, background-1 … (Jellyfin, Artwork Beef).
_EXTRA_BACKDROP = re.compile(r"^(?:(?P<stem>.+)-)?(?:fanart|backdrop|background|art)-?(?P<n>\d{1,2})$")
# Multi-part markers, so "Heat CD1.mkv" + "Heat CD2.mkv" still count as one movie's folder.
_PART = re.compile(r"[ ._-]*(?:cd|dvd|part|pt|disc|disk)[ ._-]*\d+$", re.IGNORECASE)


def _base(stem: str) -> str:
    return _PART.sub("", stem).casefold()


def _own_folder(video: PurePath, names: Iterable[str]) -> bool:
    """True when no other movie's video file shares the folder."""
    mine = _base(video.stem)
    for name in names:
        p = PurePath(name)
        if p.suffix.lower() in VIDEO_EXTS and _base(p.stem) != mine:
            return False
    return True


def _image_index(names: Iterable[str]) -> dict[str, str]:
    """casefolded stem -> real file name, keeping the first extension by IMAGE_EXTS order."""
    index: dict[str, str] = {}
    for name in sorted(names, key=lambda n: _ext_rank(n)):
        p = PurePath(name)
        if p.suffix.lower() in IMAGE_EXTS:
            index.setdefault(p.stem.casefold(), name)
    return index


def _ext_rank(name: str) -> int:
    suffix = PurePath(name).suffix.lower()
    return IMAGE_EXTS.index(suffix) if suffix in IMAGE_EXTS else len(IMAGE_EXTS)


def _candidates(kind: str, stem: str, folder: str, own: bool) -> list[str]:
    names = KIND_NAMES[kind]
    out = [f"{stem}-{n}" for n in names]
    if kind == "poster":
        out.append(stem)                      # Jellyfin/Plex: "<stem>.jpg", Kodi legacy "<stem>.tbn"
    if own:
        out.extend(f"{folder}-{n}" for n in names)   # Plex: "<folder name>-poster.jpg"
        out.extend(names)
    return out


def find_local_art(video: Path, folder_files: Iterable[str]) -> dict[str, Path]:
    """Artwork for `video` among `folder_files` (names in the video's folder).

    Returns kind -> path (the video's folder joined with the file name). Extra backdrops
    follow the main one as `fanart1`, `fanart2` … in numeric order.
    """
    names = [n for n in folder_files if "/" not in n and "\\" not in n]
    own = _own_folder(video, names)
    index = _image_index(names)
    stem = video.stem.casefold()
    folder = video.parent
    found: dict[str, Path] = {}
    for kind in KIND_NAMES:
        candidates = _candidates(kind, stem, folder.name.casefold(), own)
        hit = next((index[c] for c in candidates if c in index), None)
        if hit is not None:
            found[kind] = folder / hit
    extras = _extra_backdrops(index, stem, own, found.get("fanart"))
    if extras and "fanart" not in found:      # only numbered backdrops: the first is the main one
        found["fanart"] = folder / extras.pop(0)
    for i, name in enumerate(extras, start=1):
        found[f"fanart{i}"] = folder / name
    return found


def _extra_backdrops(index: dict[str, str], stem: str, own: bool, main: Path | None) -> list[str]:
    extras: list[tuple[int, str]] = []
    for key, name in index.items():
        m = _EXTRA_BACKDROP.match(key)
        if not m or (main is not None and main.name == name):
            continue
        if (m["stem"] is None and own) or m["stem"] == stem:
            extras.append((int(m["n"]), name))
    return [name for _, name in sorted(extras)]


def actor_image(folder: Path, name: str) -> list[Path]:
    """Candidate files for an actor's photo: `<folder>/.actors/First_Last.{jpg,png,tbn}`.

    Relative when `folder` is (e.g. relative to the library root). Path separators and
    leading dots in the name are dropped so a name can never point outside `.actors/`.
    """
    safe = re.sub(r"[/\\\x00]", "", name.strip()).replace(" ", "_").lstrip(".")
    if not safe or len(safe.encode("utf-8", "surrogateescape")) > 250:   # no file can have that name
        return []
    return [folder / ".actors" / f"{safe}{ext}" for ext in (".jpg", ".png", ".tbn")]
