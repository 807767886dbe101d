"""`movievault tag|untag|tags|watchlist|favorite|rate`: edits to a movie's `user:` block."""
from __future__ import annotations

import json

import click

from .context import echo

from .library_context import CONFIG, CONTENT, INDEX, JSON, echo_movies, load_library

USER = click.option("--user", "user", help="Whose state (default: the default user; see mkdocs.yml `users:`).")


def _other_user(lib, user: str | None) -> str | None:
    """The named user when it is not the default one (whose state is the `user:` blocks)."""
    name = lib.settings.users.resolve(user)
    return None if name == lib.settings.users.default else name


def _edit(lib, user: str, slug: str, **changes) -> None:
    from dataclasses import replace

    from ..vault.users import edit_state
    edit_state(lib.content_dir, lib.settings.users, user, slug, lambda state: replace(state, **changes))


@click.command("tag")
@click.argument("slug")
@click.argument("tags", nargs=-1, required=True)
@CONFIG
@CONTENT
def tag(slug, tags, config_file, content) -> int:
    """Add user tags to a movie."""
    from ..vault.userdata import add_tags

    added = add_tags(load_library(config_file, content).content_dir, slug, tags)
    echo(f"{slug}: " + (f"tagged {', '.join(added)}" if added else "already has those tags"))
    return 0


@click.command("untag")
@click.argument("slug")
@click.argument("tags", nargs=-1, required=True)
@CONFIG
@CONTENT
def untag(slug, tags, config_file, content) -> int:
    """Remove user tags from a movie."""
    from ..vault.userdata import remove_tags

    gone = remove_tags(load_library(config_file, content).content_dir, slug, tags)
    echo(f"{slug}: " + (f"untagged {', '.join(gone)}" if gone else "had none of those tags"))
    return 0


@click.group("tags")
def tags_group() -> None:
    """Tags across the library (NFO tags and your own)."""


@tags_group.command("list")
@CONFIG
@CONTENT
@INDEX
@click.option("--json", "as_json", is_flag=True, help="One JSON object per tag.")
def tags_list(config_file, content, index_file, as_json) -> int:
    """Every tag with how many movies carry it."""
    db = load_library(config_file, content, index_file).open()
    rows = db.execute("SELECT t.name, count(*), group_concat(DISTINCT x.origin) FROM tags t "
                      "JOIN movie_tags x ON x.tag_id = t.id GROUP BY t.id ORDER BY count(*) DESC, t.fold")
    for name, count, origins in rows:
        if as_json:
            echo(json.dumps({"tag": name, "movies": count, "origin": sorted(origins.split(","))}))
        else:
            echo(f"{count:4}  {name}")
    return 0


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
    other = _other_user(lib, user)
    for slug in slugs:
        if other:
            _edit(lib, other, slug, watchlist=True)
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
    other = _other_user(lib, user)
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
    other = _other_user(lib, user)
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


@click.command("favorite")
@click.argument("slug")
@click.option("--off", is_flag=True, help="No longer a favourite.")
@CONFIG
@CONTENT
@USER
def favorite(slug, off, config_file, content, user) -> int:
    """Mark a movie as a favourite (or not, with --off)."""
    from ..vault.userdata import set_value

    lib = load_library(config_file, content)
    other = _other_user(lib, user)
    if other:
        _edit(lib, other, slug, favorite=not off)
    else:
        set_value(lib.content_dir, slug, "favorite", not off)
    echo(f"{slug}: {'not ' if off else ''}a favourite")
    return 0


@click.command("rate")
@click.argument("slug")
@click.argument("rating", type=click.FloatRange(0, 10))
@CONFIG
@CONTENT
@USER
def rate(slug, rating, config_file, content, user) -> int:
    """Give a movie your own rating, 0 to 10 (0: no rating)."""
    from ..vault.userdata import set_rating

    lib = load_library(config_file, content)
    other = _other_user(lib, user)
    if other:
        _edit(lib, other, slug, rating=float(rating) if rating else None)
    else:
        set_rating(lib.content_dir, slug, rating)
    echo(f"{slug}: rated {rating:g}")
    return 0


COMMANDS = (tag, untag, tags_group, watchlist, favorite, rate)
