"""The rules every file in the cache folder follows: each is derived, so one that is
damaged, truncated, a folder, a FIFO or a symlink is moved aside (`set_aside`, one
warning) and made again — never trusted, never a crash. Files the build hands to site/ as
links are sealed with a fixed mtime (`seal`), so one edited in place through site/ is
known as changed and made again instead of being served to every later build."""
from __future__ import annotations

import os
import stat
from pathlib import Path

from ..errors import ReadError
from ..fsutil import file_kind, read_regular
from ..log import get_logger, safe_path

log = get_logger("cache")
SEALED_NS = 946_684_800 * 10**9   # 2000-01-01T00:00:00Z: the mtime of every sealed cache file


def set_aside(path: str | os.PathLike[str], reason: str) -> Path | None:
    """Move a damaged cache file (and its SQLite side files) out of the way, saying so once;
    returns where it went (None if even that failed: then it is removed if it can be)."""
    path = Path(path)
    try:
        mode = os.lstat(path).st_mode
    except OSError:
        return None
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):     # never a cache file: a path resolved too far
        raise ReadError(path, f"is {file_kind(mode)} where a cache file belongs; not touching it")
    target, n = path.with_name(f"{path.name}.broken"), 1
    while os.path.lexists(target):
        n += 1
        target = path.with_name(f"{path.name}.broken{n}")
    try:
        os.rename(path, target)
    except OSError:
        target = None
        try:
            os.unlink(path)
        except OSError:
            pass
    for suffix in ("-wal", "-shm", "-journal"):
        side = Path(f"{path}{suffix}")
        if os.path.lexists(side) and not os.path.isdir(side):
            try:
                os.rename(side, f"{target}{suffix}") if target else os.unlink(side)
            except OSError:
                pass
    where = f"moved aside to {target.name}" if target else "removed"
    log.warning("%s: damaged cache (%s); %s and made again", safe_path(path), reason, where)
    return target


def ready_cache_file(path: str | os.PathLike[str]) -> None:
    """Make way for a cache file: whatever stands at `path` that is not a regular file (a
    folder, a symlink, a FIFO …) is set aside."""
    try:
        st = os.lstat(path)
    except OSError:
        return
    if not stat.S_ISREG(st.st_mode):
        set_aside(path, f"{file_kind(st.st_mode)} where a file belongs")


def read_cache_file(path: str | os.PathLike[str], limit: int) -> bytes | None:
    """A cache file's bytes, or None when there is none; a folder, FIFO, symlink or an
    oversized file there is set aside (and None returned). Never blocks on a FIFO."""
    ready_cache_file(path)
    try:
        return read_regular(path, limit)
    except ReadError as exc:
        if os.path.lexists(path):
            set_aside(path, exc.reason)
        return None



def seal(path: str | os.PathLike[str]) -> None:
    """Give a cache file that site/ will link to the fixed mtime `sealed` looks for."""
    os.utime(path, ns=(SEALED_NS, SEALED_NS), follow_symlinks=False)


def sealed(st: os.stat_result) -> bool:
    """Whether an lstat result is a sealed cache file as written: regular, not empty, and
    not modified since (an edit in place, through a link in site/, changes the mtime)."""
    return stat.S_ISREG(st.st_mode) and st.st_size > 0 and st.st_mtime_ns == SEALED_NS
