"""`movievault nfo …`: read, check, repair, enrich and write .nfo files."""
from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import click

from .context import echo

CONFIG_OPTION = click.option("--config", "config_file", type=click.Path(dir_okay=False),
                             help="mkdocs.yml to read (default: ./mkdocs.yml).")
PATHS = click.argument("paths", nargs=-1, type=click.Path(exists=True))
DRY_RUN = click.option("--dry-run", is_flag=True, help="Change nothing; print a unified diff.")
BACKUP_DIR = click.option("--backup-dir", type=click.Path(file_okay=False),
                          help="Put backups here instead of beside each file.")
MARKS = {"ok": "✓", "warning": "⚠", "error": "✗"}


@click.group()
def nfo() -> None:
    """Read, validate, repair, enrich and write .nfo files."""


@nfo.command("show")
@click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=False))
@click.option("--json", "as_json", is_flag=True, help="One JSON object per file.")
def nfo_show(files, as_json) -> int:
    """Print what an NFO says, as MovieVault reads it."""
    from ..errors import ReadError
    from ..identify.nfo import read_nfo
    from ..nfo.dialect import dialect_of_file

    status = 0
    for path in files:
        try:
            result = read_nfo(path)
        except ReadError as exc:
            echo(f"movievault: {exc}", err=True)
            status = 1
            continue
        data = result.to_json_dict()
        if as_json:
            echo(json.dumps(data, ensure_ascii=False))
        else:
            dialect = dialect_of_file(path) or result.flavour
            shown = result.flavour if dialect == result.flavour else f"{result.flavour}, {dialect}"
            echo(f"{path} ({shown})")
            for key, value in data.items():
                if key not in ("path", "flavour"):
                    echo(f"  {key}: {json.dumps(value, ensure_ascii=False)}")
    return status


def _nfo_files(paths, config_file) -> list[Path]:
    """The NFOs under the paths given, or under the library roots of mkdocs.yml."""
    from ..nfo.files import find_nfos
    from .context import load_settings

    roots = [Path(p) for p in paths] or list(load_settings(config_file).roots)
    return find_nfos(roots)


@nfo.command("validate")
@PATHS
@click.option("--json", "as_json", is_flag=True, help="One JSON object per file and line.")
@CONFIG_OPTION
def nfo_validate(paths, as_json, config_file) -> int:
    """Check movie NFOs (the paths given, or every NFO under the library roots)."""
    from ..nfo.validate import validate_file

    counts = {"ok": 0, "warning": 0, "error": 0}
    for path in _nfo_files(paths, config_file):
        check = validate_file(path)
        counts[check.status] += 1
        if as_json:
            echo(json.dumps(check.to_json_dict(), ensure_ascii=False))
            continue
        reasons = "; ".join((f"line {p.line}: " if p.line else "") + p.message
                            for p in check.problems if p.level != "info" or check.status == "ok")
        echo(f"{MARKS[check.status]} {path} [{check.flavour}]" + (f": {reasons}" if reasons else ""))
    if not as_json:
        total = sum(counts.values())
        echo(f"{total} NFO(s): {counts['ok']} ok, {counts['warning']} with warnings, "
                   f"{counts['error']} with errors")
    return 1 if counts["error"] else 0


@nfo.command("repair")
@PATHS
@DRY_RUN
@BACKUP_DIR
@CONFIG_OPTION
def nfo_repair(paths, dry_run, backup_dir, config_file) -> int:
    """Fix what can be fixed mechanically; refuse anything that would change the facts."""
    from ..nfo.repair import repair_file

    counts = {"repaired": 0, "unchanged": 0, "refused": 0}
    for path in _nfo_files(paths, config_file):
        outcome = repair_file(path, dry_run=dry_run, backup_dir=Path(backup_dir) if backup_dir else None)
        counts[outcome.status] += 1
        if outcome.status == "refused":
            echo(f"✗ {path}: refused: {outcome.reason}")
        elif outcome.status == "repaired":
            echo(f"✓ {path}: {'; '.join(outcome.changes)}"
                       + (f" (backup: {outcome.backup})" if outcome.backup else ""))
            if dry_run:
                echo(outcome.diff, nl=False)
    verb = "would be repaired" if dry_run else "repaired"
    echo(f"{counts['repaired']} {verb}, {counts['unchanged']} fine as they are, "
               f"{counts['refused']} refused")
    return 1 if counts["refused"] else 0


@nfo.command("enrich")
@PATHS
@DRY_RUN
@BACKUP_DIR
@CONFIG_OPTION
def nfo_enrich(paths, dry_run, backup_dir, config_file) -> int:
    """Add the fields an NFO lacks from content/; what it says already stays."""
    from ..nfo.enrich import ContentIndex, enrich_file
    from .context import load_settings

    index = ContentIndex(load_settings(config_file))
    counts: dict[str, int] = {}
    for path in _nfo_files(paths, config_file):
        outcome = enrich_file(path, index, dry_run=dry_run, backup_dir=Path(backup_dir) if backup_dir else None)
        counts[outcome.status] = counts.get(outcome.status, 0) + 1
        if outcome.status == "enriched":
            echo(f"✓ {path}: added {', '.join(outcome.added)} from {outcome.slug}")
            if dry_run:
                echo(outcome.diff, nl=False)
        elif outcome.status in ("refused", "unmatched"):
            echo(f"- {path}: {outcome.reason}")
    echo(", ".join(f"{n} {status}" for status, n in sorted(counts.items())) or "no NFO files")
    return 0


@nfo.command("write")
@click.argument("slugs", nargs=-1)
@click.option("--format", "flavour", type=click.Choice(("kodi", "jellyfin", "emby", "plex")),
              help="The media server to write for (default: nfo_format in mkdocs.yml).")
@click.option("--overwrite", is_flag=True, default=None, help="Replace existing NFOs (backed up first).")
@DRY_RUN
@CONFIG_OPTION
def nfo_write(slugs, flavour, overwrite, dry_run, config_file) -> int:
    """Write NFOs for stored movies that have none (all, or the SLUGs given)."""
    from ..nfo.writer import write_missing
    from .context import load_settings

    settings = load_settings(config_file)
    report = write_missing(settings, slugs, flavour=flavour, overwrite=overwrite or None, dry_run=dry_run)
    _queue_for_media_servers(config_file, report.written, dry_run)
    for path in report.written:
        echo(f"✓ {path}")
    for diff in report.diffs:
        echo(diff, nl=False)
    for problem in report.problems:
        echo(f"✗ {problem}", err=True)
    echo(("dry run: " if dry_run else "") + report.summary(dry_run))
    return 1 if report.problems else 0


def _queue_for_media_servers(config_file: str | None, written: list[str], dry_run: bool) -> None:
    """The next sync asks Jellyfin and Plex to look at these folders again."""
    from pathlib import Path

    if dry_run or not written or not Path(config_file or "mkdocs.yml").is_file():
        return
    from ..site.settings import sync_from_mkdocs
    from ..sync import after_scan

    settings, sync = sync_from_mkdocs(Path(config_file or "mkdocs.yml"))
    after_scan(settings, replace(sync, after_scan=False), written)


COMMANDS = (nfo,)
