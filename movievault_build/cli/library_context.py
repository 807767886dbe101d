"""What the library commands share: where content/ and the index are, and output."""
from __future__ import annotations

import json
import os
import sqlite3
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable, Mapping

import click

from ..settings import ScanSettings
from .context import echo

CONFIG = click.option("--config", "config_file", type=click.Path(dir_okay=False),
                      help="mkdocs.yml to read (default: ./mkdocs.yml).")
CONTENT = click.option("--content", type=click.Path(file_okay=False), help="The content folder.")
INDEX = click.option("--index", "index_file", type=click.Path(dir_okay=False),
                     help="The index file (default: .cache/movievault/index.sqlite by mkdocs.yml).")
JSON = click.option("--json", "as_json", is_flag=True, help="One JSON object per movie per line.")
LIBRARY = click.option("--library", "libraries", multiple=True, type=click.Path(file_okay=False),
                       help="A library root (repeatable); replaces mkdocs.yml's list.")
DRY_RUN = click.option("--dry-run", is_flag=True, help="Change nothing; say what would happen.")
USER = click.option("--user", "user", help="Whose state (default: the default user; see mkdocs.yml `users:`).")


@dataclass(frozen=True)
class Library:
    settings: ScanSettings
    index_path: Path

    @property
    def content_dir(self) -> Path:
        return self.settings.content_dir

    def open(self) -> sqlite3.Connection:
        """The index, refreshed from content/ (only changed files are read)."""
        from ..vault.index import open_index

        db, _report = open_index(self.index_path, self.content_dir)
        return db


def load_library(config_file: str | None, content: str | None, index_file: str | None = None) -> Library:
    from ..vault.index import DEFAULT_PATH
    from .context import load_settings

    path = Path(config_file or "mkdocs.yml")
    if path.is_file() or config_file:
        settings = load_settings(config_file, (), content)
    else:   # no mkdocs.yml: content/ alone is enough for library chores
        settings = ScanSettings(roots=(), content_dir=Path(content or "content").resolve())
    base = path.resolve().parent if path.is_file() else Path.cwd()
    index = Path(index_file) if index_file else settings.index_path or base / DEFAULT_PATH
    return Library(settings, Path(os.path.abspath(index)))   # a symlink there is the cache rules' to judge


def movie_json(record: Mapping[str, Any]) -> str:
    keys = ("slug", "title", "year", "ids", "rating", "user_rating", "runtime", "genres", "watched",
            "favorite", "tags")
    return json.dumps({k: record.get(k) for k in keys}, ensure_ascii=False)


def movie_line(record: Mapping[str, Any]) -> str:
    year = f" ({record['year']})" if record.get("year") else ""
    rating = f"  ★ {record['rating']:g}" if record.get("rating") is not None else ""
    return f"{record['title']}{year}{rating}  [{record['slug']}]"


def echo_movies(records: Iterable[Mapping[str, Any]], as_json: bool) -> int:
    count = 0
    for record in records:
        echo(movie_json(record) if as_json else movie_line(record))
        count += 1
    return count


def parse_query(text: str):
    """The query's parse tree; a bad term gets its caret on stderr and the error goes on up."""
    from ..vault.query import QueryError, parse
    try:
        return parse(text)
    except QueryError as exc:
        show_query_error(exc)
        raise


def show_query_error(exc: Exception) -> None:
    """Put a caret under the bad term before main() prints the one-line message."""
    caret = getattr(exc, "caret", None)
    if caret and len(getattr(exc, "query", "")) <= 200:     # a caret under a huge query helps nobody
        echo(caret(), err=True)


def project_paths(config_file: str | None, content_dir: Path) -> tuple[Path, Path | None]:
    """The folder archive names are relative to, and the mkdocs.yml to include."""
    config = Path(config_file or "mkdocs.yml")
    if config.is_file():
        return config.resolve().parent, config.resolve()
    return content_dir.resolve().parent, None


def echo_moves(report, verb: str, *, show_source: bool = True, err: bool = False) -> None:
    """One line per moved file, then one error line per refused file."""
    for src, dest in report.moved:
        echo(f"{verb} {src} -> {dest}" if show_source else f"{verb} {dest}", err=err)
    for line in report.refused:
        echo(f"movievault: {line}", err=True)


def other_user(lib: Library, user: str | None) -> str | None:
    """The named user when it is not the default one (whose state is the `user:` blocks)."""
    name = lib.settings.users.resolve(user)
    return None if name == lib.settings.users.default else name


def edit_user_state(lib: Library, user: str, slug: str, **changes) -> None:
    """Change one movie's state for one user (the default user's is its `user:` block)."""
    from dataclasses import replace

    from ..vault.users import edit_state
    edit_state(lib.content_dir, lib.settings.users, user, slug, lambda state: replace(state, **changes))


def movies_matching(config_file, content, query: str = ""):
    """The library's movies (warning about unreadable files), filtered by a query."""
    from ..store.library import load_movies
    from ..vault.query import QueryError, parse
    from ..vault.query_eval import predicate
    from ..vault.records import movie_record

    lib = load_library(config_file, content)
    try:
        test = predicate(parse(query))
    except QueryError as exc:
        show_query_error(exc)
        raise
    movies, problems = load_movies(lib.content_dir)
    for problem in problems:
        echo(f"warning: {problem}", err=True)
    return lib, [m for m in movies if test(movie_record(m))]
