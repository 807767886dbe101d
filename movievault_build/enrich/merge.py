"""Layer metadata from several sources, field by field, keeping provenance.

Precedence is the order of the layers: later layers win, so the pipeline passes
filename < NFO < online providers (or NFO last when configured so). Empty values
never win: an NFO with an empty <plot/> does not erase a provider's plot.
"""
from __future__ import annotations

from typing import Any, Iterable, Mapping

from ..model import METADATA_FIELDS


def is_empty(value: Any) -> bool:
    return value is None or value == "" or value == [] or value == {} or value == ()


def merge(layers: Iterable[tuple[str, Mapping[str, Any]]]) -> tuple[dict[str, Any], dict[str, str]]:
    """Return (metadata, sources) where sources maps each field to the layer it came from.

    `ids` and `ratings` merge key by key (TMDB id from the NFO, IMDb rating from OMDb), and so
    does `collection`: an NFO's set name wins, TMDB's list of the collection's films stays.
    """
    merged: dict[str, Any] = {}
    sources: dict[str, str] = {}
    for name, layer in layers:
        for key in METADATA_FIELDS:
            value = layer.get(key)
            if is_empty(value):
                continue
            if (key in ("ids", "ratings", "collection") and isinstance(merged.get(key), Mapping)
                    and isinstance(value, Mapping)):
                merged[key] = {**merged[key], **value}
                sources[key] = _join(sources.get(key), name)
            else:
                merged[key] = value
                sources[key] = name
    return merged, sources


def _join(previous: str | None, name: str) -> str:
    if not previous:
        return name
    parts = previous.split("+")
    return previous if name in parts else f"{previous}+{name}"


# Ratings that are not on a 0-10 scale, and their divisor.
PERCENT_RATINGS = {"rottentomatoes": 10, "metacritic": 10}


def merge_by_precedence(layers: Mapping[str, Mapping[str, Any]], order: Iterable[str],
                        base: Iterable[tuple[str, Mapping[str, Any]]] = ()
                        ) -> tuple[dict[str, Any], dict[str, str]]:
    """`base` layers (lowest first, e.g. filename), then `layers` by name with the first
    name in `order` winning each field."""
    ranked = [(name, layers[name]) for name in reversed(list(order)) if name in layers]
    return merge([*base, *ranked])


def choose_rating(meta: dict[str, Any], sources: dict[str, str], source: str | None,
                  layers: Mapping[str, Mapping[str, Any]]) -> None:
    """Set the main `rating` from `source` (a key of `ratings`, or a layer name such as
    "nfo"), in place; a source with no value leaves the merged rating alone.

    >>> meta, sources = {"rating": 7.0, "ratings": {"metacritic": {"value": 66}}}, {}
    >>> choose_rating(meta, sources, "metacritic", {"omdb": {"ratings": {"metacritic": {"value": 66}}}})
    >>> meta["rating"], sources["rating"]
    (6.6, 'omdb')
    """
    if not source:
        return
    if source in layers and layers[source].get("rating") is not None:
        meta["rating"], sources["rating"] = layers[source]["rating"], source
        return
    entry = (meta.get("ratings") or {}).get(source)
    value = entry.get("value") if isinstance(entry, Mapping) else None
    if not isinstance(value, (int, float)):
        return
    meta["rating"] = round(float(value) / PERCENT_RATINGS.get(source, 1), 1)
    sources["rating"] = next((name for name, layer in layers.items()
                              if source in (layer.get("ratings") or {})), sources.get("ratings", ""))
