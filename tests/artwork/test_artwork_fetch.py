"""SafeFetcher against a real HTTP server on 127.0.0.1 and a real directory tree."""
from __future__ import annotations

import os
import time
from collections import Counter
from http.server import BaseHTTPRequestHandler
from pathlib import Path

import pytest

from movievault_build.artwork.fetch import FetchSettings, SafeFetcher, address_problem
from movievault_build.errors import ReadError
from tests.fakes.loopback import serving

JPEG = b"\xff\xd8\xff\xe0" + b"x" * 1000
hits: Counter[str] = Counter()


class Handler(BaseHTTPRequestHandler):
    def log_message(self, *args):   # keep test output quiet
        pass

    def send(self, status: int, ctype: str, body: bytes, length: bool = True, **headers):
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        if length:
            self.send_header("Content-Length", str(len(body)))
        for k, v in headers.items():
            self.send_header(k, v)
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self):
        hits[self.path] += 1
        port = self.server.server_address[1]
        if self.path == "/poster.jpg":
            self.send(200, "image/jpeg", JPEG)
        elif self.path == "/page":
            self.send(200, "text/html; charset=utf-8", b"<html></html>")
        elif self.path == "/big-streamed":   # no Content-Length: the cap must apply while reading
            self.send(200, "image/jpeg", b"x" * 300_000, length=False)
        elif self.path == "/big-declared":
            self.send(200, "image/png", b"x" * 300_000)
        elif self.path == "/flaky":
            if hits[self.path] < 3:
                self.send(503, "text/plain", b"busy")
            else:
                self.send(200, "image/webp", b"RIFF")
        elif self.path == "/down":
            self.send(500, "text/plain", b"no")
        elif self.path == "/slow-once":
            if hits[self.path] == 1:
                time.sleep(0.4)
            self.send(200, "image/jpeg", JPEG)
        elif self.path == "/drip":            # a byte at a time, each within the read timeout
            self.send_response(200)
            self.send_header("Content-Type", "image/jpeg")
            self.end_headers()
            for _ in range(500):   # 10 s in all: only the deadline ends this quickly
                try:
                    self.wfile.write(b"x")
                    self.wfile.flush()
                except OSError:
                    return
                time.sleep(0.02)
        elif self.path == "/missing":
            self.send(404, "text/plain", b"")
        elif self.path == "/to-loopback":
            self.send(302, "text/plain", b"", Location=f"http://127.0.0.1:{port}/poster.jpg")
        elif self.path == "/to-metadata":
            self.send(302, "text/plain", b"", Location="http://169.254.169.254/latest/meta-data")
        elif self.path == "/relative-redirect":
            self.send(301, "text/plain", b"", Location="/poster.jpg")
        elif self.path == "/to-file":
            self.send(302, "text/plain", b"", Location="file:///etc/passwd")


@pytest.fixture(scope="module")
def server():
    with serving(Handler) as srv:
        yield srv.url


def fetcher(**kw) -> SafeFetcher:
    kw.setdefault("backoff", 0)
    kw.setdefault("timeout", 2)
    return SafeFetcher(FetchSettings(**kw))


ALLOWED = frozenset({"127.0.0.1"})


def reason(excinfo) -> str:
    return excinfo.value.reason


def test_loopback_refused_unless_allowed(server):
    with pytest.raises(ReadError) as e:
        fetcher().get(f"{server}/poster.jpg", [], Path("."))
    assert reason(e) == "refused: loopback address 127.0.0.1 not in artwork.allow_hosts"
    assert e.value.path.endswith("/poster.jpg")
    assert fetcher(allow_hosts=ALLOWED).get(f"{server}/poster.jpg", [], Path(".")) == JPEG


def test_refusal_happens_before_any_request(server):
    before = hits["/page"]
    with pytest.raises(ReadError):
        fetcher().get(f"{server}/page", [], Path("."))
    assert hits["/page"] == before


