"""The tests' HTTP servers stop completely: a kept-alive client leaves no thread behind, so
the worker can still fork (process/forked.py can_fork) in the tests that come after."""
from __future__ import annotations

import threading
from http.server import BaseHTTPRequestHandler

import requests

from tests.fakes.loopback import serving


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"             # keep-alive, as the fakes of the remote APIs answer

    def do_GET(self) -> None:  # noqa: N802 (http.server naming)
        self.send_response(200)
        self.send_header("Content-Length", "2")
        self.end_headers()
        self.wfile.write(b"ok")

    def log_message(self, *args) -> None:
        pass


def test_a_kept_alive_connection_leaves_no_thread_after_the_server_stops():
    before = set(threading.enumerate())
    session = requests.Session()             # still open after the server stops, as a client's may be
    with serving(Handler) as server:
        assert [session.get(server.url).text for _ in range(3)] == ["ok"] * 3
        assert len(set(threading.enumerate()) - before) == 2   # the accept loop and the connection's thread
    assert set(threading.enumerate()) == before
    session.close()
