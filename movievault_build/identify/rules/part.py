"""Multi-part movies: `cd1`, `part2`, `disc1`, `CD1of2`, `(1CD)`, `Movie - pt1`.
A spaced "Part 1" counts only among tags, never at the end of a title
("Harry Potter 7 - Part 1", "Dune Part Two" are titles)."""
from __future__ import annotations

from .tokens import Token


def part_of(tokens: list[Token], title_end: int) -> int | None:
    for tok in tokens:
        if tok.kind == "tag" and tok.tag is not None and tok.tag.prop == "part" \
                and tok.start >= title_end:
            return int(tok.tag.value)
    return None
