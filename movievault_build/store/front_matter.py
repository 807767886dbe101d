"""The shape a content file's front matter must have, checked once where it is read.

Content files come from the scanner, from users' hands and from pull requests. Every
later stage (pages, the index, search, statistics) trusts a `Movie`'s types, so a value
of the wrong kind (`images: 42`, `title: [a, b]`, `year: soon`) is caught here and the
file is one error naming the key, instead of a crash in whatever stage meets it first.

Values are coerced where the meaning is plain (a number or a date where text is wanted,
`"1995"` for a year, one genre written without a list); anything else is refused. Keys
this schema does not know pass through untouched (they are the user's).

    >>> clean({"title": 1984, "year": "1984", "genres": "Drama"}, "x.md")
    {'title': '1984', 'year': 1984, 'genres': ['Drama']}
"""
from __future__ import annotations

import datetime as _dt
import math
import re
from collections.abc import Mapping
from typing import Any

from .. import fields
from ..errors import ReadError

TEXT, INT, NUM, BOOL, ANY = "text", "a whole number", "a number", "true or false", "any"
NEEDS = object()       # in a record's spec: the key it cannot do without
_INT_TEXT = re.compile(r"\s*[+-]?\d{1,18}\s*")
_BOOL_TEXT = {"true": True, "yes": True, "false": False, "no": False}
_AS_IS = {(str, TEXT), (int, INT), (bool, BOOL)}    # what _scalar gives back unchanged, by exact type

TRACK = {"codec": TEXT, "profile": TEXT, "language": TEXT, "title": TEXT, "layout": TEXT,
         "channels": INT, "bitrate": INT, "file": TEXT, "encoding": TEXT,
         **dict.fromkeys(("default", "forced", "commentary", "lossless", "hearing_impaired", "external"), BOOL)}
STREAMS = {
    "container": TEXT, "duration": NUM, "bitrate": INT,
    "video": {"codec": TEXT, "profile": TEXT, "width": INT, "height": INT, "resolution": TEXT,
              "frame_rate": NUM, "bit_depth": INT, "pix_fmt": TEXT, "hdr": TEXT, "bitrate": INT},
    "audio": [TRACK], "subtitles": [TRACK], "chapters": [{"start": NUM, "end": NUM, "title": TEXT}],
}
FILM = {"tmdb": TEXT, "title": TEXT, "year": INT, NEEDS: "tmdb"}
PERSON = (TEXT, {"name": TEXT, "role": TEXT, "order": INT, "thumb": TEXT, NEEDS: "name"})
COLLECTION = (TEXT, {"name": TEXT, "overview": TEXT, "tmdb": TEXT, NEEDS: "name",
                     "parts": [FILM]})
IMAGE = {"kind": TEXT, "src": TEXT, "path": TEXT, "aspect": TEXT, "sha256": TEXT, NEEDS: "kind"}
# Each declared field's shape (fields.py), by its kind.
SHAPES = {**dict.fromkeys((fields.TEXT, fields.PROSE, fields.DATE, fields.URL), TEXT),
          fields.INT: INT, fields.NUMBER: NUM, fields.BOOL: BOOL, fields.NAMES: [TEXT],
          fields.IDS: {str: TEXT}, fields.RATINGS: {str: {"value": NUM, "votes": INT, "max": NUM}},
          fields.PEOPLE: [PERSON], fields.COLLECTION: COLLECTION, fields.IMAGES: [IMAGE],
          fields.STREAMS: STREAMS, fields.FILMS: [FILM]}
METADATA = {f.name: SHAPES[f.kind] for f in fields.FIELDS.values()}
QUALITY = {"codec": TEXT, "hdr": TEXT, "bit_depth": INT, "channels": INT, "lossless_audio": BOOL,
           "bitrate": INT, "duration": NUM}
USER = {"tags": [TEXT], "watched": BOOL, "favorite": BOOL, "watchlist": BOOL, "rating": NUM,
        "notes": TEXT, "playcount": INT, "lastplayed": TEXT, "ids": {str: TEXT}, "overrides": METADATA}
