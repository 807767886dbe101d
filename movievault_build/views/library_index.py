"""The library browser's data: one compact JSON file the page downloads once.

Shape (version 3)::

    {"version": 3, "fields": [...], "url": "movies/{slug}/", "poster": "images/{slug}/poster.jpg",
     "genres": [...], "people": [...], "collections": [...], "tags": [...],
     "resolutions": [...], "sources": [...], "hdr": [...], "audio": [...], "subtitles": [...],
     "badges": [...], "language_names": {code: name},
     "poster_fallback": [suffix, replacement],
     "movies": [[slug, title, original, year, rating10, runtime, added, url, poster,
                 [genre…], [director…], [cast…], collection, [tag…], resolution, source, flags,
                 hdr, [audio language…], [subtitle language…], badge, [declared `browse` field…],
                 poster_fallback], …]}

Repeated strings live once in the tables; movies refer to them by index. What most movies
share is a template (`url`, `poster` with `{slug}`), so a movie stores 0/1 instead of a path.
`poster_fallback` is the JPEG the grid's `<img>` names under the AVIF `<source>` (browsers
without AVIF): 1 where it is the poster's URL with `suffix` replaced by `replacement` (the
variants of one master share its hash, so nearly every movie's is), else the URL, 0 for none.
The movies come in title-sort order: the position is the sort key, the browser sorts
by title for free. Values: 0 means unknown (year, runtime, rating, added, collection,
resolution, source, hdr, badge); `rating10` is the rating x 10; `added` is days since
1970-01-01; `flags` has bit 4 for a missing movie; an original title equal to the title is 0.
`badge` is the poster card's quality badge ("4K", "HDR", "4K DV": probe/facets.quality_label).
What the viewer did with a movie (watched, favourite, rating) is not here but in
its user's state file (site/user_states.py), the one place cards and filters read it from.
`hdr` is "SDR" for a movie whose video is known
and carries no HDR, unknown (0) when nothing is known about its video. Languages are
639-1 codes ("de", "pt-BR") from the audio tracks (commentary aside) and subtitles
(embedded and sidecar); `language_names` gives each code's English name for the page.
Poster sizes are not stored: the model does not know them, and the page keeps a 2:3 box.
"""
from __future__ import annotations

import json
import os
from collections import Counter
from datetime import date
from typing import Any, Callable, Iterable, Mapping, NamedTuple

from ..fields import FIELDS as DECLARED, NAMES, Field
from ..probe import facets as media_facets
from ..probe.languages import display_name
from ..model import Movie

VERSION = 3
INDEX_PATH = "api/library-index.json"
TABLES = ("genres", "people", "collections", "tags", "resolutions", "sources", "hdr", "audio", "subtitles",
          "badges")
_FACETS = ("genres", "collections", "tags", "resolutions", "sources", "hdr", "audio", "subtitles", "badges")
TOP_CAST = 5
MISSING = 4        # bits 1 and 2 (watched, favourite) moved to api/user-state.json
_EPOCH = date(1970, 1, 1)


class _Row(NamedTuple):
    """What a declared field's cell may read besides the movie: its facets, their tables'
    indexes and the people numbered so far."""
    facts: dict[str, Any]
    refs: dict[str, dict[str, int]]
    people: "_People"


class Cell(NamedTuple):
    """How a declared field sits in a row: `place` 0 after the slug (facts), 1 after the
    poster (names, by reference into `table`); `suffix` ends its column's name; `read`
    turns the cell back into its value (`decode_library_index`), given its table and row."""
    place: int
    table: str | None
    value: Callable[[Movie, str, _Row], Any]
    suffix: str = ""
    read: Callable[[Any, list[str], dict[str, Any]], Any] | None = None


def _billed(m: Movie) -> list[str]:
    return [p.name for p in sorted(m.cast, key=lambda p: (p.order is None, p.order or 0))[:TOP_CAST]]


# The cells a declaration names (fields.py `browse`): the columns the page sorts and
# filters by. Unknown is 0; a table's entry is its index (+1 for a single one, 0 for none).
def _listed(refs: list[int], table: list[str], _row: dict[str, Any]) -> list[str]:
    return [table[i] for i in refs]


CELLS: dict[str, Cell] = {
    "text": Cell(0, None, lambda m, name, r: getattr(m, name)),
    "other_title": Cell(0, None, lambda m, name, r: v if (v := getattr(m, name)) not in (None, "", m.title) else 0,
                        read=lambda v, t, row: v or row["title"]),
    "number": Cell(0, None, lambda m, name, r: getattr(m, name) or 0),
    "tenths": Cell(0, None, lambda m, name, r: round(v * 10) if (v := getattr(m, name)) else 0, "10"),
    "facet": Cell(1, "", lambda m, name, r: [r.refs[name][v] for v in r.facts[name]], read=_listed),  # own table
    "collection": Cell(1, "collections", lambda m, name, r: _one(r.refs, r.facts, "collections"),
                       read=lambda v, t, row: t[v - 1] if v else None),
    "people": Cell(1, "people", lambda m, name, r: r.people.refs(getattr(m, name)), read=_listed),
    "billed": Cell(1, "people", lambda m, name, r: r.people.refs(_billed(m)), read=_listed),   # the top of the cast
}


