"""Media facts as plain text for the movie page. Pure: the site layer calls these and
its templates escape every value."""
from __future__ import annotations

from typing import Any, Mapping, Sequence

from ..probe.chapters import timestamp
from .duplicates import copies_of
from ..probe.quality import rank


def _flags(stream: Mapping[str, Any]) -> list[str]:
    names = (("default", "default"), ("forced", "forced"), ("hearing_impaired", "SDH"),
             ("commentary", "commentary"), ("external", "external file"))
    return [label for key, label in names if stream.get(key)]


def video_text(video: Mapping[str, Any]) -> str:
    size = f"{video['width']}×{video['height']}" if video.get("width") and video.get("height") else None
    parts = [
        " ".join(str(x) for x in (video.get("codec"), video.get("profile") and f"({video['profile']})") if x),
        f"{size} ({video['resolution']})" if size and video.get("resolution") else size,
        f"{video['frame_rate']:g} fps" if video.get("frame_rate") else None,
        f"{video['bit_depth']}-bit" if video.get("bit_depth") else None,
        video.get("hdr"),
    ]
    return " · ".join(p for p in parts if p)


def audio_text(track: Mapping[str, Any]) -> str:
    parts = [track.get("language"), track.get("codec"), track.get("layout") or
             (f"{track['channels']} ch" if track.get("channels") else None), track.get("title")]
    return " · ".join(str(p) for p in parts if p)


def subtitle_text(track: Mapping[str, Any]) -> str:
    parts = [track.get("language") or "unknown language", track.get("codec"), track.get("title"),
             track.get("file")]
    return " · ".join(str(p) for p in parts if p)


def technical_view(streams: Mapping[str, Any]) -> dict[str, Any] | None:
    """The "Technical details" block, or None when nothing is known."""
    if not streams:
        return None
    duration = streams.get("duration")
    view = {
        "container": (streams.get("container") or "").upper() or None,
        "duration": timestamp(duration) if duration else None,
        "bitrate": f"{streams['bitrate'] / 1e6:.1f} Mb/s" if streams.get("bitrate") else None,
        "video": video_text(streams.get("video") or {}) or None,
        "audio": [{"text": audio_text(a), "flags": _flags(a)} for a in streams.get("audio") or ()],
        "subtitles": [{"text": subtitle_text(s), "flags": _flags(s)} for s in streams.get("subtitles") or ()],
        "chapters": [{"start": timestamp(c.get("start")), "title": c.get("title")}
                     for c in streams.get("chapters") or ()],
    }
    return view if any(view.values()) else None


def versions_view(slug: str, files: Sequence[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """The versions of one film ranked (best first) with reasons; [] for a single copy."""
    copies = copies_of(slug, {"files": list(files)})
    if len(copies) < 2:
        return []
    return [{"rank": n, "name": copy.path.rsplit("/", 1)[-1] + (" …" if len(copy.paths) > 1 else ""),
             "resolution": copy.resolution, "reasons": reasons}
            for n, (copy, reasons) in enumerate(rank(copies), 1)]