def test_not_an_image(server):
    with pytest.raises(ReadError) as e:
        fetcher(allow_hosts=ALLOWED).get(f"{server}/page", [], Path("."))
    assert reason(e) == "not an image: text/html"


@pytest.mark.parametrize("path", ["/big-streamed", "/big-declared"])
def test_size_cap(server, path):
    with pytest.raises(ReadError) as e:
        fetcher(allow_hosts=ALLOWED, max_bytes=100_000).get(f"{server}{path}", [], Path("."))
    assert reason(e).startswith("too large: > ")


def test_default_cap_message(server):
    assert FetchSettings().max_bytes == 20 * 1024 * 1024
    with pytest.raises(ReadError) as e:
        fetcher(allow_hosts=ALLOWED, max_bytes=20 * 1024 * 1024 // 100).get(
            f"{server}/big-streamed", [], Path("."))
    assert reason(e) == "too large: > 0.2 MB"


def test_5xx_retried_then_succeeds(server):
    assert fetcher(allow_hosts=ALLOWED, retries=2).get(f"{server}/flaky", [], Path(".")) == b"RIFF"
    assert hits["/flaky"] == 3


def test_5xx_gives_up(server):
    before = hits["/down"]
    with pytest.raises(ReadError) as e:
        fetcher(allow_hosts=ALLOWED, retries=1).get(f"{server}/down", [], Path("."))
    assert reason(e) == "HTTP 500 after 2 attempts"
    assert hits["/down"] - before == 2


def test_timeout_retried(server):
    got = fetcher(allow_hosts=ALLOWED, timeout=0.2, retries=1).get(f"{server}/slow-once", [], Path("."))
    assert got == JPEG
    assert hits["/slow-once"] == 2


def test_4xx_not_retried(server):
    with pytest.raises(ReadError) as e:
        fetcher(allow_hosts=ALLOWED).get(f"{server}/missing", [], Path("."))
    assert reason(e) == "HTTP 404"
    assert hits["/missing"] == 1


def test_redirect_to_private_address_refused(server):
    # The first hop is allowed by name; the redirect target is checked on its own.
    port = server.rsplit(":", 1)[1]
    with pytest.raises(ReadError) as e:
        fetcher(allow_hosts=frozenset({"localhost"})).get(
            f"http://localhost:{port}/to-loopback", [], Path("."))
    assert reason(e) == "refused: loopback address 127.0.0.1 not in artwork.allow_hosts"


def test_redirect_to_link_local_refused(server):
    with pytest.raises(ReadError) as e:
        fetcher(allow_hosts=ALLOWED).get(f"{server}/to-metadata", [], Path("."))
    assert reason(e) == "refused: link-local address 169.254.169.254 not in artwork.allow_hosts"


def test_redirect_followed_when_allowed(server):
    assert fetcher(allow_hosts=ALLOWED).get(f"{server}/relative-redirect", [], Path(".")) == JPEG


def test_redirect_to_file_scheme_refused(server):
    with pytest.raises(ReadError) as e:
        fetcher(allow_hosts=ALLOWED).get(f"{server}/to-file", [], Path("."))
    assert reason(e).startswith("refused: redirect to a non-http URL")


@pytest.mark.parametrize("src", ["ftp://example.com/a.jpg", "file:///etc/passwd", "gopher://x/"])
def test_other_schemes_refused(src):
    with pytest.raises(ReadError) as e:
        fetcher().get(src, [], Path("."))
    assert reason(e).startswith("refused: scheme ")


@pytest.mark.parametrize("addr,problem", [
    ("127.0.0.1", "loopback"), ("::1", "loopback"), ("10.1.2.3", "private"),
    ("192.168.1.1", "private"), ("169.254.169.254", "link-local"), ("224.0.0.1", "multicast"),
    ("0.0.0.0", "unspecified"), ("::ffff:127.0.0.1", "loopback"), ("fe80::1", "link-local"),
    ("240.0.0.1", "reserved"), ("93.184.215.14", None), ("2606:4700::1111", None),
])
def test_address_problem(addr, problem):
    assert address_problem(addr) == problem


