"""`movievault history|diff|rollback`: a movie's content file through its git history."""
from __future__ import annotations

import click

from .confirm import YES, confirm
from .context import echo
from .library_context import CONFIG, CONTENT, load_library


@click.command("history")
@click.argument("slug")
@CONFIG
@CONTENT
def history(slug, config_file, content) -> int:
    """The committed versions of a movie's content file, newest first, with what changed."""
    from ..vault.history import versions

    lib = load_library(config_file, content)
    for v in reversed(versions(lib.content_dir, slug)):
        changed = ", ".join(v.changed) if v.changed else "no front-matter change"
        echo(f"{v.number:>3}  {v.date[:10]}  {v.short}  {v.subject}\n       {changed}")
    return 0


@click.command("diff")
@click.argument("slug")
@click.argument("rev", default="HEAD")
@CONFIG
@CONTENT
def diff(slug, rev, config_file, content) -> int:
    """A unified diff of a movie's content file against REV (default HEAD)."""
    from ..vault.history import diff as git_diff

    text = git_diff(load_library(config_file, content).content_dir, slug, rev)
    echo(text if text else f"{slug}: no changes against {rev}", nl=not text)
    return 0


@click.command("rollback")
@click.argument("slug")
@click.option("--version", "number", type=click.IntRange(min=1), required=True, help="Version number (see history).")
@click.option("--dry-run", is_flag=True, help="Say what would be restored; write nothing.")
@CONFIG
@CONTENT
@YES
def rollback(slug, number, dry_run, config_file, content, yes) -> int:
    """Restore a movie's content file as it was in version N."""
    from ..vault.history import rollback as run_rollback

    if not dry_run:
        confirm(f"Replace {slug}'s content file with version {number}?", yes)
    version, _data = run_rollback(load_library(config_file, content).content_dir, slug, number, dry_run)
    what = f"version {version.number} ({version.short}, {version.date[:10]}: {version.subject})"
    if dry_run:
        echo(f"dry run: would restore {slug} to {what}")
    else:
        echo(f"restored {slug} to {what}; review with `movievault diff {slug}` and commit it")
    return 0


COMMANDS = (history, diff, rollback,)
