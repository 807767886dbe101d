"""The query language shared by the CLI and smart playlists, parsed once into an AST.

A query is terms separated by spaces; every term must hold (AND). `OR` between groups
of terms gives alternatives. A term is `field:value`, or free text matched through the
full-text index; a leading `-` negates a term. Values with spaces go in double quotes.

Worked examples (see `parse`):

    genre:Action year:1990..1999      action films of the nineties
    rating:8.. runtime:..120          rated 8 or more, at most two hours
    director:"Christopher Nolan"      substring match on a director's name
    -genre:Horror watched:false       not horror, not yet watched
    decade:1980s resolution:2160p     from 1980 to 1989, with a 4K file
    hdr:"Dolby Vision" audio:de       Dolby Vision video with German audio ("deu", "ger" too)
    subtitles:en -hdr:SDR             English subtitles, HDR of any kind
    keanu reeves                      free text: both words, anywhere (prefixes)
    "blade runner"                    free text: the phrase
    genre:Comedy OR genre:Romance     either
    added:2024-01..  imdb:tt0113277   dates compare as ISO prefixes; ids by provider

Ranges: `a..b`, `a..`, `..b`, a single value, `>=a`, `>a`, `<=b`, `<b`, or `a-b`
for numbers. Text fields match a substring (`title`, people, `studio`, `country`,
`collection`) or the whole value (`genre`, `tag`, `resolution`, `source`,
`certification`), ignoring case and accents. `hdr` takes HDR10, HDR10+, HLG,
Dolby Vision (or DV), PQ or SDR; `audio` and `subtitles` take a language as a 639-1 or
639-2 code or an English name (`de`, `deu`, `ger`, `German`), a region-free one
matching every region.
"""
from __future__ import annotations

import re
from typing import Any, Iterator, Mapping

from ..errors import UserError
from ..fields import queries
from .query_ast import MATCH_ALL, And, FreeText, Flag, IdMatch, Node, Not, Or, Range, Text
from ..probe.facets import hdr_name
from ..probe.languages import normalise as language
from .records import fold, words

# What a query can ask beyond the declared fields (fields.py): the files, the streams and
# the owner's marks. Query name -> (kind, record key).
LIBRARY_FIELDS: dict[str, tuple[str, str]] = {
    "resolution": ("exact", "resolutions"),
    "source": ("exact", "sources"),
    "hdr": ("hdr", "hdr"),
    "audio": ("language", "audio_languages"),
    "subtitles": ("language", "subtitle_languages"),
    "user_rating": ("number", "user_rating"),
    "added": ("date", "added"),
    "watched": ("flag", "watched"),
    "favorite": ("flag", "favorite"),
    "watchlist": ("flag", "watchlist"),
    "missing": ("flag", "missing"),
}
# query field -> (kind, record key)
FIELDS: dict[str, tuple[str, str]] = {q.name: (q.match, q.record or f.name) for f, q in queries()}
FIELDS.update(LIBRARY_FIELDS)
ALIASES = {alias: q.name for _f, q in queries() for alias in q.aliases}
ALIASES.update({
    "favourite": "favorite", "myrating": "user_rating", "resolutions": "resolution", "sources": "source",
    "subtitle": "subtitles", "subs": "subtitles", "sub": "subtitles", "lang": "audio", "language": "audio",
})
_TRUE, _FALSE = {"true", "yes", "1", "y", "on"}, {"false", "no", "0", "n", "off"}
_NUM = r"-?\d+(?:\.\d+)?"
_TOKEN = re.compile(r'(-?)(?:([A-Za-z_]+):)?("(?:[^"\\]|\\.)*"?|[^\s"]+)')


MAX_TERMS = 200     # terms in one query (OR counts as one): far past any a person types


def _short(text: str, n: int) -> str:
    return text if len(text) <= n else text[:n - 1] + "…"


class QueryError(UserError):
    """A query that cannot be parsed; `pos` is the column of the bad term."""

    def __init__(self, query: str, pos: int, term: str, reason: str):
        self.query, self.pos, self.term, self.reason = query, pos, term, reason
        super().__init__(f"bad query: {_short(term, 80)} — {_short(reason, 200)}")

    def caret(self) -> str:
        """The query with a caret under the bad term, for a terminal."""
        return f"  {self.query}\n  {' ' * self.pos}^"


