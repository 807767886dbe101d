"""A playlist's query laid flat for formats that only know one level of rules.

Kodi's `.xsp` and Kometa's `plex_search` hold a list of rules matched all together or
any one of them. `flatten` brings our AST to that shape — `match` plus groups of
terms, each group becoming one rule whose values are alternatives — or says why it
cannot. Each format then maps a group to its own rule, or raises `NoEquivalent`; the
exporter falls back to the resolved list of movies and says what had no equivalent.

    genre:Drama year:1990..1999           all: [genre], [year]
    {genres: [Drama, Romance]}             all: [genre Drama | genre Romance]
    genre:Comedy OR genre:Romance         one: [genre], [genre]
    (genre:A year:..1999) OR genre:B      no equivalent (an AND inside an OR)
"""
from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, timedelta
from typing import Callable, Iterable, TypeVar

from ..model import Movie
from .query import FIELDS
from .records import fold, movie_record
from .query_ast import MATCH_ALL, And, Flag, FreeText, IdMatch, Node, Not, Or, Range, Text

Group = tuple[Node, ...]
T = TypeVar("T")
# record key -> query field name, for saying which term had no equivalent
_NAMES = {column: name for name, (_kind, column) in reversed(list(FIELDS.items())) if name != "id"}
_NAMES["ids"] = "id"


class NoEquivalent(Exception):
    """A term (or shape) the target format cannot say; the message names it."""


@dataclass(frozen=True)
class Flat:
    match: str                  # "all" or "one"
    groups: tuple[Group, ...]


def flatten(node: Node) -> Flat:
    if node == MATCH_ALL:
        return Flat("all", ())
    if isinstance(node, And):
        return Flat("all", tuple(_group(n, "an OR inside an AND") for n in node.nodes))
    if isinstance(node, Or):
        return Flat("one", tuple((_leaf(n, "an AND inside an OR"),) for n in node.nodes))
    return Flat("all", ((_leaf(node, ""),),))


def each_group(flat: Flat, translate: Callable[[Group], T]) -> list[tuple[Group, T]]:
    """`translate` applied to every group; all the failures are gathered, then raised as one."""
    failures: list[str] = []
    done: list[tuple[Group, T]] = []
    for group in flat.groups:
        try:
            done.append((group, translate(group)))
        except NoEquivalent as exc:
            failures.append(str(exc))
    if failures:
        raise NoEquivalent(", ".join(failures))
    return done


def _group(node: Node, nested: str) -> Group:
    """A term, or an OR of positive terms on one field (the YAML list form)."""
    if isinstance(node, Or) and all(isinstance(n, Text) for n in node.nodes):
        texts = [n for n in node.nodes if isinstance(n, Text)]
        if len({(t.field, t.exact) for t in texts}) == 1:
            return tuple(texts)
    return (_leaf(node, nested),)


def _leaf(node: Node, nested: str) -> Node:
    inner = node.node if isinstance(node, Not) else node
    if isinstance(inner, (And, Or, Not)):
        raise NoEquivalent(f"{describe(node)} ({nested or 'nested terms'})")
    return node


def negated(node: Node) -> tuple[bool, Node]:
    return (True, node.node) if isinstance(node, Not) else (False, node)


def complement(node: Range) -> Range:
    """NOT of a one-sided range as a range; two-sided ranges have none."""
    if node.lo is not None and node.hi is not None:
        raise NoEquivalent(f"{describe(Not(node))} (NOT of a range with two ends)")
    if node.lo is not None:
        return Range(node.field, hi=node.lo, hi_open=not node.lo_open)
    return Range(node.field, lo=node.hi, lo_open=not node.hi_open)


def positive_range(node: Node) -> Range | None:
    """A Range, or NOT of a one-sided one turned around; None for other terms."""
    neg, inner = negated(node)
    if not isinstance(inner, Range):
        return None
    return complement(inner) if neg else inner


