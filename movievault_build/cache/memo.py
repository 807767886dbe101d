"""Memos: plain values a stage keeps for the next run (marshal loads them fast and runs no
code), whole or under the key of what they were made from."""
from __future__ import annotations

import marshal
from pathlib import Path
from typing import Any

from ..fsutil import atomic_write_bytes
from .rules import read_cache_file, ready_cache_file, set_aside

MEMO_MAX = 1 << 30            # bytes: a memo larger than this is not one we wrote


def read_memo(path: Path, shape: type) -> Any:
    """A derived memo `write_memo` wrote, or None when it is absent, stale (not of `shape`)
    or damaged (then moved aside, with a warning); the caller works it out afresh."""
    data = read_cache_file(path, MEMO_MAX)
    if not data:                # absent, or empty (all a crash can leave under the real name)
        return None
    try:
        found = marshal.loads(data)
    except (ValueError, EOFError, TypeError) as exc:
        set_aside(path, f"unreadable ({exc})")
        return None
    return found if isinstance(found, shape) else None


def write_memo(path: Path, value: Any) -> None:
    """Plain values for a derived cache: marshal loads them fast and runs no code."""
    ready_cache_file(path)
    atomic_write_bytes(path, marshal.dumps(value), durable=False)


def recall(path: Path, key: str) -> Any:
    """The value `keep` last kept under `key` in `path`, or None (none kept, damaged, or
    kept under another key: its inputs changed). No key, no value."""
    last = read_memo(path, tuple) if key else None
    return last[1] if last and len(last) == 2 and last[0] == key else None


def keep(path: Path, key: str, value: Any) -> None:
    """Keep `value` under `key` (the digest of what it was made from) for the next build.
    A derived cache: a failed write costs the next build the work, nothing else."""
    if key:
        try:
            write_memo(path, (key, value))
        except (OSError, ValueError):
            pass
