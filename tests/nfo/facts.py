"""What "the same facts" means for a write -> read round trip, with the lossy parts that
nfo/build.py documents taken out."""
from __future__ import annotations

import copy
import re
from typing import Any

_KIND = re.compile(r"^[a-z][a-z0-9]*$")


def comparable(meta: dict[str, Any], original: dict[str, Any]) -> dict[str, Any]:
    out = copy.deepcopy(meta)
    ratings = out.get("ratings") or {}
    if "nfo" in ratings and "nfo" not in (original.get("ratings") or {}):
        # the main rating written as the plain <rating> (for Plex) reads back as source "nfo"
        assert ratings.pop("nfo")["value"] == original.get("rating")
        if not ratings:
            del out["ratings"]
    streams = out.get("streams") or {}
    if streams.get("subtitles"):
        # sidecar subtitle files are not streams of the video: an NFO never lists them
        streams["subtitles"] = [sub for sub in streams["subtitles"] if not sub.get("external")]
        if not streams["subtitles"]:
            del streams["subtitles"]
        if not streams:
            del out["streams"]
    if "images" in out:
        # document order differs between <thumb>, <fanart> and <art>; odd kinds are not written
        out["images"] = sorted((i["kind"], i["src"]) for i in out["images"] if _KIND.match(i["kind"]))
        if not out["images"]:
            del out["images"]
    return out
