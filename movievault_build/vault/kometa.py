"""Kometa collection files: a playlist as a Plex collection Kometa keeps in step.

    collections:
      Nineties dramas:
        summary: …
        plex_search:
          all:
            genre: [Drama, Romance]
            year.gte: 1990
            year.lte: 1999
          sort_by: [audience_rating.desc]
          limit: 24
        collection_order: custom
        sync_mode: sync

`ATTRIBUTES` lists the Plex search attributes and modifiers Kometa documents for movie
libraries that we write; the tests check every file against it. Plex matches people,
countries and collections as whole tags, so a substring term (`director:nolan`) becomes
the library's names that hold it. A term with no Plex attribute (ids, free text,
favourites, …) makes the export list the playlist's resolved movies by TMDB or IMDb id
(`tmdb_movie:`, `imdb_id:`) instead, and the caller says so.
"""
from __future__ import annotations

import io
import re
from datetime import timedelta

from ruamel.yaml import YAML

from ..errors import UserError
from ..probe.languages import display_name
from ..model import Movie
from .playlist_rules import Flat, Group, Library, NoEquivalent, describe, each_group, flatten, flip, negated, notes, period, positive_range
from .playlists import Playlist
from .query_ast import Flag, Not, Range, Text
from .sorting import parse_sort

# attribute -> modifiers allowed ("" is none)
ATTRIBUTES: dict[str, frozenset[str]] = {
    **{tag: frozenset({"", ".not"}) for tag in (
        "genre", "actor", "director", "writer", "country", "collection", "label", "content_rating",
        "audio_language", "subtitle_language")},
    "resolution": frozenset({""}),
    "studio": frozenset({"", ".not", ".is", ".isnot", ".begins", ".ends"}),
    "title": frozenset({"", ".not", ".is", ".isnot", ".begins", ".ends"}),
    **{num: frozenset({".gt", ".gte", ".lt", ".lte"}) for num in (
        "year", "duration", "audience_rating", "user_rating")},
    "added": frozenset({".before", ".after"}),
    **{flag: frozenset({""}) for flag in ("hdr", "dovi", "unplayed")},
}
SORTS = frozenset({"title", "year", "audience_rating", "user_rating", "duration", "added"})

_TAGS = {"genres": "genre", "cast": "actor", "directors": "director", "writers": "writer",
         "countries": "country", "collection": "collection", "tags": "label",
         "certification": "content_rating", "studios": "studio"}
_WHOLE_TAGS = {"cast", "directors", "writers", "countries", "collection"}   # substring in our queries
_NUMBER = {"year": "year", "runtime": "duration", "rating": "audience_rating", "user_rating": "user_rating"}
_SORT = {"title": "title", "year": "year", "rating": "audience_rating", "runtime": "duration",
         "added": "added", "user_rating": "user_rating"}
_RESOLUTION = {"2160": "4k", "1080": "1080", "720": "720", "576": "576", "480": "480"}


def export(playlist: Playlist, movies: list[Movie]) -> tuple[str, list[str]]:
    """The playlist as a Kometa collection file, and notes for stderr."""
    sorting: list[str] = []
    sort_by = _sort(playlist.sort, sorting)
    fell: list[str] = []
    body: dict = {}
    if playlist.description:
        body["summary"] = playlist.description
    try:
        if sorting and playlist.limit:   # which movies a limit keeps depends on the order
            raise NoEquivalent("")
        flat = flatten(playlist.node)
        if not flat.groups and not playlist.limit:
            body["plex_all"] = True
        else:
            if not flat.groups:
                raise NoEquivalent("a limit on the whole library")
            search = _search(flat, Library(movies))
            if sort_by:
                search["sort_by"] = sort_by
            if playlist.limit:
                search["limit"] = playlist.limit
            body["plex_search"] = search
            body["collection_order"] = "custom"
    except NoEquivalent as exc:
        fell = [str(exc), *sorting]
        body.update(_by_id(playlist.select(movies), fell))
    body["sync_mode"] = "sync"
    yaml = YAML()
    yaml.default_flow_style = False
    out = io.StringIO()
    yaml.dump({"collections": {playlist.name: body}}, out)
    return out.getvalue(), notes(fell, "Kometa", sorting)


def _search(flat: Flat, library: Library) -> dict:
    found: dict = {}
    for group, pairs in each_group(flat, lambda g: _attributes(g, library)):
        if len(pairs) > 1 and flat.match == "one" and len(flat.groups) > 1:
            raise NoEquivalent(f"{describe(group[0])} (two Plex attributes that must both hold)")
        for key, value in pairs:
            if key in found:
                raise NoEquivalent(f"{describe(group[0])} (a second condition on {key})")
            found[key] = value
    match = "any" if flat.match == "one" and len(flat.groups) > 1 else "all"
    return {match: found}


