"""The query AST compiled to a SQL WHERE clause over the index, with parameters.

Every value from the user travels as a `?` parameter; the SQL text is assembled only
from the constant fragments below. Each leaf is wrapped in COALESCE(…, 0) so a NULL
(say, a movie without a year) is plainly false, and NOT behaves as in Python.

>>> from .query import parse
>>> compile_where(parse("genre:Drama year:1990.."))
('(EXISTS (SELECT 1 FROM movie_genres x JOIN genres g ON g.id = x.genre_id WHERE x.movie_id = m.id AND g.fold = ?) AND COALESCE(m.year >= ?, 0))', ['drama', 1990.0])
"""
from __future__ import annotations

from typing import Any

from ..fields import queries
from .records import LABELS
from .sorting import SORT_KEYS, parse_sort
from .query_ast import And, FreeText, Flag, IdMatch, Node, Not, Or, Range, Text

# record field -> (FROM … WHERE tied to movie m, the folded value column): the tables of
# their own (records.TABLES), then every label kind (records.LABELS).
_PEOPLE = "credits x JOIN people p ON p.id = x.person_id WHERE x.movie_id = m.id AND x.role = "
_LISTS = {
    "genres": ("movie_genres x JOIN genres g ON g.id = x.genre_id WHERE x.movie_id = m.id", "g.fold"),
    "directors": (_PEOPLE + "'director'", "p.fold"),
    "writers": (_PEOPLE + "'writer'", "p.fold"),
    "cast": (_PEOPLE + "'actor'", "p.fold"),
    "tags": ("movie_tags x JOIN tags t ON t.id = x.tag_id WHERE x.movie_id = m.id", "t.fold"),
    "collection": ("collections c WHERE c.id = m.collection_id", "c.fold"),
}
for _kind, _field in LABELS:       # kinds are declared identifiers (fields.NAME), never user input
    _LISTS[_field] = (f"movie_labels v WHERE v.movie_id = m.id AND v.kind = '{_kind}'", "v.fold")
# Numbers, dates and flags: the field's index column, else the value in the stored record.
_COLUMNS = {q.record or f.name: f"m.{f.name}" if f.column and q.record in (None, f.name)
            else f"json_extract(m.record, '$.{q.record or f.name}')"
            for f, q in queries() if q.match in ("number", "date", "flag")}
_COLUMNS.update({"added": "m.added", "missing": "m.missing", "user_rating": "u.rating", "watched": "u.watched",
                 "favorite": "u.favorite", "watchlist": "u.watchlist"})
# ORDER BY: each sort key's index column (the user's rating is in user_data).
SORT_COLUMNS = {key: "u.rating" if column == "user_rating" else f"m.{column}" for key, column in SORT_KEYS.items()}


def compile_where(node: Node) -> tuple[str, list[Any]]:
    """(SQL boolean expression over `movies m LEFT JOIN user_data u`, parameters)."""
    params: list[Any] = []
    return _sql(node, params), params


def _sql(node: Node, params: list[Any]) -> str:
    if isinstance(node, And):
        return "(" + " AND ".join(_sql(n, params) for n in node.nodes) + ")" if node.nodes else "1"
    if isinstance(node, Or):
        return "(" + " OR ".join(_sql(n, params) for n in node.nodes) + ")" if node.nodes else "0"
    if isinstance(node, Not):
        return f"NOT {_sql(node.node, params)}"
    if isinstance(node, Text):
        return _text(node, params)
    if isinstance(node, Range):
        return _range(node, params)
    if isinstance(node, Flag):
        params.append(int(node.value))
        return f"COALESCE({_COLUMNS[node.field]} = ?, 0)"
    if isinstance(node, IdMatch):
        return _ids(node, params)
    if isinstance(node, FreeText):
        params.append(fts_query(node))
        return "m.id IN (SELECT rowid FROM movies_fts WHERE movies_fts MATCH ?)"
    raise TypeError(f"unknown query node {node!r}")


def _text(node: Text, params: list[Any]) -> str:
    source, column = _LISTS[node.field]
    params.append(node.value)
    test = f"{column} = ?" if node.exact else f"instr({column}, ?) > 0"
    return f"EXISTS (SELECT 1 FROM {source} AND {test})"


def _range(node: Range, params: list[Any]) -> str:
    column = _COLUMNS[node.field]
    dates = isinstance(node.lo, str) or isinstance(node.hi, str)
    parts = []
    for bound, op in ((node.lo, ">" if node.lo_open else ">="), (node.hi, "<" if node.hi_open else "<=")):
        if bound is None:
            continue
        if dates:   # ISO prefixes: "2024" covers the whole year
            parts.append(f"substr({column}, 1, ?) {op} ?")
            params.extend([len(bound), bound])
        else:
            parts.append(f"{column} {op} ?")
            params.append(bound)
    return f"COALESCE({' AND '.join(parts) or '1'}, 0)"


def _ids(node: IdMatch, params: list[Any]) -> str:
    params.append(node.value)
    if node.provider is None:
        return "EXISTS (SELECT 1 FROM movie_ids v WHERE v.movie_id = m.id AND v.fold = ?)"
    params.append(node.provider)
    return "EXISTS (SELECT 1 FROM movie_ids v WHERE v.movie_id = m.id AND v.fold = ? AND v.provider = ?)"


def fts_query(node: FreeText) -> str:
    """FTS5 MATCH syntax for free text. The words are folded runs of letters and
    digits (no quotes or operators can get in), and travel as a parameter anyway."""
    if node.phrase:
        return '"' + " ".join(node.words) + '"'
    return " AND ".join(f'"{w}"*' for w in node.words)


def order_by(sort: str | None) -> str:
    """ORDER BY text for a sort spec like "rating desc" or "-year" (whitelisted names)."""
    parts = [f"{SORT_COLUMNS[k]} IS NULL, {SORT_COLUMNS[k]} {'DESC' if desc else 'ASC'}"
             for k, desc in parse_sort(sort)]
    return ", ".join(parts + ["m.sort_title", "COALESCE(m.year, 0)", "m.slug"])
