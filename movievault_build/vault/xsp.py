"""Kodi smart playlists (`.xsp`): a playlist's rules in Kodi's own XML.

    <smartplaylist type="movies">
      <name>Nineties dramas</name>
      <match>all</match>
      <rule field="genre" operator="is"><value>Drama</value><value>Romance</value></rule>
      <rule field="year" operator="between"><value>1990</value><value>1999</value></rule>
      <order direction="descending">rating</order>
      <limit>24</limit>
    </smartplaylist>

Kodi matches a rule's values as alternatives. `FIELDS` and `OPERATORS` are the movie
fields and operators Kodi's smart playlist editor offers (v20); the tests check every
file we write against them. A term Kodi cannot say (ids, free text, favourites, …)
makes the export fall back to the playlist's resolved movies, listed by file name.
"""
from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import PurePosixPath

from ..probe.languages import iso639_2
from ..model import Movie
from .playlist_rules import Flat, Group, Library, NoEquivalent, describe, each_group, flatten, flip, negated, notes, period, positive_range, whole
from .playlists import Playlist
from .query_ast import Flag, Not, Range, Text
from .sorting import parse_sort

FIELDS = frozenset({
    "title", "originaltitle", "plot", "plotoutline", "tagline", "votes", "rating", "userrating", "time",
    "writers", "playcount", "lastplayed", "inprogress", "genre", "country", "year", "director", "actor",
    "mpaarating", "top250", "studio", "hastrailer", "filename", "path", "set", "tag", "dateadded",
    "videoresolution", "audiochannels", "audiocount", "subtitlecount", "videocodec", "audiocodec",
    "audiolanguage", "subtitlelanguage", "videoaspect", "hdrtype", "playlist", "virtualfolder",
})
OPERATORS = frozenset({
    "contains", "doesnotcontain", "is", "isnot", "startswith", "endswith", "greaterthan", "lessthan",
    "after", "before", "inthelast", "notinthelast", "true", "false", "between",
})
ORDERS = frozenset({"sorttitle", "title", "year", "rating", "userrating", "time", "dateadded", "random"})

_TEXT = {"genres": "genre", "directors": "director", "writers": "writers", "cast": "actor",
         "collection": "set", "tags": "tag", "countries": "country", "studios": "studio",
         "certification": "mpaarating"}
_NUMBER = {"year": ("year", None), "rating": ("rating", (0.0, 10.0)),
           "user_rating": ("userrating", (0.0, 10.0)), "runtime": ("time", None)}
_STREAMS = {"hdr": "hdrtype", "resolutions": "videoresolution",
            "audio_languages": "audiolanguage", "subtitle_languages": "subtitlelanguage"}
_HDR = {"hdr10": "hdr10", "dolby vision": "dolbyvision", "hlg": "hlg"}
_SORT = {"title": "sorttitle", "year": "year", "rating": "rating", "runtime": "time",
         "added": "dateadded", "user_rating": "userrating"}
_XML_BAD = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


@dataclass(frozen=True)
class Rule:
    field: str
    operator: str
    values: tuple[str, ...]


def export(playlist: Playlist, movies: list[Movie]) -> tuple[str, list[str]]:
    """The playlist as `.xsp` text, and notes for stderr naming what Kodi cannot say
    (then the file lists the playlist's resolved movies instead of its rules)."""
    sorting: list[str] = []
    order = _order(playlist.sort, sorting)
    limit, fell = playlist.limit, []
    try:
        if sorting and limit:   # which movies a limit keeps depends on the order Kodi lacks
            raise NoEquivalent("")
        match, rules = _rules(flatten(playlist.node), Library(movies))
    except NoEquivalent as exc:
        fell = [str(exc), *sorting]
        match, rules, limit = "one", _by_file(playlist.select(movies), fell), None
    return _xml(playlist.name, match, rules, order, limit), notes(fell, "Kodi", sorting)


def _rules(flat: Flat, library: Library) -> tuple[str, list[Rule]]:
    rules: list[Rule] = []
    match = flat.match
    for group, made in each_group(flat, lambda g: _rule(g, library)):
        together = "one" if {r.field for r in made} == {"title", "originaltitle"} else "all"
        if len(made) > 1 and together != match:
            if len(flat.groups) > 1:
                raise NoEquivalent(f"{describe(group[0])} (two Kodi rules that must match {together})")
            match = together
        rules += made
    return match, rules


def _rule(group: Group, library: Library) -> list[Rule]:
    first = flip(group[0])
    neg, inner = negated(first)
    if isinstance(inner, Text):
        return _text_rule(group, neg, inner, library)
    if isinstance(inner, Flag):
        if inner.field != "watched":
            raise NoEquivalent(describe(first))
        return [Rule("playcount", "greaterthan", ("0",)) if inner.value else Rule("playcount", "is", ("0",))]
    rng = positive_range(first)
    if rng is not None:
        return _range_rules(first, rng)
    raise NoEquivalent(describe(first))


