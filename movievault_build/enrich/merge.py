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

    `ids` and `ratings` merge key by key (TMDB id from the NFO, IMDb rating from OMDb).
    """
    merged: dict[str, Any] = {}
    sources: dict[str, str] = {}
    for name, layer in layers:
        for key in METADATA_FIELDS:
            value = layer.get(key)
            if is_empty(value):
                continue
            if key in ("ids", "ratings") and isinstance(merged.get(key), Mapping):
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
