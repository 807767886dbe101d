"""What the name tests ask of the parser: the vocabulary with one rule switched off, and a
name's kind, title and year."""
from __future__ import annotations

from dataclasses import replace

from movievault_build.identify.filename import parse
from movievault_build.identify.rules.vocab import Vocabulary, vocabulary


def without(rule: str) -> Vocabulary:
    return replace(vocabulary(), off=frozenset({rule}))


def shape(name: str) -> tuple[str, str | None, int | None]:
    g = parse(name)
    return g.kind, g.title, g.year
