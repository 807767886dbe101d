"""Where a URL someone else wrote (an NFO's `<thumb>`) may take us: decided once, then kept to.

A URL is parsed once, by urllib3's parser (the one that connects); URLs with whitespace,
control characters, backslashes or credentials are refused outright (`http://127.0.0.1\\@
example.com/` means one host to one parser and another to the next). The host is then
resolved once — numeric forms (`2130706433`, `0177.0.0.1`, `0x7f.1`, `[::ffff:7f00:1]`)
to the address they stand for, names by the resolver — and every address must be public
unless allowed. The connection goes to the checked address itself (the Host header and
TLS name stay the URL's), so a second DNS answer cannot move it, and a refused address is
refused before any packet is sent: a warning never tells whether an internal port is open.
Every hop of a redirect is checked again; bodies are streamed under a size cap and a
deadline and must be of the type asked for. `HttpClient.get_untrusted` is the way in.
"""
from __future__ import annotations

import ipaddress
import re
import socket
import time
from dataclasses import dataclass
from typing import Callable, Iterable
from urllib.parse import urljoin

import urllib3
from urllib3.connection import HTTPConnection, HTTPSConnection
from urllib3.exceptions import ConnectTimeoutError, LocationParseError, NewConnectionError
from urllib3.util import connection as urllib3_connection
from urllib3.util import parse_url

from ..errors import ReadError

Resolver = Callable[[str, int], Iterable[str]]
_UNSAFE = re.compile(r"[\x00-\x20\x7f\\]")         # whitespace, controls, backslash
_NUMERIC = re.compile(r"(?:0[xX][0-9a-fA-F]*|[0-9]+)(?:\.(?:0[xX][0-9a-fA-F]*|[0-9]+)){0,3}")
_NAT64 = ipaddress.ip_network("64:ff9b::/96")
_REDIRECTS = (301, 302, 303, 307, 308)
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


@dataclass(frozen=True)
class Target:
    """One checked hop: what to ask for, of whom, and the address to connect to."""
    scheme: str
    host: str          # as in the URL (Host header, TLS name)
    port: int
    path: str          # path and query, as sent
    address: str       # the checked address the connection goes to


def system_resolver(host: str, port: int) -> list[str]:
    return [str(info[4][0]) for info in socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)]


def check(src: str, url: str, allow: frozenset[str], resolver: Resolver = system_resolver,
          redirected: bool = False) -> Target:
    """The hop `url` (of the reference `src`) as a Target, or ReadError saying why not."""
    if _UNSAFE.search(url):
        raise ReadError(src, "refused: whitespace, control characters or backslashes in the URL")
    try:
        parts = parse_url(url)
    except LocationParseError as exc:
        raise ReadError(src, f"malformed URL: {exc}") from None
    scheme = (parts.scheme or "").lower()
    if scheme not in ("http", "https"):
        raise ReadError(src, f"refused: redirect to a non-http URL {url[:200]}" if redirected
                        else f"refused: scheme {scheme or 'none'}: is not http(s)")
    if parts.auth is not None:
        raise ReadError(src, "refused: credentials in the URL")
    host = (parts.host or "").strip("[]").casefold().rstrip(".")    # "127.0.0.1." is 127.0.0.1
    if not host:
        raise ReadError(src, "refused: URL without a host")
    port = parts.port or (443 if scheme == "https" else 80)
    addresses = _addresses(src, host, port, resolver)
    if host not in allow:
        for address in addresses:
            problem = address_problem(address)
            if problem and address not in allow:
                raise ReadError(src, f"refused: {problem} address {address} not in artwork.allow_hosts")
    return Target(scheme, parts.host or host, port, parts.request_uri, addresses[0])


def _addresses(src: str, host: str, port: int, resolver: Resolver) -> list[str]:
    literal = literal_address(host)
    if literal is not None:
        return [literal]
    try:
        found = [a.split("%", 1)[0] for a in resolver(host.encode("idna").decode("ascii"), port)]
    except (OSError, UnicodeError) as exc:
        raise ReadError(src, f"cannot resolve host {host}: {exc}") from None
    if not found:
        raise ReadError(src, f"cannot resolve host {host}")
    return found


