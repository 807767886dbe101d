"""Sort specs shared by `ls` (SQL ORDER BY) and playlists (Python sort).

A spec is "field", "field desc", "-field", or several joined by commas:
"rating desc, year" sorts by rating, best first, then by year.
"""
from __future__ import annotations

from typing import Any, Iterable, Mapping

from ..errors import UserError
from ..fields import sorts

# Sort key -> the record key (and index column) holding what it sorts by: the fields declared
# `sort` (fields.py; title sorts by sort_title), then what the library knows beyond them.
SORT_KEYS = {**dict(sorts()), "added": "added", "user_rating": "user_rating", "size": "size"}
SORT_FIELDS = tuple(SORT_KEYS)


def parse_sort(spec: str | None) -> list[tuple[str, bool]]:
    """[(field, descending)] from a spec; an unknown field is a UserError naming it."""
    keys: list[tuple[str, bool]] = []
    for part in (spec or "").split(","):
        bits = part.split()
        if not bits:
            continue
        name, desc = bits[0], False
        if name.startswith("-"):
            name, desc = name[1:], True
        if len(bits) > 1:
            if len(bits) > 2 or bits[1].lower() not in ("asc", "desc"):
                raise UserError(f'bad sort "{part.strip()}": use "field", "field desc" or "-field"')
            desc = bits[1].lower() == "desc"
        if name not in SORT_FIELDS:
            raise UserError(f'bad sort "{part.strip()}": {name} is not one of {", ".join(SORT_FIELDS)}')
        keys.append((name, desc))
    return keys


def sort_records(records: Iterable[Mapping[str, Any]], spec: str | None) -> list[Mapping[str, Any]]:
    """Sorted like `query_sql.order_by` does it: missing values last, then by title, year, slug."""
    out = sorted(records, key=lambda r: (r["sort_title"], r["year"] or 0, r["slug"]))
    for name, desc in reversed(parse_sort(spec)):
        key = SORT_KEYS[name]
        present = [r for r in out if r.get(key) is not None]
        absent = [r for r in out if r.get(key) is None]
        out = sorted(present, key=lambda r: r[key], reverse=desc) + absent
    return out
