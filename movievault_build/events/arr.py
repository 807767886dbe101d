"""Radarr's and Sonarr's webhook payloads, read into what MovieVault does about them: which
of our folders to scan. Pure functions: the HTTP side lives in webhooks.py.

Radarr (Settings → Connect → Webhook) posts camelCase JSON with a PascalCase `eventType`:

    >>> decide("radarr", {"eventType": "Download", "movie": {"title": "Heat", "year": 1995,
    ...     "folderPath": "/movies/Heat (1995)"}}, [PathMapping("/movies", "/srv/films")]).folders
    (('/srv/films/Heat (1995)', True),)

Paths are Radarr's view of the disk; `path_mappings` turn them into ours (Radarr in a
container sees /movies, or runs on Windows and sees D:\\Movies). Sonarr's events are
acknowledged and left alone: MovieVault keeps movies, not episodes.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Iterable, Mapping

from ..path_mapping import WINDOWS as _WINDOWS, PathMapping, map_path, parent as _parent

# Events that change what is on disk for one movie, and those only acknowledged.
SCAN_EVENTS = ("Download", "Rename", "MovieFileDelete", "MovieDelete", "MovieAdded")
QUIET_EVENTS = ("Test", "Grab", "Health", "HealthRestored", "ApplicationUpdate", "ManualInteractionRequired")


class PayloadError(ValueError):
    """A payload that is JSON but not a webhook we can act on (the sender gets a 422)."""


@dataclass(frozen=True)
class Decision:
    action: str                                   # "scan" | "ok" (a Test) | "ignored"
    reason: str
    folders: tuple[tuple[str, bool], ...] = ()    # our folders, with their sub-folders or not
    event: str = ""
    title: str = ""


def decide(source: str, payload: Any, mappings: Iterable[PathMapping] = ()) -> Decision:
    if not isinstance(payload, dict):
        raise PayloadError("the body must be a JSON object")
    event = payload.get("eventType")
    if not isinstance(event, str) or not event:
        raise PayloadError("`eventType` is missing or not a string")
    if source == "sonarr" or "series" in payload:
        return Decision("ignored", "Sonarr events are acknowledged and ignored: episodes are not MovieVault's",
                        event=event)
    if event == "Test":
        return Decision("ok", "test received", event=event)
    if event not in SCAN_EVENTS:
        return Decision("ignored", f"{event}: nothing on disk changes", event=event)
    movie = _object(payload, "movie")
    title = _title(movie)
    remote = [(p, True) for p in [_path(movie, "folderPath", required=event != "MovieFileDelete")] if p]
    remote += [(_parent(p), False) for p in _file_paths(event, payload)]
    if not remote:
        raise PayloadError(f"{event}: no folder or file path to scan")
    mappings = tuple(mappings)
    folders = tuple(dict.fromkeys((map_path(p, mappings), r) for p, r in remote))
    return Decision("scan", f"{event}: {title}", folders, event, title)


def _file_paths(event: str, payload: Mapping[str, Any]) -> list[str]:
    """The files an event names (their folders are scanned too: Radarr may move a file out)."""
    out: list[str] = []
    if event == "MovieFileDelete" or (event == "Download" and "movieFile" in payload):
        out.append(_path(_object(payload, "movieFile"), "path", required=event == "MovieFileDelete"))
    for key, fields in (("deletedFiles", ("path",)), ("renamedMovieFiles", ("path", "previousPath"))):
        items = payload.get(key)
        if isinstance(items, bool) or items is None:    # MovieDelete's `deletedFiles` is a flag
            continue
        if not isinstance(items, list) or not all(isinstance(i, dict) for i in items):
            raise PayloadError(f"`{key}` must be a list of objects")
        out += [_path(i, f, required=False) for i in items for f in fields]
    return [p for p in out if p]


def _object(payload: Mapping[str, Any], key: str) -> Mapping[str, Any]:
    value = payload.get(key)
    if not isinstance(value, dict):
        raise PayloadError(f"`{key}` is missing or not an object")
    return value


def _path(obj: Mapping[str, Any], key: str, required: bool = True) -> str:
    value = obj.get(key)
    if value is None and not required:
        return ""
    if not isinstance(value, str) or not value.strip():
        raise PayloadError(f"`{key}` is missing or not a path")
    if "\0" in value or ".." in re.split(r"[\\/]", value):
        raise PayloadError(f"`{key}` is not a plain absolute path")
    if not (value.startswith("/") or _WINDOWS.match(value)):
        raise PayloadError(f"`{key}` is not an absolute path")
    return value


def _title(movie: Mapping[str, Any]) -> str:
    title = movie.get("title")
    year = movie.get("year")
    name = title if isinstance(title, str) and title else "untitled"
    return f"{name} ({year})" if isinstance(year, int) and year > 0 else name
