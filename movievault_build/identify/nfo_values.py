"""Text of one NFO element -> a typed value. Pure functions, no XML here.

Writers disagree on number and date formats and on how a list sits in one element
(`Action / Drama`, `|a|b|`, `a, b`), so each parser accepts the forms seen in real
files and returns None for anything else rather than guessing.
"""
from __future__ import annotations

import math
import re
from datetime import date
from typing import Iterable

_SPACES = re.compile(r"[\s\u00a0\u2007\u202f]+")
_INT = re.compile(r"^[+-]?\d+")
_NUMBER = re.compile(r"^[+-]?(\d+(?:[.,]\d*)?|[.,]\d+)$")
_RUNTIME_HM = re.compile(r"^(\d+)\s*h(?:ours?)?\s*(?:(\d+)\s*m(?:in(?:utes?)?)?)?$", re.I)
_ISO_DATE = re.compile(r"^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:$|[ T])")
_DAY_FIRST = re.compile(r"^(\d{1,2})[-.](\d{1,2})[-.](\d{4})$")
# A list inside one element: " / " (Kodi), "|" (MediaPortal), ";" and "," (Jellyfin people).
_SLASH_PIPE = re.compile(r"\s*[/|]\s*")
_PEOPLE_SEPARATORS = re.compile(
    r"\s*(?:[/|;]|,(?!\s*(?:jr|sr|inc|ltd|llc|co|corp|gmbh|ag|s\.a|plc|ii|iii)\b\.?))\s*", re.I)
_IMDB_ID = re.compile(r"(?<![A-Za-z0-9])(tt\d{7,8})(?!\d)")
_TMDB_URL = re.compile(r"themoviedb\.org/(?:[a-z]{2}(?:-[A-Za-z]{2})?/)?movie/(\d+)", re.I)

TRUE_WORDS = frozenset({"true", "1", "yes"})
FALSE_WORDS = frozenset({"false", "0", "no"})


def clean_text(text: str | None) -> str | None:
    """Trimmed text, or None when empty. Line structure is kept (plots have paragraphs),
    but the indentation pretty-printers put on wrapped lines is not."""
    if text is None:
        return None
    lines = [line.strip() for line in text.strip().splitlines()]
    out = "\n".join(lines).strip()
    return out or None


def clean_line(text: str | None) -> str | None:
    """A one-line value (titles, names): whitespace, no-break spaces included, collapsed;
    MediaPortal's `|value|` pipes dropped."""
    if text is None:
        return None
    out = _SPACES.sub(" ", text).strip().strip("|").strip()
    return out or None


def parse_float(text: str | None) -> float | None:
    """`7.5`, `7,5` (a locale-written decimal comma), `5.800000`; None for anything else."""
    value = clean_line(text)
    if value is None or not _NUMBER.match(value):
        return None
    number = float(value.replace(",", "."))
    return number if math.isfinite(number) else None


def parse_int(text: str | None) -> int | None:
    """The leading integer: `2009`, `754.000000` -> 754; None without one."""
    value = clean_line(text)
    match = _INT.match(value) if value else None
    return int(match.group(0)) if match else None


def parse_count(text: str | None) -> int | None:
    """A count written with thousands separators: `3,998` or `3.998` -> 3998."""
    digits = re.sub(r"\D", "", text or "")
    return int(digits) if digits else None


def parse_bool(text: str | None) -> bool | None:
    value = (clean_line(text) or "").lower()
    return True if value in TRUE_WORDS else False if value in FALSE_WORDS else None


def parse_runtime(text: str | None) -> int | None:
    """Whole minutes: `122`, `122 min`, `2h 2m`, `1 hour 30 minutes`; 0 means unknown."""
    value = clean_line(text)
    if value is None:
        return None
    hm = _RUNTIME_HM.match(value)
    minutes = int(hm.group(1)) * 60 + int(hm.group(2) or 0) if hm else parse_int(value)
    return minutes if minutes and 0 < minutes < 10_000 else None


def parse_year(text: str | None) -> int | None:
    year = parse_int(text)
    return year if year and 1850 <= year <= 2200 else None


def parse_date(text: str | None) -> str | None:
    """ISO `YYYY-MM-DD` from `YYYY-MM-DD[ time]`, `YYYY/MM/DD`, or day-first
    `DD-MM-YYYY` / `DD.MM.YYYY` (tinyMediaManager, MediaPortal). Month-first US dates
    with slashes are ambiguous and not accepted."""
    value = clean_line(text)
    if value is None:
        return None
    if match := _ISO_DATE.match(value):
        y, m, d = (int(g) for g in match.groups())
    elif match := _DAY_FIRST.match(value):
        d, m, y = (int(g) for g in match.groups())
    else:
        return None
    try:
        return date(y, m, d).isoformat() if 1850 <= y <= 2200 else None
    except ValueError:
        return None


_YOUTUBE_PLUGIN = re.compile(r"^plugin://plugin\.video\.youtube/.*?(?:videoid|video_id)=([A-Za-z0-9_-]{6,20})", re.I)
_WEB_URL = re.compile(r"^https?://[^\s/?#]+\.[^\s/?#]+[^\s]*$", re.I)


def parse_trailer(text: str | None) -> str | None:
    """A trailer a browser can open: an http(s) URL as is, Kodi's YouTube add-on link
    (`plugin://plugin.video.youtube/?action=play_video&videoid=…`) as the YouTube page;
    anything else (a local file, another add-on, a script URL) is no trailer."""
    value = (text or "").strip()
    if m := _YOUTUBE_PLUGIN.match(value):
        return f"https://www.youtube.com/watch?v={m.group(1)}"
    return value if _WEB_URL.match(value) and len(value) <= 2000 else None


def split_list(values: Iterable[str | None], people: bool = False) -> list[str]:
    """Every non-empty item of one or more elements, split on list separators and
    de-duplicated in order. `people=True` also splits on `;` and `,` (Jellyfin and
    MediaPortal), but not before `Jr.`, `Inc.` and similar suffixes."""
    pattern = _PEOPLE_SEPARATORS if people else _SLASH_PIPE
    out: list[str] = []
    seen: set[str] = set()
    for value in values:
        for item in pattern.split(_SPACES.sub(" ", value or "")):
            item = clean_line(item)
            if item and item.casefold() not in seen:
                seen.add(item.casefold())
                out.append(item)
    return out


def ids_from_text(text: str) -> dict[str, str]:
    """IMDb and TMDB ids in free text (a URL-only NFO, or the lines after `</movie>`)."""
    ids: dict[str, str] = {}
    if match := _TMDB_URL.search(text):
        ids["tmdb"] = str(int(match.group(1)))
    if match := _IMDB_ID.search(text):
        ids["imdb"] = match.group(1)
    return ids


def valid_id(kind: str, value: str | None) -> str | None:
    """A usable id of that kind, or None: placeholders like `0` and malformed IMDb ids
    are dropped so they never reach a provider lookup."""
    value = clean_line(value)
    if not value:
        return None
    if kind == "imdb":
        return value if re.fullmatch(r"tt\d{7,8}", value) else None
    if kind in {"tmdb", "tvdb", "trakt", "tmdbcol"}:
        return str(int(value)) if value.isdigit() and int(value) > 0 else None
    return None if value in {"0", "-1"} else value
