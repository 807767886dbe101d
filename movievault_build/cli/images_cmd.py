"""`movievault images …`: what the artwork cache holds, and pruning what no page uses."""
from __future__ import annotations

import json

import click

from ..units import human_size
from .app import CONFIG_OPTION
from .context import echo, load_settings


@click.group()
def images() -> None:
    """Artwork variants: statistics and pruning."""


@images.command("stats")
@CONFIG_OPTION
@click.option("--json", "as_json", is_flag=True)
def images_stats(config_file, as_json) -> int:
    """Variants in the cache: count and bytes per format, and how many pages use."""
    from ..artwork.report import cache_totals

    settings = load_settings(config_file)
    totals = cache_totals(settings.cache_dir / "images")
    if as_json:
        echo(json.dumps({"cache_dir": str(settings.cache_dir / "images"), "formats": totals}))
        return 0
    if not totals:
        echo("the image cache is empty (a build fills it)")
    for fmt, t in totals.items():
        echo(f"{fmt:5} {t['files']:6} files  {human_size(t['bytes'])}")
    return 0


@images.command("prune")
@CONFIG_OPTION
@click.option("--dry-run", is_flag=True, help="Say what would go; delete nothing.")
def images_prune(config_file, dry_run) -> int:
    """Drop cached variants that no movie in content/ uses any more."""
    from ..artwork.cache import VariantCache
    from ..artwork.report import used_variants
    from ..artwork.variants import ImageSettings
    from ..store.library import load_movies

    settings = load_settings(config_file)
    movies, _ = load_movies(settings.content_dir)
    masters = [(a.kind, settings.content_dir / a.path) for m in movies for a in m.images
               if a.path and a.kind in ("poster", "fanart")]
    cache = VariantCache(settings.cache_dir / "images")
    try:
        keep = used_variants(masters, settings.images or ImageSettings(), cache)
        if dry_run:
            unused = [p for p in (settings.cache_dir / "images").rglob("*.*")
                      if p.suffix in (".avif", ".webp", ".jpg") and
                      p.relative_to(settings.cache_dir / "images").as_posix() not in keep]
            echo(f"dry run: {len(unused)} unused variants, {human_size(sum(p.stat().st_size for p in unused))}")
            return 0
        files, size = cache.prune(keep)
    finally:
        cache.close()
    echo(f"pruned {files} unused variants, {human_size(size)} freed; {len(keep)} kept")
    return 0


COMMANDS = (images,)
