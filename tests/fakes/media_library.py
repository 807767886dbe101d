"""One film library as the media servers and Trakt know it, shared by their fakes.

A `Film` is a movie the server has (and Trakt's catalogue knows): its ids, and where
the server sees its file. `library(n)` makes n distinct films for the benchmark.
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime, timezone


@dataclass(frozen=True)
class Film:
    key: int                    # the server's own number for it (Plex ratingKey, Trakt id)
    title: str
    year: int | None
    tmdb: str | None = None
    imdb: str | None = None
    path: str = ""              # the video file as the server sees it

    @property
    def guid(self) -> str:
        """A Jellyfin-style item id: 32 hex digits, no dashes."""
        return hashlib.md5(f"item-{self.key}".encode()).hexdigest()

    @property
    def slug(self) -> str:
        words = "".join(ch if ch.isalnum() else "-" for ch in self.title.lower()).strip("-")
        return f"{'-'.join(w for w in words.split('-') if w)}-{self.year}" if self.year else words


def library(n: int, root: str = "/media/movies") -> list[Film]:
    """n films with TMDB and IMDb ids and a folder each (Title (Year)/Title (Year).mkv)."""
    out = []
    for i in range(1, n + 1):
        title, year = f"Film {i:05d}", 1950 + i % 70
        out.append(Film(key=1000 + i, title=title, year=year, tmdb=str(100000 + i), imdb=f"tt{9000000 + i}",
                        path=f"{root}/{title} ({year})/{title} ({year}).mkv"))
    return out


def iso_z(ts: float | None, digits: int = 3) -> str | None:
    """Epoch seconds as UTC ISO-8601 with `digits` fractional digits and a Z."""
    if ts is None:
        return None
    stamp = datetime.fromtimestamp(ts, timezone.utc)
    frac = f"{stamp.microsecond:06d}{'0' * max(0, digits - 6)}"[:digits]
    return stamp.strftime("%Y-%m-%dT%H:%M:%S") + (f".{frac}" if digits else "") + "Z"


def parse_iso(text: str) -> float:
    """ISO-8601 (Z or offset, any fraction) as epoch seconds."""
    text = text.strip().replace("Z", "+00:00")
    if "." in text:
        head, rest = text.split(".", 1)
        digits = "".join(ch for ch in rest if ch.isdigit())
        zone = rest[len(digits):]
        text = f"{head}.{(digits + '000000')[:6]}{zone}"
    stamp = datetime.fromisoformat(text)
    if stamp.tzinfo is None:
        stamp = stamp.replace(tzinfo=timezone.utc)
    return stamp.timestamp()
