"""ffprobe's JSON, read into the content file's `streams` shape. Pure functions, no I/O.

    {container, duration, bitrate, video: {...}, audio: [...], subtitles: [...], chapters: [...]}

Values ffprobe leaves out stay out: a missing bit rate is unknown, not zero.
"""
from __future__ import annotations

import re
from fractions import Fraction
from typing import Any, Mapping

from .chapters import read_chapters
from .hdr import hdr_kind

LOSSLESS_AUDIO = frozenset({"truehd", "mlp", "flac", "alac", "wavpack", "ape", "tta"})
_BIT_DEPTH = re.compile(r"(?:p|gray|x)(\d{1,3})(?:le|be)$")   # yuv420p10le, p010le, gray12le
# ffprobe names matroska "matroska,webm" and mp4 "mov,mp4,m4a,3gp,3g2,mj2": one name for a page.
CONTAINERS = {"matroska": "mkv", "mov": "mp4", "mpegts": "ts", "avi": "avi", "mpeg": "mpg",
              "webm": "webm", "asf": "wmv", "flv": "flv", "ogg": "ogg"}


def resolution_label(width: int | None, height: int | None) -> str | None:
    """A tolerant label: cropped scope (1920x800) is still 1080p, 4:3 (1440x1080) too."""
    if not width or not height:
        return None
    if width >= 3200 or height >= 1800:
        return "2160p"
    if width >= 1600 or height >= 1000:
        return "1080p"
    if width >= 1100 or height >= 650:
        return "720p"
    if height >= 540:
        return "576p"
    if height >= 400 or width >= 640:
        return "480p"
    return f"{height}p"


def _int(value: Any) -> int | None:
    try:
        return int(float(value))
    except (TypeError, ValueError):
        return None


def _float(value: Any, digits: int = 3) -> float | None:
    try:
        return round(float(value), digits)
    except (TypeError, ValueError):
        return None


def frame_rate(value: Any) -> float | None:
    """"24000/1001" -> 23.976; "0/0" (unknown) -> None."""
    try:
        rate = Fraction(str(value))
    except (ValueError, ZeroDivisionError):
        return None
    return round(float(rate), 3) if rate > 0 else None


def bit_depth(stream: Mapping[str, Any]) -> int | None:
    m = _BIT_DEPTH.search(str(stream.get("pix_fmt") or ""))
    if m:
        return int(m.group(1))
    raw = _int(stream.get("bits_per_raw_sample"))
    if raw:
        return raw
    return 8 if stream.get("pix_fmt") else None


def _tags(stream: Mapping[str, Any]) -> dict[str, str]:
    return {str(k).casefold(): str(v) for k, v in (stream.get("tags") or {}).items()}


def _flag(stream: Mapping[str, Any], name: str) -> bool:
    return bool((stream.get("disposition") or {}).get(name))


def _clean(d: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in d.items() if v not in (None, "", False)}


def video_facts(stream: Mapping[str, Any]) -> dict[str, Any]:
    width, height = _int(stream.get("width")), _int(stream.get("height"))
    return _clean({
        "codec": stream.get("codec_name"),
        "profile": stream.get("profile"),
        "width": width,
        "height": height,
        "resolution": resolution_label(width, height),
        "frame_rate": frame_rate(stream.get("avg_frame_rate")) or frame_rate(stream.get("r_frame_rate")),
        "bit_depth": bit_depth(stream),
        "pix_fmt": stream.get("pix_fmt"),
        "hdr": hdr_kind(stream),
        "bitrate": _int(stream.get("bit_rate")),
    })


def is_commentary(stream: Mapping[str, Any]) -> bool:
    return _flag(stream, "comment") or "commentary" in _tags(stream).get("title", "").casefold()


def audio_facts(stream: Mapping[str, Any]) -> dict[str, Any]:
    tags = _tags(stream)
    codec = stream.get("codec_name")
    profile = str(stream.get("profile") or "")
    lossless = (codec in LOSSLESS_AUDIO or str(codec).startswith("pcm_")
                or (codec == "dts" and "MA" in profile.split()))
    return _clean({
        "codec": codec,
        "profile": profile or None,
        "channels": _int(stream.get("channels")),
        "layout": stream.get("channel_layout"),
        "language": tags.get("language") if tags.get("language") != "und" else None,
        "title": tags.get("title"),
        "default": _flag(stream, "default"),
        "forced": _flag(stream, "forced"),
        "commentary": is_commentary(stream),
        "lossless": lossless,
        "bitrate": _int(stream.get("bit_rate")),
    })


def subtitle_facts(stream: Mapping[str, Any]) -> dict[str, Any]:
    tags = _tags(stream)
    title = tags.get("title", "")
    return _clean({
        "codec": stream.get("codec_name"),
        "language": tags.get("language") if tags.get("language") != "und" else None,
        "title": title or None,
        "default": _flag(stream, "default"),
        "forced": _flag(stream, "forced"),
        "hearing_impaired": _flag(stream, "hearing_impaired") or "sdh" in title.casefold().split(),
    })


def container_name(fmt: Mapping[str, Any]) -> str | None:
    name = str(fmt.get("format_name") or "")
    first = name.split(",")[0]
    return CONTAINERS.get(first, first or None)


def read_streams(raw: Mapping[str, Any]) -> dict[str, Any]:
    """The content file's `streams` from one ffprobe result."""
    fmt = raw.get("format") or {}
    streams = [s for s in raw.get("streams") or () if isinstance(s, Mapping)]
    # Cover art is a one-frame "video" stream: never the movie's picture.
    videos = [s for s in streams if s.get("codec_type") == "video" and not _flag(s, "attached_pic")]
    out: dict[str, Any] = _clean({
        "container": container_name(fmt),
        "duration": _float(fmt.get("duration"), 3),
        "bitrate": _int(fmt.get("bit_rate")),
    })
    if videos:
        out["video"] = video_facts(videos[0])
    audio = [audio_facts(s) for s in streams if s.get("codec_type") == "audio"]
    subtitles = [subtitle_facts(s) for s in streams if s.get("codec_type") == "subtitle"]
    chapters = read_chapters(raw.get("chapters"))
    for key, value in (("audio", audio), ("subtitles", subtitles), ("chapters", chapters)):
        if value:
            out[key] = value
    return out


def quality_facts(streams: Mapping[str, Any]) -> dict[str, Any]:
    """The few per-file facts a ranking needs, kept on the file entry in content/."""
    video = streams.get("video") or {}
    main_audio = [a for a in streams.get("audio") or () if not a.get("commentary")]
    return _clean({
        "codec": video.get("codec"),
        "hdr": video.get("hdr"),
        "bit_depth": video.get("bit_depth"),
        "channels": max((a.get("channels") or 0 for a in main_audio), default=0) or None,
        "lossless_audio": any(a.get("lossless") for a in main_audio),
        "bitrate": streams.get("bitrate"),
        "duration": streams.get("duration"),
    })
