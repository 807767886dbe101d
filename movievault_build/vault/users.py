"""Each user's watch state, read and written in one place whoever the user is.

The default user (the first of mkdocs.yml's `users:`, or "owner" when none are named) keeps
the single-user layout: each movie's `user:` block, where what the user said wins over
what the NFO said (`watched`, `playcount`, `lastplayed`). Every other user's state is one
file, content/users/<name>.yml (store/users.py). Both are git-tracked and neither is part
of what the scanner writes.
"""
from __future__ import annotations

from pathlib import Path
from typing import Any, Iterable, Mapping

from ruamel.yaml.comments import CommentedMap

from ..model import NOT_WATCHED, WATCH_KEYS, Movie, WatchState, parse_stamp
from ..settings import Users
from ..store import users as user_files
from .records import watched as watched_flag
from .userdata import edit_user


def movie_state(movie: Movie) -> WatchState:
    """The default user's state of one movie: the `user:` block over the NFO's facts."""
    state = WatchState.from_dict(movie.user)
    if state is NOT_WATCHED and not (movie.watched or movie.playcount or movie.lastplayed):
        return state
    return WatchState(
        watched=watched_flag(movie), playcount=state.playcount or int(movie.playcount or 0),
        lastplayed=state.lastplayed or parse_stamp(movie.lastplayed), position=state.position,
        favorite=state.favorite, rating=state.rating, watchlist=state.watchlist)


def load_states(content_dir: Path, users: Users, user: str, movies: Iterable[Movie]) -> dict[str, WatchState]:
    """slug -> state for `user`, for every movie given (other users: also slugs that are
    only in their file, so nothing of theirs is lost on the next write)."""
    if user == users.default:
        return {m.slug: movie_state(m) for m in movies}
    stored = user_files.read_user(content_dir, user)
    return {**{m.slug: WatchState() for m in movies}, **stored}


def save_states(content_dir: Path, users: Users, user: str, changed: Mapping[str, WatchState]) -> int:
    """Write these states of `user`; returns how many movies were written."""
    if not changed:
        return 0
    if user != users.default:
        stored = user_files.read_user(content_dir, user)
        stored.update(changed)
        user_files.write_user(content_dir, user, stored)
        return len(changed)
    for slug, state in changed.items():
        edit_user(content_dir, slug, lambda block, s=state: write_block(block, s))
    return len(changed)


def write_block(block: CommentedMap, state: WatchState) -> None:
    """Put `state` into a `user:` block: the flags stay written out (the block's defaults
    say `watched: false`), the rest is written when set and removed when not."""
    values: dict[str, Any] = state.to_dict()
    for key in WATCH_KEYS:
        if key in ("watched", "favorite"):
            block[key] = bool(values.get(key, False))
        elif key in values:
            block[key] = values[key]
        elif key not in block:
            continue
        elif key in ("rating", "watchlist"):       # keys the block's template spells out
            block[key] = None if key == "rating" else False
        else:
            del block[key]


def edit_state(content_dir: Path, users: Users, user: str, slug: str, change) -> WatchState:
    """Read `user`'s state of one movie, apply `change(state) -> state`, write it back."""
    if user == users.default:
        from ..store.library import read_movie
        from .userdata import movie_file
        state = change(movie_state(read_movie(movie_file(content_dir, slug))))
        edit_user(content_dir, slug, lambda block: write_block(block, state))
        return state
    from .userdata import movie_file
    movie_file(content_dir, slug)          # an unknown slug is an error listing close ones
    stored = user_files.read_user(content_dir, user)
    state = change(stored.get(slug, WatchState()))
    stored[slug] = state
    user_files.write_user(content_dir, user, stored)
    return state



def mark_watched(content_dir: Path, users: Users, user: str, slug: str) -> WatchState:
    """One more play, now: watched, play count + 1, last played now, off the watchlist."""
    from dataclasses import replace
    from datetime import datetime, timezone

    now = datetime.now(timezone.utc).replace(microsecond=0)
    return edit_state(content_dir, users, user, slug, lambda s: replace(
        s, watched=True, playcount=s.playcount + 1, lastplayed=now, watchlist=False))
