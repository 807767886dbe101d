"""`movievault duplicates|subtitles|cleanup`: media facts, copies, library health."""
from __future__ import annotations

import json
from pathlib import Path

import click

from ..fsutil import relative_inside
from .confirm import YES, confirm
from .context import echo, load_settings

CONFIG = click.option("--config", "config_file", type=click.Path(dir_okay=False),
                      help="mkdocs.yml to read (default: ./mkdocs.yml).")
LIBRARY = click.option("--library", "libraries", multiple=True, type=click.Path(file_okay=False),
                       help="A library root (repeatable); replaces mkdocs.yml's list.")
CONTENT = click.option("--content", type=click.Path(file_okay=False), help="The content folder.")
DRY_RUN = click.option("--dry-run", is_flag=True, help="Change nothing; say what would happen.")


def _roots(settings) -> dict[str, Path]:
    from ..discover.roots import root_labels
    return {label: root for root, label in root_labels(settings.roots).items()}


def _locator(settings):
    roots = _roots(settings)

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


def _echo_moves(report, verb: str, *, show_source: bool = True, err: bool = False) -> None:
    """One line per moved file, then one error line per refused file."""
    for src, dest in report.moved:
        echo(f"{verb} {src} -> {dest}" if show_source else f"{verb} {dest}", err=err)
    for line in report.refused:
        echo(f"movievault: {line}", err=True)


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
    _echo_moves(report, verb)
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
    _echo_moves(report, verb, show_source=False)
    echo(f"{len(report.moved)} files {verb}, {len(report.refused)} refused")
    return 1 if report.refused else 0


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


@click.group(invoke_without_command=True)
@LIBRARY
@CONTENT
@CONFIG
@click.option("--json", "as_json", is_flag=True, help="The whole report as one JSON object.")
@click.option("--auto-fix", is_flag=True, help="Apply the safe, reversible fixes (unreferenced images to content/.trash).")
@DRY_RUN
@YES
@click.pass_context
def cleanup(ctx, libraries, content, config_file, as_json, auto_fix, dry_run, yes) -> int:
    """Report what in content/ needs a look: gone files, stray images, gaps, weak matches."""
    if ctx.invoked_subcommand is not None:
        ctx.obj = (libraries, content, config_file)
        return 0
    from ..store import skipped
    from ..vault.health import SECTIONS, check, fix
    from ..store.library import load_movies

    settings = load_settings(config_file, libraries, content)
    movies, problems = load_movies(settings.content_dir)
    report = check(movies, settings.content_dir, problems=problems, low_confidence=settings.low_confidence,
                   skipped=skipped.for_health(settings.content_dir))
    if as_json:
        echo(json.dumps(report.to_json(), ensure_ascii=False))
    else:
        for kind, issues in report.by_kind().items():
            if issues:
                echo(f"{SECTIONS[kind]} ({len(issues)}):")
                for issue in issues:
                    echo(f"  {issue.subject}" + (f": {issue.detail}" if issue.detail else ""))
        echo(f"{len(report.issues)} issues in {len(movies)} movies")
    if auto_fix:
        if not dry_run and any(i.kind == "unreferenced_images" for i in report.issues):
            confirm("Move the unreferenced images to content/.trash?", yes)
        moved = fix(report, settings.content_dir, dry_run=dry_run)
        _echo_moves(moved, "would move" if dry_run else "moved", err=as_json)
    return 0


@cleanup.command("restore")
@DRY_RUN
@YES
@click.pass_obj
def cleanup_restore(obj, dry_run, yes) -> int:
    """Undo --auto-fix: put the images in content/.trash back (never overwriting)."""
    from ..vault.health import undo_fixes

    libraries, content, config_file = obj
    settings = load_settings(config_file, libraries, content)
    if not dry_run:
        confirm("Put the images in content/.trash back?", yes)
    report = undo_fixes(settings.content_dir, dry_run=dry_run)
    verb = "would restore" if dry_run else "restored"
    _echo_moves(report, verb, show_source=False)
    return 1 if report.refused else 0


COMMANDS = (duplicates, subtitles, cleanup)
