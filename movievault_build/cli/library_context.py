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
