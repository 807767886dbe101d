"""Embedded chapters, from ffprobe's `-show_chapters` list."""
from __future__ import annotations

from typing import Any, Mapping, Sequence


def _seconds(value: Any) -> float | None:
    try:
        return round(float(value), 3)
    except (TypeError, ValueError):
        return None


def read_chapters(raw: Sequence[Mapping[str, Any]] | None) -> list[dict[str, Any]]:
    """[{start, end, title}] in seconds, in playback order; untitled chapters are numbered."""
    out: list[dict[str, Any]] = []
    for n, chapter in enumerate(raw or (), 1):
        if not isinstance(chapter, Mapping):
            continue
        tags = {str(k).casefold(): v for k, v in (chapter.get("tags") or {}).items()}
        start = _seconds(chapter.get("start_time"))
        if start is None:
            continue
        entry: dict[str, Any] = {"start": start, "title": str(tags.get("title") or f"Chapter {n}")}
        end = _seconds(chapter.get("end_time"))
        if end is not None:
            entry["end"] = end
        out.append(entry)
    return sorted(out, key=lambda c: c["start"])


def timestamp(seconds: float | int | None) -> str:
    """1:02:03 or 2:03, for a page."""
    if seconds is None:
        return ""
    total = int(seconds)
    hours, rest = divmod(total, 3600)
    mins, secs = divmod(rest, 60)
    return f"{hours}:{mins:02d}:{secs:02d}" if hours else f"{mins}:{secs:02d}"
