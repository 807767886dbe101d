"""Every user's watch state on the site: `api/users.json` lists the users (the default one
first) and `api/users/<name>.json` holds each one's state, in the shape of the viewer's
state file (`user-state.schema.json`):

    {"version": 1, "user": "bob",
     "movies": {"heat-1995": {"watched": true, "plays": 2, "last_played": "2024-05-01T20:11:00Z"}, …}}

The browser picks the file of the user chosen in the header's switcher; cards, facets and
the movie page read the state from there, so a watched mark changes one small file and no
page. The default user's state is read from the movies' `user:` blocks, everyone else's
from content/users/<name>.yml (library/users.py). `digest` stands for the users' files,
for the page cache: the statistics show every user's numbers.
"""
from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any, Iterable, Mapping

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files, InclusionLevel

from ..errors import ReadError
from ..library.users import load_states
from ..log import get_logger
from ..model import Movie, WatchState, format_stamp
from ..settings import Users
from ..store.users import user_file
from .pages import _add

log = get_logger("users")
VERSION = 1
USERS_FILE = "api/users.json"


def state_path(user: str) -> str:
    return f"api/users/{user}.json"


def all_states(content_dir: Path, users: Users, movies: list[Movie]) -> dict[str, dict[str, WatchState]]:
    """user -> slug -> state; a damaged users file is a warning and an empty state."""
    out = {}
    for name in users.names:
        try:
            out[name] = load_states(content_dir, users, name, movies)
        except ReadError as exc:
            log.warning("%s (the site shows no state for %s)", exc, name)
            out[name] = {}
    return out


def digest(content_dir: Path, users: Users) -> str:
    """What the non-default users' files hold (the default user's state is in the movies)."""
    h = hashlib.blake2b(digest_size=16)
    for name in users.names[1:]:
        try:
            h.update(name.encode() + b"\0" + user_file(content_dir, name).read_bytes() + b"\0")
        except OSError:
            h.update(name.encode() + b"\0-\0")
    return h.hexdigest()


def entry(state: WatchState) -> dict[str, Any]:
    """One movie's state as the site reads it; false, zero and unknown keys left out."""
    rating = state.rating
    shown = {
        "watched": state.watched, "favorite": state.favorite, "watchlist": state.watchlist and not state.watched,
        "rating": (int(rating) if float(rating).is_integer() else round(rating, 1)) if rating else None,
        "plays": (state.playcount or 1) if state.watched else None,
        "last_played": format_stamp(state.lastplayed) if state.lastplayed else None,
    }
    return {k: v for k, v in shown.items() if v}


def state_document(user: str, states: Mapping[str, WatchState], slugs: Iterable[str]) -> bytes:
    movies = {slug: e for slug in sorted(slugs) if (s := states.get(slug)) and (e := entry(s))}
    return json.dumps({"version": VERSION, "user": user, "movies": movies}, ensure_ascii=False, sort_keys=True,
                      separators=(",", ":")).encode("utf-8")


def users_document(users: Users) -> bytes:
    rows = [{"name": u.name, "label": u.label, "state": state_path(u.name)} for u in users.all]
    return json.dumps({"version": VERSION, "default": users.default, "users": rows}, ensure_ascii=False,
                      sort_keys=True, separators=(",", ":")).encode("utf-8")


def add_state_files(files: Files, config: MkDocsConfig, users: Users,
                    states: Mapping[str, Mapping[str, WatchState]], movies: list[Movie]) -> None:
    slugs = [m.slug for m in movies]
    _add(files, File.generated(config, USERS_FILE, content=users_document(users),
                               inclusion=InclusionLevel.NOT_IN_NAV))
    for name in users.names:
        _add(files, File.generated(config, state_path(name), content=state_document(name, states[name], slugs),
                                   inclusion=InclusionLevel.NOT_IN_NAV))


def add_user_files(files: Files, config: MkDocsConfig, content_dir: Path, users: Users,
                   movies: list[Movie]) -> list[dict[str, Any]]:
    """The users' state files; returns each user's watch statistics for the stats page."""
    from ..library.watch_stats import watch_stats

    states = all_states(content_dir, users, movies)
    add_state_files(files, config, users, states, movies)
    return watch_stats(movies, states, {u.name: u.label for u in users.all})
