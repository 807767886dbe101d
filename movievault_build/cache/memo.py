"""Memos: plain values a stage keeps for the next run (marshal loads them fast and runs no
code), whole or under the key of what they were made from."""
from __future__ import annotations

import marshal
from pathlib import Path
from collections.abc import Sequence
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


_UNREAD = object()


class DamagedEntry(ValueError):
    """A `PerEntry` entry that is not marshal bytes: the memo it came from is damaged."""


class PerEntry(Sequence):
    """A list kept in a memo as each entry's marshal bytes, read on first use: loading the
    memo costs one bytes object per entry, not every tuple and float inside them, and a
    run that reaches a few entries reads (and, with `entries`, writes again) only those.
    Setting an entry keeps the value; `entries` gives the bytes to keep, unset entries'
    as they were read."""

    __slots__ = ("_kept", "_read", "_set")

    def __init__(self, kept: list[bytes], read: dict[int, Any] | None = None, set_: set[int] | None = None) -> None:
        self._kept, self._read, self._set = kept, read if read is not None else {}, set_ if set_ is not None else set()

    @classmethod
    def of(cls, kept: object) -> "PerEntry | None":
        """The entries `entries` gave, or None when `kept` is not a list of bytes."""
        if isinstance(kept, list) and all(type(b) is bytes for b in kept):
            return cls(kept)
        return None

    def __len__(self) -> int:
        return len(self._kept)

    def __getitem__(self, i):
        if isinstance(i, slice):
            return [self[j] for j in range(*i.indices(len(self)))]
        if i < 0:
            i += len(self._kept)
        found = self._read.get(i, _UNREAD)
        if found is _UNREAD:
            try:
                found = self._read[i] = marshal.loads(self._kept[i])
            except (ValueError, EOFError, TypeError) as exc:
                raise DamagedEntry(f"entry {i}: {exc}") from None
        return found

    def __setitem__(self, i: int, value: Any) -> None:
        self._kept[i]                   # IndexError past the end, as a list
        self._read[i] = value
        self._set.add(i)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Sequence) and list(self) == list(other)

    __hash__ = None                     # type: ignore[assignment]

    def copy(self) -> "PerEntry":
        """Another list of the same entries, set apart from this one's."""
        return PerEntry(self._kept, dict(self._read), set(self._set))

    def entries(self) -> list[bytes]:
        """Each entry's marshal bytes, for the memo: only the entries set are made again."""
        kept = list(self._kept)
        for i in self._set:
            kept[i] = marshal.dumps(self._read[i])
        return kept


def per_entry(values: Sequence) -> list[bytes]:
    """A list's entries as `PerEntry` keeps them."""
    return values.entries() if isinstance(values, PerEntry) else [marshal.dumps(v) for v in values]
