"""What the providers say about the ids a movie's names and NFO carry.

- An id a provider reports gone (TMDB answers 404) is replaced by the id the
  provider then found another way (IMDb id or search). The old id is kept in the
  content file's `replaced_ids` (`{tmdb: {was: "999999", reason: "…"}}`) and the
  next scan looks the movie up by the new id while the NFO still carries the old one.
- An id whose film contradicts the NFO's title *and* year by a wide margin is not
  trusted: the match is reported as low-confidence for the user to pin the right id.

Pure functions; online.py calls them around each lookup.
"""
from __future__ import annotations

from typing import Any, Mapping

from ..providers.base import HOW_DIRECT, HOW_IMDB, Found
from ..providers.match import title_similarity

# "A wide margin": titles this unlike (0..1) and years further apart than this.
CONTRADICTION_SIMILARITY = 0.5
CONTRADICTION_YEARS = 2
ID_OF = {HOW_DIRECT: None, HOW_IMDB: "imdb"}   # which id a lookup `how` went by (None: the provider's own)


def carried(previous: Mapping[str, Any], ids: Mapping[str, str]) -> dict[str, dict[str, str]]:
    """Replacements from earlier scans that still apply: the names or NFO still give
    the id that was found gone, and the content file holds its replacement.

    >>> previous = {"ids": {"tmdb": "550"}, "replaced_ids": {"tmdb": {"was": "999999", "reason": "gone"}}}
    >>> carried(previous, {"tmdb": "999999"})
    {'tmdb': {'was': '999999', 'reason': 'gone'}}
    >>> carried(previous, {"tmdb": "603"})   # the NFO was corrected since
    {}
    """
    stored = previous.get("replaced_ids")
    now = previous.get("ids")
    if not isinstance(stored, Mapping) or not isinstance(now, Mapping):
        return {}
    return {str(kind): {"was": str(rec["was"]), "reason": str(rec.get("reason") or "")}
            for kind, rec in stored.items()
            if isinstance(rec, Mapping) and rec.get("was") is not None and now.get(kind)
            and str(ids.get(kind)) == str(rec["was"])}


def substitute(ids: dict[str, str], replaced: Mapping[str, Mapping[str, str]],
               previous: Mapping[str, Any]) -> None:
    """Look up by the replacement, not by the id known to be gone (in place)."""
    now = previous.get("ids") or {}
    for kind in replaced:
        ids[kind] = str(now[kind])


def gone(found: Found, ids: Mapping[str, str], pins: Mapping[str, str],
         provider: str) -> dict[str, dict[str, str]]:
    """Ids the provider reported gone that its result replaces (never a user's pin)."""
    new_ids = found.metadata.get("ids") or {}
    out = {}
    for kind, old in (found.extra.get("gone") or {}).items():
        new = new_ids.get(kind)
        if new and str(new) != str(old) and str(pins.get(kind)) != str(old) and str(ids.get(kind)) == str(old):
            out[str(kind)] = {"was": str(old), "reason": f"{provider} has no such id (404)"}
    return out


def contradiction(meta: Mapping[str, Any], found: Found, ids: Mapping[str, str],
                  pins: Mapping[str, str]) -> str | None:
    """Why the film an id names cannot be the one the NFO describes, or None.

    Only for lookups by id (a search is scored already), and never for a pinned id.

    >>> f = Found("tmdb", {"title": "The Matrix", "year": 1999, "ids": {"tmdb": "603"}}, HOW_DIRECT, 1.0)
    >>> contradiction({"title": "Heat", "year": 1995}, f, {"tmdb": "603"}, {})
    '“The Matrix” (1999), not “Heat” (1995)'
    >>> contradiction({"title": "Die Matrix", "year": 1999}, f, {"tmdb": "603"}, {}) is None
    True
    >>> contradiction({"title": "Heat", "year": 1995}, f, {"tmdb": "603"}, {"tmdb": "603"}) is None
    True
    """
    if found.how not in ID_OF:
        return None
    kind = ID_OF[found.how] or found.provider
    used = ids.get(kind)
    if used is None or str(pins.get(kind)) == str(used):
        return None
    mine, my_year = meta.get("title"), meta.get("year")
    theirs = [t for t in (found.metadata.get("title"), found.metadata.get("original_title")) if t]
    their_year = found.metadata.get("year")
    if not mine or not theirs or not isinstance(my_year, int) or not isinstance(their_year, int):
        return None
    similar = max(title_similarity(str(mine), str(t)) for t in theirs)
    if similar >= CONTRADICTION_SIMILARITY or abs(my_year - their_year) <= CONTRADICTION_YEARS:
        return None
    return f"“{theirs[0]}” ({their_year}), not “{mine}” ({my_year})"


def without_replaced(layer: Mapping[str, Any], replaced: Mapping[str, Mapping[str, str]]) -> Mapping[str, Any]:
    """A metadata layer (NFO, file name) less the ids known to be gone."""
    ids = layer.get("ids")
    if not replaced or not isinstance(ids, Mapping):
        return layer
    kept = {k: v for k, v in ids.items() if not (k in replaced and str(v) == replaced[k]["was"])}
    return {**layer, "ids": kept} if kept != dict(ids) else layer
