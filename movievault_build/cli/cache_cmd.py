"""`movievault cache …`: what the online-metadata HTTP cache holds, and emptying it."""
from __future__ import annotations

import click

from .context import echo

CONFIG_OPTION = click.option("--config", "config_file", type=click.Path(dir_okay=False),
                             help="mkdocs.yml to read (default: ./mkdocs.yml).")
CONTENT_OPTION = click.option("--content", type=click.Path(file_okay=False),
                              help="The content folder (the cache sits next to it without a mkdocs.yml).")


def _settings(config_file, content):
    from pathlib import Path

    from .context import load_settings

    # The cache needs no library: without a mkdocs.yml, a placeholder root stands in.
    bare = not config_file and not Path("mkdocs.yml").is_file()
    return load_settings(config_file, (".",) if bare else (), content or ("content" if bare else None))


@click.group()
def cache() -> None:
    """The HTTP cache of online metadata lookups."""


@cache.command("stats")
@CONFIG_OPTION
@CONTENT_OPTION
def cache_stats(config_file, content) -> int:
    """Entries per provider and endpoint, size on disk, the last scan's hits and misses."""
    from ..providers.cache import stats

    settings = _settings(config_file, content)
    s = stats(settings.cache_dir, settings.online.providers)
    echo(f"{s.path}: {sum(s.entries.values())} entries, {s.size / 1024:.0f} KB")
    for kind, n in sorted(s.entries.items()):
        echo(f"  {n:6}  {kind}")
    if s.last_scan:
        echo("last scan: " + ", ".join(f"{k} {v}" for k, v in sorted(s.last_scan.items())))
    return 0


@cache.command("clear")
@click.option("--provider", type=click.Choice(["tmdb", "omdb"]), help="Only this provider's entries.")
@CONFIG_OPTION
@CONTENT_OPTION
def cache_clear(provider, config_file, content) -> int:
    """Remove cached responses (all, or one provider's)."""
    from ..providers.cache import clear

    settings = _settings(config_file, content)
    removed = clear(settings.cache_dir, settings.online.providers, provider)
    echo(f"removed {removed} cached responses" + (f" of {provider}" if provider else ""))
    return 0


COMMANDS = (cache,)
