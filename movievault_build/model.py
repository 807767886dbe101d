"""The one data model. Frozen dataclasses, no I/O.

Every stage speaks the same vocabulary: a *metadata dict* whose keys are
`METADATA_FIELDS` (the shape `movievault nfo show --json` prints and the
content file's front matter stores). `Movie` is that dict made typed, plus
what the library knows about the files and where each field came from.
"""
from __future__ import annotations

import operator
import re
from collections.abc import Mapping
from dataclasses import dataclass, field, fields, make_dataclass, replace
from datetime import date, datetime, timezone
from typing import Any

from .fields import COLLECTION, FIELDS, FILMS, IMAGES, MAPPINGS, NAMES, PEOPLE

SCHEMA_VERSION = 1

# The metadata vocabulary, in the order it is written to content files (fields.py).
FIELDS.sealed = True
METADATA_FIELDS: tuple[str, ...] = tuple(FIELDS)
LIST_FIELDS = frozenset(f.name for f in FIELDS.values() if f.kind in (NAMES, PEOPLE, IMAGES, FILMS))
DICT_FIELDS = frozenset(f.name for f in FIELDS.values() if f.kind in MAPPINGS)
# How many entries a list may hold when read from a file someone else wrote (an NFO): far
# past any real film, and each genre, tag or person is a page — one 178 KB NFO must not
# make ten thousand of them.
LIST_LIMITS = {f.name: f.limit for f in FIELDS.values() if f.limit}
_KINDS: tuple[tuple[str, str], ...] = tuple((f.name, f.kind) for f in FIELDS.values())
STREAM_LIST_LIMIT = 200     # audio tracks, subtitles, chapters

_LEADING_ARTICLE = re.compile(r"^(the|a|an) ")


def _by_values(cls: type) -> type:
    """Pickled as the class called with its field values in order: a slotted frozen
    dataclass otherwise pickles each object through `fields()`, which made the movie
    snapshot (store/movie_snapshot.py) four times slower to write."""
    values = operator.attrgetter(*(f.name for f in fields(cls)))
    cls.__reduce__ = lambda self: (cls, values(self))
    return cls


def _record(cls: type) -> type:
    """A frozen dataclass with slots: a library holds one per movie, person and file, and
    a dict for each would be most of a build's memory."""
    return _by_values(dataclass(frozen=True, slots=True)(cls))


@_record
class Person:
    name: str
    role: str | None = None
    order: int | None = None
    thumb: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {k: v for k, v in (("name", self.name), ("role", self.role),
                                  ("order", self.order), ("thumb", self.thumb)) if v is not None}

    @classmethod
    def from_dict(cls, d: Mapping[str, Any] | str) -> "Person":
        if isinstance(d, str):
            return cls(name=d)
        return cls(name=str(d["name"]), role=d.get("role"), order=d.get("order"), thumb=d.get("thumb"))


@_record
class CollectionPart:
    """One film as TMDB names it — a part of a collection, a recommendation; the library
    may or may not hold it."""
    tmdb: str
    title: str
    year: int | None = None

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"tmdb": self.tmdb, "title": self.title}
        if self.year is not None:
            out["year"] = self.year
        return out

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> "CollectionPart":
        year = d.get("year")
        return cls(tmdb=str(d["tmdb"]), title=str(d.get("title") or ""),
                   year=int(year) if isinstance(year, (int, str)) and str(year).isdigit() else None)


@_record
class Collection:
    name: str
    overview: str | None = None
    tmdb: str | None = None                     # TMDB collection id, when known
    parts: tuple[CollectionPart, ...] = ()      # every film, in release order (TMDB only)

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"name": self.name}
        if self.overview:
            out["overview"] = self.overview
        if self.tmdb:
            out["tmdb"] = self.tmdb
        if self.parts:
            out["parts"] = [p.to_dict() for p in self.parts]
        return out

    @classmethod
    def from_dict(cls, d: Mapping[str, Any] | str) -> "Collection":
        if isinstance(d, str):
            return cls(name=d)
        parts = tuple(CollectionPart.from_dict(p) for p in d.get("parts") or ()
                      if isinstance(p, Mapping) and p.get("tmdb"))
        return cls(name=str(d["name"]), overview=d.get("overview"),
                   tmdb=str(d["tmdb"]) if d.get("tmdb") else None, parts=parts)


