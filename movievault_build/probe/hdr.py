"""Which HDR format a video stream carries, read from ffprobe's colour fields and side data.

Dolby Vision is named first: a DV stream usually also carries an HDR10 or HLG base layer,
and the richer format is the one a reader wants to see.
"""
from __future__ import annotations

from typing import Any, Iterable, Mapping

DOLBY_VISION_TAGS = frozenset({"dvhe", "dvh1", "dvav", "dva1", "dav1"})
PQ = "smpte2084"
HLG = "arib-std-b67"


def _side_data_types(stream: Mapping[str, Any]) -> Iterable[str]:
    for entry in stream.get("side_data_list") or ():
        if isinstance(entry, Mapping):
            yield str(entry.get("side_data_type") or "").casefold()


def hdr_kinds(stream: Mapping[str, Any]) -> list[str]:
    """Every HDR format present, richest first: ["Dolby Vision", "HDR10"], ["HLG"], [] …"""
    kinds: list[str] = []
    side = list(_side_data_types(stream))
    tag = str(stream.get("codec_tag_string") or "").casefold()
    if tag in DOLBY_VISION_TAGS or any("dovi" in s or "dolby vision" in s for s in side):
        kinds.append("Dolby Vision")
    transfer = str(stream.get("color_transfer") or "").casefold()
    primaries = str(stream.get("color_primaries") or "").casefold()
    if any("2094-40" in s or "hdr10+" in s for s in side):
        kinds.append("HDR10+")
    elif transfer == PQ and primaries.startswith("bt2020"):
        kinds.append("HDR10")
    elif transfer == PQ:
        kinds.append("PQ")   # PQ without BT.2020 primaries: HDR, but not by the HDR10 spec
    if transfer == HLG:
        kinds.append("HLG")
    return kinds


def hdr_kind(stream: Mapping[str, Any]) -> str | None:
    """The one HDR label a page or a ranking shows, or None for SDR."""
    kinds = hdr_kinds(stream)
    return kinds[0] if kinds else None
