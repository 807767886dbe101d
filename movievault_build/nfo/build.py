"""A metadata dict -> the text of a movie NFO in one flavour (kodi, jellyfin, emby, plex).

One element vocabulary serves every reader (nfo-format.md section 1): each fact is written
in the form its readers look for, and a few facts twice where the readers disagree
(ids as `<uniqueid>` for Kodi plus `<id>` for Plex and `<tmdbid>`/`<imdbid>` for
Jellyfin/Emby; ratings as Kodi's `<ratings>` block plus a plain `<rating>` after it,
which Plex reads and which makes Jellyfin's community rating the main one).
Element order follows Kodi's export (`CVideoInfoTag::Save`, section 8.1): each field's
`Nfo.at` in fields.py, which also names the element a one-text field is written as.

Lossy on purpose (documented for the round-trip tests):
  - the plain `<rating>` carries the unnamed (`nfo`) rating, or else the main rating,
    which then reads back as an extra source `nfo`;
  - images whose kind is not a plain lower-case word (`set.poster`) are not written;
  - countries are joined into one `<country>A / B</country>` (Jellyfin keeps only the
    last `<country>` element), so a country name containing `/` would be split.
"""
from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from typing import Any, Callable, Iterable, Mapping

from ..fields import NAMES, nfo_order

FORMATS = ("kodi", "jellyfin", "emby", "plex")
DECLARATION = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
_XML_BAD = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_KIND = re.compile(r"^[a-z][a-z0-9]*$")
_VIDEO_FIELDS = ("codec", "aspect", "width", "height", "durationinseconds", "bitrate",
                 "framerate", "stereomode", "format3d", "hdrtype", "language", "scantype")
_JELLYFIN_FLAGS = ("default", "forced", "original")


def build_nfo(meta: Mapping[str, Any], flavour: str = "kodi") -> str:
    """The NFO text (declaration included, UTF-8 ready). Raises ValueError without a
    title: the Plex importer stops on a file without one."""
    if not meta.get("title"):
        raise ValueError("no title to write")
    root = build_tree(meta, flavour)
    ET.indent(root, space="  ")
    return DECLARATION + ET.tostring(root, encoding="unicode") + "\n"


def build_tree(meta: Mapping[str, Any], flavour: str = "kodi") -> ET.Element:
    """The <movie> element for `meta`, unindented; the fields that are absent give no element."""
    if flavour not in FORMATS:
        raise ValueError(f"unknown NFO format {flavour!r} (one of {', '.join(FORMATS)})")
    root = ET.Element("movie")
    for f in nfo_order():
        if f.name in _WRITERS:
            _WRITERS[f.name](root, meta, flavour)
        elif f.nfo.write and f.kind == NAMES:
            _many(root, f.nfo.write, meta.get(f.name))
        elif f.nfo.write:
            _texts(root, meta, (f.nfo.write, f.name))
    return root


def _jelly(flavour: str) -> bool:
    return flavour in ("jellyfin", "emby")


def _write_watched(root: ET.Element, meta: Mapping[str, Any], flavour: str) -> None:
    if meta.get("watched") is not None:
        _sub(root, "watched", "true" if meta["watched"] else "false")


def _write_countries(root: ET.Element, meta: Mapping[str, Any], flavour: str) -> None:
    if meta.get("countries"):
        _sub(root, "country", " / ".join(meta["countries"]))


def _write_writers(root: ET.Element, meta: Mapping[str, Any], flavour: str) -> None:
    _many(root, "credits", meta.get("writers"))
    if _jelly(flavour):
        _many(root, "writer", meta.get("writers"))


def _write_premiered(root: ET.Element, meta: Mapping[str, Any], flavour: str) -> None:
    _texts(root, meta, ("premiered", "premiered"))
    if flavour != "kodi":   # Jellyfin and the Plex importer prefer <releasedate>
        _texts(root, meta, ("releasedate", "premiered"))


