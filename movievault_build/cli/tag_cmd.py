"""`movievault tag|untag|tags list`: your own tags on movies."""
from __future__ import annotations

import json

import click

from .context import echo
from .library_context import CONFIG, CONTENT, INDEX, load_library


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


COMMANDS = (tag, untag, tags_group,)
