"""A <movie> element -> the canonical metadata dict (keys from METADATA_FIELDS).

Which element feeds which field, and in what order of preference, follows what Kodi,
Jellyfin/Emby, tinyMediaManager and MediaPortal write (nfo-format.md sections 5-6).
Only direct children of <movie> are read, so an actor's `<tmdbid>` or `<thumb>` never
becomes the movie's.
"""
from __future__ import annotations

import re
from typing import Any, Callable

from movievault_build.identify import nfo_media
from movievault_build.identify.nfo_values import (
    clean_line, clean_text, parse_bool, parse_date, parse_int, parse_runtime, parse_trailer, parse_year,
    split_list, valid_id,
)
from movievault_build.identify.nfo_xml import children, index, inner_text, own_text, tag
from movievault_build.fields import FIELDS, with_nfo
from movievault_build.model import LIST_LIMITS, STREAM_LIST_LIMIT

Kids = dict[str, list[Any]]

# Jellyfin/Emby <actor><type>: people of other types are crew, not cast.
CAST_TYPES = frozenset({"actor", "gueststar"})
# <xxxid> elements that are not movie ids.
_NOT_IDS = frozenset({"uniqueid", "tmdbcolid", "mbid", "videoid", "youtubeid"})
_ID_TAG = re.compile(r"^([a-z]+?)_?id$")


def extract(root: Any, warnings: list[str]) -> dict[str, Any]:
    """The fields declared with NFO elements (fields.py) by their parser; the few the
    declaration marks "custom" (ids, ratings, dates, people, art, streams) by their own."""
    kids = index(root)
    ids = read_ids(kids)
    meta: dict[str, Any] = {f.name: PARSERS[f.nfo.parse](kids, f.nfo.read)
                            for f in with_nfo() if f.nfo.parse != "custom"}
    meta.update({
        "ids": ids,
        "collection": read_collection(kids, ids),
        "premiered": _date(kids, warnings),
        "cast": read_cast(kids),
        "images": nfo_media.read_images(kids),
        "streams": nfo_media.read_streams(kids),
    })
    meta["year"] = parse_year(_raw(kids, "year")) or _year_of(meta["premiered"])
    meta["ratings"], meta["rating"] = nfo_media.read_ratings(kids, warnings)
    meta["watched"] = _watched(kids, meta.get("playcount"))
    return _capped({k: v for k, v in meta.items() if v not in (None, "", [], {})}, warnings)


def _capped(meta: dict[str, Any], warnings: list[str]) -> dict[str, Any]:
    """Lists cut to model.LIST_LIMITS (and stream lists to STREAM_LIST_LIMIT), saying so."""
    for name, limit in LIST_LIMITS.items():
        value = meta.get(name)
        if isinstance(value, (list, dict)) and len(value) > limit:
            warnings.append(f"{len(value)} {name} entries; kept the first {limit}")
            meta[name] = value[:limit] if isinstance(value, list) else dict(list(value.items())[:limit])
    streams = meta.get("streams")
    for name in ("audio", "subtitles", "chapters"):
        if isinstance(streams, dict) and len(streams.get(name) or ()) > STREAM_LIST_LIMIT:
            warnings.append(f"{len(streams[name])} {name} streams; kept the first {STREAM_LIST_LIMIT}")
            streams[name] = streams[name][:STREAM_LIST_LIMIT]
    return meta


# --- element text helpers -------------------------------------------------------------

def _raw(kids: Kids, *names: str) -> str | None:
    """Text of the first non-empty element among `names` (in order of preference)."""
    for name in names:
        for el in kids.get(name, []):
            if (text := own_text(el)).strip():
                return text
    return None


def _raws(kids: Kids, name: str) -> list[str]:
    return [own_text(el) for el in kids.get(name, [])]


def _nested(kids: Kids, outer: str, inner: str) -> list[str]:
    """MediaPortal wraps lists: <genres><genre>…</genre></genres>."""
    return [own_text(el) for block in kids.get(outer, []) for el in children(block)
            if tag(el) == inner]


def _line(kids: Kids, *names: str) -> str | None:
    return clean_line(_raw(kids, *names))


def _prose(kids: Kids, *names: str) -> str | None:
    for name in names:
        for el in kids.get(name, []):
            if text := clean_text(inner_text(el)):
                return text
    return None


def _count(kids: Kids, *names: str) -> int | None:
    value = parse_int(_raw(kids, *names))
    return value if value is not None and value >= 0 else None


def _names(kids: Kids, names: tuple[str, ...], nested: bool = False, people: bool = False) -> list[str]:
    raws = [text for name in names for text in _raws(kids, name)]
    if nested:
        raws += [text for name in names for text in _nested(kids, f"{name}s", name)]
    return split_list(raws, people=people)


# fields.Nfo.parse -> how the text of a field's elements (in order of preference) becomes its value.
PARSERS: dict[str, Callable[[Kids, tuple[str, ...]], Any]] = {
    "line": lambda kids, names: _line(kids, *names),
    "prose": lambda kids, names: _prose(kids, *names),
    "count": lambda kids, names: _count(kids, *names),
    "runtime": lambda kids, names: parse_runtime(_raw(kids, *names)),
    "trailer": lambda kids, names: parse_trailer(_raw(kids, *names)),
    "names": lambda kids, names: _names(kids, names),
    "nested": lambda kids, names: _names(kids, names, nested=True),     # MediaPortal's <genres><genre>
    "people": lambda kids, names: _names(kids, names, people=True),
}