# -- local paths ---------------------------------------------------------------------------

@pytest.fixture
def library(tmp_path):
    root = tmp_path / "library"
    movie = root / "Heat (1995)"
    movie.mkdir(parents=True)
    (movie / "poster.jpg").write_bytes(JPEG)
    (root / "shared.jpg").write_bytes(b"shared")
    outside = tmp_path / "secret.jpg"
    outside.write_bytes(b"secret")
    return root, movie, outside


def test_local_relative_and_absolute_inside(library):
    root, movie, _ = library
    f = fetcher()
    assert f.get("poster.jpg", [root], movie) == JPEG
    assert f.get(str(movie / "poster.jpg"), [root], movie) == JPEG
    assert f.get("../shared.jpg", [root], movie) == b"shared"    # `..` that stays inside is fine


@pytest.mark.parametrize("src", ["../../secret.jpg", "../../../../../../etc/passwd"])
def test_local_dotdot_escape_refused(library, src):
    root, movie, _ = library
    with pytest.raises(ReadError) as e:
        fetcher().get(src, [root], movie)
    assert reason(e) == "refused: outside the library roots"


def test_local_absolute_elsewhere_refused(library):
    root, movie, outside = library
    with pytest.raises(ReadError) as e:
        fetcher().get(str(outside), [root], movie)
    assert reason(e) == "refused: outside the library roots"


def test_local_symlink_escape_refused(library):
    root, movie, outside = library
    (movie / "fanart.jpg").symlink_to(outside)
    with pytest.raises(ReadError) as e:
        fetcher().get("fanart.jpg", [root], movie)
    assert reason(e) == "refused: outside the library roots"


def test_local_symlink_inside_allowed_and_second_root(library, tmp_path):
    root, movie, outside = library
    (movie / "alias.jpg").symlink_to(root / "shared.jpg")
    assert fetcher().get("alias.jpg", [root], movie) == b"shared"
    assert fetcher().get(str(outside), [root, tmp_path], movie) == b"secret"


def test_local_missing_directory_and_too_large(library):
    root, movie, _ = library
    with pytest.raises(ReadError, match="not found"):
        fetcher().get("nope.jpg", [root], movie)
    with pytest.raises(ReadError, match="not a regular file"):
        fetcher().get(".", [root], movie)
    with pytest.raises(ReadError, match="too large"):
        fetcher(max_bytes=10).get("poster.jpg", [root], movie)


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads everything")
def test_local_unreadable(library):
    root, movie, _ = library
    (movie / "poster.jpg").chmod(0)
    with pytest.raises(ReadError, match="cannot read"):
        fetcher().get("poster.jpg", [root], movie)


@pytest.mark.parametrize("src", ["Alien:poster.jpg", " poster.jpg "])
def test_odd_local_names_are_paths_not_schemes(tmp_path, src):
    (tmp_path / src.strip()).write_bytes(JPEG)
    assert fetcher().get(src, [tmp_path], tmp_path) == JPEG


def test_slow_drip_stopped_by_deadline(server):
    with pytest.raises(ReadError) as e:
        fetcher(allow_hosts=ALLOWED, timeout=1, deadline=0.2).get(f"{server}/drip", [], Path("."))
    assert reason(e) == "too slow: body not received within 0.2 s"


@pytest.mark.parametrize("src,start", [("http://[::1/poster.jpg", "malformed URL"),
                                       ("http:///poster.jpg", "refused: URL without a host"),
                                       ("poster\x00.jpg", "cannot resolve")])
def test_malformed_sources_are_read_errors(tmp_path, src, start):
    with pytest.raises(ReadError) as e:
        fetcher().get(src, [tmp_path], tmp_path)
    assert reason(e).startswith(start)
