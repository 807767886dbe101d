"""content/users/<name>.yml: the watch state of every user but the default one, one file
per user, one line per movie, so a git diff shows one line per change:

    # Watch state of bob, written by MovieVault (`movievault watchlist|favorite|rate --user`,
    # `movievault sync`). The default user's lives in each movie's `user:` block.
    user: bob
    movies:
      alien-1979: {watched: true, playcount: 2, lastplayed: "2024-05-01T20:11:00Z", rating: 8}
      heat-1995: {favorite: true}

The file is written whole, in slug order with a fixed key order (deterministic: the same
state always gives the same bytes). Entries for slugs no longer in content/ are kept: a
movie that comes back finds its state again.
"""
from __future__ import annotations

import json
import os
import re
from pathlib import Path
from typing import Any, Mapping

from ..errors import ReadError
from ..fsutil import atomic_write_text
from ..model import WATCH_KEYS, WatchState
from .document import _SAFE

USERS = "users"
NAME = re.compile(r"^[a-z0-9][a-z0-9_-]{0,39}$")
_PLAIN_KEY = re.compile(r"^[a-z0-9][a-z0-9-]*$")


def users_dir(content_dir: Path) -> Path:
    return Path(content_dir) / USERS


def user_file(content_dir: Path, user: str) -> Path:
    if not NAME.match(user):
        raise ValueError(f"{user!r} is not a user name (a-z, 0-9, '-', '_', at most 40)")
    return users_dir(content_dir) / f"{user}.yml"


def read_user(content_dir: Path, user: str) -> dict[str, WatchState]:
    """slug -> state; an absent file is an empty state. A damaged one is a ReadError
    naming it (and the sync and the commands then leave it alone)."""
    path = user_file(content_dir, user)
    try:
        text = path.read_text("utf-8")
    except FileNotFoundError:
        return {}
    except (OSError, UnicodeDecodeError) as exc:
        raise ReadError(path, f"cannot read ({exc})") from None
    try:
        data = _SAFE.load(text) or {}
    except Exception as exc:   # ruamel raises many YAMLError kinds and ValueErrors
        raise ReadError(path, f"invalid YAML: {' '.join(str(exc).split())[:200]}") from None
    movies = data.get("movies") if isinstance(data, Mapping) else None
    if not isinstance(data, Mapping) or not isinstance(movies or {}, Mapping):
        raise ReadError(path, "expected `user:` and a `movies:` mapping of slug -> state")
    if data.get("user") not in (None, user):
        raise ReadError(path, f"holds the state of {data.get('user')!r}, not {user!r}")
    out: dict[str, WatchState] = {}
    for slug, entry in (movies or {}).items():
        if not isinstance(entry, Mapping):
            raise ReadError(path, f"{slug}: expected a mapping of {', '.join(WATCH_KEYS)}")
        out[str(slug)] = WatchState.from_dict(entry)
    return out


def write_user(content_dir: Path, user: str, states: Mapping[str, WatchState]) -> bool:
    """Write the whole file; returns whether its bytes changed."""
    path = user_file(content_dir, user)
    text = dump_user(user, states)
    try:
        if path.read_text("utf-8") == text:
            return False
    except (OSError, UnicodeDecodeError):
        pass
    atomic_write_text(path, text)
    return True


def dump_user(user: str, states: Mapping[str, WatchState]) -> str:
    lines = [f"# Watch state of {user}, written by MovieVault (`movievault watchlist|favorite|rate --user`,",
             "# `movievault sync`). The default user's lives in each movie's `user:` block.",
             f"user: {user}", "movies:" + ("" if any(s.to_dict() for s in states.values()) else " {}")]
    for slug in sorted(states):
        entry = states[slug].to_dict()
        if entry:
            pairs = ", ".join(f"{k}: {_scalar(v)}" for k, v in entry.items())
            lines.append(f"  {_key(slug)}: {{{pairs}}}")
    return "\n".join(lines) + "\n"


def known_users(content_dir: Path) -> list[str]:
    folder = users_dir(content_dir)
    if not folder.is_dir():
        return []
    return sorted(n[:-4] for n in os.listdir(folder) if n.endswith(".yml") and NAME.match(n[:-4]))


def _key(slug: str) -> str:
    return slug if _PLAIN_KEY.match(slug) else json.dumps(slug, ensure_ascii=False)


def _scalar(value: Any) -> str:
    """JSON scalars are YAML flow scalars; strings always quoted (no YAML 1.1 surprises)."""
    return json.dumps(value, ensure_ascii=False)
