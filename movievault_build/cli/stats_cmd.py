"""`movievault stats`: totals, averages, top lists and charts."""
from __future__ import annotations

import json
from pathlib import Path

import click

from ..fsutil import atomic_write_text
from .context import echo
from .library_context import CONFIG, CONTENT, movies_matching


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

    _lib, movies = movies_matching(config_file, content, " ".join(query))
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


COMMANDS = (stats,)
