"""`movievault cleanup [restore]`: what in content/ needs a look, and the safe fixes."""
from __future__ import annotations

import json

import click

from .confirm import YES, confirm
from .context import echo, load_settings
from .library_context import CONFIG, CONTENT, DRY_RUN, LIBRARY, echo_moves


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
        echo_moves(moved, "would move" if dry_run else "moved", err=as_json)
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
    echo_moves(report, verb, show_source=False)
    return 1 if report.refused else 0


COMMANDS = (cleanup,)
