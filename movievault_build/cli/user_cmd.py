"""`movievault tag|untag|tags|watchlist|favorite|rate`: edits to a movie's `user:` block."""
from __future__ import annotations

import json

import click

from .context import echo

from .library_context import CONFIG, CONTENT, INDEX, JSON, echo_movies, load_library


@click.command("tag")
@click.argument("slug")
@click.argument("tags", nargs=-1, required=True)
@CONFIG
@CONTENT
def tag(slug, tags, config_file, content) -> int:
    """Add user tags to a movie."""
    from ..library.userdata import add_tags

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
    from ..library.userdata import remove_tags

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
def watchlist_add(slugs, config_file, content) -> int:
    """Put movies on the watchlist."""
    from ..library.userdata import set_value

    lib = load_library(config_file, content)
    for slug in slugs:
        set_value(lib.content_dir, slug, "watchlist", True)
        echo(f"{slug}: on the watchlist")
    return 0


@watchlist.command("watched")
@click.argument("slugs", nargs=-1, required=True)
@CONFIG
@CONTENT
def watchlist_watched(slugs, config_file, content) -> int:
    """Mark movies watched (play count + 1, last played now, off the watchlist)."""
    from ..library.userdata import mark_watched

    lib = load_library(config_file, content)
    for slug in slugs:
        count = mark_watched(lib.content_dir, slug)
        echo(f"{slug}: watched ({count} play{'s' if count != 1 else ''})")
    return 0


@watchlist.command("list")
@CONFIG
@CONTENT
@INDEX
@JSON
def watchlist_list(config_file, content, index_file, as_json) -> int:
    """The movies on the watchlist, oldest addition first."""
    from ..library.index import records

    db = load_library(config_file, content, index_file).open()
    echo_movies(records(db, "u.watchlist = 1", order="m.added, m.sort_title"), as_json)
    return 0


@watchlist.command("stats")
@CONFIG
@CONTENT
@INDEX
@click.option("--json", "as_json", is_flag=True, help="One JSON object.")
def watchlist_stats(config_file, content, index_file, as_json) -> int:
    """How much is watched, waiting and favourite."""
    db = load_library(config_file, content, index_file).open()
    row = db.execute(
        "SELECT count(*), sum(u.watched), sum(u.watchlist), sum(u.favorite), "
        "sum(CASE WHEN u.watched = 0 THEN COALESCE(m.runtime, 0) ELSE 0 END), "
        "sum(CASE WHEN u.watchlist = 1 THEN COALESCE(m.runtime, 0) ELSE 0 END), sum(u.playcount) "
        "FROM movies m JOIN user_data u ON u.movie_id = m.id").fetchone()
    keys = ("movies", "watched", "watchlist", "favorites", "unwatched_minutes", "watchlist_minutes", "plays")
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
def favorite(slug, off, config_file, content) -> int:
    """Mark a movie as a favourite (or not, with --off)."""
    from ..library.userdata import set_value

    set_value(load_library(config_file, content).content_dir, slug, "favorite", not off)
    echo(f"{slug}: {'not ' if off else ''}a favourite")
    return 0


@click.command("rate")
@click.argument("slug")
@click.argument("rating", type=click.FloatRange(0, 10))
@CONFIG
@CONTENT
def rate(slug, rating, config_file, content) -> int:
    """Give a movie your own rating, 0 to 10."""
    from ..library.userdata import set_rating

    set_rating(load_library(config_file, content).content_dir, slug, rating)
    echo(f"{slug}: rated {rating:g}")
    return 0


COMMANDS = (tag, untag, tags_group, watchlist, favorite, rate)
