"""The few stream facts a library is filtered by: HDR kind and audio/subtitle languages.

Read from a content file's `streams` (ffprobe's facts, or the NFO's stream details when
nothing was probed). Pure functions: the site's library index and the query language
both call these, so the browser and `movievault query` agree on what "HDR10" or
"German audio" means.
"""
from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any

from .languages import base, normalise

SDR = "SDR"
# Richest first: the order the browser lists them in.
HDR_KINDS = ("Dolby Vision", "HDR10+", "HDR10", "HLG", "PQ", SDR)
# Spellings seen in NFO <hdrtype> (Kodi writes "hdr10", "dolbyvision", "hlg") and typed by people.
_HDR_ALIASES = {"dolbyvision": "Dolby Vision", "dv": "Dolby Vision", "dovi": "Dolby Vision",
                "hdr10plus": "HDR10+", "hdr10+": "HDR10+", "hdr10": "HDR10", "hdr": "HDR10",
                "hlg": "HLG", "pq": "PQ", "sdr": SDR}


def hdr_name(text: Any) -> str | None:
    """"dolbyvision" / "Dolby Vision" / "DV" -> "Dolby Vision"; unknown text -> None."""
    key = str(text or "").strip().casefold().replace(" ", "").replace("_", "").replace("-", "")
    return _HDR_ALIASES.get(key)


def hdr_kind(streams: Mapping[str, Any]) -> str | None:
    """The movie's HDR kind; "SDR" when its video is known and carries none; None when
    nothing is known about the video at all."""
    video = streams.get("video") if isinstance(streams, Mapping) else None
    if not isinstance(video, Mapping) or not video:
        return None
    for key in ("hdr", "hdrtype"):
        if video.get(key):
            return hdr_name(video[key]) or str(video[key])
    return SDR


def language_code(tag: Any) -> str | None:
    """One stream's language as a 639-1 code (+ region); an unknown code kept folded;
    "und" and empty tags are no language."""
    text = str(tag or "").strip()
    if not text or text.casefold() in ("und", "unknown", "zxx", "mis"):
        return None
    return normalise(text) or text.casefold()


def _languages(tracks: Any, skip_commentary: bool) -> list[str]:
    out: dict[str, None] = {}
    for track in tracks if isinstance(tracks, list) else ():
        if not isinstance(track, Mapping) or (skip_commentary and track.get("commentary")):
            continue
        code = language_code(track.get("language"))
        if code:
            out.setdefault(code)
    return list(out)


def audio_languages(streams: Mapping[str, Any]) -> list[str]:
    """Languages the movie can be watched in (commentary tracks do not count)."""
    return _languages((streams or {}).get("audio"), skip_commentary=True)


def subtitle_languages(streams: Mapping[str, Any]) -> list[str]:
    """Languages of embedded and sidecar subtitles."""
    return _languages((streams or {}).get("subtitles"), skip_commentary=False)


def with_bases(codes: Iterable[str]) -> list[str]:
    """Codes plus their region-free bases: "pt-BR" also answers to "pt"."""
    out: dict[str, None] = {}
    for code in codes:
        out.setdefault(code)
        out.setdefault(base(code))
    return list(out)


def resolution_lines(value: Any) -> int:
    """"2160p" / "4K" / "UHD" -> 2160; "1080i" -> 1080; anything else 0."""
    low = str(value or "").strip().lower()
    if low in ("4k", "uhd"):
        return 2160
    digits = re.match(r"\d+", low)
    return int(digits.group()) if digits else 0


def quality_label(resolutions: Iterable[Any], streams: Mapping[str, Any]) -> str | None:
    """The badge a poster card wears: "4K", "HDR", "DV" (Dolby Vision) or both ("4K DV");
    None for everything below 2160 lines without HDR. The best file and the probed video
    both count."""
    video = (streams or {}).get("video") if isinstance(streams, Mapping) else None
    lines = [resolution_lines(r) for r in resolutions]
    if isinstance(video, Mapping):
        lines.append(resolution_lines(video.get("resolution")))
    hdr = hdr_kind(streams or {})
    parts = ["4K"] if max(lines, default=0) >= 2160 else []
    if hdr and hdr != SDR:
        parts.append("DV" if hdr == "Dolby Vision" else "HDR")
    return " ".join(parts) or None
