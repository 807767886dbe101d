"""Class: the SSRF guard checks what is actually connected to. Every literal form of an
internal address, authority tricks, whitespace and control characters, names a (test)
resolver maps to private addresses, and redirects to any of them are refused before a
packet is sent; an allowed name is connected to at the address that was checked."""
from __future__ import annotations

import socket
from collections import Counter
from http.server import BaseHTTPRequestHandler
from pathlib import Path

import pytest

from movievault_build.artwork.fetch import FetchSettings, SafeFetcher
from movievault_build.providers.url_guard import literal_address
from movievault_build.errors import ReadError
from tests.fakes.loopback import serving

JPEG = b"\xff\xd8\xff\xe0" + b"x" * 100
hits: Counter = Counter()
hosts: list[str] = []


class Handler(BaseHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def do_GET(self):
        hits[self.path] += 1
        hosts.append(self.headers.get("Host", ""))
        port = self.server.server_address[1]
        targets = {"/to-metadata": "http://169.254.169.254/latest/meta-data",
                   "/to-v6-loopback": f"http://[::1]:{port}/poster.jpg",
                   "/to-hex-loopback": f"http://0x7f.1:{port}/poster.jpg",
                   "/to-loopback": f"http://127.0.0.1:{port}/poster.jpg",
                   "/to-backslash": f"http://films.test:{port}\\@127.0.0.1/poster.jpg",
                   "/to-evil-name": f"http://evil.test:{port}/poster.jpg",
                   "/to-films": f"http://films.test:{port}/poster.jpg"}
        if self.path in targets:
            self.send_response(302)
            self.send_header("Location", targets[self.path])
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        self.send_response(200)
        self.send_header("Content-Type", "image/jpeg")
        self.send_header("Content-Length", str(len(JPEG)))
        self.end_headers()
        self.wfile.write(JPEG)


@pytest.fixture(scope="module")
def port():
    with serving(Handler) as srv:
        yield srv.server_address[1]


class Resolver:
    """A test DNS: names to addresses, counting lookups. Anything else does not exist."""
    answers = {"localhost": ["127.0.0.1"], "evil.test": ["127.0.0.1"], "v6.test": ["::1"],
               "mapped.test": ["::ffff:127.0.0.1"], "mixed.test": ["93.184.215.14", "10.0.0.5"],
               "meta.test": ["169.254.169.254"], "films.test": ["127.0.0.1"], "public.test": ["93.184.215.14"]}

    def __init__(self, later: list[str] | None = None, after: int = 1) -> None:
        self.calls: Counter = Counter()
        self.later, self.after = later, after

    def __call__(self, host: str, port: int) -> list[str]:
        self.calls[host] += 1
        if self.later is not None and self.calls[host] > self.after:
            return self.later                  # a rebinding answer: must never be asked for
        if host not in self.answers:
            raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")
        return self.answers[host]


def _fetch(url: str, allow=(), resolver: Resolver | None = None) -> bytes:
    fetcher = SafeFetcher(FetchSettings(allow_hosts=frozenset(allow), backoff=0, timeout=2, retries=0),
                          resolver=resolver or Resolver())
    return fetcher.get(url, [], Path("."))


LITERALS = ["127.0.0.1", "127.1", "2130706433", "0177.0.0.1", "0x7f.1", "0x7f000001", "0x7f.0.0.01", "0",
            "0.0.0.0", "[::1]", "[::ffff:127.0.0.1]", "[::ffff:7f00:1]", "[0:0:0:0:0:ffff:127.0.0.1]",
            "[64:ff9b::7f00:1]", "[2002:7f00:1::]", "localhost", "LOCALHOST", "evil.test", "v6.test",
            "mapped.test", "mixed.test", "meta.test", "169.254.169.254", "10.0.0.1", "[fd00::1]",
            "[fe80::1%25lo]", "192.168.0.1", "100.64.0.1", "224.0.0.1"]


@pytest.mark.parametrize("host", LITERALS)
def test_internal_addresses_in_every_form_are_refused_before_connecting(port, host):
    before = sum(hits.values())
    with pytest.raises(ReadError) as e:
        _fetch(f"http://{host}:{port}/poster.jpg")
    assert e.value.reason.startswith("refused: ") and "address" in e.value.reason
    assert sum(hits.values()) == before


TRICKS = ["http://127.0.0.1:{p}\\@public.test/poster.jpg", "http://public.test\\@127.0.0.1:{p}/poster.jpg",
          "http://user:pw@127.0.0.1:{p}/poster.jpg", "http://public.test@127.0.0.1:{p}/poster.jpg",
          "http://public.test:80@127.0.0.1:{p}/poster.jpg", "http://127.0.0.1:{p}#@public.test/poster.jpg",
          "http://127.0.0.1:{p}?@public.test/", "http://pub lic.test/poster.jpg", "http://public.test/po ster.jpg",
          "http://public.test\t/poster.jpg", "http://public.test/\nHost: 127.0.0.1", "http://public.test\x00/",
          "http://\x7fpublic.test/", "http:\\\\127.0.0.1:{p}\\poster.jpg", "http://[::1]:{p}\\@public.test/",
          "HTTP://127.0.0.1:{p}/poster.jpg", "http://127.0.0.1.:{p}/poster.jpg", "http://[::ffff:127.0.0.1]:{p}@x/"]


@pytest.mark.parametrize("template", TRICKS)
def test_authority_tricks_and_odd_characters_are_refused(port, template):
    before = sum(hits.values())
    with pytest.raises(ReadError) as e:
        _fetch(template.format(p=port), allow={"public.test"})
    assert e.value.reason.startswith(("refused: ", "malformed URL")), e.value.reason
    assert sum(hits.values()) == before


@pytest.mark.parametrize("path", ["/to-metadata", "/to-v6-loopback", "/to-hex-loopback", "/to-loopback",
                                  "/to-backslash", "/to-evil-name"])
def test_every_redirect_hop_is_checked_before_connecting(port, path):
    before = hits["/poster.jpg"]
    with pytest.raises(ReadError) as e:
        _fetch(f"http://films.test:{port}{path}", allow={"films.test"})
    assert e.value.reason.startswith("refused: ")
    assert hits["/poster.jpg"] == before


def test_an_allowed_name_is_connected_to_at_the_address_checked(port):
    resolver = Resolver(later=["169.254.169.254"], after=2)
    hosts.clear()
    assert _fetch(f"http://films.test:{port}/to-films", allow={"films.test"}, resolver=resolver) == JPEG
    assert resolver.calls["films.test"] == 2                     # once per hop, never again at connect time
    assert hosts == [f"films.test:{port}"] * 2                   # the Host header is the URL's name


def test_a_refusal_says_nothing_about_whether_the_port_is_open(port):
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        closed = s.getsockname()[1]                              # bound, not listening: closed
        for host in ("127.0.0.1", "evil.test", "[::ffff:127.0.0.1]", "0x7f.1"):
            reasons = set()
            for p in (port, closed):
                with pytest.raises(ReadError) as e:
                    _fetch(f"http://{host}:{p}/poster.jpg")
                reasons.add(e.value.reason)
            assert len(reasons) == 1 and str(port) not in reasons.pop()


@pytest.mark.parametrize("host,address", [("2130706433", "127.0.0.1"), ("0177.0.0.1", "127.0.0.1"),
                                          ("0x7f.1", "127.0.0.1"), ("127.1", "127.0.0.1"), ("::1", "::1"),
                                          ("films.test", None), ("1e100.net", None), ("123.cafe", None)])
def test_literal_address(host, address):
    assert literal_address(host) == address