def _cells(place: int) -> tuple[tuple[Field, Cell], ...]:
    """The declared fields at `place`, in table order; names by their table's order."""
    unknown = [f.name for f in DECLARED.values() if isinstance(f.browse, str) and f.browse not in CELLS]
    if unknown:
        raise ValueError(f"field {unknown[0]!r}: `browse` names no cell of the library index ({', '.join(CELLS)})")
    found = [(f, CELLS[f.browse]) for f in DECLARED.values() if isinstance(f.browse, str)
             and CELLS[f.browse].place == place]
    return tuple(sorted(found, key=lambda fc: TABLES.index(fc[1].table or fc[0].name) if place else 0))


# Declared fields (fields.py) marked `browse=True` follow the browser's own columns, plain by
# kind (0: unknown, 1/0 for yes/no, names as a list): the page finds every column by its name.
FACTS, NAMED = _cells(0), _cells(1)
BROWSED = tuple(f for f in DECLARED.values() if f.browse is True)
FIELDS = ("slug", *(f.name + c.suffix for f, c in FACTS), "added", "url", "poster",
          *(f.name for f, _ in NAMED), "resolution", "source", "flags",
          "hdr", "audio", "subtitles", "badge", *(f.name for f in BROWSED), "poster_fallback")


class _People:
    """Names numbered in first-seen order: linear, and deterministic for a given movie order."""

    def __init__(self) -> None:
        self.index: dict[str, int] = {}

    def refs(self, values: Iterable[str]) -> list[int]:
        return [self.index.setdefault(v, len(self.index)) for v in _unique(values)]


def sort_key(movie: Movie) -> tuple[str, int, str]:
    """The library page's order (pages.add_pages sorts the same way)."""
    return movie.display_sort, movie.year or 0, movie.slug