# Fields whose elements take more than one text (fields.py declares them without `write`).
_WRITERS: dict[str, Callable[[ET.Element, Mapping[str, Any], str], None]] = {
    "ratings": lambda root, meta, flavour: _ratings(root, meta, _jelly(flavour)),
    "images": lambda root, meta, flavour: _images(root, meta.get("images") or (), _jelly(flavour)),
    "watched": _write_watched,
    "ids": lambda root, meta, flavour: _ids(root, meta.get("ids") or {}, flavour),
    "countries": _write_countries,
    "collection": lambda root, meta, flavour: _collection(
        root, meta.get("collection"), (meta.get("ids") or {}).get("tmdbcol"), _jelly(flavour)),
    "writers": _write_writers,
    "premiered": _write_premiered,
    "streams": lambda root, meta, flavour: _streams(root, meta.get("streams") or {}, _jelly(flavour)),
    "cast": lambda root, meta, flavour: _cast(root, meta.get("cast") or (), _jelly(flavour)),
}


# --- small builders ---------------------------------------------------------------------

def _clean(value: Any) -> str:
    if isinstance(value, float):
        text = str(int(value)) if value.is_integer() else repr(value)
    else:
        text = str(value)
    return _XML_BAD.sub("", text)


def _sub(parent: ET.Element, tag: str, value: Any = None, /, **attrs: Any) -> ET.Element:
    el = ET.SubElement(parent, tag, {k: _clean(v) for k, v in attrs.items() if v is not None})
    if value is not None:
        el.text = _clean(value)
    return el


def _texts(root: ET.Element, meta: Mapping[str, Any], *pairs: tuple[str, str]) -> None:
    for element, key in pairs:
        if meta.get(key) not in (None, ""):
            _sub(root, element, meta[key])


def _many(root: ET.Element, name: str, values: Iterable[str] | None) -> None:
    for value in values or ():
        _sub(root, name, value)


# --- ratings and ids --------------------------------------------------------------------

def _ratings(root: ET.Element, meta: Mapping[str, Any], jelly: bool) -> None:
    ratings = {k: v for k, v in (meta.get("ratings") or {}).items()
               if isinstance(v, Mapping) and v.get("value")}
    user = ratings.pop("user", None)
    plain = ratings.get("nfo")
    main = meta.get("rating")
    # An unnamed rating goes in the block too (as "nfo") when there are named ones, so
    # the reader, which looks at the block first, still finds which one was the main one.
    if set(ratings) - {"nfo"}:
        block = _sub(root, "ratings")
        default = _default_source(ratings, main)
        for source, entry in ratings.items():
            el = _sub(block, "rating", name=source, max=entry.get("max") or 10,
                      default="true" if source == default else None)
            _sub(el, "value", entry["value"])
            if entry.get("votes"):
                _sub(el, "votes", entry["votes"])
    if plain:
        _sub(root, "rating", plain["value"], max=plain.get("max") if plain.get("max") != 10 else None)
        if plain.get("votes"):
            _sub(root, "votes", plain["votes"])
    elif main:
        _sub(root, "rating", main)
    if jelly and (critic := ratings.get("tomatometerallcritics")) and critic.get("max") == 100:
        _sub(root, "criticrating", critic["value"])
    if user:
        _sub(root, "userrating", user["value"])


def _default_source(named: Mapping[str, Mapping[str, Any]], main: float | None) -> str | None:
    """The source whose 0-10 value is the main rating; Kodi keeps the one marked default."""
    for source, entry in named.items():
        top = entry.get("max") or 10
        if main is not None and abs(entry["value"] / top * 10 - main) < 0.01:
            return source
    return next(iter(named), None)


