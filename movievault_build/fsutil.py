"""Atomic writes: a temp file in the target's folder, fsync, then rename over it.
A killed process leaves either the old file or the new one, never half of one.

And the rules every file in the cache folder follows: each is derived, so one that is
damaged, truncated, a folder, a FIFO or a symlink is moved aside (`set_aside`, one
warning) and made again — never trusted, never a crash. Files the build hands to site/ as
links are sealed with a fixed mtime (`seal`), so one edited in place through site/ is
known as changed and made again instead of being served to every later build."""
from __future__ import annotations

import ctypes
import marshal
import os
import sqlite3
import stat
import tempfile
from pathlib import Path
from typing import Any, Callable

from .process.checkpoints import checkpoint

from .errors import ReadError
from .log import get_logger, safe_path

log = get_logger("cache")
MEMO_MAX = 1 << 30            # bytes: a memo larger than this is not one we wrote
SEALED_NS = 946_684_800 * 10**9   # 2000-01-01T00:00:00Z: the mtime of every sealed cache file


def _mode_for(path: Path) -> int:
    """An existing file keeps its mode; a new one gets 0666 less the umask (as open() would),
    not mkstemp's owner-only 0600, so web servers and other users can read the output."""
    try:
        return os.stat(path).st_mode & 0o7777
    except FileNotFoundError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def atomic_write_bytes(path: Path, data: bytes, durable: bool = True, batch: WriteBatch | None = None) -> None:
    """`durable=False` skips the fsync: for derived caches that treat an empty file as
    missing (all a crash can leave under the real name), where fsync dominates the cost.
    With a `batch`, the file is written beside its target and put in place, durably, when
    the batch commits."""
    if batch is not None:
        batch.write(Path(path), data)
        return
    tmp = _write_temp(Path(path), data)
    try:
        if durable:
            _fsync_path(tmp)
        os.replace(tmp, path)
    except BaseException:
        _unlink(tmp)
        raise


def _write_temp(path: Path, data: bytes) -> str:
    """`data` in a new temp file beside `path` (`.name.XXXX.tmp`: what scans sweep up),
    with the mode `path` has or would get; not yet synced."""
    path.parent.mkdir(parents=True, exist_ok=True)
    mode = _mode_for(path)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            os.fchmod(fh.fileno(), mode)
    except BaseException:
        _unlink(tmp)
        raise
    return tmp


def _fsync_path(path: str | os.PathLike[str]) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _unlink(path: str) -> None:
    try:
        os.unlink(path)
    except FileNotFoundError:
        pass


def _libc_syncfs() -> Callable[[int], int] | None:
    try:
        return ctypes.CDLL(None, use_errno=True).syncfs
    except (OSError, AttributeError):      # not Linux: each file is synced by itself
        return None


_SYNCFS = _libc_syncfs()


class WriteBatch:
    """Atomic, durable writes made durable together. Each file goes at once to a temp file
    beside its target; `commit()` syncs them all, renames each over its target, syncs the
    renames, then runs what waited on them (`after`: recording what was written). The
    promise is atomic_write_bytes's — a crash leaves each file old or new, never half of
    one, and nothing is recorded before its file is durable — at the cost of two syncs of
    the file system (Linux `syncfs`) per batch instead of one fsync per file; elsewhere each
    file and then each folder is fsynced by itself."""

    def __init__(self) -> None:
        self._pending: dict[Path, str] = {}      # target -> its temp file
        self._after: list[Callable[[], None]] = []

    def __len__(self) -> int:
        return len(self._pending)

    def pending(self, path: Path) -> bool:
        return Path(path) in self._pending

    def write(self, path: Path, data: bytes) -> None:
        path = Path(path)
        tmp = _write_temp(path, data)
        old = self._pending.pop(path, None)
        if old:
            _unlink(old)
        self._pending[path] = tmp

    def after(self, done: Callable[[], None]) -> None:
        """Run `done` once this batch's files are in place and durable."""
        self._after.append(done)

    def commit(self) -> None:
        pending, after = list(self._pending.items()), self._after
        self._pending, self._after = {}, []
        try:
            self._sync([tmp for _path, tmp in pending])
            for path, tmp in pending:
                os.replace(tmp, path)
                checkpoint("renamed")
        except BaseException:
            for _path, tmp in pending:
                if os.path.lexists(tmp):
                    _unlink(tmp)
            raise
        self._sync(sorted({str(path.parent) for path, _tmp in pending}))
        for done in after:
            done()

    def discard(self) -> None:
        """Drop the writes not yet committed (their temp files go; targets stay as they were)."""
        for tmp in self._pending.values():
            _unlink(tmp)
        self._pending, self._after = {}, []

    @staticmethod
    def _sync(paths: list[str]) -> None:
        if not paths:
            return
        if _SYNCFS is None:
            for path in paths:
                _fsync_path(path)
            return
        fd = os.open(paths[0], os.O_RDONLY)
        try:
            if _SYNCFS(fd) != 0:
                err = ctypes.get_errno()
                raise OSError(err, os.strerror(err), paths[0])
        finally:
            os.close(fd)


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


# -- the cache folder's rules ---------------------------------------------------------------
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


