"""Where a movie's fields came from, for the "Where this comes from" disclosure: by source.

The scan records a source per field in the content file (`sources: {rating: omdb, ids:
nfo+tmdb}`); a field in the user's `overrides:` came from the user and wins over all of
them. Values stay raw text: the template escapes them (a hand-edited content file may
name any source at all).
"""
from __future__ import annotations

from typing import Any, Mapping

from ..model import METADATA_FIELDS, Movie

SOURCE_LABELS = {
    "nfo": "NFO file", "tmdb": "TMDB", "omdb": "OMDb", "filename": "File name", "folder": "Folder name",
    "local": "Local artwork", "ffprobe": "File analysis", "probe": "File analysis", "user": "You",
}
FIELD_LABELS = {
    "original_title": "Original title", "sort_title": "Sort title", "ids": "Ids", "ratings": "Ratings by site",
    "certification": "Certification", "premiered": "Release date", "outline": "Outline", "plot": "Plot",
    "directors": "Directors", "writers": "Writers", "cast": "Cast", "studios": "Studios",
    "countries": "Countries", "playcount": "Play count", "lastplayed": "Last played", "images": "Artwork",
    "streams": "Streams",
}


def source_label(name: str) -> str:
    return SOURCE_LABELS.get(name.strip().casefold(), name.strip())


def provenance_view(movie: Movie) -> list[dict[str, Any]]:
    """[{source: label, fields: [{field: label, replaces: [label…]}…]}…]: each source once,
    with the fields it gave (a field from two sources is under both), sources in the order of
    the first field each gave, fields in the order they are declared. `replaces` names the
    scanned sources a user override stands in for. By source, a page names each source once
    where by field it named one for every field (0.4 KB of a scanned movie's page)."""
    user = movie.user if isinstance(movie.user, Mapping) else {}
    overrides = user.get("overrides")
    overridden = set(overrides) if isinstance(overrides, Mapping) else set()
    scanned = {str(k): str(v) for k, v in movie.sources.items()}
    known = [f for f in METADATA_FIELDS if f in scanned or f in overridden]
    known += sorted(f for f in scanned if f not in METADATA_FIELDS)   # whatever a file names besides
    groups: dict[str, list[dict[str, Any]]] = {}
    for name in known:
        found = [source_label(s) for s in scanned.get(name, "").split("+") if s.strip()]
        label = FIELD_LABELS.get(name, name.replace("_", " ").capitalize())
        if name in overridden:
            groups.setdefault(SOURCE_LABELS["user"], []).append({"field": label, "replaces": found})
            continue
        for source in dict.fromkeys(found):
            groups.setdefault(source, []).append({"field": label, "replaces": []})
    return [{"source": source, "fields": fields} for source, fields in groups.items()]