def flip(node: Node) -> Node:
    """NOT of a flag as the flag's other value."""
    neg, inner = negated(node)
    return replace(inner, value=not inner.value) if neg and isinstance(inner, Flag) else node


def describe(node: Node) -> str:
    """A term written back in the query language, for messages."""
    if isinstance(node, Not):
        return "-" + describe(node.node)
    if isinstance(node, Text):
        return f"{_NAMES.get(node.field, node.field)}:{_quoted(node.value)}"
    if isinstance(node, Range):
        lo, hi = (_num(v) for v in (node.lo, node.hi))
        if lo is not None and lo == hi:
            return f"{_NAMES.get(node.field, node.field)}:{lo}"
        text = (f">{lo}" if node.lo_open and hi is None else f"<{hi}" if node.hi_open and lo is None
                else f"{lo if lo is not None else ''}..{hi if hi is not None else ''}")
        return f"{_NAMES.get(node.field, node.field)}:{text}"
    if isinstance(node, Flag):
        return f"{node.field}:{'true' if node.value else 'false'}"
    if isinstance(node, IdMatch):
        return f"{node.provider or 'id'}:{node.value}"
    if isinstance(node, FreeText):
        return _quoted(" ".join(node.words)) if node.phrase else " ".join(node.words)
    return " ".join(describe(n) for n in getattr(node, "nodes", ()))


def _quoted(text: str) -> str:
    return f'"{text}"' if any(c.isspace() for c in text) else text


def _num(value: float | str | None) -> str | None:
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else str(value)
    return value


def whole(value: float | str | None) -> bool:
    return isinstance(value, float) and value.is_integer()


def period(prefix: str) -> tuple[date, date]:
    """First day of an ISO prefix's period and the first day after it: "2024-02" ->
    (2024-02-01, 2024-03-01)."""
    parts = [int(p) for p in prefix.split("-")]
    start = date(parts[0], parts[1] if len(parts) > 1 else 1, parts[2] if len(parts) > 2 else 1)
    if len(parts) == 3:
        return start, start + timedelta(days=1)
    if len(parts) == 2:
        return start, date(start.year + start.month // 12, start.month % 12 + 1, 1)
    return start, date(start.year + 1, 1, 1)


class Library:
    """The library's own spellings: queries hold folded text ("amelie"), while Kodi and
    Plex compare with what they store ("Amélie")."""

    def __init__(self, movies: Iterable[Movie]):
        self._records = [movie_record(m) for m in movies]
        self._values: dict[str, dict[str, str]] = {}

    def values(self, field: str) -> dict[str, str]:
        """folded -> first spelling seen, for one record field."""
        if field not in self._values:
            seen: dict[str, str] = {}
            for record in self._records:
                raw = record.get(field)
                for value in raw if isinstance(raw, list) else [raw]:
                    if isinstance(value, str) and value:
                        seen.setdefault(fold(value), value)
            self._values[field] = seen
        return self._values[field]

    def spell(self, field: str, folded: str) -> str:
        """The value as the library writes it; a substring keeps the library's case
        where folding kept the length; otherwise the folded text."""
        values = self.values(field)
        if folded in values:
            return values[folded]
        for key, original in values.items():
            at = key.find(folded)
            if at >= 0 and len(key) == len(original):
                return original[at:at + len(folded)]
        return folded

    def containing(self, field: str, folded: str) -> list[str]:
        """Every spelling in the library that holds `folded`, sorted."""
        return sorted(v for k, v in self.values(field).items() if folded in k)


def notes(fallback: Iterable[str], fmt: str, dropped: Iterable[str] = ()) -> list[str]:
    """The lines for stderr: what made the export list the movies instead of its rules, or
    (when the rules did go through) the sort keys the format could not carry."""
    found = [r for r in dict.fromkeys(fallback) if r]
    if found:
        return [f"{fmt} has no equivalent for: {', '.join(found)}; exported the matching movies instead"]
    left = [r for r in dict.fromkeys(dropped) if r]
    return [f"{fmt} has no equivalent for: {', '.join(left)}; the order leaves it out"] if left else []
