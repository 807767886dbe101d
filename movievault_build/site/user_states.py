"""Every user's watch state on the site, one file per user, all of one shape
(views/user_state.py, `user-state.schema.json`).

The default user's file is `api/user-state.json`, the one a single-user site reads; every
other user's is `api/users/<name>.json`; `api/users.json` lists them all, the default first,
each with its file. Pages never print a user's state into a poster card: cards carry
their movie's link and assets/movievault/app.js puts the badges on from the file of the user chosen
in the header's switcher (or the default's); the library's facets, the home page's rows of
favourites and watchlist and a movie page's own line follow the same choice. So a watched
mark changes one small file and no page but the movie's own.

The default user's state is read from the movies' `user:` blocks, everyone else's from
content/users/<name>.yml (vault/users.py). `digest` stands for the users' files, for the
page cache: the statistics show every user's numbers.
"""
from __future__ import annotations

from pathlib import Path
from typing import Any, Mapping

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files, InclusionLevel

from ..cache.keys import digester
from ..errors import ReadError
from ..vault.users import load_states
from ..log import get_logger
from ..model import Movie, WatchState
from ..settings import Users
from ..store.users import user_file
from .generated import add_file
from ..views.user_state import USERS_FILE, listing, state_document, state_path, users_document

log = get_logger("users")
States = Mapping[str, Mapping[str, WatchState]]     # user -> slug -> state


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
    h = digester()
    for name in users.names[1:]:
        try:
            h.update(name.encode() + b"\0" + user_file(content_dir, name).read_bytes() + b"\0")
        except OSError:
            h.update(name.encode() + b"\0-\0")
    return h.hexdigest()


def add_state_files(files: Files, config: MkDocsConfig, users: Users,
                    states: Mapping[str, Mapping[str, WatchState]], movies: list[Movie]) -> None:
    slugs = [m.slug for m in movies]
    add_file(files, File.generated(config, USERS_FILE, content=users_document(users),
                               inclusion=InclusionLevel.NOT_IN_NAV))
    for name in users.names:
        add_file(files, File.generated(config, state_path(name, users), content=state_document(name, states[name], slugs),
                                   inclusion=InclusionLevel.NOT_IN_NAV))


def switcher(users: Users) -> list[dict[str, str]]:
    """The header's user switcher (partials/mv-users.html): none for a single user."""
    return listing(users) if users.several else []


def add_user_files(files: Files, config: MkDocsConfig, content_dir: Path, users: Users,
                   movies: list[Movie]) -> tuple[States, list[dict[str, Any]]]:
    """The users' state files; returns every user's state (the home page's rows) and
    their watch statistics (the stats page)."""
    from ..vault.watch_stats import watch_stats

    states = all_states(content_dir, users, movies)
    add_state_files(files, config, users, states, movies)
    return states, watch_stats(movies, states, {u.name: u.label for u in users.all})
