"""`movievault duplicates [restore]`: movies held more than once, their copies ranked, the extras quarantined."""
from __future__ import annotations

import json
from pathlib import Path

import click

from ..fsutil import relative_inside
from .confirm import YES, confirm
from .context import echo, load_settings
from .library_context import CONFIG, CONTENT, DRY_RUN, LIBRARY, echo_moves


def _locator(settings):
    from ..slugs import roots_by_label
    roots = roots_by_label(settings.roots)

    def locate(copy, index: int = 0) -> Path | None:
        root = roots.get(copy.library)
        rel = copy.paths[index]
        if root is None or not root.is_dir() or not relative_inside(rel):   # a content file may lie
            return None
        return root / rel
    return locate


def _display(locate):
    def show(copy) -> str:
        path = locate(copy)
        return str(path) if path is not None else f"{copy.library}:{copy.path}"
    return show


@click.group(invoke_without_command=True)
@LIBRARY
@CONTENT
@CONFIG
@click.option("--json", "as_json", is_flag=True, help="One JSON object per group.")
@click.option("--full-hash", is_flag=True, help="Fingerprint whole files, not sampled blocks.")
@click.option("--interactive", is_flag=True, help="Ask which copy to keep, group by group.")
@click.option("--auto-cleanup", is_flag=True, help="Move every lower-ranked copy to the quarantine folder.")
@DRY_RUN
@YES
@click.pass_context
def duplicates(ctx, libraries, content, config_file, as_json, full_hash, interactive, auto_cleanup,
               dry_run, yes) -> int:
    """Find movies held more than once and rank the copies (nothing is ever deleted)."""
    if ctx.invoked_subcommand is not None:
        ctx.obj = (libraries, content, config_file)
        return 0
    from ..vault.duplicates import find_groups
    from ..store.library import read_stored

    settings = load_settings(config_file, libraries, content)
    stored, _problems = read_stored(settings.content_dir)
    locate = _locator(settings)
    groups = find_groups({s: m.data for s, m in stored.items()}, locate=locate, full_hash=full_hash)
    show = _display(locate)
    to_move = []
    for group in groups:
        if as_json:
            echo(json.dumps(group.to_json(show), ensure_ascii=False))
        else:
            _print_group(group, show)
        if interactive:
            to_move.extend(_ask(group))
        elif auto_cleanup:
            to_move.extend(c for c, _ in group.copies[1:])
    if not as_json:
        echo(f"{len(groups)} movie{'' if len(groups) == 1 else 's'} held more than once")
    if to_move:
        if not dry_run:
            confirm(f"Move {len(to_move)} lower-ranked copies to {settings.quarantine}?", yes)
        return _quarantine(settings, to_move, locate, dry_run)
    return 0


def _print_group(group, show) -> None:
    movie = group.movie
    year = f" ({movie['year']})" if movie.get("year") else ""
    echo(f"{movie['title']}{year} [{', '.join(group.matched_by)}]")
    for n, (copy, reasons) in enumerate(group.copies, 1):
        mark = "keep" if n == 1 else "    "
        echo(f"  {n}. {mark} {show(copy)}  ({copy.resolution or '?'}, {copy.size} B)")
        for reason in reasons:
            echo(f"          {reason}")


def _ask(group) -> list:
    n = len(group.copies)
    answer = click.prompt(f"Keep which copy? 1-{n}, or s to skip", default="1", show_default=True)
    if answer.strip().lower() == "s":
        return []
    if not answer.strip().isdigit() or not 1 <= int(answer) <= n:
        echo("  not a copy number: skipped")
        return []
    keep = int(answer) - 1
    return [c for i, (c, _) in enumerate(group.copies) if i != keep]


def _quarantine(settings, copies, locate, dry_run) -> int:
    from ..vault.quarantine import quarantine

    files = []
    for copy in copies:
        for i, rel in enumerate(copy.paths):
            path = locate(copy, i)
            if path is None:
                echo(f"movievault: {copy.library}:{rel}: library not mounted; left in place", err=True)
            else:
                files.append((path, f"{copy.library}/{rel}"))
    report = quarantine(files, settings.quarantine, dry_run=dry_run)
    verb = "would move" if dry_run else "moved"
    echo_moves(report, verb)
    echo(f"{len(report.moved)} files {verb} to {settings.quarantine}; run `movievault scan` to update content/")
    return 1 if report.refused else 0


@duplicates.command("restore")
@DRY_RUN
@YES
@click.pass_obj
def duplicates_restore(obj, dry_run, yes) -> int:
    """Put quarantined files back where they were (never overwriting)."""
    from ..vault.quarantine import restore

    libraries, content, config_file = obj
    settings = load_settings(config_file, libraries, content)
    if not dry_run:
        confirm(f"Move the files in {settings.quarantine} back into the library?", yes)
    report = restore(settings.quarantine, list(settings.roots), dry_run=dry_run)
    verb = "would restore" if dry_run else "restored"
    echo_moves(report, verb, show_source=False)
    echo(f"{len(report.moved)} files {verb}, {len(report.refused)} refused")
    return 1 if report.refused else 0


COMMANDS = (duplicates,)
