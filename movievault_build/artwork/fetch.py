"""Getting artwork bytes without letting an NFO point us somewhere we should not go.

An NFO's `<thumb>` is untrusted input: it may name `/etc/passwd`, `../../other-user`,
or `http://169.254.169.254/` (cloud metadata). So: local paths must resolve (symlinks
included) inside a library root; URLs must be http(s) and resolve to public addresses
unless the host is explicitly allowed, and the connection goes to the address checked;
every hop of a redirect is checked again; bodies are streamed under a size cap and must
say they are images (all in the HTTP room: providers/http.py `get_untrusted`,
providers/url_guard.py).
"""
from __future__ import annotations

import re
import stat
from pathlib import Path

from ..errors import ReadError
from ..fsutil import read_regular
from ..log import get_logger
from ..providers.base import ProviderSettings
from ..providers.http import HttpClient
from ..providers.url_guard import FetchSettings, Resolver, address_problem, system_resolver

__all__ = ["FetchSettings", "SafeFetcher", "address_problem", "local_path_inside"]

log = get_logger(__name__)

# "scheme://…", or a scheme that needs no "//". One letter (C:\\) is a drive, and
# "Alien:poster.jpg" is a file name.
_URL = re.compile(r"^(?P<scheme>[A-Za-z][A-Za-z0-9+.-]+)://|^(?P<bare>data|file|javascript|mailto|blob):",
                  re.IGNORECASE)


class SafeFetcher:
    """`get(src, roots, movie_dir)` -> bytes, or `ReadError(src, reason)`. URLs go through
    the one HTTP client's guarded GET; `resolver` turns a host name into addresses (tests
    give their own; see providers/url_guard.py)."""

    def __init__(self, settings: FetchSettings | None = None, resolver: Resolver = system_resolver):
        self.settings = settings or FetchSettings()
        self._resolver = resolver
        self._http = HttpClient(ProviderSettings(), cached=False)   # opens no session for guarded GETs

    def close(self) -> None:
        self._http.close()      # every guarded request has its own connection, closed once read

    def get(self, src: str, roots: list[Path], movie_dir: Path) -> bytes:
        """Bytes of `src`: an http(s) URL, or a local path (absolute, or relative to
        `movie_dir`) inside one of `roots`. Anything else is a ReadError."""
        text = src.strip()
        m = _URL.match(text)
        if m is None:   # "Alien:poster.jpg" is a file name, not a URL
            return self._get_local(src, text, roots, movie_dir)
        scheme = (m["scheme"] or m["bare"]).lower()
        if scheme not in ("http", "https"):
            raise ReadError(src, f"refused: scheme {scheme}: is not http(s) or a local path")
        return self._http.get_untrusted(text, self.settings, self._resolver)

    def _get_local(self, src: str, text: str, roots: list[Path], movie_dir: Path) -> bytes:
        path = local_path_inside(text, roots, movie_dir)
        try:
            return read_regular(path, self.settings.max_bytes)
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