def literal_address(host: str) -> str | None:
    """The address a numeric host stands for, in every form a C resolver accepts (dotted,
    decimal, octal, hex, short), or None for a name."""
    try:
        return str(ipaddress.ip_address(host.split("%", 1)[0]))
    except ValueError:
        pass
    if _NUMERIC.fullmatch(host):
        try:
            return socket.inet_ntoa(socket.inet_aton(host))
        except OSError:
            return None
    return None


def address_problem(addr: str) -> str | None:
    """Why an IP must not be fetched from by default, or None for a public address. IPv6
    forms carrying an IPv4 address (mapped, 6to4, Teredo, NAT64) are judged by it."""
    try:
        ip = ipaddress.ip_address(addr)
    except ValueError:
        return "unparseable"
    if isinstance(ip, ipaddress.IPv6Address):
        embedded = (ip.ipv4_mapped or ip.sixtofour or (ip.teredo[1] if ip.teredo else None)
                    or (ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF) if ip in _NAT64 else None))
        if embedded is not None:
            ip = embedded
    for attr, label in (("is_loopback", "loopback"), ("is_link_local", "link-local"),
                        ("is_multicast", "multicast"), ("is_unspecified", "unspecified"),
                        ("is_reserved", "reserved"), ("is_private", "private")):
        if getattr(ip, attr):
            return label
    return None if ip.is_global else "non-global"


# -- connecting to the checked address ------------------------------------------------------
class _Pinned:
    """A urllib3 connection that opens its socket to `pinned`, not to what `host` resolves to."""
    pinned = ""

    def _new_conn(self) -> socket.socket:
        try:
            return urllib3_connection.create_connection(
                (self.pinned, self.port), self.timeout, source_address=self.source_address,
                socket_options=self.socket_options)
        except socket.timeout:
            raise ConnectTimeoutError(self, f"connection to {self.host} timed out") from None
        except OSError as exc:
            raise NewConnectionError(self, f"failed to connect: {exc}") from None


class _PinnedHTTP(_Pinned, HTTPConnection):
    pass


class _PinnedHTTPS(_Pinned, HTTPSConnection):
    pass


def open_target(target: Target, timeout: float, user_agent: str) -> tuple[urllib3.HTTPConnectionPool,
                                                                           urllib3.BaseHTTPResponse]:
    """GET the target over a connection to its checked address; the caller reads the
    streamed response and closes the pool. urllib3 errors are the caller's to name."""
    https = target.scheme == "https"
    pool_class = urllib3.HTTPSConnectionPool if https else urllib3.HTTPConnectionPool
    extra = {"ca_certs": _ca_bundle(), "cert_reqs": "CERT_REQUIRED"} if https else {}
    pool = pool_class(target.host.strip("[]"), target.port, maxsize=1, retries=False,
                      timeout=urllib3.Timeout(connect=timeout, read=timeout), **extra)
    pool.ConnectionCls = type("Pinned", (_PinnedHTTPS if https else _PinnedHTTP,), {"pinned": target.address})
    try:
        response = pool.urlopen("GET", target.path, headers={"User-Agent": user_agent, "Accept": "image/*"},
                                redirect=False, retries=False, preload_content=False, assert_same_host=False)
    except BaseException:
        pool.close()
        raise
    return pool, response


def _ca_bundle() -> str | None:
    try:
        import certifi     # what requests verifies against; urllib3 alone would use the system's
    except ImportError:
        return None
    return certifi.where()


# -- one guarded GET, hop by hop ------------------------------------------------------------
def _mb(n: int) -> str:
    return f"{n / (1024 * 1024):g} MB"


class GuardedGet:
    """`get(url)` -> the body of an image, or ReadError(url, reason); `on_send` is told of
    each request that goes out (the client's counters)."""

    def __init__(self, settings: FetchSettings, resolver: Resolver = system_resolver,
                 on_send: Callable[[], None] = lambda: None):
        self.settings = settings
        self._allow = frozenset(h.strip("[]").casefold() for h in settings.allow_hosts)
        self._resolver = resolver
        self._on_send = on_send

    def get(self, url: str) -> bytes:
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
            self._on_send()
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