@_record
class MediaFile:
    """One video file (or disc folder) of a movie, relative to its library root."""
    path: str                 # posix path relative to the root
    root: str                 # the library root as configured (never written to the site)
    size: int = 0
    mtime: float = 0.0
    part: int | None = None   # 1, 2 … for multi-part movies
    container: str | None = None   # mkv, mp4 … or "dvd" / "bluray" for disc folders
    resolution: str | None = None
    source: str | None = None
    edition: str | None = None

    def to_dict(self) -> dict[str, Any]:
        d = {f.name: getattr(self, f.name) for f in fields(self)}
        d.pop("root")  # roots are machine-local; the store keeps paths relative
        return {k: v for k, v in d.items() if v is not None}


@_record
class Artwork:
    """An image of a movie: where it came from (`src`: a URL, or a path relative to the
    library root) and, once stored, its copy in content/ (`path`, relative to content/)."""
    kind: str                 # poster, fanart, landscape, clearlogo, thumb …
    src: str | None = None
    path: str | None = None
    aspect: str | None = None

    def to_dict(self) -> dict[str, str]:
        return {k: v for k, v in (("kind", self.kind), ("src", self.src),
                                  ("path", self.path), ("aspect", self.aspect)) if v}

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> "Artwork":
        return cls(kind=str(d["kind"]), src=d.get("src"), path=d.get("path"), aspect=d.get("aspect"))


class _MovieMethods:
    """What a Movie can do; its fields come from the declaration (fields.py) and LIBRARY_FACTS."""
    __slots__ = ()

    @property
    def display_sort(self) -> str:
        key = (self.sort_title or self.title).casefold()
        return _LEADING_ARTICLE.sub("", key)

    def image(self, kind: str) -> Artwork | None:
        """The stored image of that kind, if any."""
        return next((a for a in self.images if a.kind == kind and a.path), None)

    def metadata(self) -> dict[str, Any]:
        """The metadata dict (METADATA_FIELDS), empty values dropped."""
        out: dict[str, Any] = {}
        for name, kind in _KINDS:
            value = getattr(self, name)
            if kind in (PEOPLE, IMAGES, FILMS):
                value = [p.to_dict() for p in value]
            elif kind == COLLECTION:
                value = value.to_dict() if value else None
            elif isinstance(value, tuple):
                value = list(value)
            elif isinstance(value, Mapping):
                value = dict(value)
            if value in (None, "", [], {}):
                continue
            out[name] = value
        return out

    def with_changes(self, **changes: Any) -> "Movie":
        return replace(self, **changes)


# What the library knows beyond the metadata, after the declared fields.
LIBRARY_FACTS: tuple[tuple[str, str, Any], ...] = (
    ("files", "tuple[MediaFile, ...]", field(default=())),
    ("sources", "Mapping[str, str]", field(default_factory=dict)),      # field -> provenance
    ("missing", "bool", field(default=False)),
    ("added", "str | None", field(default=None)),          # ISO date the movie first appeared
    ("confidence", "float | None", field(default=None)),   # how sure identification was (0-1)
    ("user", "Mapping[str, Any]", field(default_factory=dict)),         # user-owned block, read-only here
    ("translations", "Mapping[str, Mapping[str, str]]", field(default_factory=dict)),  # {de-DE: {title, overview}}
    ("body", "str", field(default="")),
)
_TYPES = {"text": "str | None", "prose": "str | None", "date": "str | None", "url": "str | None",
          "int": "int | None", "number": "float | None", "bool": "bool | None", "names": "tuple[str, ...]",
          "people": "tuple[Person, ...]", "images": "tuple[Artwork, ...]", "films": "tuple[CollectionPart, ...]", "collection": "Collection | None",
          "ids": "Mapping[str, str]", "ratings": "Mapping[str, Mapping[str, Any]]", "streams": "Mapping[str, Any]"}


def _movie_fields() -> list[tuple[str, str, Any]]:
    """slug, title and year first (positional use: Movie("heat-1995", "Heat", 1995)), then the
    other declared fields in table order, then the library facts."""
    order = ["title", "year"] + [n for n in FIELDS if n not in ("title", "year")]
    out: list[tuple[str, str, Any]] = [("slug", "str", field())]
    for name in order:
        f = FIELDS[name]
        default = field() if name == "title" else (
            field(default_factory=dict) if f.kind in MAPPINGS else field(default=f.empty))
        out.append((name, _TYPES[f.kind], default))
    return out + list(LIBRARY_FACTS)


Movie = _by_values(make_dataclass("Movie", _movie_fields(), bases=(_MovieMethods,), frozen=True, slots=True))
Movie.__module__ = __name__          # pickled by name (the scan's worker processes)
Movie.__doc__ = "A movie: every declared metadata field (fields.py), then what the library knows of it."