def _date(kids: Kids, warnings: list[str]) -> str | None:
    raw = _raw(kids, *FIELDS["premiered"].nfo.read)
    value = parse_date(raw)
    if raw and value is None and not re.fullmatch(r"\s*\d{4}\s*", raw):
        warnings.append(f"release date {clean_line(raw)!r} not understood (ignored)")
    return value


def _year_of(iso_date: str | None) -> int | None:
    return int(iso_date[:4]) if iso_date else None


def _watched(kids: Kids, playcount: int | None) -> bool | None:
    """Jellyfin writes <watched>; Kodi means watched by playcount > 0."""
    watched = parse_bool(_raw(kids, "watched"))
    if watched is None and playcount is not None:
        return playcount > 0
    return watched


# --- ids --------------------------------------------------------------------------------

def read_ids(kids: Kids) -> dict[str, str]:
    """Movie ids by lower-cased type, first found wins, in the reference's order:
    <uniqueid type=…>; <tmdbid>/<imdbid>/<imdb_id> and other <xxxid>; MediaPortal's
    <imdb>/<tmdb>; tinyMediaManager's <ids> map; then <id> (IMDb if it starts with
    `tt`, or by its TMDB/IMDB/TVDB attributes). A `tmdbcol` uniqueid is the TMDB
    collection id and stays under that name, never `tmdb`."""
    found: list[tuple[str, str | None]] = []
    for el in kids.get("uniqueid", []):
        kind = (clean_line(el.get("type")) or "").lower()
        value = clean_line(el.text)
        found.append((kind or ("imdb" if value and value.startswith("tt") else "unknown"), value))
    for name, els in kids.items():
        match = _ID_TAG.match(name)
        if match and name != "id" and name not in _NOT_IDS:
            found.extend((match.group(1), el.text) for el in els)
    found.extend((kind, el.text) for kind in ("imdb", "tmdb") for el in kids.get(kind, []))
    found.extend(_tmm_ids(kids))
    for el in kids.get("id", []):
        value = clean_line(el.text)
        found.append(("imdb" if value and value.startswith("tt") else "unknown", value))
        found.extend((attr.lower(), el.get(attr)) for attr in ("TMDB", "IMDB", "TVDB") if el.get(attr))
    ids: dict[str, str] = {}
    for kind, value in found:
        kind = "tmdbcol" if kind in {"tmdbcol", "tmdbcollection"} else kind
        if kind != "unknown" and kind not in ids and (good := valid_id(kind, value)):
            ids[kind] = good
    return ids


def _tmm_ids(kids: Kids) -> list[tuple[str, str | None]]:
    """<ids><entry><key>tmdb</key><value>603</value></entry></ids> (JAXB map) or
    <ids><tmdb>603</tmdb></ids>."""
    out: list[tuple[str, str | None]] = []
    for block in kids.get("ids", []):
        for el in children(block):
            if tag(el) == "entry":
                entry = index(el)
                key = clean_line(_raw(entry, "key"))
                if key:
                    out.append((key.lower(), _raw(entry, "value")))
            else:
                out.append((tag(el), el.text))
    return out


# --- collection and people -------------------------------------------------------------

def read_collection(kids: Kids, ids: dict[str, str]) -> dict[str, str] | None:
    """The first named set. Both Kodi forms (`<set>Name</set>` and
    `<set><name/><overview/></set>`), MediaPortal's `<sets><set>` and `<setname>`/
    `<setdescription>`. With mixed content the <name> child wins, like Kodi. The TMDB
    collection id (`tmdbcolid` attribute, <collectionnumber>) goes into `ids`."""
    sets = kids.get("set", []) + [el for block in kids.get("sets", []) for el in children(block)
                                  if tag(el) == "set"]
    for name in ("collectionnumber", "tmdbcolid"):
        if (value := valid_id("tmdbcol", _raw(kids, name))):
            ids.setdefault("tmdbcol", value)
    for el in sets:
        if (value := valid_id("tmdbcol", el.get("tmdbcolid"))):
            ids.setdefault("tmdbcol", value)
    for el in sets:
        sub = index(el)
        name = clean_line(_raw(sub, "name", "setname")) or clean_line(own_text(el))
        if name:
            overview = clean_text(_raw(sub, "overview", "setdescription"))
            return {"name": name, "overview": overview} if overview else {"name": name}
    return None


def read_cast(kids: Kids) -> list[dict[str, Any]]:
    cast = []
    for el in kids.get("actor", []):
        sub = index(el)
        person_type = (_line(sub, "type") or "actor").lower()
        name = _line(sub, "name")
        if not name or person_type not in CAST_TYPES:
            continue
        person: dict[str, Any] = {"name": name}
        if role := _line(sub, "role"):
            person["role"] = role
        order = parse_int(_raw(sub, "order", "sortorder"))
        if order is not None and order >= 0:
            person["order"] = order
        if thumb := _line(sub, "thumb"):
            person["thumb"] = thumb
        cast.append(person)
    return cast
