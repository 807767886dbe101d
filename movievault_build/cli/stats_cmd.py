"""`movievault stats|export`: numbers about the library, and the library in other formats."""
from __future__ import annotations

import json
from pathlib import Path

import click

from ..fsutil import atomic_write_text
from .context import echo
from .library_context import CONFIG, CONTENT, load_library, show_query_error


def _movies(config_file, content, query: str = ""):
    """The library's movies (warning about unreadable files), filtered by a query."""
    from ..vault.query import QueryError, parse
    from ..vault.query_eval import predicate
    from ..vault.records import movie_record
    from ..store.library import load_movies

    lib = load_library(config_file, content)
    try:
        test = predicate(parse(query))
    except QueryError as exc:
        show_query_error(exc)
        raise
    movies, problems = load_movies(lib.content_dir)
    for problem in problems:
        echo(f"warning: {problem}", err=True)
    return lib, [m for m in movies if test(movie_record(m))]


@click.command("stats")
@click.argument("query", nargs=-1)
@click.option("--json", "as_json", is_flag=True, help="The statistics as one JSON object.")
@click.option("--html", "html_file", type=click.Path(dir_okay=False), help="Write a standalone HTML report.")
@click.option("--charts", "charts_dir", type=click.Path(file_okay=False), help="Write the charts as SVG files here.")
@click.option("--top", type=click.IntRange(min=1), default=10, show_default=True, help="Entries per top list.")
@CONFIG
@CONTENT
def stats(query, as_json, html_file, charts_dir, top, config_file, content) -> int:
    """Totals, averages and top lists for the library (or the movies matching QUERY)."""
    from ..vault.stats import compute_stats
    from ..vault.stats_report import chart_svgs, html_report, text_report

    _lib, movies = _movies(config_file, content, " ".join(query))
    numbers = compute_stats(movies, top=top)
    if html_file:
        atomic_write_text(Path(html_file), html_report(numbers))
        echo(f"wrote {html_file}", err=True)
    if charts_dir:
        for name, svg in chart_svgs(numbers, standalone=True).items():
            atomic_write_text(Path(charts_dir) / f"{name}.svg", svg + "\n")
        echo(f"wrote {len(chart_svgs(numbers))} charts to {charts_dir}", err=True)
    if as_json:
        echo(json.dumps(numbers, ensure_ascii=False, indent=1))
    elif not (html_file or charts_dir):
        echo(text_report(numbers), nl=False)
    return 0


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
    lib, movies = _movies(config_file, content, " ".join(query))
    size = write_export(fmt, Path(target), movies, lib.content_dir, parse_fields(fields), compress,
                        lib.settings.templates_dir)
    what = "the index" if fmt == "sqlite" else f"{len(movies)} movies"
    echo(f"wrote {what} to {target} ({size:,} bytes)")
    return 0


COMMANDS = (stats, export)
