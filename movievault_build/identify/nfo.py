"""Reading movie `.nfo` sidecars (Kodi, Jellyfin, Emby, tinyMediaManager, MediaPortal,
URL-only) into the canonical metadata dict.

    >>> result = parse_nfo(b"<movie><title>Heat</title><year>1995</year></movie>")
    >>> result.flavour, result.metadata
    ('legacy', {'title': 'Heat', 'year': 1995})

Safety and tolerance live in `nfo_xml`, value parsing in `nfo_values`, the element
to field mapping in `nfo_fields` and `nfo_media`. This module is the public face.
"""
from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from movievault_build.errors import ReadError
from movievault_build.identify import nfo_xml
from movievault_build.identify.nfo_fields import extract
from movievault_build.identify.nfo_values import ids_from_text
from movievault_build.log import get_logger
from movievault_build.model import METADATA_FIELDS

log = get_logger(__name__)

FLAVOURS = ("kodi", "jellyfin", "emby", "legacy", "mediaportal", "url-only")
# Elements only Jellyfin/Emby write (nfo-format.md section 5).
_JELLYFIN_TAGS = frozenset({"lockdata", "lockedfields", "criticrating", "communityrating",
                            "customrating", "countrycode", "art", "imdbid", "tmdbid",
                            "collectionnumber", "isuserfavorite"})
_MEDIAPORTAL_TAGS = frozenset({"sets", "genres", "imdb", "mpaatext", "filenameandpath"})
# Stacked parts: "Movie-cd1.avi" also looks for "Movie.nfo" (Kodi).
_STACK_SUFFIX = re.compile(r"[ _.-]+(?:cd|dvd|part|pt|dis[ck])[ _.-]*\d+$", re.I)


@dataclass(frozen=True)
class NfoResult:
    path: str
    flavour: str                  # one of FLAVOURS (best effort)
    metadata: dict[str, Any]      # METADATA_FIELDS keys only, empty values omitted
    warnings: tuple[str, ...] = ()

    def to_json_dict(self) -> dict[str, Any]:
        """What `movievault nfo show --json` prints."""
        return {"path": self.path, "flavour": self.flavour, **self.metadata,
                "warnings": list(self.warnings)}


def read_nfo(path: str | os.PathLike[str]) -> NfoResult:
    """Read and parse one NFO file. Raises ReadError(path, reason) when unreadable."""
    name = os.fspath(path)
    return parse_nfo(nfo_xml.read_file(name), name)


def parse_nfo(data: bytes, path: str = "<bytes>") -> NfoResult:
    """Parse NFO bytes; `path` only names the file in messages."""
    doc = nfo_xml.load(data, path)
    warnings = doc.warnings
    if doc.root is None:
        return _url_only(doc, path)
    meta = extract(doc.root, warnings)
    if not meta and doc.recovered_from:
        raise ReadError(path, doc.recovered_from)
    _add_outside_ids(meta, ids_from_text(doc.outside), warnings)
    result = NfoResult(path=path, flavour=detect_flavour(doc.root),
                       metadata=_ordered(meta), warnings=tuple(warnings))
    for warning in warnings:
        log.debug("%s: %s", path, warning)
    return result


def _url_only(doc: nfo_xml.Document, path: str) -> NfoResult:
    ids = ids_from_text(doc.text)
    if not ids:
        reason = (f"not a movie NFO (<{doc.other_root}>)" if doc.other_root else
                  "no movie metadata: neither a <movie> element nor an IMDb or TMDB link")
        raise ReadError(path, reason)
    return NfoResult(path=path, flavour="url-only", metadata={"ids": ids},
                     warnings=tuple(doc.warnings))


def _add_outside_ids(meta: dict[str, Any], found: dict[str, str], warnings: list[str]) -> None:
    """IDs from a URL after `</movie>` (Kodi's "combined" NFO, Radarr) fill gaps; the
    XML wins a disagreement, as in Kodi where the NFO overrides the scraped item."""
    ids = meta.setdefault("ids", {})
    for kind, value in found.items():
        if kind not in ids:
            ids[kind] = value
        elif ids[kind] != value:
            warnings.append(f"{kind} id {value} in the trailing URL disagrees with "
                            f"{ids[kind]} in the XML (kept {ids[kind]})")
    if not ids:
        del meta["ids"]


def _ordered(meta: dict[str, Any]) -> dict[str, Any]:
    return {name: meta[name] for name in METADATA_FIELDS if name in meta}


def detect_flavour(root: Any) -> str:
    """Which writer's dialect this looks like. A hint for messages and debugging;
    reading does not depend on it."""
    kids = nfo_xml.index(root)
    names = set(kids) - {"tmdbid", "imdbid"}
    # Jellyfin writes <tmdbid>/<imdbid>; tinyMediaManager's <tmdbId> is not a sign of it.
    names |= {nfo_xml.tag_as_written(el) for el in nfo_xml.children(root)} & {"tmdbid", "imdbid"}
    if names & _MEDIAPORTAL_TAGS or any((el.text or "").lstrip().startswith("|")
                                        for els in kids.values() for el in els):
        return "mediaportal"
    if names & _JELLYFIN_TAGS:
        types = [el.get("type") or "" for el in kids.get("uniqueid", [])]
        return "emby" if any(t[:1].isupper() for t in types) else "jellyfin"
    if "ratings" in names or "uniqueid" in names:
        return "kodi"
    return "legacy"


def nfo_candidates(video_path: Path) -> list[Path]:
    """Where an NFO for this video may be, in lookup order (nfo-format.md section 2).
    Pure: callers check which exist.

    A file: `<stem>.nfo`, for a stacked part also `<title>.nfo`, then `movie.nfo`.
    A DVD (`…/VIDEO_TS/VIDEO_TS.IFO` or the VIDEO_TS folder) or Blu-ray
    (`…/BDMV/index.bdmv`, a BDMV folder or a file inside it): `VIDEO_TS.nfo` /
    `index.nfo` beside the disc files, then `movie.nfo` and `<folder>.nfo` in the
    movie folder.
    """
    video_path = Path(video_path)
    disc = _disc_dir(video_path)
    if disc is not None:
        inner = "VIDEO_TS.nfo" if disc.name.upper() == "VIDEO_TS" else "index.nfo"
        folder = disc.parent
        out = [disc / inner, folder / "movie.nfo"]
        if folder.name:
            out.append(folder / f"{folder.name}.nfo")
        return out
    folder = video_path.parent
    out = [video_path.with_suffix(".nfo")]
    stacked = _STACK_SUFFIX.sub("", video_path.stem)
    if stacked and stacked != video_path.stem:
        out.append(folder / f"{stacked}.nfo")
    out.append(folder / "movie.nfo")
    return list(dict.fromkeys(out))


def _disc_dir(path: Path) -> Path | None:
    """The VIDEO_TS or BDMV folder `path` is, or is inside of."""
    for part in (path, *list(path.parents)[:2]):
        if part.name.upper() in {"VIDEO_TS", "BDMV"}:
            return part
    return None