def connect_cache_db(path: str | os.PathLike[str], setup: Callable[[sqlite3.Connection], None],
                     **connect: Any) -> sqlite3.Connection:
    """An SQLite cache, opened and set up (`setup` runs its PRAGMAs and schema); a damaged
    one (not a database, truncated, a folder, a symlink) is set aside and begun afresh."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    ready_cache_file(path)
    for last in (False, True):
        db = sqlite3.connect(path, **connect)
        try:
            setup(db)
            db.execute("SELECT count(*) FROM sqlite_master").fetchone()
            return db
        except sqlite3.DatabaseError as exc:
            db.close()
            if last:
                raise
            set_aside(path, str(exc))
    raise AssertionError("unreachable")


def check_cache_db(path: str | os.PathLike[str]) -> None:
    """For an SQLite cache another library opens (requests-cache): set it aside first if
    it is damaged, so that library starts a fresh one instead of failing."""
    if os.path.lexists(path):
        connect_cache_db(path, lambda db: None).close()


def seal(path: str | os.PathLike[str]) -> None:
    """Give a cache file that site/ will link to the fixed mtime `sealed` looks for."""
    os.utime(path, ns=(SEALED_NS, SEALED_NS), follow_symlinks=False)


def sealed(st: os.stat_result) -> bool:
    """Whether an lstat result is a sealed cache file as written: regular, not empty, and
    not modified since (an edit in place, through a link in site/, changes the mtime)."""
    return stat.S_ISREG(st.st_mode) and st.st_size > 0 and st.st_mtime_ns == SEALED_NS


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


def atomic_write_text(path: Path, text: str, batch: WriteBatch | None = None) -> None:
    atomic_write_bytes(path, text.encode("utf-8"), batch=batch)


def write_if_changed(path: Path, data: bytes, batch: WriteBatch | None = None) -> bool:
    """Write only when the bytes differ, so unchanged files keep their mtime."""
    try:
        if not (batch and batch.pending(path)) and Path(path).read_bytes() == data:
            return False
    except FileNotFoundError:
        pass
    atomic_write_bytes(path, data, batch=batch)
    return True


def write_inside(base: Path, rel: str, data: bytes, batch: WriteBatch | None = None) -> bool:
    """write_if_changed for `base/rel`, refused (ReadError) when a symlink on the way from
    `base` would carry the write elsewhere: content/ is committed, and a pull request can
    commit a symlink as easily as a file."""
    path = Path(base) / rel
    if not relative_inside(rel) or not inside(base, path, last_may_link=True):
        raise ReadError(path, "refused: a symlink (or ..) on the way leads out of its folder; not written")
    return write_if_changed(path, data, batch)


def write_output(path: Path, data: bytes) -> None:
    """A derived output file (site/): no fsync, since a crash means rebuilding anyway."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)


def read_regular(path: str | os.PathLike[str], limit: int) -> bytes:
    """The bytes of a regular file of at most `limit` bytes, or ReadError saying what it is
    instead: a folder, a FIFO or a device (a link to /dev/zero …), or too big. Opened
    without blocking, so a FIFO where a file should be cannot hang the run."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except OSError as exc:
        raise ReadError(path, f"cannot read ({exc.strerror or exc})") from None
    st = os.fstat(fd)
    if not stat.S_ISREG(st.st_mode):
        os.close(fd)
        raise ReadError(path, f"is {file_kind(st.st_mode)}, not a regular file")
    with os.fdopen(fd, "rb") as fh:
        if st.st_size > limit:
            raise ReadError(path, f"too large ({st.st_size:,} bytes; the limit is {limit:,})")
        try:
            data = fh.read(limit + 1)
        except OSError as exc:
            raise ReadError(path, f"cannot read ({exc.strerror or exc})") from None
    if len(data) > limit:      # grew while it was read
        raise ReadError(path, f"too large (over {limit:,} bytes)")
    return data


def file_kind(mode: int) -> str:
    """What a stat mode is, for a message."""
    for test, name in ((stat.S_ISDIR, "a folder"), (stat.S_ISFIFO, "a FIFO"), (stat.S_ISCHR, "a character device"),
                       (stat.S_ISBLK, "a block device"), (stat.S_ISSOCK, "a socket"), (stat.S_ISLNK, "a symlink")):
        if test(mode):
            return name
    return "not a regular file"


def inside(base: str | os.PathLike[str], path: str | os.PathLike[str], *, last_may_link: bool = False) -> bool:
    """Whether `path` lies under `base` with no symlink on the way from `base` to it (the
    base itself may be one; with `last_may_link`, so may the final name). `..` and
    absolute detours are judged after normalising, so they count only if they stay in."""
    base_abs = os.path.abspath(base)
    rel = os.path.relpath(os.path.abspath(path), base_abs)
    if rel == os.curdir or rel == os.pardir or rel.startswith(os.pardir + os.sep) or os.path.isabs(rel):
        return False
    parts = rel.split(os.sep)
    here = base_abs
    for i, part in enumerate(parts):
        here = os.path.join(here, part)
        if os.path.islink(here) and not (last_may_link and i == len(parts) - 1):
            return False
    return True


def relative_inside(rel: str) -> bool:
    """Whether a stored relative path (posix) stays below whatever it is relative to."""
    if not rel or rel.startswith(("/", "\\")) or "\x00" in rel or (len(rel) > 1 and rel[1] == ":"):
        return False
    depth = 0
    for part in rel.replace("\\", "/").split("/"):
        depth += -1 if part == ".." else 0 if part in ("", ".") else 1
        if depth < 0:
            return False
    return True
