"""`movievault images …`: what the artwork cache holds, and pruning what no page uses."""
from __future__ import annotations

import json
from pathlib import Path

import click

from ..cache.layout import cache_path
from ..units import human_size
from .context import CONFIG_OPTION, echo, load_settings


@click.group()
def images() -> None:
    """Artwork variants: statistics and pruning."""


@images.command("stats")
@CONFIG_OPTION
@click.option("--site", "site_dir", type=click.Path(file_okay=False, path_type=Path),
              help="A built site: measure its pages and JSON instead of estimating them.")
@click.option("--strict", is_flag=True, help="Exit 1 when the site would break the host's limits.")
@click.option("--json", "as_json", is_flag=True)
def images_stats(config_file, site_dir, strict, as_json) -> int:
    """Variants in the cache per format, and the published site's projected size and
    file count against the host's limits (publish: in mkdocs.yml)."""
    from ..artwork.profiles import profile_settings
    from ..artwork.report import cache_totals
    from ..site.budget import project
    from ..store.library import load_movies

    settings = load_settings(config_file)
    totals = cache_totals(cache_path(settings.cache_dir, "images"))
    movies, _ = load_movies(settings.content_dir)
    p = project(movies, settings.content_dir, cache_path(settings.cache_dir, "images"),
                settings.images or profile_settings(), site_dir, settings.person_page_min_films)
    problems = p.over(settings.publish.limits, settings.publish.host)
    if as_json:
        echo(json.dumps({"cache_dir": str(cache_path(settings.cache_dir, "images")), "formats": totals,
                               "projection": _projection_json(p, settings.publish), "over": problems}))
    else:
        _print_stats(totals, p, settings.publish)
    for line in problems:
        echo(f"warning: {line}", err=True)
    return 1 if strict and problems else 0


def _projection_json(p, publish) -> dict:
    mb, files = publish.limits
    return {"movies": p.movies, "person_pages": p.people, "images": p.images,
            "images_estimated": p.images_estimated, "image_bytes": p.image_bytes,
            "image_files": p.image_files, "page_bytes": p.page_bytes, "page_files": p.page_files,
            "pages_measured": p.pages_measured, "total_bytes": p.total_bytes, "total_files": p.total_files,
            "host": publish.host, "max_site_mb": mb, "max_files": files}


def _print_stats(totals, p, publish) -> None:
    if not totals:
        echo("the image cache is empty (a build fills it)")
    for fmt, t in totals.items():
        echo(f"{fmt:5} {t['files']:6} files  {human_size(t['bytes'])}")
    per = max(p.movies, 1)
    echo(f"published site, projected: {human_size(p.total_bytes)} in {p.total_files:,} files and folders "
               f"({human_size(p.total_bytes // per)} and {p.total_files / per:.1f} per movie)")
    estimated = f", {p.images_estimated:,} of them estimated (not encoded yet)" if p.images_estimated else ""
    echo(f"  images: {human_size(p.image_bytes)} in {p.image_files:,} files and folders "
               f"for {p.images:,} pictures{estimated}")
    how = "measured from the built site" if p.pages_measured else "estimated per page; --site DIR measures a build"
    echo(f"  pages and JSON: {human_size(p.page_bytes)} in {p.page_files:,} files and folders "
               f"({p.movies:,} movies, {p.people:,} person pages; {how})")
    mb, files = publish.limits
    limits = [f"{mb:,} MB" if mb else None, f"{files:,} files and folders" if files else None]
    said = " and ".join(x for x in limits if x) or "no limit"
    echo(f"  host: {publish.host} ({said})")


@images.command("prune")
@CONFIG_OPTION
@click.option("--dry-run", is_flag=True, help="Say what would go; delete nothing.")
def images_prune(config_file, dry_run) -> int:
    """Drop cached variants that no movie in content/ uses any more."""
    from ..artwork.cache import VariantCache
    from ..artwork.report import used_variants
    from ..artwork.profiles import profile_settings
    from ..site.artwork import site_masters
    from ..store.library import load_movies

    settings = load_settings(config_file)
    movies, _ = load_movies(settings.content_dir)
    # Every picture the site shows: people's photos and collection posters too.
    masters = [(kind, settings.content_dir / rel) for (_owner, kind), rel in site_masters(movies, settings.content_dir)]
    cache = VariantCache(cache_path(settings.cache_dir, "images"))
    try:
        keep = used_variants(masters, settings.images or profile_settings(), cache)
        if dry_run:
            unused = [p for p in (cache_path(settings.cache_dir, "images")).rglob("*.*")
                      if p.suffix in (".avif", ".webp", ".jpg") and
                      p.relative_to(cache_path(settings.cache_dir, "images")).as_posix() not in keep]
            echo(f"dry run: {len(unused)} unused variants, {human_size(sum(p.stat().st_size for p in unused))}")
            return 0
        files, size = cache.prune(keep)
    finally:
        cache.close()
    echo(f"pruned {files} unused variants, {human_size(size)} freed; {len(keep)} kept")
    return 0


COMMANDS = (images,)
