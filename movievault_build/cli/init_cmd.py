"""`movievault init`: set a site up by answering a few questions (or with flags), then
write mkdocs.yml (comments kept), `.env` for the keys, the deploy files, and scan."""
from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import click

from ..errors import UserError


def _folders(text: str, base: Path) -> tuple[list[str], str | None]:
    """Comma-separated folders and the first that is not one (None when all are)."""
    folders = [f.strip() for f in text.split(",") if f.strip()]
    bad = next((f for f in folders if not (base / f).expanduser().is_dir()), None)
    return folders, bad


class Asker:
    """Questions on a terminal; with --yes (or no terminal) the flags and defaults answer."""

    def __init__(self, interactive: bool) -> None:
        self.interactive = interactive

    def text(self, question: str, default: str | None, given: str | None = None) -> str:
        if given is not None or not self.interactive:
            return given if given is not None else (default or "")
        return click.prompt(question, default=default or "", show_default=bool(default)).strip()

    def yes_no(self, question: str, default: bool, given: bool | None = None) -> bool:
        if given is not None or not self.interactive:
            return default if given is None else given
        return click.confirm(question, default=default)

    def choice(self, question: str, options: tuple[str, ...], default: str, given: str | None) -> str:
        if given is not None or not self.interactive:
            return given or default
        return click.prompt(question, type=click.Choice(options), default=default)

    def secret(self, question: str) -> str:
        if not self.interactive:
            return ""
        return click.prompt(question, default="", show_default=False, hide_input=True).strip()


def ask_libraries(ask: Asker, base: Path, defaults: list[str], given: tuple[str, ...]) -> list[str]:
    if given or not ask.interactive:
        folders, bad = _folders(",".join(given or defaults), base)
        if bad is not None:
            raise UserError(f"library {bad!r}: not a folder")
        return folders
    while True:
        folders, bad = _folders(ask.text("Library folders (comma-separated)", ", ".join(defaults)), base)
        if bad is None and folders:
            return folders
        click.echo(f"  {bad!r} is not a folder" if bad else "  at least one folder, please")


def ask_key(ask: Asker, service: str, given: str | None, check, api_url: str | None) -> str | None:
    """A key from --flag or the terminal, checked against the service; None: none given."""
    while True:
        key = given if given is not None else ask.secret(
            f"{service} API key (blank: none, or the one already in the environment)")
        if not key:
            return None
        problem = check(key, api_url)
        if problem is None:
            click.echo(f"  {service}: key accepted")
            return key
        if given is not None or not ask.interactive:
            raise UserError(f"{service}: {problem}")
        click.echo(f"  {service}: {problem}; try again")


@click.command("init")
@click.option("--dir", "folder", type=click.Path(file_okay=False), default=".", show_default=True,
              help="The site's folder (made if missing).")