FRONT_MATTER = {
    **METADATA, "schema": INT,
    "translations": {str: {str: TEXT}},
    "files": [{"library": TEXT, "path": TEXT, "size": INT, "mtime": NUM, "part": INT, "container": TEXT,
               "resolution": TEXT, "source": TEXT, "edition": TEXT, "quality": QUALITY, NEEDS: "path"}],
    "sources": {str: TEXT}, "added": TEXT, "missing": BOOL, "confidence": NUM,
    "user": USER,
}


class ShapeError(ValueError):
    def __init__(self, where: str, wanted: str, value: Any) -> None:
        super().__init__(f"`{where}` must be {wanted}, not {_kind(value)}")


def clean(data: Mapping[str, Any], path: str) -> dict[str, Any]:
    """`data` with every known key of the right type (coerced where plain), or ReadError
    naming the first key that is not."""
    try:
        return _mapping(data, FRONT_MATTER, "")
    except ShapeError as exc:
        raise ReadError(path, f"malformed front matter: {exc}") from None


def _check(value: Any, spec: Any, where: str) -> Any:
    if value is None or spec == ANY:
        return value
    if isinstance(spec, tuple):                      # text, or a record
        return _check(value, spec[1] if isinstance(value, Mapping) else spec[0], where)
    if isinstance(spec, list):
        if isinstance(value, (str, int, float, _dt.date)) and spec[0] == TEXT and not isinstance(value, bool):
            value = [value]                          # `genres: Drama`
        if not isinstance(value, list):
            raise ShapeError(where, "a list", value)
        return [_check(v, spec[0], f"{where}[{i}]") for i, v in enumerate(value)]
    if isinstance(spec, dict):
        if not isinstance(value, Mapping):
            raise ShapeError(where, "a mapping", value)
        return _mapping(value, spec, where)
    return _scalar(value, spec, where)


def _mapping(value: Mapping[Any, Any], spec: dict, where: str) -> dict[str, Any]:
    each = spec.get(str)                             # {str: X}: every value is an X
    out = {str(k): _check(v, each if each is not None else spec.get(str(k), ANY),
                          f"{where}.{k}" if where else str(k)) for k, v in value.items()}
    needed = spec.get(NEEDS)
    if needed and out.get(needed) in (None, ""):
        raise ShapeError(f"{where}.{needed}", TEXT, None)
    return out


def _scalar(value: Any, spec: str, where: str) -> Any:
    if (type(value), spec) in _AS_IS:                # most values: taken as they are, checked at once
        return value
    if isinstance(value, (list, dict, Mapping, set, tuple, bytes)):
        raise ShapeError(where, spec, value)
    if spec == TEXT:
        return value if isinstance(value, str) else str(value)
    if spec == BOOL:
        if isinstance(value, bool):
            return value
        if isinstance(value, int) and value in (0, 1):
            return bool(value)
        if isinstance(value, str) and value.strip().lower() in _BOOL_TEXT:
            return _BOOL_TEXT[value.strip().lower()]
        raise ShapeError(where, spec, value)
    if isinstance(value, bool):
        raise ShapeError(where, spec, value)
    if spec == INT:
        if isinstance(value, int):
            return value
        if isinstance(value, float) and math.isfinite(value):
            return int(value)
        if isinstance(value, str) and _INT_TEXT.fullmatch(value):
            return int(value)
        raise ShapeError(where, spec, value)
    try:                                             # NUM
        number = float(value) if isinstance(value, (int, float, str)) else math.nan
    except (ValueError, OverflowError):
        number = math.nan
    if not math.isfinite(number):
        raise ShapeError(where, "a finite number", value)
    return value if isinstance(value, (int, float)) else number


def _kind(value: Any) -> str:
    if value is None:
        return "empty"
    if isinstance(value, bool):
        return f"{value!s}".lower()
    if isinstance(value, (int, float)):
        return f"a number ({value})"
    if isinstance(value, str):
        return f"text ({value[:40]!r})"
    return {list: "a list", dict: "a mapping"}.get(type(value), "a mapping" if isinstance(value, Mapping)
                                                       else type(value).__name__)