def _ids(root: ET.Element, ids: Mapping[str, str], flavour: str) -> None:
    movie_ids = {k: str(v) for k, v in ids.items() if k != "tmdbcol" and v}
    if not movie_ids:
        return
    default = next((k for k in ("imdb", "tmdb") if k in movie_ids), next(iter(movie_ids)))
    # Plex reads only <id>; Jellyfin reads <id> as IMDb when it starts with "tt".
    _sub(root, "id", movie_ids[default])
    for kind, value in movie_ids.items():
        shown = kind.capitalize() if flavour == "emby" else kind   # Emby writes type="Tmdb"
        _sub(root, "uniqueid", value, type=shown, default="true" if kind == default else None)
    if flavour in ("jellyfin", "emby"):
        for kind, value in movie_ids.items():
            if _KIND.match(kind):
                _sub(root, f"{kind}id", value)


def _collection(root: ET.Element, collection: Any, tmdbcol: str | None, jelly: bool) -> None:
    if isinstance(collection, str):
        collection = {"name": collection}
    if collection and collection.get("name"):
        el = _sub(root, "set", tmdbcolid=tmdbcol)
        _sub(el, "name", collection["name"])
        if collection.get("overview"):
            _sub(el, "overview", collection["overview"])
    if tmdbcol and (jelly or not collection):
        _sub(root, "collectionnumber", tmdbcol)


# --- images, streams, people ------------------------------------------------------------

def _images(root: ET.Element, images: Iterable[Mapping[str, Any]], jelly: bool) -> None:
    """`<thumb aspect=…>` and `<fanart><thumb>`, which Kodi and Jellyfin read (Jellyfin only
    absolute paths and URLs); Jellyfin/Emby also get the `<art>` block their savers write."""
    usable = [(str(i["kind"]), str(i["src"])) for i in images
              if i.get("src") and _KIND.match(str(i.get("kind", "")))]
    for kind, src in usable:
        if kind != "fanart":
            _sub(root, "thumb", src, aspect=kind)
    fanart = [src for kind, src in usable if kind == "fanart"]
    if fanart:
        block = _sub(root, "fanart")
        for src in fanart:
            _sub(block, "thumb", src)
    if jelly and usable:
        art = _sub(root, "art")
        for kind, src in usable:
            _sub(art, kind, src)


def _streams(root: ET.Element, streams: Mapping[str, Any], jelly: bool) -> None:
    # streamdetails describe the file's own streams; sidecar subtitles are found by name
    subtitles = [s for s in streams.get("subtitles") or () if not s.get("external")]
    video = streams.get("video") or {}
    if not (video or streams.get("audio") or subtitles):
        return
    details = _sub(_sub(root, "fileinfo"), "streamdetails")
    if video:
        el = _sub(details, "video")
        for name in _VIDEO_FIELDS:
            if video.get(name) not in (None, ""):
                _sub(el, name, video[name])
    for audio in streams.get("audio") or ():
        el = _sub(details, "audio")
        for name in ("codec", "language", "channels"):
            if audio.get(name) not in (None, ""):
                _sub(el, name, audio[name])
        _flags(el, audio.get("flags") or (), jelly)
    for subtitle in subtitles:
        el = _sub(details, "subtitle")
        if subtitle.get("language"):
            _sub(el, "language", subtitle["language"])
        _flags(el, subtitle.get("flags") or (), jelly)


def _flags(stream: ET.Element, flags: Iterable[str], jelly: bool) -> None:
    flags = list(flags)
    if not flags:
        return
    block = _sub(stream, "flags")
    for flag in flags:
        _sub(block, "flag", flag)
    if jelly:
        for flag in _JELLYFIN_FLAGS:
            if flag in flags:
                _sub(stream, flag, "true")


def _cast(root: ET.Element, cast: Iterable[Any], jelly: bool) -> None:
    for person in cast:
        person = {"name": person} if isinstance(person, str) else person
        el = _sub(root, "actor")
        _sub(el, "name", person["name"])
        if person.get("role"):
            _sub(el, "role", person["role"])
        if jelly:
            _sub(el, "type", "Actor")
        if person.get("order") is not None:
            _sub(el, "sortorder" if jelly else "order", person["order"])
        if person.get("thumb"):
            _sub(el, "thumb", person["thumb"])