def parse(query: str) -> Node:
    """Parse a query string into an AST.

    >>> parse("genre:Action -year:..1979")
    And(nodes=(Text(field='genres', value='action', exact=True), Not(node=Range(field='year', lo=None, hi=1979.0, lo_open=False, hi_open=False))))
    >>> parse("")
    And(nodes=())
    """
    groups: list[list[Node]] = [[]]
    for count, (pos, negate, name, raw) in enumerate(_tokens(query)):
        if count == MAX_TERMS:   # SQLite and the evaluator are bounded too; say so plainly
            raise QueryError(query, pos, raw[:40], f"more than {MAX_TERMS} terms; narrow the query")
        if name is None and raw == "OR":
            groups.append([])
            continue
        try:
            node = _free_text(raw) if name is None else make_term(name, _unquote(raw))
        except ValueError as exc:
            raise QueryError(query, pos, query[pos:pos + len(raw) + len(name or "") + 1 + len(negate)].strip(),
                             str(exc)) from None
        groups[-1].append(Not(node) if negate else node)
    alternatives = [_and(g) for g in groups]
    if len(alternatives) > 1 and any(g == MATCH_ALL for g in alternatives):
        raise QueryError(query, max(query.rfind("OR"), 0), "OR", "OR needs terms on both sides")
    return alternatives[0] if len(alternatives) == 1 else Or(tuple(alternatives))


def _and(nodes: list[Node]) -> Node:
    return nodes[0] if len(nodes) == 1 else And(tuple(nodes))


def _tokens(query: str) -> Iterator[tuple[int, str, str | None, str]]:
    pos = 0
    while pos < len(query):
        if query[pos].isspace():
            pos += 1
            continue
        m = _TOKEN.match(query, pos)
        if not m or not m.group(3):
            raise QueryError(query, pos, query[pos:].split(" ")[0], "cannot read this term")
        if m.group(3).startswith('"') and (len(m.group(3)) < 2 or not m.group(3).endswith('"')):
            raise QueryError(query, pos, m.group(0), "unclosed quote")
        yield pos, m.group(1), m.group(2), m.group(3)
        pos = m.end()


def _unquote(raw: str) -> str:
    if len(raw) >= 2 and raw[0] == raw[-1] == '"':
        return re.sub(r"\\(.)", r"\1", raw[1:-1])
    return raw


def _free_text(raw: str) -> Node:
    phrase = raw.startswith('"')
    found = tuple(words(_unquote(raw)))
    if not found:
        raise ValueError("free text has no words to search for")
    return FreeText(found, phrase=phrase and len(found) > 1)


def make_term(name: str, value: str) -> Node:
    """One `field:value` term as a node; ValueError says what is wrong with it.

    >>> make_term("rating", ">=8")
    Range(field='rating', lo=8.0, hi=None, lo_open=False, hi_open=False)
    >>> make_term("decade", "1990s")
    Range(field='year', lo=1990.0, hi=1999.0, lo_open=False, hi_open=False)
    """
    key = ALIASES.get(name.lower(), name.lower())
    if key not in FIELDS:
        raise ValueError(f'"{name}" is not a field (known: {", ".join(sorted(FIELDS))})')
    kind, column = FIELDS[key]
    value = value.strip()
    if kind in ("contains", "exact"):
        if not value:
            raise ValueError(f"{key} needs a value")
        return Text(column, fold(value), exact=kind == "exact")
    if kind in ("hdr", "language"):
        if not value:
            raise ValueError(f"{key} needs a value")
        known = hdr_name(value) if kind == "hdr" else language(value)
        return Text(column, fold(known or value), exact=True)
    if kind == "flag":
        if value.lower() not in _TRUE | _FALSE:
            raise ValueError(f'"{value}" is not true or false')
        return Flag(column, value.lower() in _TRUE)
    if kind == "id":
        return _id_term(key, value)
    if kind == "date":
        return _date_range(column, value)
    if kind == "decade":
        return _decade(value)
    return _number_range(key, column, value)


