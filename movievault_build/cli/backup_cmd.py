"""`movievault backup|restore`: content/ and mkdocs.yml to one archive and back, every file checked."""
from __future__ import annotations

from pathlib import Path

import click

from .confirm import YES, confirm
from .context import echo
from .library_context import CONFIG, CONTENT, load_library, project_paths


@click.command("backup")
@click.argument("archive", type=click.Path(dir_okay=False))
@click.option("--list", "list_only", is_flag=True, help="List what ARCHIVE holds (from its manifest).")
@click.option("--with-caches", is_flag=True, help="Include the cache folder (index, HTTP and image caches).")
@click.option("--with-images/--without-images", default=True, show_default=True, help="Include content/images.")
@CONFIG
@CONTENT
def backup(archive, list_only, with_caches, with_images, config_file, content) -> int:
    """Write content/ and mkdocs.yml to ARCHIVE (.tar.gz with a checksummed MANIFEST.json)."""
    from ..vault import backup as bk
    from ..units import human_size as size_text

    if list_only:
        from ..vault.restore import read_manifest

        manifest = read_manifest(Path(archive))
        echo(f"{archive}: format {manifest.version}, created {manifest.created}, "
                   f"{len(manifest.files)} files, {size_text(manifest.total_size)}")
        for entry in manifest.files:
            echo(f"  {entry.size:>12,}  {entry.path}")
        return 0
    lib = load_library(config_file, content)
    project, config = project_paths(config_file, lib.content_dir)
    plan = bk.plan_backup(project, lib.content_dir, config, lib.settings.cache_dir, with_images, with_caches)
    manifest = bk.create_backup(Path(archive), plan)
    echo(f"wrote {archive}: {len(manifest.files)} files, {size_text(manifest.total_size)}")
    return 0


@click.command("restore")
@click.argument("archive", type=click.Path(dir_okay=False))
@click.option("--to", "target", type=click.Path(file_okay=False), default=".", show_default=True,
              help="The folder to restore into.")
@click.option("--force", is_flag=True, help="Replace existing files that differ from the backup.")
@click.option("--replace-config", is_flag=True,
              help="Also replace an existing mkdocs.yml that differs (it is code: review the hooks/plugins shown).")
@click.option("--dry-run", is_flag=True, help="Check the archive and say what would be written.")
@YES
def restore(archive, target, force, replace_config, dry_run, yes) -> int:
    """Check every file of ARCHIVE, then restore it (existing files are kept unless --force).

    Only mkdocs.yml, content/ and the cache folder are restored; an archive holding anything
    else is refused whole."""
    from ..vault.restore import restore as run_restore

    def attempt(dry: bool):
        return run_restore(Path(archive), Path(target), force=force, dry_run=dry, replace_config=replace_config,
                           roots=_restore_roots(Path(target)))

    # Every check first (a hostile or damaged archive is refused with its reason, unasked),
    # then the question, then the writes.
    plan = attempt(True)
    if not dry_run:
        count = len(plan.to_write(force))
        confirm(f"Restore {archive} into {target}: write {count} file{'s' * (count != 1)}"
                + (", replacing files that differ?" if force else "?"), yes)
        plan = attempt(False)
    verb = "would write" if dry_run else "wrote"
    for name in plan.new:
        echo(f"  new       {name}")
    for name in plan.conflicts:
        echo(f"  replace   {name}" if force else f"  differs   {name}  (kept; --force replaces it)")
    if plan.config_kept:
        echo(f"  differs   {plan.config}  (kept: it is code; --replace-config replaces it)")
    elif plan.config_replaced:
        echo(f"  replace   {plan.config}")
    if plan.config_change:
        echo(f"{plan.config} names code MkDocs runs; {'keeping' if plan.config_kept else 'restoring'} "
             "the backup's changes its hooks/plugins:")
        echo(plan.config_change, nl=False)
    echo(f"{'dry run: ' if dry_run else ''}{len(plan.manifest.files)} files verified; {verb} "
         f"{len(plan.to_write(force))}, {len(plan.unchanged)} already identical")
    return 1 if (plan.conflicts and not force) or plan.config_kept else 0


def _restore_roots(target: Path) -> tuple[str, ...]:
    """Where a restore may write: content/ and the cache folder, as the target's own
    mkdocs.yml places them (the defaults when it has none or it does not load)."""
    from ..errors import MovieVaultError
    from ..vault.backup import restore_roots
    from .context import load_settings

    config = target / "mkdocs.yml"
    if not config.is_file():
        return restore_roots()
    try:
        settings = load_settings(str(config))
    except MovieVaultError:
        return restore_roots()
    base = config.resolve().parent
    folders = []
    for folder in (settings.content_dir, settings.cache_dir):
        try:
            folders.append(Path(folder).resolve().relative_to(base).as_posix())
        except ValueError:
            continue
    return restore_roots(*folders)


COMMANDS = (backup, restore,)