def _text_rule(group: Group, neg: bool, inner: Text, library: Library) -> list[Rule]:
    field = inner.field
    texts = [t for t in (negated(n)[1] for n in group) if isinstance(t, Text)]
    values = [library.spell(field, t.value) for t in texts]
    if field in _TEXT:
        op = ("isnot" if neg else "is") if inner.exact else ("doesnotcontain" if neg else "contains")
        if field == "certification":   # Kodi may keep "Rated R" where we compare "R"
            values = [v2 for v in values for v2 in (v, f"Rated {v}")]
            if neg:
                return [Rule("mpaarating", "isnot", (v,)) for v in values]
        return [Rule(_TEXT[field], op, tuple(values))]
    if field == "titles" and not neg:
        return [Rule("title", "contains", tuple(values)), Rule("originaltitle", "contains", tuple(values))]
    mapped = [_stream_value(field, t.value) for t in texts]
    if field not in _STREAMS or any(m is None for m in mapped):
        raise NoEquivalent(describe(Not(inner) if neg else inner))
    return [Rule(_STREAMS[field], "isnot" if neg else "is", tuple(m for m in mapped if m))]


def _stream_value(field: str, value: str) -> str | None:
    if field == "hdr":
        return _HDR.get(value)
    if field == "resolutions":
        m = re.fullmatch(r"(480|540|576|720|1080|2160)[pi]?", value)
        return m.group(1) if m else None
    if field in ("audio_languages", "subtitle_languages"):
        codes = iso639_2(value)   # Kodi stores 639-2 codes and reads "a,b" as either
        return ",".join(codes) if codes else None
    return None


def _range_rules(term, rng: Range) -> list[Rule]:
    if rng.field == "added":
        rules = []
        if rng.lo is not None:   # Kodi's dates carry a time, so "> 2024-01-01" is ">= that day"
            rules.append(Rule("dateadded", "after", (period(str(rng.lo))[0].isoformat(),)))
        if rng.hi is not None:
            rules.append(Rule("dateadded", "before", (period(str(rng.hi))[1].isoformat(),)))
        return rules
    if rng.field not in _NUMBER:
        raise NoEquivalent(describe(term))
    field, bounds = _NUMBER[rng.field]
    scale = 60 if field == "time" else 1
    lo = None if rng.lo is None else float(rng.lo) * scale
    hi = None if rng.hi is None else float(rng.hi) * scale
    integral = bounds is None or field == "userrating"
    if lo is not None and not rng.lo_open and integral and whole(lo):
        lo, lo_open = lo - 1, True
    else:
        lo_open = rng.lo_open
    if hi is not None and not rng.hi_open and integral and whole(hi):
        hi, hi_open = hi + 1, True
    else:
        hi_open = rng.hi_open
    fmt = _seconds if field == "time" else _number
    if lo is not None and hi is not None:
        if lo_open and hi_open and integral:
            return [Rule(field, "between", (fmt(lo + 1), fmt(hi - 1)))]
        if lo_open or hi_open:
            raise NoEquivalent(describe(term))
        return [Rule(field, "between", (fmt(lo), fmt(hi)))]
    if lo is not None:
        if lo_open:
            return [Rule(field, "greaterthan", (fmt(lo),))]
        if bounds is None:
            raise NoEquivalent(describe(term))
        return [Rule(field, "between", (fmt(lo), fmt(bounds[1])))]
    if hi_open:
        return [Rule(field, "lessthan", (fmt(hi),))]
    if bounds is None:
        raise NoEquivalent(describe(term))
    return [Rule(field, "between", (fmt(bounds[0]), fmt(hi)))]


def _number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else str(value)


def _seconds(value: float) -> str:
    total = int(value)
    return f"{total // 3600}:{total % 3600 // 60:02d}:{total % 60:02d}"


def _order(sort: str | None, reasons: list[str]) -> tuple[str, str]:
    keys = parse_sort(sort) or [("title", False)]
    name, desc = keys[0]
    if name not in _SORT:
        reasons.append(f"sort by {name}")
        return "sorttitle", "ascending"
    if len(keys) > 1:
        reasons.append(f"sort keys after {name} (Kodi sorts by one field)")
    return _SORT[name], "descending" if desc else "ascending"


def _by_file(movies: list[Movie], reasons: list[str]) -> list[Rule]:
    """The resolved movies as file-name rules (Kodi playlists cannot match ids). Each
    version is its own file to Kodi; a movie in parts is one `stack://…` name there,
    so its first part is matched by `contains`."""
    whole, stacked, lost = [], [], []
    for movie in movies:
        files = sorted(movie.files, key=lambda f: (f.part or 0, f.path))
        if not files:
            lost.append(movie.slug)
        elif any(f.part for f in files):
            stacked.append(PurePosixPath(files[0].path).name)
        else:
            whole += [PurePosixPath(f.path).name for f in files]
    if lost:
        reasons.append(f"movies without a file ({', '.join(lost)})")
    rules = [Rule("filename", "is", tuple(whole) or ("",))]   # an empty value matches nothing
    if stacked:
        rules.append(Rule("filename", "contains", tuple(stacked)))
    return rules


def _clean(text: str) -> str:
    return _XML_BAD.sub("", text)


def _xml(name: str, match: str, rules: list[Rule], order: tuple[str, str], limit: int | None) -> str:
    root = ET.Element("smartplaylist", type="movies")
    ET.SubElement(root, "name").text = _clean(name)
    ET.SubElement(root, "match").text = match
    for rule in rules:
        el = ET.SubElement(root, "rule", field=rule.field, operator=rule.operator)
        for value in rule.values:
            ET.SubElement(el, "value").text = _clean(value)
    if limit:
        ET.SubElement(root, "limit").text = str(limit)
    ET.SubElement(root, "order", direction=order[1]).text = order[0]
    ET.indent(root, "    ")
    return '<?xml version="1.0" encoding="UTF-8" standalone="yes" ?>\n' + ET.tostring(root, encoding="unicode") + "\n"
