"""Where an artwork URL may take us: decided once, then kept to.

A URL is parsed once, by urllib3's parser (the one that connects); URLs with whitespace,
control characters, backslashes or credentials are refused outright (`http://127.0.0.1\\@
example.com/` means one host to one parser and another to the next). The host is then
resolved once — numeric forms (`2130706433`, `0177.0.0.1`, `0x7f.1`, `[::ffff:7f00:1]`)
to the address they stand for, names by the resolver — and every address must be public
unless allowed. The connection goes to the checked address itself (the Host header and
TLS name stay the URL's), so a second DNS answer cannot move it, and a refused address is
refused before any packet is sent: a warning never tells whether an internal port is open.
"""
from __future__ import annotations

import ipaddress
import re
import socket
from dataclasses import dataclass
from typing import Callable, Iterable

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
