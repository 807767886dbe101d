"""Command definitions. Each is thin: parse flags, call the engine, print."""
from __future__ import annotations

import json
import sys

import click

from .context import CONFIG_OPTION, Progress, echo, load_settings, setup_logging, start_logging, verbosity_of


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="movievault")
@click.option("--log-level", type=click.Choice(("debug", "info", "warning", "error")),
              help="Log this much (config: logging.level; default: info, -v/-q per command).")
@click.option("--log-format", type=click.Choice(("text", "json")),
              help="json: one object per line with stage, movie and file (config: logging.format).")
@click.option("--log-file", type=click.Path(dir_okay=False),
              help="Also log to this file, rotated by size (config: logging.file).")
def cli(log_level, log_format, log_file) -> None:
    """MovieVault: a movie library on disk as Markdown and a static site."""
    start_logging(log_level, log_format, log_file)


@cli.command()
@click.option("--library", "libraries", multiple=True, type=click.Path(file_okay=False),
              help="A library root (repeatable); replaces mkdocs.yml's list.")
@click.option("--content", type=click.Path(file_okay=False), help="The content folder to write.")
@CONFIG_OPTION
@click.option("--dry-run", is_flag=True, help="Write nothing; say what would change.")
@click.option("-v", "--verbose", count=True, help="More detail (repeat for debug).")
@click.option("-q", "--quiet", is_flag=True, help="Only warnings and the summary.")
@click.option("--workers", type=click.IntRange(min=1), help="Online lookups in parallel (config: online.workers).")
@click.option("--offline", is_flag=True, help="No network: online data from the cache only.")
@click.option("--full", is_flag=True, help="Redo every movie, ignoring what the last scan recorded.")
@click.option("--report", "report_file", type=click.Path(dir_okay=False, writable=True),
              help="Write the whole report (skipped and unidentified files too) to this JSON file.")
@click.option("--profile", help="A scan profile: quick, full, or one of mkdocs.yml's `profiles:`.")
def scan(libraries, content, config_file, dry_run, verbose, quiet, workers, offline, full, report_file,
         profile) -> int:
    """Scan the library roots into content/."""
    from ..process import collector
    from ..scan import pipeline
    from ..profiles import apply_profile
    from .online_opts import with_online_flags

    setup_logging(verbosity_of(verbose, quiet))
    settings = apply_profile(load_settings(config_file, libraries, content), profile)
    settings = with_online_flags(settings, workers, offline)
    with collector.library_run(), Progress(enabled=not quiet) as progress:
        report = pipeline.scan(settings, dry_run=dry_run, progress=progress, full=full)
    if dry_run:
        _show_plan(report, settings)
    elif verbose:
        for label, slugs in (("new", report.new), ("changed", report.changed), ("missing", report.missing)):
            for slug in slugs:
                echo(f"  {label:8} {slug}")
    if verbose:
        for _, path, kind in sorted(report.skipped_files):
            echo(f"  skipped  {path} ({kind})")
        for path, why in sorted(report.unidentified):
            echo(f"  unsure   {path}: {why}")
    if report.low_confidence:
        echo(f"{len(report.low_confidence)} low-confidence matches (see `movievault unmatched`; fix one with `movievault identify SLUG`):")
        for line in report.low_confidence:
            echo(f"  ? {line}")
    if report.online and report.online.replaced:
        echo(f"{len(report.online.replaced)} stale ids replaced (each old id kept in replaced_ids):")
        for line in report.online.replaced:
            echo(f"  ~ {line}")
    if report.online and report.online.failed and not dry_run:
        echo(f"{len(report.online.failed)} online lookups failed (kept previous data; retried next scan):")
        for line in report.online.failed:
            echo(f"  ! {line}")
    echo(("dry run: " if dry_run else "") + report.summary())
    if report_file:
        _write_report(report_file, report.to_json())
    return _after_scan(config_file, content, report, dry_run)