def _attributes(group: Group, library: Library) -> list[tuple[str, object]]:
    first = flip(group[0])
    neg, inner = negated(first)
    if isinstance(inner, Text):
        return [_text(group, neg, inner, library)]
    if isinstance(inner, Flag):
        if inner.field != "watched":
            raise NoEquivalent(describe(first))
        return [("unplayed", not inner.value)]
    rng = positive_range(first)
    if rng is not None:
        return _range(first, rng)
    raise NoEquivalent(describe(first))


def _text(group: Group, neg: bool, inner: Text, library: Library) -> tuple[str, object]:
    field = inner.field
    folded = [t.value for t in (negated(n)[1] for n in group) if isinstance(t, Text)]
    suffix = ".not" if neg else ""
    if field in _WHOLE_TAGS:   # the whole names in the library that hold the substring
        values = sorted({v for f in folded for v in library.containing(field, f)}) or folded
    elif field in _TAGS:
        values = [library.spell(field, f) for f in folded]
        if field == "studios" and not neg:   # a string attribute: contains, like ours
            return "studio", _one(values)
    elif field == "hdr" and len(folded) == 1 and folded[0] in ("dolby vision", "sdr"):
        return ("dovi", not neg) if folded[0] == "dolby vision" else ("hdr", neg)
    elif field == "resolutions":
        values = [_RESOLUTION.get(re.sub(r"[pi]$", "", f), "") for f in folded]
        if neg or not all(values):
            raise NoEquivalent(describe(group[0]))
        return "resolution", _one(values)
    elif field in ("audio_languages", "subtitle_languages") and all("-" not in f for f in folded):
        values = [display_name(f) for f in folded]
        if any(v == f for v, f in zip(values, folded)):
            raise NoEquivalent(describe(group[0]))
        return field.replace("_languages", "_language") + suffix, _one(values)
    else:
        raise NoEquivalent(describe(Not(inner) if neg else inner))
    return _TAGS[field] + suffix, _one(values)


def _one(values: list[str]) -> object:
    return values[0] if len(values) == 1 else values


def _range(term, rng: Range) -> list[tuple[str, object]]:
    if rng.field == "added":   # Kometa's dates are MM/DD/YYYY, before and after exclusive
        pairs = []
        if rng.lo is not None:
            pairs.append(("added.after", _us(period(str(rng.lo))[0] - timedelta(days=1))))
        if rng.hi is not None:
            pairs.append(("added.before", _us(period(str(rng.hi))[1])))
        return pairs
    if rng.field not in _NUMBER:
        raise NoEquivalent(describe(term))
    name = _NUMBER[rng.field]
    pairs = []
    if rng.lo is not None:
        pairs.append((f"{name}.{'gt' if rng.lo_open else 'gte'}", _num(rng.lo)))
    if rng.hi is not None:
        pairs.append((f"{name}.{'lt' if rng.hi_open else 'lte'}", _num(rng.hi)))
    return pairs


def _num(value) -> int | float:
    value = float(value)
    return int(value) if value.is_integer() else value


def _us(day) -> str:
    return day.strftime("%m/%d/%Y")


def _sort(sort: str | None, reasons: list[str]) -> list[str]:
    out = []
    for name, desc in parse_sort(sort) or [("title", False)]:
        if name not in _SORT:
            reasons.append(f"sort by {name}")
            continue
        out.append(f"{_SORT[name]}.{'desc' if desc else 'asc'}")
    return out


def _by_id(movies: list[Movie], reasons: list[str]) -> dict:
    """The resolved movies as Kometa's id builders: TMDB where known, else IMDb."""
    tmdb, imdb, lost = [], [], []
    for movie in movies:
        ids = {str(k).lower(): str(v) for k, v in movie.ids.items()}
        if ids.get("tmdb", "").isdigit():
            tmdb.append(int(ids["tmdb"]))
        elif re.fullmatch(r"tt\d+", ids.get("imdb", "")):
            imdb.append(ids["imdb"])
        else:
            lost.append(movie.slug)
    if lost:
        reasons.append(f"movies with neither a TMDB nor an IMDb id ({', '.join(lost)})")
    body: dict = {}
    if tmdb:
        body["tmdb_movie"] = tmdb
    if imdb:
        body["imdb_id"] = imdb
    if not body:
        raise UserError("; ".join(notes(reasons, "Kometa"))
                        + "; but no matching movie has a TMDB or IMDb id, so there is nothing to collect")
    return body
