"""What a scan changes in a content file, field by field: old → new, for people to read.

`scan --dry-run`, `refresh` and `identify` show the same lines.

>>> [str(c) for c in changes({"title": "Dune", "year": 1984}, {"title": "Dune", "year": 2021})]
['year: 1984 → 2021']
>>> str(changes({}, {"genres": ["Drama", "War"]})[0])
'genres: (none) → Drama, War'
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any, Iterable, Mapping

from .document import SCANNER_KEYS

# Bookkeeping that changes with every scan or says nothing to a reader on its own.
QUIET = frozenset({"schema", "sources"})
WIDTH = 60


@dataclass(frozen=True)
class Change:
    field: str
    old: Any
    new: Any

    def __str__(self) -> str:
        return f"{self.field}: {show(self.old)} → {show(self.new)}"


def changes(old: Mapping[str, Any], new: Mapping[str, Any],
            keys: Iterable[str] = SCANNER_KEYS) -> list[Change]:
    """The scanner fields whose value differs, in content-file order."""
    out = []
    for key in keys:
        if key in QUIET:
            continue
        a, b = old.get(key), new.get(key)
        if _plain(a) != _plain(b) and not (_empty(a) and _empty(b)):
            out.append(Change(key, a, b))
    return out


def show(value: Any, width: int = WIDTH) -> str:
    """A value on one short line: lists of names joined, records as compact JSON."""
    if _empty(value):
        return "(none)"
    if isinstance(value, (list, tuple)):
        text = ", ".join(_item(v) for v in value)
    elif isinstance(value, Mapping):
        text = json.dumps(_plain(value), ensure_ascii=False, sort_keys=True, default=str)
    else:
        text = str(value)
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


def _item(value: Any) -> str:
    if isinstance(value, Mapping):
        for key in ("name", "kind", "path", "src"):
            if value.get(key):
                return str(value[key])
    return str(value)


def _empty(value: Any) -> bool:
    return value is None or value == "" or value == [] or value == {}


def _plain(value: Any) -> Any:
    if isinstance(value, Mapping):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    return value