def _id_term(key: str, value: str) -> Node:
    if not value:
        raise ValueError("id needs a value")
    if key != "id":
        return IdMatch(key, fold(value))
    provider, sep, rest = value.partition(":")
    if sep and provider.isalpha() and rest:
        return IdMatch(provider.lower(), fold(rest))
    return IdMatch(None, fold(value))


def _what(key: str) -> str:
    return {"year": "a year", "runtime": "a number of minutes"}.get(key, "a number")


def _number_range(key: str, column: str, value: str) -> Range:
    bad = ValueError(f'"{value}" is not {_what(key)} or range')
    m = re.fullmatch(rf"(>=|<=|>|<)\s*({_NUM})", value)
    if m:
        op, n = m.group(1), float(m.group(2))
        return (Range(column, lo=n, lo_open=op == ">") if op.startswith(">")
                else Range(column, hi=n, hi_open=op == "<"))
    m = re.fullmatch(rf"({_NUM})?\.\.({_NUM})?", value) or re.fullmatch(rf"({_NUM})\s*-\s*({_NUM})", value)
    if m:
        lo, hi = (float(g) if g is not None else None for g in m.groups())
        if lo is None and hi is None:
            raise bad
        if lo is not None and hi is not None and lo > hi:
            raise ValueError(f'"{value}": the range is empty ({m.group(1)} > {m.group(2)})')
        return Range(column, lo=lo, hi=hi)
    if re.fullmatch(_NUM, value):
        return Range(column, lo=float(value), hi=float(value))
    raise bad


def _decade(value: str) -> Range:
    m = re.fullmatch(r"(\d{3})0'?s?|(\d{2})'?s", value.lower())
    if not m:
        raise ValueError(f'"{value}" is not a decade (like 1990s or 90s)')
    start = int(m.group(1)) * 10 if m.group(1) else 1900 + int(m.group(2))
    return Range("year", lo=float(start), hi=float(start + 9))


_DATE = r"\d{4}(?:-\d{2}(?:-\d{2})?)?"


def _date_range(column: str, value: str) -> Range:
    m = re.fullmatch(rf"({_DATE})?\.\.({_DATE})?", value)
    if m and any(m.groups()):
        return Range(column, lo=m.group(1), hi=m.group(2))
    if re.fullmatch(_DATE, value):
        return Range(column, lo=value, hi=value)
    raise ValueError(f'"{value}" is not a date (YYYY[-MM[-DD]]) or range')


def parse_rules(rules: Any) -> Node:
    """A playlist's `rules:` as an AST. A string is a query; a mapping is the YAML
    rule form (every key must hold; a list value means any of its values); a list
    holds alternatives (any of them).

    >>> parse_rules({"rating": ">= 8.0", "release_year": "1990-1999"})
    And(nodes=(Range(field='rating', lo=8.0, hi=None, lo_open=False, hi_open=False), Range(field='year', lo=1990.0, hi=1999.0, lo_open=False, hi_open=False)))
    >>> parse_rules({"genres": ["Drama", "Romance"]})
    Or(nodes=(Text(field='genres', value='drama', exact=True), Text(field='genres', value='romance', exact=True)))
    """
    if rules is None:
        return MATCH_ALL
    if isinstance(rules, str):
        return parse(rules)
    if isinstance(rules, Mapping):
        return _and([_rule(str(k), v) for k, v in rules.items()]) if rules else MATCH_ALL
    if isinstance(rules, list) and rules:
        return Or(tuple(parse_rules(r) for r in rules))
    raise UserError("rules must be a query string, a mapping of field: value, or a list of those")


def _rule(key: str, value: Any) -> Node:
    negate = key.startswith("-")
    name = key.lstrip("-")
    values = value if isinstance(value, list) else [value]
    if not values:
        raise UserError(f"{key}: an empty list matches nothing")
    nodes = []
    for v in values:
        text = ("true" if v else "false") if isinstance(v, bool) else str(v)
        try:
            nodes.append(make_term(name, text))
        except ValueError as exc:
            raise UserError(f"bad rule {key}: {value!r} — {exc}") from None
    node = nodes[0] if len(nodes) == 1 else Or(tuple(nodes))
    return Not(node) if negate else node
