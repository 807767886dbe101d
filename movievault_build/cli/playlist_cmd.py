"""`movievault playlist list|show|export`: the smart playlists of content/playlists.yml."""
from __future__ import annotations

import json
from pathlib import Path

import click

from .context import echo

from .library_context import CONFIG, CONTENT, JSON, echo_movies, load_library


def _load(config_file, content):
    from ..vault.playlists import load_playlists
    from ..store.library import load_movies

    lib = load_library(config_file, content)
    movies, problems = load_movies(lib.content_dir)
    for problem in problems:
        echo(f"warning: {problem}", err=True)
    return lib, load_playlists(lib.content_dir), movies


@click.group("playlist")
def playlist() -> None:
    """Smart playlists (content/playlists.yml)."""


@playlist.command("list")
@CONFIG
@CONTENT
@click.option("--json", "as_json", is_flag=True, help="One JSON object per playlist.")
def playlist_list(config_file, content, as_json) -> int:
    """Every playlist with how many movies it holds."""
    _lib, playlists, movies = _load(config_file, content)
    for p in playlists:
        count = len(p.select(movies))
        if as_json:
            echo(json.dumps({"name": p.name, "slug": p.slug, "movies": count, "rules": p.rules},
                                  ensure_ascii=False))
        else:
            echo(f"{count:4}  {p.name}" + (f" — {p.description}" if p.description else ""))
    return 0


@playlist.command("show")
@click.argument("name")
@CONFIG
@CONTENT
@JSON
def playlist_show(name, config_file, content, as_json) -> int:
    """The movies of one playlist, in its order."""
    from ..vault.playlists import find_playlist
    from ..vault.records import movie_record

    _lib, playlists, movies = _load(config_file, content)
    echo_movies((movie_record(m) for m in find_playlist(playlists, name).select(movies)), as_json)
    return 0


@playlist.command("export")
@click.argument("name")
@click.option("--format", "fmt", type=click.Choice(["m3u", "xsp", "kometa"]), default="m3u", show_default=True,
              help="m3u: the files; xsp: a Kodi smart playlist; kometa: a Kometa collection file.")
@click.option("--base", type=click.Path(file_okay=False), help="m3u: write paths relative to this folder.")
@click.option("-o", "--output", type=click.Path(dir_okay=False), help="Write here instead of stdout.")
@CONFIG
@CONTENT
def playlist_export(name, fmt, base, output, config_file, content) -> int:
    """Export a playlist: its files (m3u; library labels map to the configured roots), or
    its rules for Kodi (xsp) or Kometa. A rule the format cannot say is named on stderr,
    and the file then lists the playlist's movies instead."""
    from ..fsutil import atomic_write_text
    from ..vault import kometa, xsp
    from ..vault.playlists import find_playlist, m3u
    from ..slugs import roots_by_label

    lib, playlists, movies = _load(config_file, content)
    chosen = find_playlist(playlists, name)
    if fmt == "m3u":
        roots = {label: root.resolve() for label, root in roots_by_label(lib.settings.roots).items()}
        text = m3u(chosen.select(movies), roots, Path(base).resolve() if base else None)
    else:
        text, notes = (xsp if fmt == "xsp" else kometa).export(chosen, movies)
        for note in notes:
            echo(f"note: {chosen.name}: {note}", err=True)
    if output:
        atomic_write_text(Path(output), text)
    else:
        echo(text, nl=False)
    return 0


COMMANDS = (playlist,)
