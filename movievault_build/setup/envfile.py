"""API keys live in the environment, or in a `.env` file beside mkdocs.yml (never
committed: init adds it to .gitignore). mkdocs.yml names them with `!ENV`.

`load()` puts a `.env`'s values into the environment for this process without replacing
what is already set, before mkdocs.yml's `!ENV` tags are read (the CLI) or the providers
start (a build)."""
from __future__ import annotations

import os
from pathlib import Path

from dotenv import dotenv_values, set_key

NAME = ".env"


def load(folder: Path) -> None:
    path = Path(folder) / NAME
    if not path.is_file():
        return
    for key, value in dotenv_values(path).items():
        if value is not None and key not in os.environ:
            os.environ[key] = value


def store(folder: Path, values: dict[str, str]) -> bool:
    """Set these variables in `.env` (other lines kept); owner-only permissions.
    Returns whether anything changed."""
    path = Path(folder) / NAME
    current = dotenv_values(path) if path.is_file() else {}
    todo = {k: v for k, v in values.items() if current.get(k) != v}
    if not todo:
        return False
    if not path.exists():
        path.touch(mode=0o600)
    for key, value in todo.items():
        set_key(str(path), key, value, quote_mode="never")
    os.chmod(path, 0o600)
    return True
