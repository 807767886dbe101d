"""Ratings, artwork references and stream details of a <movie> element.

Each function takes the root's children index (`nfo_xml.index`) and returns plain
dicts and lists in the canonical metadata shape.
"""
from __future__ import annotations

from typing import Any

from movievault_build.identify.nfo_values import (
    clean_line, clean_text, parse_bool, parse_count, parse_float, parse_int,
)
from movievault_build.identify.nfo_xml import children, index, own_text, tag

Kids = dict[str, list[Any]]

# Rating sources under one name whichever scraper wrote them.
RATING_ALIASES = {"themoviedb": "tmdb", "metascore": "metacritic", "rottentomatoes": "tomatometerallcritics"}
STREAM_FLAGS = frozenset({"default", "forced", "original", "commentary", "hearingimpaired",
                          "visualimpaired"})
_VIDEO_INTS = ("width", "height", "durationinseconds", "bitrate")
_VIDEO_FLOATS = ("aspect", "framerate")
_VIDEO_TEXTS = ("codec", "stereomode", "format3d", "hdrtype", "language", "scantype")


def _first(kids: Kids, name: str) -> Any | None:
    return kids.get(name, [None])[0]


# --- ratings ------------------------------------------------------------------------

def read_ratings(kids: Kids, warnings: list[str]) -> tuple[dict[str, dict], float | None]:
    """All ratings by source, and the main one on a 0-10 scale.

    Sources: the Kodi `<ratings>` block (name lower-cased, `themoviedb` -> `tmdb`);
    a plain `<rating>`/`<votes>` (source unknown, kept as `nfo`); Jellyfin's
    `<communityrating>` (`community`) and `<criticrating>` (Rotten Tomatoes, 0-100);
    and `<userrating>` (`user`, never the main rating). Like Kodi, values of 0 or
    less are placeholders and values above their `max` are dropped with a warning.
    """
    entries: list[tuple[str, float, int | None, float, bool]] = []
    for block in kids.get("ratings", []):
        for el in children(block):
            if tag(el) == "rating":
                sub = index(el)
                name = clean_line(el.get("name")) or "default"
                value = parse_float(own_text(_first(sub, "value")) if "value" in sub else el.text)
                votes = parse_count(_first(sub, "votes").text) if "votes" in sub else None
                entries.append((name.lower(), value, votes, _max_of(el), _is_default(el)))
    plain = _first(kids, "rating")
    if plain is not None:
        votes = parse_count(_first(kids, "votes").text) if "votes" in kids else None
        entries.append(("nfo", parse_float(plain.text), votes, _max_of(plain), False))
    for element, name, scale in (("communityrating", "community", 10.0),
                                 ("criticrating", "tomatometerallcritics", 100.0),
                                 ("userrating", "user", 10.0)):
        el = _first(kids, element)
        if el is not None:
            entries.append((name, parse_float(el.text), None, _max_of(el, scale), False))
    return _collect(entries, warnings)


def _max_of(el: Any, default: float = 10.0) -> float:
    value = parse_float(el.get("max"))
    return value if value and value >= 1 else default


def _is_default(el: Any) -> bool:
    return parse_bool(el.get("default")) is True


def _collect(entries: list, warnings: list[str]) -> tuple[dict[str, dict], float | None]:
    ratings: dict[str, dict] = {}
    main: float | None = None
    fallback: float | None = None
    for name, value, votes, top, default in entries:
        source = RATING_ALIASES.get(name, name)
        if value is None or value <= 0 or source in ratings:
            continue
        if value > top:
            warnings.append(f"rating {source!r} {value:g} is above its maximum {top:g} (dropped)")
            continue
        ratings[source] = {"value": value, "votes": votes, "max": int(top) if top.is_integer() else top}
        scaled = value if top == 10 else round(value / top * 10, 2)
        if default and main is None:
            main = scaled
        if fallback is None and source != "user":
            fallback = scaled
    return ratings, main if main is not None else fallback


# --- artwork ------------------------------------------------------------------------

