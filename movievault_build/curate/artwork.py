"""Choosing a movie's image by hand: every image on offer for one kind — the current one,
image files in the movie's folder, what its NFO names, TMDB's gallery (its language
first, then by vote) — and the pick, kept in `user.artwork.<kind>`."""
from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Mapping

from ..artwork.local import IMAGE_EXTS, KIND_NAMES
from ..artwork.sources import tmdb_sized
from ..errors import ReadError, UserError
from ..identify.nfo import nfo_candidates, read_nfo
from ..vault.userdata import edit_user
from ..log import get_logger
from ..slugs import roots_by_label
from ..settings import ScanSettings

log = get_logger(__name__)
KINDS = ("poster", "fanart")


@dataclass(frozen=True)
class Image:
    source: str            # current | local | nfo | tmdb
    src: str               # what `user.artwork.<kind>` records: a URL, or a path in the library root
    detail: str = ""       # language, votes, size …
    current: bool = False

    def line(self) -> str:
        mark = " (in use)" if self.current else ""
        return f"{self.source:5}  {self.src}" + (f"  [{self.detail}]" if self.detail else "") + mark


def movie_root(settings: ScanSettings, front: Mapping[str, Any]) -> tuple[Path, Path] | None:
    """(library root, main video) of a content file, when its library is mounted."""
    roots = roots_by_label(settings.roots)
    for entry in front.get("files") or ():
        root = roots.get(str(entry.get("library"))) if isinstance(entry, Mapping) else None
        if root is not None and root.is_dir():
            return root, root / str(entry.get("path"))
    return None


def local_images(root: Path, video: Path, kind: str) -> list[Image]:
    """Image files in the movie's folder (a disc's: the folder holding it), those named
    for the kind first."""
    folder = video.parent
    while folder.name.upper() in ("VIDEO_TS", "BDMV", "STREAM", "PLAYLIST") and folder != root:
        folder = folder.parent
    try:
        names = sorted(n for n in os.listdir(folder) if Path(n).suffix.lower() in IMAGE_EXTS
                       and not n.startswith("."))
    except OSError:
        return []
    wanted = KIND_NAMES.get(kind, (kind,))
    rank = lambda n: (not any(w in n.casefold() for w in wanted), n.casefold())   # noqa: E731
    return [Image("local", (folder / n).relative_to(root).as_posix()) for n in sorted(names, key=rank)]


def nfo_images(root: Path, video: Path, kind: str) -> list[Image]:
    for path in nfo_candidates(video):
        if path.is_file():
            try:
                meta = read_nfo(path).metadata
            except ReadError as exc:
                log.warning("%s", exc)
                return []
            out = []
            for image in meta.get("images") or ():
                src = str(image.get("src") or "")
                if image.get("kind") == kind and src:
                    out.append(Image("nfo", src if "://" in src else _in_root(root, path.parent / src)))
            return out
    return []


def _in_root(root: Path, path: Path) -> str:
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return str(path)


def tmdb_images(gallery: list[dict[str, Any]], kind: str, language: str, settings: ScanSettings) -> list[Image]:
    """TMDB's gallery for one kind: the configured language first, then no language, then
    others; by vote within each."""
    lang = language[:2]
    mine = [g for g in gallery if g.get("kind") == kind]
    mine.sort(key=lambda g: (g.get("language") != lang, g.get("language") is not None, -float(g.get("votes") or 0)))
    out = []
    for g in mine:
        size = f"{g.get('width')}×{g.get('height')}" if g.get("width") else ""
        detail = ", ".join(x for x in (g.get("language") or "no language", f"vote {float(g.get('votes') or 0):.1f}", size) if x)
        out.append(Image("tmdb", tmdb_sized(str(g["src"]), kind, settings.artwork.tmdb_image_size), detail))
    return out


def current(front: Mapping[str, Any], kind: str) -> str | None:
    for entry in front.get("images") or ():
        if isinstance(entry, Mapping) and entry.get("kind") == kind and entry.get("src"):
            return str(entry["src"])
    return None


def offered(settings: ScanSettings, front: Mapping[str, Any], kind: str,
            gallery: list[dict[str, Any]]) -> list[Image]:
    """Every image on offer for `kind`, the one in use marked, each src once."""
    if kind not in KINDS:
        raise UserError(f"artwork kind must be one of {', '.join(KINDS)}")
    found = movie_root(settings, front)
    images: list[Image] = []
    if found is not None:
        root, video = found
        images += local_images(root, video, kind) + nfo_images(root, video, kind)
    images += tmdb_images(gallery, kind, settings.online.providers.language, settings)
    in_use = current(front, kind)
    seen: dict[str, Image] = {}
    for image in images:
        if image.src not in seen:
            seen[image.src] = Image(image.source, image.src, image.detail, image.src == in_use)
    return list(seen.values())


def choose(content_dir: Path, slug: str, kind: str, src: str) -> None:
    """Keep the pick in `user.artwork.<kind>`; the next scan makes it the master."""
    from ruamel.yaml.comments import CommentedMap

    def change(user) -> None:
        art = user.get("artwork")
        if not isinstance(art, dict):
            art = CommentedMap()
            user["artwork"] = art
        art[kind] = src
    edit_user(content_dir, slug, change)