@click.option("--site-name")
@click.option("--library", "libraries", multiple=True, help="A library folder (repeatable); must exist.")
@click.option("--content", "content_dir", help="Where the Markdown goes (default: content).")
@click.option("--online/--no-online", default=None, help="Fetch metadata from TMDB (and OMDb).")
@click.option("--tmdb-key", help="TMDB API key or read access token (checked, then kept in .env).")
@click.option("--omdb-key", help="OMDb API key (checked, then kept in .env).")
@click.option("--tmdb-api-url", envvar="TMDB_API_URL", help="TMDB's API address (tests, proxies).")
@click.option("--omdb-api-url", envvar="OMDB_API_URL", help="OMDb's API address.")
@click.option("--artwork/--no-artwork", default=None, help="Copy local artwork and download TMDB's.")
@click.option("--probe/--no-probe", default=None, help="Analyse video files with ffprobe.")
@click.option("--write-nfo/--no-write-nfo", default=None, help="Write NFO files for media servers.")
@click.option("--deploy", type=click.Choice(("none", "netlify", "github")), help="Write this host's deploy files.")
@click.option("--scan/--no-scan", "scan", default=None, help="Scan the library when done.")
@click.option("--yes", "-y", is_flag=True, help="Ask nothing: flags, then current settings, then defaults.")
def init(folder, site_name, libraries, content_dir, online, tmdb_key, omdb_key, tmdb_api_url, omdb_api_url,
         artwork, probe, write_nfo, deploy, scan, yes) -> int:
    """Set up (or change) a MovieVault site, asking a few questions."""
    from ..setup import config_file, deploy as deploy_files, envfile
    from ..setup.answers import DEPLOY_TARGETS, Answers, from_config
    from ..setup.keys import check_omdb, check_tmdb, tmdb_variable
    from ..site.config_moved import MOVED, SHORT_FORMS

    base = Path(folder)
    if base.exists() and not base.is_dir():
        raise UserError(f"{folder}: not a folder")
    config_path = base / "mkdocs.yml"
    config = config_file.load(config_path)
    for old, new in config_file.migrate(config_file.plugin_block(config), MOVED, SHORT_FORMS):
        click.echo(f"  moved      `{old}` to `{new}` (the old key is deprecated)")
    current = from_config(base, config_file.plugin_block(config),
                          config.get("site_name") if config_path.is_file() else None)
    ask = Asker(interactive=not yes and sys.stdin.isatty())
    envfile.load(base)
    a = Answers(site_name=ask.text("Site name", current.site_name, site_name))
    a.libraries = ask_libraries(ask, base, current.libraries, libraries)
    a.content_dir = ask.text("Content folder (the Markdown, committed to git)", current.content_dir, content_dir)
    a.online = ask.yes_no("Fetch metadata online (TMDB, OMDb)?", current.online, online)
    if a.online:
        a.tmdb_key = ask_key(ask, "TMDB", tmdb_key, check_tmdb, tmdb_api_url)
        a.omdb_key = ask_key(ask, "OMDb", omdb_key, check_omdb, omdb_api_url)
    a.artwork = ask.yes_no("Copy local artwork and download posters?", current.artwork, artwork)
    a.probe = ask.yes_no("Analyse video files with ffprobe?", current.probe, probe)
    a.write_nfo = ask.yes_no("Write NFO files for Kodi/Jellyfin/Plex?", current.write_nfo, write_nfo)
    a.deploy = ask.choice("Deploy to", DEPLOY_TARGETS, current.deploy, deploy)

    base.mkdir(parents=True, exist_ok=True)
    names = config_file.key_names(a)
    for provider, variables in (("tmdb", ("TMDB_API_KEY", "TMDB_READ_ACCESS_TOKEN")), ("omdb", ("OMDB_API_KEY",))):
        known = next((v for v in variables if os.environ.get(v)), None)
        if a.online and provider not in names and known:
            names[provider] = known       # already in the environment or .env: referenced
    config_file.apply(config, a, names)
    report = [("mkdocs.yml", config_file.write(config_path, config))]
    secrets = {tmdb_variable(a.tmdb_key): a.tmdb_key} if a.tmdb_key else {}
    secrets.update({"OMDB_API_KEY": a.omdb_key} if a.omdb_key else {})
    if secrets:
        report.append((".env", envfile.store(base, secrets)))
    report.append((".gitignore", _gitignore(base)))
    report.append((_home_page(base, config, a.site_name)))
    placed = deploy_files.write(base, deploy_files.files_for(a.deploy))
    report += [(rel, True) for rel in placed.written] + [(rel, False) for rel in placed.same]
    for rel, changed in report:
        if rel:
            click.echo(f"  {'wrote' if changed else 'unchanged'}  {rel}")
    for rel in placed.kept:
        click.echo(f"  kept       {rel} (yours differs from ours; delete it to get ours)")
    if secrets:
        click.echo("API keys are in .env (not committed); mkdocs.yml names them with !ENV. "
                   "On a server or in CI, set " + " and ".join(sorted(secrets)) + " in the environment instead.")
    if a.libraries and ask.yes_no("Scan the library now?", True, scan if scan is not None else (None if ask.interactive else False)):
        _first_scan(config_path)
    click.echo(f"Done. Build the site with `mkdocs build` in {base.resolve()} (preview: `mkdocs serve`).")
    return 0


GITIGNORE = ("site/", ".cache/", ".env")


def _gitignore(base: Path) -> bool:
    path = base / ".gitignore"
    lines = path.read_text("utf-8").splitlines() if path.is_file() else []
    missing = [line for line in GITIGNORE if line not in lines and f"/{line}" not in lines]
    if not missing:
        return False
    path.write_text("\n".join(lines + missing) + "\n", encoding="utf-8")
    return True


def _home_page(base: Path, config, site_name: str) -> tuple[str, bool]:
    from importlib import resources
    docs = base / str(config.get("docs_dir") or "docs")
    page = docs / "index.md"
    rel = page.relative_to(base).as_posix()
    if page.exists():
        return rel, False
    text = resources.files("movievault_build.setup").joinpath("files/index.md").read_text("utf-8")
    docs.mkdir(parents=True, exist_ok=True)
    # a JSON string is a YAML scalar: a name with quotes or colons stays one title
    page.write_text(text.replace("{site_name}", json.dumps(site_name)), encoding="utf-8")
    return rel, True


def _first_scan(config_path: Path) -> None:
    from ..scan import pipeline
    from .context import Progress, load_settings

    settings = load_settings(str(config_path))
    with Progress() as progress:
        report = pipeline.scan(settings, progress=progress)
    click.echo(report.summary())


COMMANDS = (init,)
