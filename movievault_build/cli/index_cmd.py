"""`movievault index update|rebuild`: the SQLite index of content/."""
from __future__ import annotations

import click

from .context import echo
from .library_context import CONFIG, CONTENT, INDEX, load_library


@click.group("index")
def index_group() -> None:
    """The SQLite index of content/ (a cache: deleting it loses nothing)."""


@index_group.command("update")
@CONFIG
@CONTENT
@INDEX
def index_update(config_file, content, index_file) -> int:
    """Re-index only the content files that changed."""
    from ..vault.index import open_index

    lib = load_library(config_file, content, index_file)
    _db, report = open_index(lib.index_path, lib.content_dir)
    echo(report.summary())
    return 1 if report.problems else 0


@index_group.command("rebuild")
@CONFIG
@CONTENT
@INDEX
def index_rebuild(config_file, content, index_file) -> int:
    """Throw the index away and build it again from content/."""
    from ..vault.index import rebuild

    lib = load_library(config_file, content, index_file)
    _db, report = rebuild(lib.index_path, lib.content_dir)
    echo(f"{lib.index_path}: " + report.summary())
    return 1 if report.problems else 0


COMMANDS = (index_group,)
