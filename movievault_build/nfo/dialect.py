"""Which writer and which generation of it an NFO looks like: the reader's flavour
(`identify.nfo.detect_flavour`) refined by the shape of ratings, ids and sets.

Kodi generations, by what their export writes (nfo-format.md sections 5, 6.2, 6.3, 6.5):
  kodi-v20+   stream `<hdrtype>` or video-version elements (`videoassettitle`, v21)
  kodi-v18+   `<uniqueid type=…>` ids (v18 and v19 write the same movie NFO shape)
  kodi-v17    a `<ratings>` block but ids only in `<id>`
  legacy      plain `<rating>`, plain `<id>`, `<set>` as text (before v17)
The others are the reader's flavours unchanged: jellyfin, emby, mediaportal, url-only.
"""
from __future__ import annotations

from typing import Any

from ..identify import nfo_xml
from ..identify.nfo import detect_flavour

_V21 = frozenset({"videoassettitle", "videoassetid", "videoassettype", "hasvideoversions",
                  "hasvideoextras", "isdefaultvideoversion"})


def detect_dialect(root: Any) -> str:
    """A finer name than the flavour, for messages and `nfo show`/`nfo validate`."""
    flavour = detect_flavour(root)
    if flavour not in ("kodi", "legacy"):
        return flavour
    kids = nfo_xml.index(root)
    if set(kids) & _V21 or _has_hdrtype(kids):
        return "kodi-v20+"
    if "uniqueid" in kids:
        return "kodi-v18+"
    if "ratings" in kids:
        return "kodi-v17"
    return "legacy"


def _has_hdrtype(kids: dict[str, list[Any]]) -> bool:
    for info in kids.get("fileinfo", []):
        for details in nfo_xml.children(info):
            for video in nfo_xml.index(details).get("video", []):
                if "hdrtype" in nfo_xml.index(video):
                    return True
    return False


def legacy_forms(root: Any) -> list[str]:
    """The pre-v17 forms `nfo repair` normalises, as readable names."""
    kids = nfo_xml.index(root)
    out = []
    if "id" in kids and "uniqueid" not in kids:
        out.append("plain <id>")
    if any(nfo_xml.own_text(s).strip() and "name" not in nfo_xml.index(s) for s in kids.get("set", [])):
        out.append("<set> as text")
    return out


def dialect_of_file(path: str) -> str | None:
    """The dialect of an NFO on disk, or None when the reader refuses it."""
    from ..errors import ReadError

    try:
        doc = nfo_xml.load(nfo_xml.read_file(path), path)
    except ReadError:
        return None
    return detect_dialect(doc.root) if doc.root is not None else "url-only"
