"""`movievault unmatched|identify|refresh|artwork choose|edit`: putting a film right by hand.
Each choice goes into the film's `user:` block only, so every later scan keeps it."""
from __future__ import annotations

import json

import click

from ..errors import UserError
from .context import load_settings
from .library_context import CONFIG, CONTENT, INDEX, JSON, load_library, parse_query

OFFLINE = click.option("--offline", is_flag=True, help="No network: TMDB answers from the cache only.")


def _settings(config_file, offline: bool = False):
    from .online_opts import with_online_flags
    return with_online_flags(load_settings(config_file), None, offline)


def _pick(count: int, what: str, given: int | None) -> int:
    """A 0-based index, from --pick or asked; 's' (or a bad answer) stops with nothing changed."""
    if given is not None:
        if not 1 <= given <= count:
            raise UserError(f"--pick {given}: there are {count} {what}")
        return given - 1
    answer = click.prompt(f"Which one? 1-{count}, or s to stop", default="1").strip().lower()
    if not answer.isdigit() or not 1 <= int(answer) <= count:
        raise UserError("nothing chosen; nothing changed")
    return int(answer) - 1


def _show_changes(changed) -> None:
    for slug, lines in changed.items():
        click.echo(f"{slug}: " + ("unchanged" if not lines else f"{len(lines)} fields changed"))
        for change in lines:
            click.echo(f"  {change}")


@click.command("unmatched")
@CONFIG
@CONTENT
@JSON
def unmatched_cmd(config_file, content, as_json) -> int:
    """Films with no id or a low-confidence match: where `identify` starts."""
    from ..enrich.unmatched import unmatched
    from ..store.library import load_movies

    lib = load_library(config_file, content)
    movies, _problems = load_movies(lib.content_dir)
    found = unmatched(movies, lib.settings.low_confidence)
    for u in found:
        if as_json:
            click.echo(json.dumps({"slug": u.slug, "title": u.title, "year": u.year,
                                   "confidence": u.confidence, "reasons": list(u.reasons)}, ensure_ascii=False))
        else:
            confidence = f"{u.confidence:.2f}" if u.confidence is not None else " -  "
            click.echo(f"{confidence}  {u.slug}  {u.label}: {'; '.join(u.reasons)}")
    if not as_json:
        click.echo(f"{len(found)} of {len(movies)} films need a look"
                   + ("; fix one with `movievault identify SLUG`" if found else ""))
    return 0


@click.command("identify")
@click.argument("slug")
@click.option("--tmdb", "tmdb_id", help="Take this TMDB id without searching.")
@click.option("--imdb", "imdb_id", help="Take the film with this IMDb id (tt…) without searching.")
@click.option("--pick", type=int, help="Take candidate N of the list without asking.")
@CONFIG
@OFFLINE
def identify(slug, tmdb_id, imdb_id, pick, config_file, offline) -> int:
    """Show TMDB's candidates for a film with their scores, pick one, re-fetch it."""
    from ..curate import candidates, identify as ident
    from ..curate.refresh import check_mounted, front, refresh
    from ..vault.userdata import movie_file

    settings = _settings(config_file, offline)
    data = front(movie_file(settings.content_dir, slug))
    check_mounted(settings, slug, data)
    language = settings.online.providers.language
    tmdb = candidates.provider(settings)
    try:
        if tmdb_id or imdb_id:
            found = ident.by_id(tmdb, tmdb_id, imdb_id, language)
        else:
            want = candidates.wanted(data)
            choices = candidates.candidates(tmdb, want, language)
            if not choices:
                raise UserError(f"{slug}: TMDB found nothing for {' / '.join(want.titles)}; "
                                "pass --tmdb ID or --imdb ID")
            click.echo(f"{slug}: now “{data.get('title')}” ({data.get('year') or '?'}); TMDB candidates "
                       f"for {' / '.join(want.titles)} ({want.year or 'no year'}):")
            for n, choice in enumerate(choices, 1):
                click.echo(f"  {n:2}. {choice.score:.2f}  {choice.label}  [tmdb {choice.tmdb}]")
                click.echo(f"           {choice.why(want.year)}")
            chosen = choices[_pick(len(choices), "candidates", pick)]
            found = ident.by_id(tmdb, chosen.tmdb, None, language)
    finally:
        tmdb.http.close()
    pins = ident.pin(settings.content_dir, slug, found)
    click.echo(f"{slug}: pinned " + ", ".join(f"{k} {v}" for k, v in sorted(pins.items())))
    _show_changes(refresh(settings, [slug], ask_again=not offline).changes)
    return 0


