"""`movievault suggest`: genres suggested for films without any, and accepting them."""
from __future__ import annotations

import json

import click

from .context import echo
from .library_context import CONFIG, CONTENT, JSON, load_library


@click.command("suggest")
@click.argument("slugs", nargs=-1)
@click.option("--accept", "accept_slug", metavar="SLUG",
              help="Move the film's suggested genres into its user block (user.overrides.genres).")
@click.option("--genre", "only", multiple=True, help="With --accept: take only this suggested genre (repeatable).")
@click.option("--dry-run", is_flag=True, help="With --accept: write nothing; show the change as a diff.")
@CONFIG
@CONTENT
@JSON
def suggest(slugs, accept_slug, only, dry_run, config_file, content, as_json) -> int:
    """Genres suggested for films that have none, from the films whose plots and keywords
    read alike; each with how sure the guess is. Nothing is written unless --accept."""
    from ..curate.suggest import accept, suggestions
    from ..store.library import load_movies

    lib = load_library(config_file, content)
    movies, problems = load_movies(lib.content_dir)
    for problem in problems:
        click.echo(problem, err=True)
    if accept_slug:
        genres, diff = accept(lib.content_dir, movies, accept_slug, only, dry_run)
        echo(f"{accept_slug}: {'would set' if dry_run else 'set'} user.overrides.genres to {', '.join(genres)}")
        if dry_run:
            click.echo(diff, nl=False)
        return 0
    found = suggestions(movies, slugs)
    for movie, genres in found:
        if as_json:
            echo(json.dumps({"slug": movie.slug, "title": movie.title, "year": movie.year,
                             "genres": [{"genre": g, "confidence": c} for g, c in genres]}, ensure_ascii=False))
        else:
            year = f" ({movie.year})" if movie.year else ""
            echo(f"{movie.title}{year}  [{movie.slug}]: " + ", ".join(f"{g} {round(c * 100)}%" for g, c in genres))
    if not found and not as_json:
        echo("no suggestions: " + ("those films have genres or too few films read like them" if slugs
                                   else "every film has genres, or too few films read like those without"))
    return 0


COMMANDS = (suggest,)
