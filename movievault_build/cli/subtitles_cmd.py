"""`movievault subtitles check`: which movies lack subtitles in the languages asked for."""
from __future__ import annotations

import json

import click

from .context import echo, load_settings
from .library_context import CONFIG, CONTENT, LIBRARY


@click.group()
def subtitles() -> None:
    """Subtitles of every movie: embedded streams and sidecar files."""


@subtitles.command("check")
@click.option("--languages", required=True, help="Comma-separated languages every movie should have (en,de).")
@LIBRARY
@CONTENT
@CONFIG
@click.option("--json", "as_json", is_flag=True, help="One JSON object per movie missing a language.")
def subtitles_check(languages, libraries, content, config_file, as_json) -> int:
    """List movies missing a subtitle language (exit 1 if any)."""
    from ..probe.subtitles import missing_languages
    from ..store.library import read_stored

    wanted = [w.strip() for w in languages.split(",") if w.strip()]
    settings = load_settings(config_file, libraries, content)
    stored, _ = read_stored(settings.content_dir)
    short = 0
    for slug, movie in sorted(stored.items()):
        subs = (movie.data.get("streams") or {}).get("subtitles") or []
        missing = missing_languages(subs, wanted)
        if missing:
            short += 1
            if as_json:
                echo(json.dumps({"slug": slug, "missing": missing}))
            else:
                echo(f"{slug}: no {', '.join(missing)} subtitles")
    echo(f"{short} of {len(stored)} movies miss a wanted language", err=as_json)
    return 1 if short else 0


COMMANDS = (subtitles,)
