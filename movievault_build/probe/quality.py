"""Rank copies of one movie by quality, and say why.

The order of the checks is the order of importance: resolution first, then the source
(a Remux beats an encode), the codec's efficiency, HDR, audio, and last bit rate and size
as tie-breakers. Each check is a number; copies compare as tuples of them.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, Mapping

from ..units import human_size

RESOLUTIONS = {"4320p": 7, "2160p": 6, "1440p": 5, "1080p": 4, "1080i": 4, "720p": 3, "576p": 2, "480p": 1}
SOURCES = {"remux": 9, "bluray": 8, "hd-dvd": 7, "web-dl": 6, "webrip": 5, "hdtv": 4, "hdrip": 3,
           "dvd": 2, "vhs": 1, "r5": 1, "screener": 1, "telecine": 0, "telesync": 0, "cam": 0,
           "workprint": 0}
CODECS = {"av1": 3, "hevc": 3, "h265": 3, "vp9": 2, "h264": 2, "vc1": 1, "mpeg2video": 1, "mpeg4": 1}
HDR = {"Dolby Vision": 3, "HDR10+": 2, "HDR10": 1, "HLG": 1, "PQ": 1}
CHECKS = ("resolution", "source", "codec", "hdr", "audio", "bitrate", "size")


@dataclass(frozen=True)
class Copy:
    """One copy of a movie: a single file, or the parts of a multi-part movie together."""
    slug: str
    library: str
    paths: tuple[str, ...]            # relative to the library root
    size: int = 0
    resolution: str | None = None
    source: str | None = None
    edition: str | None = None
    quality: Mapping[str, Any] = field(default_factory=dict)   # files[].quality (from the probe)

    @property
    def path(self) -> str:
        return self.paths[0]

    def score(self) -> tuple[float, ...]:
        q = self.quality
        audio = (q.get("channels") or 0) + (0.5 if q.get("lossless_audio") else 0)
        return (RESOLUTIONS.get(str(self.resolution or "").lower(), _height_rank(self.resolution)),
                SOURCES.get(str(self.source or "").lower(), 1.5),    # unknown: between DVD and HDRip
                CODECS.get(str(q.get("codec") or "").lower(), 0),
                HDR.get(str(q.get("hdr") or ""), 0),
                audio,
                q.get("bitrate") or 0,
                self.size)

    def describe(self, check: str) -> str:
        q = self.quality
        values = {
            "resolution": self.resolution or "unknown resolution",
            "source": self.source or "unknown source",
            "codec": q.get("codec") or "unknown codec",
            "hdr": q.get("hdr") or "SDR",
            "audio": _audio_text(q),
            "bitrate": f"{(q.get('bitrate') or 0) / 1e6:.1f} Mb/s" if q.get("bitrate") else "unknown bit rate",
            "size": human_size(self.size),
        }
        return values[check]


def _height_rank(label: str | None) -> float:
    m = re.match(r"(\d+)p$", str(label or ""))
    return min(int(m.group(1)) / 480, 1.0) if m else 0


def _audio_text(q: Mapping[str, Any]) -> str:
    ch = q.get("channels")
    if not ch:
        return "unknown audio"
    layout = {1: "mono", 2: "stereo", 6: "5.1", 8: "7.1"}.get(ch, f"{ch} ch")
    return f"{layout} lossless" if q.get("lossless_audio") else layout


def rank(copies: list[Copy]) -> list[tuple[Copy, list[str]]]:
    """Best first, each with its reasons: the keeper says what it has; every other copy
    says the first check on which it loses to the keeper."""
    ordered = sorted(copies, key=lambda c: (c.score(), c.library, c.path), reverse=True)
    if not ordered:
        return []
    best = ordered[0]
    facts = [best.describe(k) for k in CHECKS[:5]]
    out = [(best, ["best: " + (", ".join(f for f in facts if not f.startswith("unknown")) or "by size")])]
    for other in ordered[1:]:
        out.append((other, [_why_lower(other, best)]))
    return out


def _why_lower(other: Copy, best: Copy) -> str:
    for check, mine, theirs in zip(CHECKS, other.score(), best.score()):
        if mine < theirs:
            return f"lower {check}: {other.describe(check)} vs {best.describe(check)}"
    return "same quality as #1; #1 was kept by name order"