def read_images(kids: Kids) -> list[dict[str, str]]:
    """Artwork references in document-kind order: `<thumb aspect=…>` (no aspect means
    poster, as in Kodi), `<fanart><thumb>` (or a bare URL in `<fanart>`), and Jellyfin's
    `<art><poster>…`. Collection art (`set.poster`) is not the movie's and is skipped.
    When a `<fanart>` block exists, stray `<thumb aspect="fanart">` are ignored: the
    block is where every writer lists backdrops."""
    fanart = _fanart(kids)
    images: list[dict[str, str]] = []
    for el in kids.get("thumb", []):
        kind = (clean_line(el.get("aspect")) or "poster").lower()
        if "." in kind or (kind == "fanart" and fanart):
            continue
        images.append(_image(kind, clean_line(el.text) or clean_line(el.get("preview"))))
    images.extend(fanart)
    for art in kids.get("art", []):
        images.extend(_image(tag(el), clean_line(el.text)) for el in children(art))
    seen: set[tuple[str, str]] = set()
    out = []
    for image in images:
        key = (image.get("kind", ""), image.get("src", ""))
        if image.get("src") and key not in seen:
            seen.add(key)
            out.append(image)
    return out


def _fanart(kids: Kids) -> list[dict[str, str]]:
    out = []
    for block in kids.get("fanart", []):
        thumbs = [el for el in children(block) if tag(el) == "thumb"]
        srcs = [clean_line(el.text) or clean_line(el.get("preview")) for el in thumbs]
        if not thumbs:
            srcs = [clean_line(block.text)]
        out.extend(_image("fanart", src) for src in srcs if src)
    return out


def _image(kind: str, src: str | None) -> dict[str, str]:
    return {"kind": kind, "src": src} if src else {}


# --- stream details -----------------------------------------------------------------

def read_streams(kids: Kids) -> dict[str, Any]:
    """`fileinfo/streamdetails` as {video: {...}, audio: [...], subtitles: [...]}.
    Zero and empty values are writers' placeholders (tinyMediaManager writes an
    all-zero <video>), so they are dropped, and so are streams left with nothing."""
    out: dict[str, Any] = {}
    for info in kids.get("fileinfo", []):
        for details in (el for el in children(info) if tag(el) == "streamdetails"):
            parts = index(details)
            video = next(filter(None, (_video(v) for v in parts.get("video", []))), None)
            if video and "video" not in out:
                out["video"] = video
            audio = [a for a in map(_audio, parts.get("audio", [])) if a]
            subtitles = [s for s in map(_subtitle, parts.get("subtitle", [])) if s]
            if audio:
                out.setdefault("audio", []).extend(audio)
            if subtitles:
                out.setdefault("subtitles", []).extend(subtitles)
    return out


def _video(el: Any) -> dict[str, Any]:
    kids = index(el)
    out: dict[str, Any] = {}
    for name in _VIDEO_INTS:
        value = parse_int(_text(kids, name))
        if value and value > 0:
            out[name] = value
    for name in _VIDEO_FLOATS:
        value = parse_float(_text(kids, name))
        if value and value > 0:
            out[name] = value
    for name in _VIDEO_TEXTS:
        if value := clean_line(_text(kids, name)):
            out[name] = value
    return out


def _audio(el: Any) -> dict[str, Any]:
    kids = index(el)
    out: dict[str, Any] = {}
    for name in ("codec", "language"):
        if value := clean_line(_text(kids, name)):
            out[name] = value
    channels = parse_int(_text(kids, "channels"))
    if channels and channels > 0:
        out["channels"] = channels
    return _with_flags(out, kids)


def _subtitle(el: Any) -> dict[str, Any]:
    kids = index(el)
    language = clean_line(_text(kids, "language"))
    return _with_flags({"language": language} if language else {}, kids)


def _with_flags(stream: dict[str, Any], kids: Kids) -> dict[str, Any]:
    """Kodi's `<flags><flag>forced</flag></flags>` (trimmed, case-insensitive, unknown
    names skipped) and Jellyfin's `<default>true</default>`-style children."""
    if not stream:
        return stream
    flags: list[str] = []
    for block in kids.get("flags", []):
        for el in children(block):
            name = (clean_line(el.text) or "").lower()
            if name in STREAM_FLAGS and name not in flags:
                flags.append(name)
    for name in ("default", "forced", "original"):
        if parse_bool(_text(kids, name)) and name not in flags:
            flags.append(name)
    return {**stream, "flags": flags} if flags else stream


def _text(kids: Kids, name: str) -> str | None:
    el = _first(kids, name)
    return clean_text(el.text) if el is not None else None