@click.command("refresh")
@click.argument("slugs", nargs=-1)
@click.option("--query", help="Refresh the films matching a query (e.g. 'year:<1950 genre:Western').")
@CONFIG
@INDEX
def refresh_cmd(slugs, query, config_file, index_file) -> int:
    """Re-fetch the online metadata of chosen films, bypassing the cache, and show what changed."""
    from ..curate.refresh import refresh

    settings = _settings(config_file)
    chosen = list(slugs) + (_query_slugs(query, config_file, index_file) if query else [])
    if not chosen:
        raise UserError("name the films to refresh (SLUG …) or select them with --query")
    _show_changes(refresh(settings, chosen).changes)
    return 0


def _query_slugs(text: str, config_file, index_file) -> list[str]:
    from ..vault import query_sql
    from ..vault.index import records

    where, params = query_sql.compile_where(parse_query(text))
    db = load_library(config_file, None, index_file).open()
    slugs = [r["slug"] for r in records(db, where, params)]
    if not slugs:
        raise UserError(f"no film matches {text!r}")
    return slugs


@click.group("artwork")
def artwork() -> None:
    """A film's images, chosen by hand."""


@artwork.command("choose")
@click.argument("slug")
@click.option("--kind", type=click.Choice(("poster", "fanart")), default="poster", show_default=True)
@click.option("--pick", type=int, help="Take image N of the list without asking.")
@CONFIG
@OFFLINE
def artwork_choose(slug, kind, pick, config_file, offline) -> int:
    """List the images on offer (local, NFO, TMDB by language and vote) and use the one picked."""
    from ..curate import artwork as art
    from ..curate.refresh import check_mounted, front, refresh
    from ..vault.userdata import movie_file

    settings = _settings(config_file, offline)
    data = front(movie_file(settings.content_dir, slug))
    check_mounted(settings, slug, data)
    images = art.offered(settings, data, kind, _gallery(settings, data))
    if not images:
        raise UserError(f"{slug}: no {kind} on offer (no image files by it, none in its NFO, no TMDB match)")
    click.echo(f"{slug}: {kind} images on offer:")
    for n, image in enumerate(images, 1):
        click.echo(f"  {n:2}. {image.line()}")
    image = images[_pick(len(images), "images", pick)]
    art.choose(settings.content_dir, slug, kind, image.src)
    refresh(settings, [slug], ask_again=False)
    now = art.current(front(movie_file(settings.content_dir, slug)), kind)
    if now != image.src:
        raise UserError(f"{slug}: {image.src} could not be used (see the warning above); "
                        f"the choice is kept in user.artwork.{kind} and retried by the next scan")
    click.echo(f"{slug}: {kind} is now {image.src}")
    return 0


def _gallery(settings, data) -> list[dict]:
    """TMDB's images of the film, when it has a TMDB id and TMDB is configured."""
    from ..curate.candidates import provider

    tmdb_id = str((data.get("ids") or {}).get("tmdb") or "")
    if not tmdb_id.isdigit():
        return []
    try:
        tmdb = provider(settings)
    except UserError as exc:
        click.echo(f"(TMDB's images left out: {exc})", err=True)
        return []
    try:
        return tmdb.images(tmdb_id, settings.online.providers.language)
    finally:
        tmdb.http.close()


@click.command("edit")
@click.argument("slug")
@CONFIG
@CONTENT
def edit(slug, config_file, content) -> int:
    """Open $EDITOR on a film's own data (overrides, ids, artwork, tags …); checked on save."""
    from ..curate.edit import edit as run_edit

    lib = load_library(config_file, content)
    changed = run_edit(lib.content_dir, slug, lambda text: click.edit(text, extension=".yml", require_save=True))
    click.echo(f"{slug}: " + ("saved" if changed else "no change"))
    return 0


COMMANDS = (unmatched_cmd, identify, refresh_cmd, artwork, edit)
