"""Reading an image from the local disk for the artwork sources: only a path (absolute, or
relative to the movie's folder) that resolves, symlinks included, inside a library root.
Kept apart from fetch.py, which adds URLs: a scan whose masters all come from the disk
never imports the HTTP stack (a tenth of a second, in the scan and in each of its workers).
"""
from __future__ import annotations

import re
import stat
from pathlib import Path

from ..errors import ReadError
from ..fsutil import read_regular

# "scheme://…", or a scheme that needs no "//". One letter (C:\\) is a drive, and
# "Alien:poster.jpg" is a file name.
URL = re.compile(r"^(?P<scheme>[A-Za-z][A-Za-z0-9+.-]+)://|^(?P<bare>data|file|javascript|mailto|blob):",
                 re.IGNORECASE)


def is_local(src: str) -> bool:
    """Whether `src` names a file rather than a URL (of any scheme)."""
    return URL.match(src.strip()) is None


def read_local(src: str, roots: list[Path], movie_dir: Path, max_bytes: int) -> bytes:
    """The bytes of the local file `src` names, or ReadError(src, reason)."""
    path = local_path_inside(src.strip(), roots, movie_dir)
    try:
        return read_regular(path, max_bytes)
    except ReadError as exc:
        raise ReadError(src, exc.reason) from None


def local_path_inside(src: str, roots: list[Path], movie_dir: Path) -> Path:
    """`src` (absolute, or relative to `movie_dir`) resolved with symlinks, if it lies
    inside one of `roots`; otherwise ReadError. Outside paths are refused before we
    look whether they exist, so a refusal says nothing about the rest of the disk."""
    raw = Path(src)
    candidate = raw if raw.is_absolute() else movie_dir / raw
    try:
        real = candidate.resolve()
        real_roots = [r.resolve() for r in roots]
    except (OSError, RuntimeError, ValueError) as exc:   # ValueError: a NUL in the name
        raise ReadError(src, f"cannot resolve: {exc}") from None
    if not any(real.is_relative_to(r) for r in real_roots):
        raise ReadError(src, "refused: outside the library roots")
    try:
        st = real.stat()
    except FileNotFoundError:
        raise ReadError(src, "not found") from None
    except OSError as exc:            # a name too long, a loop …
        raise ReadError(src, f"cannot read: {exc.strerror or exc}") from None
    if not stat.S_ISREG(st.st_mode):
        raise ReadError(src, "not a regular file")
    return real
