"""`movievault rate|favorite`: your own rating of a movie and your favourites."""
from __future__ import annotations

import click

from .context import echo
from .library_context import CONFIG, CONTENT, USER, edit_user_state, load_library, other_user


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
    other = other_user(lib, user)
    if other:
        edit_user_state(lib, other, slug, favorite=not off)
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
    other = other_user(lib, user)
    if other:
        edit_user_state(lib, other, slug, rating=float(rating) if rating else None)
    else:
        set_rating(lib.content_dir, slug, rating)
    echo(f"{slug}: rated {rating:g}")
    return 0


COMMANDS = (favorite, rate,)
