"""Atomic writes: a temp file in the target's folder, fsync, then rename over it.
A killed process leaves either the old file or the new one, never half of one; reads
that refuse what is not a regular file; paths checked to stay inside their folder.
The cache folder's own rules live in the cache room (cache/rules.py)."""
from __future__ import annotations

import ctypes
import os
import stat
import tempfile
from pathlib import Path
from typing import Callable

from .errors import ReadError
from .process.checkpoints import checkpoint


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
        self.adopt([(path, _write_temp(path, data))])

    def adopt(self, written: list[tuple[Path, str]]) -> None:
        """Take (target, temp file) pairs written beside their targets elsewhere (another
        batch's `hand_over`, in a worker process) as this batch's own writes."""
        for path, tmp in written:
            old = self._pending.pop(path, None)
            if old:
                _unlink(old)
            self._pending[path] = tmp

    def hand_over(self) -> list[tuple[Path, str]]:
        """The written, uncommitted (target, temp file) pairs, given up for another batch to
        `adopt` and commit; nothing waits on them here any more."""
        written, self._pending, self._after = list(self._pending.items()), {}, []
        return written

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
    return read_stamped(path, limit)[0]


Stamp = tuple[int, int]     # (size, mtime_ns) of an open file


def read_stamped(path: str | os.PathLike[str], limit: int) -> tuple[bytes, Stamp | None]:
    """`read_regular`, and the file's stamp from the open file: None when the file changed
    while it was read (then only the bytes themselves say what was read)."""
    chunks: list[bytes] = []
    stamp = feed_regular(path, limit, chunks.append)
    return b"".join(chunks), stamp


def feed_regular(path: str | os.PathLike[str], limit: int, sink: Callable[[bytes], object],
                 block: int = 1 << 20) -> Stamp | None:
    """`read_regular` in blocks of `block` bytes handed to `sink` (a hasher's update), so a
    big file is never whole in memory. Returns the stamp as `read_stamped` does."""
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
        total = 0
        try:
            while total <= limit and (data := fh.read(min(block, limit + 1 - total))):
                total += len(data)
                if total <= limit:
                    sink(data)
        except OSError as exc:
            raise ReadError(path, f"cannot read ({exc.strerror or exc})") from None
        if total > limit:      # grew while it was read
            raise ReadError(path, f"too large (over {limit:,} bytes)")
        after = os.fstat(fh.fileno())
    stamp = (st.st_size, st.st_mtime_ns)
    return stamp if stamp == (after.st_size, after.st_mtime_ns) else None


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
