"""Years: which numbers can be one, and which of several is the release year."""
from __future__ import annotations

import datetime as _dt
import re

from .tokens import Token
from .vocab import Vocabulary

MIN_YEAR = 1890
MAX_YEAR = _dt.date.today().year + 1
# "2006г" (Russian "year" suffix) counts as a year.
_YEAR_RE = re.compile(r"^(\d{4})[гг年]?$")


def year_value(key: str) -> int | None:
    m = _YEAR_RE.match(key)
    if not m:
        return None
    value = int(m[1])
    return value if MIN_YEAR <= value <= MAX_YEAR else None


def is_year(key: str) -> bool:
    return year_value(key) is not None


def choose_year(tokens: list[Token], start: int, stop: int, vocab: Vocabulary) -> int | None:
    """Index of the release year: the last year before the first tag (`stop`),
    else the first one after it. Earlier years belong to the title
    ("2001.A.Space.Odyssey.1968", "Wonder.Woman.1984.2020")."""
    before = [i for i in range(start, stop) if tokens[i].kind == "year"]
    boxed = [i for i in before if _alone_in_group(tokens, i)] if vocab.on("boxed-year") else []
    if boxed or before:
        return (boxed or before)[-1]
    return next((i for i in range(stop, len(tokens)) if tokens[i].kind == "year"), None)


def _alone_in_group(tokens: list[Token], i: int) -> bool:
    group = tokens[i].group
    if group < 0:
        return False
    prev_in = i > 0 and tokens[i - 1].group == group
    next_in = i + 1 < len(tokens) and tokens[i + 1].group == group
    return not prev_in and not next_in
