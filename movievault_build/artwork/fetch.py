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

from pathlib import Path

from ..errors import ReadError
from ..log import get_logger
from ..providers.base import ProviderSettings
from ..providers.http import HttpClient
from ..providers.url_guard import FetchSettings, Resolver, address_problem, system_resolver
from .local_read import URL, local_path_inside, read_local

__all__ = ["FetchSettings", "SafeFetcher", "address_problem", "local_path_inside"]

log = get_logger(__name__)


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
        m = URL.match(text)
        if m is None:   # "Alien:poster.jpg" is a file name, not a URL
            return read_local(src, roots, movie_dir, self.settings.max_bytes)
        scheme = (m["scheme"] or m["bare"]).lower()
        if scheme not in ("http", "https"):
            raise ReadError(src, f"refused: scheme {scheme}: is not http(s) or a local path")
        return self._http.get_untrusted(text, self.settings, self._resolver)
