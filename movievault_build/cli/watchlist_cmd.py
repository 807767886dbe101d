"""`movievault watchlist add|watched|list|stats`: what you mean to watch, and what you have watched."""
from __future__ import annotations

import json

import click

from .context import echo
from .library_context import CONFIG, CONTENT, INDEX, JSON, USER, echo_movies, edit_user_state, load_library, other_user


@click.group("watchlist")
def watchlist() -> None:
    """What you mean to watch, and what you have watched."""


@watchlist.command("add")
@click.argument("slugs", nargs=-1, required=True)
@CONFIG
@CONTENT
@USER
def watchlist_add(slugs, config_file, content, user) -> int:
    """Put movies on the watchlist."""
    from ..vault.userdata import set_value

    lib = load_library(config_file, content)
    other = other_user(lib, user)
    for slug in slugs:
        if other:
            edit_user_state(lib, other, slug, watchlist=True)
        else:
            set_value(lib.content_dir, slug, "watchlist", True)
        echo(f"{slug}: on {other + chr(39) + 's' if other else 'the'} watchlist")
    return 0


@watchlist.command("watched")
@click.argument("slugs", nargs=-1, required=True)
@CONFIG
@CONTENT
@USER
def watchlist_watched(slugs, config_file, content, user) -> int:
    """Mark movies watched (play count + 1, last played now, off the watchlist)."""
    from ..vault.users import mark_watched

    lib = load_library(config_file, content)
    name = lib.settings.users.resolve(user)
    for slug in slugs:
        count = mark_watched(lib.content_dir, lib.settings.users, name, slug).playcount
        echo(f"{slug}: watched ({count} play{'s' if count != 1 else ''})"
                   + (f" by {name}" if lib.settings.users.several else ""))
    return 0


@watchlist.command("list")
@CONFIG
@CONTENT
@INDEX
@JSON
@USER
def watchlist_list(config_file, content, index_file, as_json, user) -> int:
    """The movies on the watchlist, oldest addition first."""
    from ..vault.index import records

    lib = load_library(config_file, content, index_file)
    db = lib.open()
    other = other_user(lib, user)
    if other is None:
        echo_movies(records(db, "u.watchlist = 1", order="m.added, m.sort_title"), as_json)
        return 0
    states = _states(lib, other)
    rows = records(db, order="m.added, m.sort_title")
    echo_movies((r for r in rows if (s := states.get(r["slug"])) and s.watchlist and not s.watched), as_json)
    return 0


def _states(lib, user: str):
    from ..vault.users import load_states
    return load_states(lib.content_dir, lib.settings.users, user, ())


@watchlist.command("stats")
@CONFIG
@CONTENT
@INDEX
@click.option("--json", "as_json", is_flag=True, help="One JSON object.")
@USER
def watchlist_stats(config_file, content, index_file, as_json, user) -> int:
    """How much is watched, waiting and favourite."""
    lib = load_library(config_file, content, index_file)
    db = lib.open()
    keys = ("movies", "watched", "watchlist", "favorites", "unwatched_minutes", "watchlist_minutes", "plays")
    other = other_user(lib, user)
    if other is None:
        row = db.execute(
            "SELECT count(*), sum(u.watched), sum(u.watchlist), sum(u.favorite), "
            "sum(CASE WHEN u.watched = 0 THEN COALESCE(m.runtime, 0) ELSE 0 END), "
            "sum(CASE WHEN u.watchlist = 1 THEN COALESCE(m.runtime, 0) ELSE 0 END), sum(u.playcount) "
            "FROM movies m JOIN user_data u ON u.movie_id = m.id").fetchone()
    else:
        from ..model import WatchState
        states = _states(lib, other)
        runtimes = dict(db.execute("SELECT slug, COALESCE(runtime, 0) FROM movies"))
        mine = [(states.get(slug) or WatchState(), minutes) for slug, minutes in runtimes.items()]
        row = (len(mine), sum(s.watched for s, _ in mine), sum(s.watchlist and not s.watched for s, _ in mine),
               sum(s.favorite for s, _ in mine), sum(m for s, m in mine if not s.watched),
               sum(m for s, m in mine if s.watchlist and not s.watched), sum(s.playcount for s, _ in mine))
    stats = dict(zip(keys, (int(v or 0) for v in row)))
    if as_json:
        echo(json.dumps(stats))
        return 0
    total = stats["movies"] or 1
    echo(f"watched     {stats['watched']} of {stats['movies']} ({100 * stats['watched'] // total}%), "
               f"{stats['plays']} plays")
    echo(f"watchlist   {stats['watchlist']} movies, {stats['watchlist_minutes'] // 60} h "
               f"{stats['watchlist_minutes'] % 60} min")
    echo(f"unwatched   {stats['movies'] - stats['watched']} movies, {stats['unwatched_minutes'] // 60} h")
    echo(f"favourites  {stats['favorites']}")
    return 0


COMMANDS = (watchlist,)
