"""The query AST as a Python predicate over `records.movie_record` dicts.

Used where no index exists (the site build): the same queries, the same answers as
`query_sql` gives over SQLite (tests compare the two on the demo library).
"""
from __future__ import annotations

from typing import Any, Callable, Iterable, Mapping

from .query_ast import And, FreeText, Flag, IdMatch, Node, Not, Or, Range, Text
from .records import fold, fts_columns, words

Record = Mapping[str, Any]
Predicate = Callable[[Record], bool]


def predicate(node: Node) -> Predicate:
    """A function telling whether a record matches `node`.

    >>> from .query import parse
    >>> predicate(parse("year:1990..1999 -genre:horror"))({"year": 1995, "genres": ["Drama"]})
    True
    """
    if isinstance(node, And):
        parts = [predicate(n) for n in node.nodes]
        return lambda r: all(p(r) for p in parts)
    if isinstance(node, Or):
        parts = [predicate(n) for n in node.nodes]
        return lambda r: any(p(r) for p in parts)
    if isinstance(node, Not):
        inner = predicate(node.node)
        return lambda r: not inner(r)
    if isinstance(node, Text):
        return lambda r: any(_text_hit(node, v) for v in _values(r.get(node.field)))
    if isinstance(node, Range):
        return lambda r: _in_range(node, r.get(node.field))
    if isinstance(node, Flag):
        return lambda r: bool(r.get(node.field)) == node.value
    if isinstance(node, IdMatch):
        return lambda r: any((node.provider in (None, fold(k))) and fold(v) == node.value
                             for k, v in (r.get("ids") or {}).items())
    if isinstance(node, FreeText):
        return lambda r: _free_text_hit(node, r)
    raise TypeError(f"unknown query node {node!r}")


def _values(value: Any) -> Iterable[Any]:
    if value is None:
        return ()
    return value if isinstance(value, (list, tuple)) else (value,)


def _text_hit(node: Text, value: Any) -> bool:
    folded = fold(value)
    return folded == node.value if node.exact else node.value in folded


def _in_range(node: Range, value: Any) -> bool:
    if value is None:
        return False
    if isinstance(node.lo, str) or isinstance(node.hi, str):
        return _date_in_range(node, str(value))
    v = float(value)
    if node.lo is not None and (v < node.lo or (node.lo_open and v == node.lo)):
        return False
    if node.hi is not None and (v > node.hi or (node.hi_open and v == node.hi)):
        return False
    return True


def _date_in_range(node: Range, value: str) -> bool:
    # ISO dates compare as strings; a bound of "2024" covers all of 2024.
    if node.lo is not None and value[:len(node.lo)] < node.lo:
        return False
    if node.hi is not None and value[:len(node.hi)] > node.hi:
        return False
    return True


def _free_text_hit(node: FreeText, record: Record) -> bool:
    columns = [words(text) for text in fts_columns(dict(record)).values()]
    if node.phrase:
        n = len(node.words)
        return any(tuple(col[i:i + n]) == node.words for col in columns for i in range(len(col) - n + 1))
    every = [w for col in columns for w in col]
    return all(any(w.startswith(q) for w in every) for q in node.words)


def select(records: Iterable[Record], node: Node) -> list[Record]:
    test = predicate(node)
    return [r for r in records if test(r)]
