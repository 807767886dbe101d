"""The one way the tests serve HTTP on 127.0.0.1: `serving(handler)`, or `LoopbackServer`
started and stopped by a fake that owns one.

Stopping one ends every connection's thread. A client that keeps its connection alive
(requests' sessions do) would otherwise leave the server's handler thread waiting for its
next request after the test; a test process with a thread left cannot fork safely, so
`process/forked.py can_fork` turns false and later tests in the same worker would take the
in-process path instead of the one they mean to test."""
from __future__ import annotations

import contextlib
import socket
import threading
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class LoopbackServer(ThreadingHTTPServer):
    daemon_threads = False          # server_close() joins the handler threads

    def __init__(self, handler: Callable[..., BaseHTTPRequestHandler], poll_interval: float = 0.02):
        super().__init__(("127.0.0.1", 0), handler)
        self._open: set[socket.socket] = set()
        self._open_lock = threading.Lock()
        self._serving = threading.Thread(target=self.serve_forever, kwargs={"poll_interval": poll_interval},
                                         daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"

    def start(self) -> "LoopbackServer":
        self._serving.start()
        return self

    def stop(self) -> None:
        """Stop accepting, end the open connections, and wait for every thread."""
        if self._serving.is_alive():
            self.shutdown()
            self._serving.join()
        with self._open_lock:
            connections = list(self._open)
        for connection in connections:
            with contextlib.suppress(OSError):
                connection.shutdown(socket.SHUT_RDWR)
        self.server_close()

    def process_request(self, request, client_address) -> None:
        with self._open_lock:
            self._open.add(request)
        super().process_request(request, client_address)

    def shutdown_request(self, request) -> None:
        with self._open_lock:
            self._open.discard(request)
        super().shutdown_request(request)


@contextlib.contextmanager
def serving(handler: Callable[..., BaseHTTPRequestHandler]) -> Iterator[LoopbackServer]:
    """A server for as long as the block runs."""
    server = LoopbackServer(handler).start()
    try:
        yield server
    finally:
        server.stop()
