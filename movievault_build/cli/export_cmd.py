"""`movievault export`: the library (or a query's movies) as JSON, CSV, SQLite or HTML."""
from __future__ import annotations

from pathlib import Path

import click

from .context import echo
from .library_context import CONFIG, CONTENT, movies_matching


@click.command("export")
@click.argument("target", type=click.Path(dir_okay=False))
@click.argument("query", nargs=-1)
@click.option("--format", "fmt", type=click.Choice(["json", "csv", "sqlite", "html"]), required=True)
@click.option("--fields", help="Comma-separated fields (default: all), e.g. title,year,ids.imdb.")
@click.option("--gzip", "compress", is_flag=True, help="Compress the output with gzip.")
@CONFIG
@CONTENT
def export(target, query, fmt, fields, compress, config_file, content) -> int:
    """Write the library (or the movies matching QUERY) to TARGET as JSON, CSV, SQLite or HTML."""
    from ..errors import UserError
    from ..vault.export import export as write_export, parse_fields

    if fmt == "sqlite" and (query or fields):
        raise UserError("export: the sqlite format is the whole index; QUERY and --fields do not apply")
    lib, movies = movies_matching(config_file, content, " ".join(query))
    size = write_export(fmt, Path(target), movies, lib.content_dir, parse_fields(fields), compress,
                        lib.settings.templates_dir)
    what = "the index" if fmt == "sqlite" else f"{len(movies)} movies"
    echo(f"wrote {what} to {target} ({size:,} bytes)")
    return 0


COMMANDS = (export,)
