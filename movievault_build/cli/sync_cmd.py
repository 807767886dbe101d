"""`movievault sync [jellyfin|plex|trakt|all]` and `movievault trakt login|logout|status`."""
from __future__ import annotations

from pathlib import Path

import click

from .context import CONFIG_OPTION, setup_logging, verbosity_of

SHOWN_UNMATCHED = 20


def load_sync(config_file: str | None, content: str | None = None):
    """(scan settings, sync settings) from mkdocs.yml; the sync needs one."""
    from ..errors import UserError
    from ..site.settings import sync_from_mkdocs

    path = Path(config_file or "mkdocs.yml")
    if not path.is_file():
        raise UserError(f"{path}: not found; the sync is configured in mkdocs.yml (`sync:`)")
    return sync_from_mkdocs(path, str(Path(content).resolve()) if content else None)


@click.command("sync")
@click.argument("services", nargs=-1, type=click.Choice(("jellyfin", "plex", "trakt", "all")))
@CONFIG_OPTION
@click.option("--content", type=click.Path(file_okay=False), help="The content folder.")
@click.option("--user", "user", help="Only this MovieVault user (default: every user a service syncs).")
@click.option("--dry-run", is_flag=True, help="Change nothing; print each change as a table.")
@click.option("-v", "--verbose", count=True, help="List every unmatched item.")
@click.option("-q", "--quiet", is_flag=True, help="Only warnings and the summary.")
def sync(services, config_file, content, user, dry_run, verbose, quiet) -> int:
    """Two-way sync of watch state with Jellyfin, Plex and Trakt (default: all configured)."""
    from ..errors import UserError
    from ..sync import SERVICES, make_services
    from ..sync.runner import run

    setup_logging(verbosity_of(verbose, quiet))
    settings, sync_settings = load_sync(config_file, content)
    names = SERVICES if not services or "all" in services else tuple(services)
    missing = [n for n in names if getattr(sync_settings, n) is None]
    if services and "all" not in services and missing:
        raise UserError(f"{', '.join(missing)}: not configured under `sync:` in mkdocs.yml")
    chosen = make_services(sync_settings, names)
    if not chosen:
        raise UserError("no service is configured under `sync:` in mkdocs.yml (jellyfin, plex, trakt)")
    users = [settings.users.resolve(user)] if user else None
    try:
        report = run(settings, sync_settings, chosen, users=users, dry_run=dry_run)
    finally:
        for s in chosen:
            s.close()
    if dry_run or verbose:
        for line in change_table(report.changes):
            click.echo(line)
    for problem in report.problems:
        click.echo(f"! {problem}", err=True)
    for service_report in report.services.values():
        shown = service_report.unmatched if verbose else service_report.unmatched[:SHOWN_UNMATCHED]
        for u in shown:
            click.echo(f"  unmatched  {service_report.name}: {u.item.label}: {u.reason}")
        if len(service_report.unmatched) > len(shown):
            click.echo(f"  … and {len(service_report.unmatched) - len(shown)} more unmatched (-v lists them)")
        for error in service_report.errors:
            click.echo(f"! {service_report.name}: {error}", err=True)
    for service_report in report.services.values():
        click.echo(("dry run: " if dry_run else "") + service_report.summary(dry_run))
    return 1 if report.failed else 0


def change_table(changes) -> list[str]:
    """One line per change: user, service, movie, what, MovieVault's value, the service's."""
    if not changes:
        return ["no changes"]
    rows = [("user", "service", "movie", "field", "MovieVault", "", "service")]
    for ch in changes:
        before, after = ch.describe()
        if ch.direction == "pull":
            rows.append((ch.user, ch.service, ch.slug, ch.group, f"{before} → {after}", "←", after))
        else:
            rows.append((ch.user, ch.service, ch.slug, ch.group, after, "→", f"{before} → {after}"))
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    return ["  ".join(cell.ljust(w) for cell, w in zip(row, widths)).rstrip() for row in rows]


@click.group("trakt")
def trakt() -> None:
    """Sign in to Trakt (the device-code flow) and out again."""


@trakt.command("login")
@CONFIG_OPTION
@click.option("--user", "user", help="The MovieVault user signing in (default: the default user).")
def trakt_login(config_file, user) -> int:
    """Print a code to enter at trakt.tv/activate and wait for it to be approved."""
    from ..errors import UserError
    from ..sync.service import ServiceHttp
    from ..sync.trakt_auth import device_login, save_token

    setup_logging(0)
    settings, sync_settings = load_sync(config_file)
    if sync_settings.trakt is None:
        raise UserError("trakt: not configured under `sync:` in mkdocs.yml (client_id, client_secret)")
    name = settings.users.resolve(user)
    http = ServiceHttp("Trakt", sync_settings.trakt.auth_url, {"Content-Type": "application/json"}, sync_settings,
                       rate_limit=0)

    def show(url: str, code: str, lifetime: int) -> None:
        click.echo(f"Go to {url} and enter the code {code} (valid for {lifetime // 60} minutes).")
        click.echo("Waiting for the approval…")
    try:
        token = device_login(sync_settings.trakt, http, show)
    finally:
        http.close()
    save_token(sync_settings.state_dir, name, token)
    click.echo(f"Signed in to Trakt as MovieVault user {name}.")
    return 0


@trakt.command("logout")
@CONFIG_OPTION
@click.option("--user", "user", help="The MovieVault user (default: the default user).")
def trakt_logout(config_file, user) -> int:
    """Forget the saved Trakt sign-in of a user."""
    from ..sync.trakt_auth import forget_token

    settings, sync_settings = load_sync(config_file)
    name = settings.users.resolve(user)
    gone = forget_token(sync_settings.state_dir, name)
    click.echo(f"{name}: {'signed out of Trakt' if gone else 'was not signed in to Trakt'}")
    return 0


COMMANDS = (sync, trakt)
