"""Split a name into word tokens, remembering where each sits and which
bracket group (if any) holds it, so the title can be cut from the original text."""
from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from functools import lru_cache

from .vocab import Tag

# Separators: whitespace, dots, underscores, hyphens, brackets and stray punctuation.
# Apostrophes stay inside words ("Director's", "Howl's").
WORD_RE = re.compile(r"[^\s._\-\[\](){}<>,+/\\|:;!?*=#\"@&%$~^`\u2b50]+")
BRACKET_RE = re.compile(r"[\[\](){}<>]")
_KEY_DROP = re.compile(r"[\W_]+")
OPENERS = "[({<"
_BRACKETS = frozenset("[](){}<>")


@dataclass(slots=True)
class Token:
    text: str
    start: int
    end: int
    key: str                 # lower-case letters and digits only
    group: int = -1          # index of the outermost bracket group, -1 outside any
    kind: str = "word"       # word | year | tag | weak | marker
    tag: Tag | None = None
    value: str | None = None  # resolution / part number / year digits when known


@lru_cache(maxsize=16384)
def key_of(text: str) -> str:
    return _KEY_DROP.sub("", text).lower()


def group_spans(text: str) -> list[tuple[int, int]]:
    """Outermost bracket groups as (start, end) character spans, end exclusive.
    An unclosed group runs to the end of the text."""
    spans: list[tuple[int, int]] = []
    depth, start = 0, 0
    for m in BRACKET_RE.finditer(text):
        if m.group() in OPENERS:
            if depth == 0:
                start = m.start()
            depth += 1
        elif depth:
            depth -= 1
            if depth == 0:
                spans.append((start, m.end()))
    if depth:
        spans.append((start, len(text)))
    return spans


def tokenize(text: str) -> tuple[list[Token], list[tuple[int, int]]]:
    spans = group_spans(text) if BRACKET_RE.search(text) else []
    starts = [s for s, _ in spans]
    tokens = []
    for m in WORD_RE.finditer(text):
        group = -1
        if spans:
            i = bisect_right(starts, m.start()) - 1
            if i >= 0 and m.start() < spans[i][1]:
                group = i
        key = key_of(m.group())
        if key:
            tokens.append(Token(m.group(), m.start(), m.end(), key, group))
    return tokens, spans


def joined(text: str, a: Token, b: Token) -> bool:
    """True when only a short run of separators lies between two tokens (no bracket),
    so they may form one phrase ("WEB-DL", "Director's.Cut", "DTS-HD")."""
    gap = text[a.end:b.start]
    return len(gap) <= 2 and not any(ch in _BRACKETS for ch in gap)
