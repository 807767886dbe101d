"""Database ids written into names: `tmdbid-603`, `[tmdbid=603]`, `{tmdb-603}`,
`{imdb-tt0133093}`, `[imdbid-tt0133093]`, a bare `tt0133093`, `tvdbid-81189`."""
from __future__ import annotations

import re

_SEP = r"[\s:=_-]*"
ID_RES = (
    ("tmdb", re.compile(r"(?<![a-z])tmdb(?:id)?" + _SEP + r"(\d{1,9})(?!\d)", re.IGNORECASE)),
    ("imdb", re.compile(r"(?<![a-z0-9])(?:imdb(?:id)?" + _SEP + r")?(tt\d{7,8})(?!\d)", re.IGNORECASE)),
    ("tvdb", re.compile(r"(?<![a-z])tvdb(?:id)?" + _SEP + r"(\d{1,9})(?!\d)", re.IGNORECASE)),
)


def find_ids(path: str) -> dict[str, str]:
    """Ids found anywhere in the path; the one nearest the file name wins."""
    found: dict[str, str] = {}
    lowered = path.lower()
    if "tt" not in lowered and "db" not in lowered:
        return found
    for name, rx in ID_RES:
        matches = rx.findall(path)
        if matches:
            found[name] = matches[-1].lower()
    return found
