"""URLs from untrusted input go through the one HttpClient too: its guarded GET checks the
address before connecting and counts what it sends, and never touches the HTTP cache."""
from __future__ import annotations

from http.server import BaseHTTPRequestHandler

import pytest

from movievault_build.errors import ReadError
from movievault_build.providers.base import ProviderSettings
from movievault_build.providers.http import HttpClient
from movievault_build.providers.url_guard import FetchSettings
from tests.fakes.loopback import serving

PNG = b"\x89PNG\r\n\x1a\n" + b"\0" * 32


class Handler(BaseHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def do_GET(self):
        self.server.hits += 1
        if self.path == "/moved":
            self.send_response(302)
            self.send_header("Location", "/poster.png")
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        self.send_response(200)
        self.send_header("Content-Type", "image/png")
        self.send_header("Content-Length", str(len(PNG)))
        self.end_headers()
        self.wfile.write(PNG)


@pytest.fixture
def server():
    with serving(Handler) as srv:
        srv.hits = 0
        yield srv


def client(tmp_path) -> HttpClient:
    return HttpClient(ProviderSettings(cache_path=tmp_path / "http.sqlite"), cached=False)


def test_an_allowed_host_is_fetched_hop_by_hop_and_counted(tmp_path, server):
    http = client(tmp_path)
    allowed = FetchSettings(allow_hosts=frozenset({"127.0.0.1"}), retries=0)
    assert http.get_untrusted(f"{server.url}/moved", allowed) == PNG
    assert server.hits == 2 and http.stats.snapshot()["requests"] == 2
    assert not (tmp_path / "http.sqlite").exists()        # the artwork store keeps images, not the HTTP cache


def test_a_private_address_is_refused_before_anything_is_sent(tmp_path, server):
    http = client(tmp_path)
    with pytest.raises(ReadError, match="refused: loopback address 127.0.0.1 not in artwork.allow_hosts"):
        http.get_untrusted(f"{server.url}/poster.png", FetchSettings(retries=0))
    assert server.hits == 0 and http.stats.snapshot().get("requests", 0) == 0


def test_a_name_resolving_to_a_private_address_is_refused(tmp_path, server):
    port = server.server_address[1]
    http = client(tmp_path)
    with pytest.raises(ReadError, match="refused: loopback"):
        http.get_untrusted(f"http://images.example:{port}/poster.png", FetchSettings(retries=0),
                           resolver=lambda host, port: ["127.0.0.1"])
    assert server.hits == 0