def build_library_index(movies: Iterable[Movie], urls: Mapping[str, str],
                        posters: Mapping[str, str] | None = None,
                        fallbacks: Mapping[str, str] | None = None) -> bytes:
    """The index as UTF-8 JSON bytes; `urls` maps slug -> the movie page's site-relative URL,
    `posters` slug -> the site-relative URL of the poster image the grid shows, `fallbacks`
    slug -> the one browsers that cannot show that format get instead."""
    ordered = sorted(movies, key=sort_key)
    posters, fallbacks = posters or {}, fallbacks or {}
    facts = [_facts(m, posters.get(m.slug)) for m in ordered]
    facets = _facet_tables(facts)
    refs = {name: {v: i for i, v in enumerate(values)} for name, values in facets.items()}
    url_template = _template((m.slug, urls.get(m.slug, "")) for m in ordered)
    poster_template = _template((m.slug, f["poster"]) for m, f in zip(ordered, facts))
    people = _People()
    pairs = [(f["poster"], fallbacks.get(m.slug)) for m, f in zip(ordered, facts)]
    rule = _suffix_rule(pairs)
    rows = [_row(m, f, urls.get(m.slug, ""), url_template, poster_template, refs, people)
            + [_fallback_cell(*pair, rule)] for m, f, pair in zip(ordered, facts, pairs)]
    names = {code: display_name(code) for code in facets["audio"] + facets["subtitles"]}
    doc = {"version": VERSION, "fields": list(FIELDS), "url": url_template, "poster": poster_template,
           "poster_fallback": list(rule),
           **facets, "language_names": dict(sorted(names.items())), "people": list(people.index), "movies": rows}
    return json.dumps(doc, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def _facts(m: Movie, poster: str | None) -> dict[str, Any]:
    """What the facets need from one movie, each read once."""
    resolution, source = _best_file_facts(m)
    return {"genres": _unique(m.genres), "collections": [m.collection.name] if m.collection else [],
            "tags": _tags(m), "resolutions": [resolution] if resolution else [],
            "sources": [source] if source else [], "poster": poster, **_media_facts(m.streams or {}),
            "badges": [badge] if (badge := media_facets.quality_label((f.resolution for f in m.files), m.streams)) else []}


def _media_facts(streams: Mapping[str, Any]) -> dict[str, list[str]]:
    hdr = media_facets.hdr_kind(streams)
    return {"hdr": [hdr] if hdr else [], "audio": media_facets.audio_languages(streams),
            "subtitles": media_facets.subtitle_languages(streams)}


def _facet_tables(facts: list[dict[str, Any]]) -> dict[str, list[str]]:
    """Small tables, shipped sorted: the page lists them in this order."""
    tables = {}
    ranks = {"resolutions": _resolution_rank, "hdr": _hdr_rank, "audio": _language_rank, "subtitles": _language_rank,
             "badges": _resolution_rank}
    for name in _FACETS:
        values = {v for f in facts for v in f[name]}
        tables[name] = sorted(values, key=ranks.get(name, _text_rank))
    return tables


def _row(m: Movie, f: dict[str, Any], url: str, url_template: str, poster_template: str,
         refs: dict[str, dict[str, int]], people: _People) -> list[Any]:
    poster, row = f["poster"], _Row(f, refs, people)
    return [
        m.slug, *(c.value(m, d.name, row) for d, c in FACTS), _days(m.added),
        0 if url == url_template.replace("{slug}", m.slug) else url,
        0 if not poster else 1 if poster == poster_template.replace("{slug}", m.slug) else poster,
        *(c.value(m, d.name, row) for d, c in NAMED), _one(refs, f, "resolutions"), _one(refs, f, "sources"),
        _flags(m), _one(refs, f, "hdr"), [refs["audio"][a] for a in f["audio"]],
        [refs["subtitles"][s] for s in f["subtitles"]], _one(refs, f, "badges"),
        *(_browsed(getattr(m, d.name), d.kind) for d in BROWSED),
    ]


def _browsed(value: Any, kind: str) -> Any:
    if kind == NAMES:
        return [str(v) for v in value]
    if value in (None, ""):
        return 0
    return int(value) if isinstance(value, bool) else value


def _one(refs: dict[str, dict[str, int]], f: dict[str, Any], name: str) -> int:
    """A single-valued facet as table index + 1; 0 when the movie has none."""
    return refs[name][f[name][0]] + 1 if f[name] else 0


def _text_rank(value: str) -> tuple[str, str]:
    return value.casefold(), value


def _hdr_rank(value: str) -> tuple[int, str]:
    kinds = media_facets.HDR_KINDS
    return (kinds.index(value) if value in kinds else len(kinds)), value


def _language_rank(code: str) -> tuple[str, str]:
    return display_name(code).casefold(), code


def _resolution_rank(value: str) -> tuple[int, str]:
    return -media_facets.resolution_lines(value), value.casefold()


def _best_file_facts(m: Movie) -> tuple[str | None, str | None]:
    resolutions = [f.resolution for f in m.files if f.resolution]
    source = next((f.source for f in m.files if f.source), None)
    return (max(resolutions, key=media_facets.resolution_lines) if resolutions else None), source


def _tags(m: Movie) -> list[str]:
    user = m.user.get("tags") or []
    return _unique([str(t) for t in user] + list(m.tags))


def _flags(m: Movie) -> int:
    return MISSING if m.missing else 0


def _template(pairs: Iterable[tuple[str, str | None]]) -> str:
    """The first (slug, path) that contains its slug, turned into a pattern: movies whose
    path follows it store nothing."""
    for slug, path in pairs:
        if path and slug in path:
            return path.replace(slug, "{slug}", 1)
    return ""


def _suffix_rule(pairs: Iterable[tuple[str | None, str | None]]) -> tuple[str, str]:
    """The (suffix, replacement) that turns most posters' URL into their fallback's."""
    rules: Counter[tuple[str, str]] = Counter()
    for poster, fallback in pairs:
        if poster and fallback:
            common = len(os.path.commonprefix([poster, fallback]))
            rules[(poster[common:], fallback[common:])] += 1
    return rules.most_common(1)[0][0] if rules else ("", "")


def _fallback_cell(poster: str | None, fallback: str | None, rule: tuple[str, str]) -> int | str:
    if not fallback:
        return 0
    suffix, replacement = rule
    return 1 if poster and _apply_rule(poster, rule) == fallback and poster.endswith(suffix) else fallback


def _apply_rule(poster: str, rule: tuple[str, str]) -> str:
    return poster[:len(poster) - len(rule[0])] + rule[1]


def _days(added: str | None) -> int:
    try:
        return (date.fromisoformat(str(added)[:10]) - _EPOCH).days if added else 0
    except ValueError:
        return 0


def _unique(values: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(v for v in values if v))


def decode_library_index(data: bytes) -> list[dict[str, Any]]:
    """The index read back into one plain dict per movie (tests, benchmarks, debugging)."""
    doc = json.loads(data)
    t = {name: doc[name] for name in TABLES}
    out = []
    for position, row in enumerate(doc["movies"]):
        m = dict(zip(doc["fields"], row))
        slug = m["slug"]
        m["sort"] = position
        for f, cell in FACTS + NAMED:       # the declared cells, read back as they were written
            if cell.read:
                key = f.name + cell.suffix
                m[key] = cell.read(m[key], doc.get(cell.table or f.name, []), m)
        m.update(
            url=m["url"] or doc["url"].replace("{slug}", slug),
            poster=(poster := doc["poster"].replace("{slug}", slug) if m["poster"] == 1 else (m["poster"] or None)),
            poster_fallback=_apply_rule(poster or "", doc["poster_fallback"]) if m.get("poster_fallback") == 1
            else (m.get("poster_fallback") or None),
            resolution=t["resolutions"][m["resolution"] - 1] if m["resolution"] else None,
            source=t["sources"][m["source"] - 1] if m["source"] else None,
            hdr=t["hdr"][m["hdr"] - 1] if m["hdr"] else None,
            audio=[t["audio"][i] for i in m["audio"]], subtitles=[t["subtitles"][i] for i in m["subtitles"]],
            badge=t["badges"][m["badge"] - 1] if m["badge"] else None, missing=bool(m["flags"] & MISSING))
        out.append(m)
    return out
