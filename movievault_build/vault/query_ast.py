"""The query AST: what a parsed query means, independent of how it is evaluated.

`query_sql` compiles these nodes to SQL over the index; `query_eval` turns them into a
Python predicate over `records.movie_record` dicts. Both are tested to agree.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Union


@dataclass(frozen=True)
class Text:
    """A text field matched case-insensitively: `exact` equality, or substring."""
    field: str          # record key (list or scalar)
    value: str          # already folded
    exact: bool = False


@dataclass(frozen=True)
class Range:
    """lo/hi inclusive bounds (either may be None); numbers, or ISO date prefixes."""
    field: str
    lo: float | str | None = None
    hi: float | str | None = None
    lo_open: bool = False   # `>` rather than `>=`
    hi_open: bool = False


@dataclass(frozen=True)
class Flag:
    field: str
    value: bool


@dataclass(frozen=True)
class IdMatch:
    provider: str | None   # None: any provider
    value: str             # folded


@dataclass(frozen=True)
class FreeText:
    """Words matched through the full-text index: each a prefix of some word, or,
    with `phrase`, all of them one after the other in one column."""
    words: tuple[str, ...]
    phrase: bool = False


@dataclass(frozen=True)
class Not:
    node: "Node"


@dataclass(frozen=True)
class And:
    nodes: tuple["Node", ...]


@dataclass(frozen=True)
class Or:
    nodes: tuple["Node", ...]


Node = Union[Text, Range, Flag, IdMatch, FreeText, Not, And, Or]
MATCH_ALL = And(())
