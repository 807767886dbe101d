"""Getting artwork bytes without letting an NFO point us somewhere we should not go.

An NFO's `<thumb>` is untrusted input: it may name `/etc/passwd`, `../../other-user`,
or `http://169.254.169.254/` (cloud metadata). So: local paths must resolve (symlinks
included) inside a library root; URLs must be http(s) and resolve to public addresses
unless the host is explicitly allowed, and the connection goes to the address checked
(url_guard.py); every hop of a redirect is checked again; bodies are streamed under a
size cap and must say they are images.
"""
from __future__ import annotations

import re
import stat
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urljoin

import urllib3

from ..errors import ReadError
from ..fsutil import read_regular
from ..log import get_logger
from .url_guard import Resolver, Target, address_problem, check, open_target, system_resolver

__all__ = ["FetchSettings", "SafeFetcher", "address_problem", "local_path_inside"]

log = get_logger(__name__)

_REDIRECTS = (301, 302, 303, 307, 308)
# "scheme://…", or a scheme that needs no "//". One letter (C:\\) is a drive, and
# "Alien:poster.jpg" is a file name.
_URL = re.compile(r"^(?P<scheme>[A-Za-z][A-Za-z0-9+.-]+)://|^(?P<bare>data|file|javascript|mailto|blob):",
                  re.IGNORECASE)
_CHUNK = 64 * 1024


@dataclass(frozen=True)
class FetchSettings:
    allow_hosts: frozenset[str] = frozenset()   # host names or IPs allowed even if private
    max_bytes: int = 20 * 1024 * 1024
    timeout: float = 15.0                       # seconds, per connect and per read
    deadline: float = 60.0                      # seconds for a whole body (no slow drip)
    retries: int = 2                            # extra attempts on 5xx / timeouts
    backoff: float = 0.5                        # seconds, doubled per attempt
    max_redirects: int = 5
    user_agent: str = "MovieVault/0.1 (artwork)"


def _mb(n: int) -> str:
    return f"{n / (1024 * 1024):g} MB"


class SafeFetcher:
    """`get(src, roots, movie_dir)` -> bytes, or `ReadError(src, reason)`. `resolver` turns
    a host name into addresses (tests give their own; see url_guard.py)."""

    def __init__(self, settings: FetchSettings | None = None, resolver: Resolver = system_resolver):
        self.settings = settings or FetchSettings()
        self._allow = frozenset(h.strip("[]").casefold() for h in self.settings.allow_hosts)
        self._resolver = resolver

    def close(self) -> None:
        pass      # every request has its own connection, closed once read

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
        return self._get_url(text)

    # -- local files -------------------------------------------------------------------

    def _get_local(self, src: str, text: str, roots: list[Path], movie_dir: Path) -> bytes:
        path = local_path_inside(text, roots, movie_dir)
        try:
            return read_regular(path, self.settings.max_bytes)
        except ReadError as exc:
            raise ReadError(src, exc.reason) from None

    # -- URLs --------------------------------------------------------------------------

    def _get_url(self, url: str) -> bytes:
        current = url
        for hop in range(self.settings.max_redirects + 1):
            target = check(url, current, self._allow, self._resolver, redirected=hop > 0)   # before connecting
            pool, resp = self._request(url, target)
            try:
                location = resp.headers.get("location")
                if resp.status in _REDIRECTS and location:
                    current = urljoin(current, location)
                    continue
                return self._read_body(url, resp)
            finally:
                resp.release_conn()
                pool.close()
        raise ReadError(url, f"too many redirects (> {self.settings.max_redirects})")

    def _request(self, src: str, target: Target):
        s = self.settings
        for attempt in range(s.retries + 1):
            last = attempt == s.retries
            try:
                pool, resp = open_target(target, s.timeout, s.user_agent)
            except (urllib3.exceptions.TimeoutError, urllib3.exceptions.NewConnectionError,
                    urllib3.exceptions.ProtocolError) as exc:
                if last:
                    raise ReadError(src, f"network error: {_cause(exc)}") from None
            except urllib3.exceptions.HTTPError as exc:
                raise ReadError(src, f"request failed: {_cause(exc)}") from None
            else:
                if resp.status < 500:
                    if resp.status >= 400:
                        resp.release_conn()
                        pool.close()
                        raise ReadError(src, f"HTTP {resp.status}")
                    return pool, resp
                resp.release_conn()
                pool.close()
                if last:
                    raise ReadError(src, f"HTTP {resp.status} after {s.retries + 1} attempts")
            time.sleep(s.backoff * (2 ** attempt))
        raise AssertionError("unreachable")

    def _read_body(self, src: str, resp) -> bytes:
        ctype = resp.headers.get("content-type", "").split(";", 1)[0].strip().lower()
        if not ctype.startswith("image/"):
            raise ReadError(src, f"not an image: {ctype or 'no Content-Type'}")
        cap = self.settings.max_bytes
        too_large = f"too large: > {_mb(cap)}"
        declared = resp.headers.get("content-length", "")
        if declared.isdigit() and int(declared) > cap:
            raise ReadError(src, too_large)
        buf = bytearray()
        give_up = time.monotonic() + self.settings.deadline
        try:
            # read1 returns what has arrived, so a slow drip cannot outlast the deadline
            # inside one long blocking read.
            while chunk := resp.read1(_CHUNK, decode_content=True):
                buf += chunk
                if len(buf) > cap:
                    raise ReadError(src, too_large)
                if time.monotonic() > give_up:
                    raise ReadError(src, f"too slow: body not received within {self.settings.deadline:g} s")
        except (urllib3.exceptions.HTTPError, OSError) as exc:
            raise ReadError(src, f"network error while reading: {_cause(exc)}") from None
        return bytes(buf)


def _cause(exc: Exception) -> str:
    """A short name for a network failure (never the address or port it was about)."""
    return type(getattr(exc, "reason", None) or exc).__name__


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