def _after_scan(config_file: str | None, content: str | None, report, dry_run: bool) -> int:
    """NFOs written are queued for the media servers; `sync.after_scan` syncs now."""
    from pathlib import Path

    if not Path(config_file or "mkdocs.yml").is_file() or dry_run:
        return 0
    from ..site.settings import sync_from_mkdocs    # MkDocs' config machinery: only when there is one
    from ..sync import after_scan

    settings, sync = sync_from_mkdocs(Path(config_file or "mkdocs.yml"),
                                      str(Path(content).resolve()) if content else None)
    done = after_scan(settings, sync, report.nfo_written)
    if done is None:
        return 0
    for service_report in done.services.values():
        for error in service_report.errors:
            click.echo(f"! {service_report.name}: {error}", err=True)
        click.echo(service_report.summary())
    return 1 if done.failed else 0


SHOWN = 50   # lines of each list a dry run prints; the rest are counted


def _show_plan(report, settings) -> None:
    """What a dry run found: each movie's changed fields, the files and requests, the time."""
    from ..scan.estimate import estimate

    for label, slugs in (("new", report.new), ("changed", report.changed), ("missing", report.missing)):
        for slug in slugs:
            click.echo(f"  {label:8} {slug}")
            for change in report.changes.get(slug, ()):
                click.echo(f"             {change}")
    unsent = report.online.unsent if report.online else []
    for title, lines in (("files it would write (under content/)", report.writes),
                         ("online requests it would send (not in the cache)", unsent)):
        if lines:
            click.echo(f"{len(lines)} {title}:")
            for line in lines[:SHOWN]:
                click.echo(f"  {line}")
            if len(lines) > SHOWN:
                click.echo(f"  … and {len(lines) - SHOWN} more")
    providers = settings.online.providers
    guess = estimate(unsent, report.unprobed, len(report.new) + len(report.changed),
                     workers=providers.workers, rate_limit=providers.rate_limit)
    click.echo(f"estimated time for the scan: {guess}")


def _write_report(path: str, data: dict) -> None:
    from pathlib import Path

    from ..errors import UserError
    from ..fsutil import atomic_write_text

    try:
        atomic_write_text(Path(path), json.dumps(data, ensure_ascii=False, indent=2) + "\n")
    except OSError as exc:
        raise UserError(f"cannot write the scan report {path}: {exc.strerror or exc}") from None


@cli.command()
@click.argument("paths", nargs=-1)
@click.option("--json", "as_json", is_flag=True, help="One JSON object per line.")
def parse(paths, as_json) -> int:
    """Show what MovieVault reads from file names (args, or one per line on stdin)."""
    from ..identify.filename import parse as parse_name

    for raw in paths or _stdin_lines():
        guess = parse_name(raw)
        if as_json:
            echo(json.dumps(guess.to_dict(), ensure_ascii=False))
        else:
            d = guess.to_dict()
            facts = " ".join(f"{k}={d[k]}" for k in ("kind", "title", "year", "edition", "resolution",
                                                      "source", "confidence", "origin") if d.get(k) not in (None, ""))
            echo(f"{raw}\n  {facts}")
    return 0


def _stdin_lines():
    data = sys.stdin.buffer.read()
    for line in data.splitlines():
        line = line.rstrip(b"\r")
        if line.strip():
            yield line.decode("utf-8", "surrogateescape")


def _register() -> None:
    """Each command group lives in a module named as it is typed; they attach themselves here."""
    from . import (backup_cmd, cache_cmd, cleanup_cmd, curate_cmd, duplicates_cmd, export_cmd, extension_cmd,
                   history_cmd, images_cmd, index_cmd, init_cmd, nfo_cmd, notify_cmd, playlist_cmd, publish_cmd,
                   query_cmd, rate_cmd, stats_cmd, subtitles_cmd, suggest_cmd, sync_cmd, tag_cmd, watch_cmd, watchlist_cmd)

    for module in (nfo_cmd, images_cmd, cache_cmd, index_cmd, query_cmd, playlist_cmd, tag_cmd, watchlist_cmd,
                   rate_cmd, duplicates_cmd, subtitles_cmd, cleanup_cmd, stats_cmd, export_cmd, backup_cmd,
                   history_cmd, publish_cmd, watch_cmd, notify_cmd, curate_cmd, suggest_cmd, init_cmd, sync_cmd,
                   extension_cmd):
        for command in module.COMMANDS:
            cli.add_command(command)


_register()
