"""Values a process keeps between its builds while their cache files stay as it left them.

`mkdocs serve` rebuilds in one process, and each rebuild read back what the last one had
just written: the movie snapshot (10,000 Movie objects unpickled) and the scan state (a
row per candidate, movie and folder). Here a loaded or written value is kept beside the
identity of the file(s) it came from — inode, size and mtime of each (an atomic write
renames a new file in place, so every write gives a new inode) — and given back while
they are the same. A file changed by anyone else, or gone, is read again.

A value is taken, not shared: `take` removes it, so a caller that changes it in place
(the scan state) and then fails cannot leave a changed value under an unchanged file;
it puts the value back with `keep` once its file is written again.

Only a process that builds again keeps anything (`between_builds(True)`, which the plugin
asks for under `mkdocs serve`): in a one-off build or scan a kept scan state would only
hold its memory to the end.
"""
from __future__ import annotations

import os
from typing import Any

_KEPT: dict[str, tuple[tuple, Any]] = {}
_ON = [False]


def between_builds(on: bool) -> None:
    """Keep values from now on (or not, and forget those kept)."""
    _ON[0] = on
    if not on:
        _KEPT.clear()


def file_ids(path: os.PathLike | str, *beside: os.PathLike | str) -> tuple | None:
    """(inode, size, mtime_ns) of each file (None for one that is not there, and for an
    empty file beside the first); None when none is there. An empty file beside is as
    good as none: SQLite's write-ahead log is one, and a reader that may not remove it
    (read-only, as the health report opens the scan state) leaves it empty behind the
    writer that did; empty, it holds nothing the database file does not."""
    ids = []
    for i, one in enumerate((path, *beside)):
        try:
            st = os.stat(one)
        except OSError:
            ids.append(None)
            continue
        ids.append(None if i and not st.st_size else (st.st_ino, st.st_size, st.st_mtime_ns))
    return tuple(ids) if any(ids) else None


def take(path: os.PathLike | str, *beside: os.PathLike | str) -> Any:
    """The value kept for `path` (with the files `beside` it, read together), or None when
    none is kept or one of the files changed since. Taking it drops it."""
    kept = _KEPT.pop(os.fspath(path), None)
    if kept is None:
        return None
    ids, value = kept
    return value if ids == file_ids(path, *beside) else None


def keep(path: os.PathLike | str, value: Any, *beside: os.PathLike | str) -> None:
    """Keep `value` as what `path` (and the files `beside` it) now hold."""
    ids = file_ids(path, *beside) if _ON[0] else None
    if ids is None:
        _KEPT.pop(os.fspath(path), None)
    else:
        _KEPT[os.fspath(path)] = (ids, value)


def forget(path: os.PathLike | str) -> None:
    _KEPT.pop(os.fspath(path), None)


def clear() -> None:
    """Forget every kept value: what is loaded next is read from its file."""
    _KEPT.clear()
