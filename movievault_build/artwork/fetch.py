"""Getting artwork bytes without letting an NFO point us somewhere we should not go.

An NFO's `<thumb>` is untrusted input: it may name `/etc/passwd`, `../../other-user`,
or `http://169.254.169.254/` (cloud metadata). So: local paths must resolve (symlinks
included) inside a library root; URLs must be http(s) and resolve to public addresses
unless the host is explicitly allowed; every hop of a redirect is checked again; bodies
are streamed under a size cap and must say they are images.
"""
from __future__ import annotations

import ipaddress
import re
import socket
import stat
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import requests
import urllib3

from ..errors import ReadError
from ..fsutil import read_regular
from ..log import get_logger

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
    """`get(src, roots, movie_dir)` -> bytes, or `ReadError(src, reason)`."""

    def __init__(self, settings: FetchSettings | None = None):
        self.settings = settings or FetchSettings()
        self._allow = {h.strip("[]").casefold() for h in self.settings.allow_hosts}
        self._session = requests.Session()
        self._session.headers["User-Agent"] = self.settings.user_agent
        self._session.trust_env = False   # a proxy would hide where we really connect

    def close(self) -> None:
        self._session.close()

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
        try:
            return self._get_url(text)
        except ValueError as exc:   # urlsplit on e.g. "http://[::1"
            raise ReadError(src, f"malformed URL: {exc}") from None

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
        for _ in range(self.settings.max_redirects + 1):
            self._check_host(url, current)
            resp = self._request(url, current)
            if resp.status_code in _REDIRECTS and "location" in resp.headers:
                current = urljoin(current, resp.headers["location"])
                resp.close()
                if urlsplit(current).scheme.lower() not in ("http", "https"):
                    raise ReadError(url, f"refused: redirect to a non-http URL {current}")
                continue
            with resp:
                return self._read_body(url, resp)
        raise ReadError(url, f"too many redirects (> {self.settings.max_redirects})")

    def _check_host(self, src: str, url: str) -> None:
        host = (urlsplit(url).hostname or "").casefold()
        if not host:
            raise ReadError(src, "refused: URL without a host")
        if host in self._allow:
            return
        try:
            infos = socket.getaddrinfo(host, None, proto=socket.IPPROTO_TCP)
        except (socket.gaierror, UnicodeError) as exc:
            raise ReadError(src, f"cannot resolve host {host}: {exc}") from None
        for info in infos:
            addr = str(info[4][0]).split("%", 1)[0]
            problem = address_problem(addr)
            if problem and addr not in self._allow:
                raise ReadError(src, f"refused: {problem} address {addr} not in allow_hosts")

    def _request(self, src: str, url: str) -> requests.Response:
        s = self.settings
        for attempt in range(s.retries + 1):
            last = attempt == s.retries
            try:
                resp = self._session.get(url, stream=True, allow_redirects=False,
                                         timeout=s.timeout)
            except (requests.Timeout, requests.ConnectionError) as exc:
                if last:
                    raise ReadError(src, f"network error: {type(exc).__name__}") from None
            except requests.RequestException as exc:
                raise ReadError(src, f"request failed: {type(exc).__name__}") from None
            else:
                self._check_peer(src, resp)
                if resp.status_code < 500:
                    if resp.status_code >= 400:
                        resp.close()
                        raise ReadError(src, f"HTTP {resp.status_code}")
                    return resp
                resp.close()
                if last:
                    raise ReadError(src, f"HTTP {resp.status_code} after {s.retries + 1} attempts")
            time.sleep(s.backoff * (2 ** attempt))
        raise AssertionError("unreachable")

    def _check_peer(self, src: str, resp: requests.Response) -> None:
        """Re-check the address actually connected to: a DNS answer may change between
        our lookup and the connection (DNS rebinding)."""
        addr = _peer_address(resp)
        host = (urlsplit(resp.url).hostname or "").casefold()
        if addr and host not in self._allow and addr not in self._allow:
            problem = address_problem(addr)
            if problem:
                resp.close()
                raise ReadError(src, f"refused: {problem} address {addr} not in allow_hosts")

    def _read_body(self, src: str, resp: requests.Response) -> bytes:
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
            while chunk := resp.raw.read1(_CHUNK, decode_content=True):
                buf += chunk
                if len(buf) > cap:
                    raise ReadError(src, too_large)
                if time.monotonic() > give_up:
                    raise ReadError(src, f"too slow: body not received within {self.settings.deadline:g} s")
        except (requests.RequestException, urllib3.exceptions.HTTPError, OSError) as exc:
            raise ReadError(src, f"network error while reading: {type(exc).__name__}") from None
        return bytes(buf)


def _peer_address(resp: requests.Response) -> str | None:
    """The IP the response came from. urllib3 keeps the socket on the connection, or
    (when the server closes after the response) only on the http.client reader."""
    fp = getattr(getattr(resp.raw, "_fp", None), "fp", None)
    for sock in (getattr(getattr(resp.raw, "connection", None), "sock", None),
                 getattr(getattr(fp, "raw", None), "_sock", None)):
        try:
            if sock is not None:
                return str(sock.getpeername()[0])
        except OSError:
            continue
    return None


def address_problem(addr: str) -> str | None:
    """Why an IP must not be fetched from by default, or None for a public address."""
    try:
        ip = ipaddress.ip_address(addr)
    except ValueError:
        return "unparseable"
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    for attr, label in (("is_loopback", "loopback"), ("is_link_local", "link-local"),
                        ("is_multicast", "multicast"), ("is_unspecified", "unspecified"),
                        ("is_reserved", "reserved"), ("is_private", "private")):
        if getattr(ip, attr):
            return label
    return None if ip.is_global else "non-global"


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