def movie_from_metadata(slug: str, meta: Mapping[str, Any], **extra: Any) -> Movie:
    """Build a Movie from a metadata dict, coercing lists and nested records."""
    kwargs: dict[str, Any] = {}
    for name, kind in _KINDS:
        if name not in meta or meta[name] is None:
            continue
        value = meta[name]
        if kind == PEOPLE:
            value = tuple(Person.from_dict(p) for p in value)
        elif kind == COLLECTION:
            value = Collection.from_dict(value)
        elif kind == IMAGES:
            value = tuple(Artwork.from_dict(a) for a in value)
        elif kind == FILMS:
            value = tuple(CollectionPart.from_dict(p) for p in value if isinstance(p, Mapping) and p.get("tmdb"))
        elif name in LIST_FIELDS:
            value = tuple(str(v) for v in value)
        elif name in DICT_FIELDS:
            value = dict(value)
        kwargs[name] = value
    kwargs.setdefault("title", slug)
    return Movie(slug=slug, **kwargs, **extra)


# -- what one person did with a movie -----------------------------------------------------
# The keys a person's watch state is stored under: in the default user's `user:` block of
# each content file, and in content/users/<name>.yml for everyone else (store/users.py).
WATCH_KEYS: tuple[str, ...] = ("watched", "playcount", "lastplayed", "position", "favorite", "rating",
                               "watchlist")


@_record
class WatchState:
    """One person's state of one movie. `lastplayed` is timezone-aware (UTC when written
    by MovieVault); `position` is where playback stopped, in seconds (0: from the start);
    `rating` is theirs, 0-10, None when unrated."""
    watched: bool = False
    playcount: int = 0
    lastplayed: datetime | None = None
    position: int = 0
    favorite: bool = False
    rating: float | None = None
    watchlist: bool = False

    def to_dict(self) -> dict[str, Any]:
        """The stored form: only what differs from the default, timestamps as ISO-8601 UTC."""
        out: dict[str, Any] = {}
        for name in WATCH_KEYS:
            value = getattr(self, name)
            if value in (None, False, 0):
                continue
            if isinstance(value, datetime):
                value = format_stamp(value)
            elif isinstance(value, float) and value.is_integer():
                value = int(value)
            out[name] = value
        return out

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> "WatchState":
        """Read leniently, as people write YAML: "yes", "2", a date alone, a local time."""
        if all(d.get(k) is None or d.get(k) is False for k in WATCH_KEYS):
            return NOT_WATCHED      # most `user:` blocks (`watched: false`): every build reads them all
        return cls(watched=_flag(d.get("watched")), playcount=_count(d.get("playcount")),
                   lastplayed=parse_stamp(d.get("lastplayed")), position=_count(d.get("position")),
                   favorite=_flag(d.get("favorite")), rating=_rating(d.get("rating")),
                   watchlist=_flag(d.get("watchlist")))


NOT_WATCHED = WatchState()


def format_stamp(value: datetime) -> str:
    return value.astimezone(timezone.utc).replace(microsecond=0).strftime("%Y-%m-%dT%H:%M:%SZ")


def parse_stamp(value: Any) -> datetime | None:
    """A timestamp as YAML, an NFO or a service gives it: a datetime, a date, or ISO-8601 text
    with or without a zone, a `T` or a fraction. Without a zone it is local time (Kodi writes
    "2024-05-01 21:10:00"). Anything else is None."""
    if isinstance(value, datetime):
        stamp = value
    elif isinstance(value, date):
        stamp = datetime(value.year, value.month, value.day)
    elif isinstance(value, str) and value.strip():
        text = value.strip().replace("Z", "+00:00").replace("z", "+00:00")
        text = re.sub(r"(\.\d{6})\d+", r"\1", text)          # .NET writes 7 fractional digits
        try:
            stamp = datetime.fromisoformat(text)
        except ValueError:
            return None
    else:
        return None
    if stamp.tzinfo is None:
        stamp = stamp.astimezone()                             # local time, as the user wrote it
    return stamp.astimezone(timezone.utc)


def _flag(value: Any) -> bool:
    return value is True or (isinstance(value, str) and value.strip().lower() in ("true", "yes", "1"))


def _count(value: Any) -> int:
    if isinstance(value, bool):
        return int(value)
    try:
        return max(0, int(float(value)))
    except (TypeError, ValueError):
        return 0


def _rating(value: Any) -> float | None:
    if isinstance(value, bool) or value in (None, ""):
        return None
    try:
        rating = float(value)
    except (TypeError, ValueError):
        return None
    return rating if 0 < rating <= 10 else None
