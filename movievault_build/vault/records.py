"""A movie flattened into the plain values queries look at.

The SQLite index is filled from these records and the Python evaluator reads them
directly, so both halves of the query engine see exactly the same facts (text is
case-folded here, once, in Python: SQLite's lower() only knows ASCII).
"""
from __future__ import annotations

import re
import unicodedata
from operator import attrgetter
from typing import Any

from ..fields import COLLECTION, FIELDS, IDS, NAMES, NUMBER, PEOPLE, RATINGS, STREAMS, queries, searched
from ..probe import facets as media_facets
from ..model import Movie

# Record keys with a table of their own in the index (schema.py); every other text a query
# matches is a `movie_labels` row of its kind.
TABLES = frozenset({"genres", "directors", "writers", "cast", "tags", "collection"})
# Labels of what the library knows beyond the declared fields: (kind, record key).
LIBRARY_LABELS = (("resolution", "resolutions"), ("source", "sources"), ("hdr", "hdr"),
                  ("audio", "audio_languages"), ("subtitle", "subtitle_languages"))

_WORD = re.compile(r"[^\W_]+")


def fold(text: Any) -> str:
    """Case- and accent-insensitive form used for every text comparison."""
    norm = unicodedata.normalize("NFKD", str(text).casefold())
    return "".join(ch for ch in norm if not unicodedata.combining(ch))


def words(text: str) -> list[str]:
    """Tokens the way SQLite FTS5's unicode61 tokenizer sees them (folded)."""
    return _WORD.findall(fold(text))


def user_tags(movie: Movie) -> list[str]:
    tags = movie.user.get("tags") or []
    return [str(t) for t in tags] if isinstance(tags, list) else []


def all_tags(movie: Movie) -> list[str]:
    """NFO tags and user tags, user's first, without repeats."""
    out: list[str] = []
    for tag in user_tags(movie) + list(movie.tags):
        if fold(tag) not in {fold(t) for t in out}:
            out.append(tag)
    return out


def _number(value: Any) -> float | None:
    if isinstance(value, bool) or value in (None, ""):
        return None
    try:
        return float(value)
    except (TypeError, ValueError):
        return None


def _flag(value: Any) -> bool:
    return value is True or (isinstance(value, str) and value.strip().lower() in ("true", "yes", "1"))


def watched(movie: Movie) -> bool:
    """The user's word wins; otherwise what the NFO said."""
    if "watched" in movie.user and movie.user.get("watched") is not None:
        return _flag(movie.user.get("watched"))
    return bool(movie.watched)


def _certification(value: str | None) -> str | None:
    """"Rated R" (as Kodi writes it) and "R" are the same certification."""
    if not value:
        return None
    return re.sub(r"^rated\s+", "", str(value).strip(), flags=re.I) or None


def movie_record(movie: Movie) -> dict[str, Any]:
    """Everything a query can ask about one movie, as plain values.

    Scalars are numbers/strings/bools or None; list fields are lists of strings. The
    declared fields (fields.py) a query or the full-text search reads come from the table,
    plain by their kind or shaped as `_SHAPED` says; the rest is what the library knows
    of the movie beyond them (its files, the user's marks).
    """
    user = movie.user
    return {
        "slug": movie.slug,
        "user_rating": _number(user.get("rating")),
        "titles": [t for t in (movie.title, movie.original_title) if t],
        "added": movie.added,
        "missing": bool(movie.missing),
        "favorite": _flag(user.get("favorite")),
        "watchlist": _flag(user.get("watchlist")),
        "size": sum(f.size for f in movie.files),
        "resolutions": sorted({f.resolution for f in movie.files if f.resolution}),
        "sources": sorted({f.source for f in movie.files if f.source}),
        **{key: shape(movie) for key, shape in _RECORDED},
        **media_record(movie.streams or {}),
    }


def _plain(kind: str, name: str):
    """How a declared field's value becomes a record's plain value, by its kind."""
    read = attrgetter(name)
    if kind == NAMES:        # the model holds them as a tuple of str
        return lambda m: list(read(m))
    if kind == PEOPLE:
        return lambda m: [p.name for p in read(m)]
    if kind == COLLECTION:
        return lambda m: read(m).name if read(m) else None
    if kind == IDS:
        return lambda m: {str(k): str(v) for k, v in read(m).items()}
    if kind == NUMBER:
        return lambda m: _number(read(m))
    if kind in (RATINGS, STREAMS):
        return lambda m: dict(read(m))
    return read


# Fields whose record value is more than their plain value: the user's word over the NFO's,
# the title when there is no sort title, one spelling of a certification, the outline when there is no plot, the user's tags too.
_SHAPED = {
    "sort_title": lambda m: m.display_sort,
    "certification": lambda m: _certification(m.certification),
    "plot": lambda m: m.plot or m.outline,
    "watched": watched,
    "playcount": lambda m: m.user.get("playcount") or m.playcount or 0,
    "tags": all_tags,
}


def _recorded() -> tuple[tuple[str, Any], ...]:
    """(record key, how to read it) of every declared field a query, the search or an index
    column reads."""
    out: dict[str, Any] = {}
    for f in FIELDS.values():
        keys = [q.record or f.name for q in f.query]
        if f.search or f.column or f.name in _SHAPED:
            keys.insert(0, f.name)
        for key in keys:
            if key == f.name:
                out.setdefault(key, _SHAPED.get(key) or _plain(f.kind, f.name))
            elif key not in out and key != "titles":   # `titles` is the library's (title and original)
                out[key] = _plain(f.kind, f.name)
    return tuple(out.items())


_RECORDED = _recorded()


def media_record(streams: Any) -> dict[str, Any]:
    """HDR kind and languages; a language also answers to its region-free base ("pt")."""
    streams = streams if isinstance(streams, dict) else {}
    return {
        "hdr": media_facets.hdr_kind(streams),
        "audio_languages": media_facets.with_bases(media_facets.audio_languages(streams)),
        "subtitle_languages": media_facets.with_bases(media_facets.subtitle_languages(streams)),
    }


def _fts_sources() -> dict[str, tuple[str, ...]]:
    """Each column of the full-text index with the record keys of the searched fields
    (fields.py `search`) it holds, in table order: directors and writers share `crew`."""
    out: dict[str, tuple[str, ...]] = {}
    for f in searched():
        out[f.fts or f.name] = out.get(f.fts or f.name, ()) + (f.name,)
    return out


_FTS_SOURCES = _fts_sources()
FTS_COLUMNS = tuple(_FTS_SOURCES)


def _texts(value: Any) -> list[str]:
    return [str(v) for v in value] if isinstance(value, list) else [str(value)] if value else []


def fts_columns(record: dict[str, Any]) -> dict[str, str]:
    """The text the full-text index holds, one string per FTS column."""
    return {column: " ".join(text for key in keys for text in _texts(record[key]))
            for column, keys in _FTS_SOURCES.items()}


def labels() -> list[tuple[str, str]]:
    """(movie_labels kind, record key) of every text a query matches outside TABLES: the
    declared fields' (fields.py) and the library's."""
    declared = [(q.label or q.record or f.name, q.record or f.name) for f, q in queries()
                if q.match in ("contains", "exact") and (q.record or f.name) not in TABLES]
    return declared + list(LIBRARY_LABELS)


LABELS = labels()
